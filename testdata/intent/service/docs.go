package service

import (
	"context"
	"net/http"

	"example.com/intent/db"
)

// DocService holds the store behind its interface, as services do.
type DocService struct{ docs db.Docs }

// Delete loads the document live through the interface, then deletes it.
func (s *DocService) Delete(ctx context.Context, id int64) error { // want Delete:`writes\(docs:id\)`
	d, err := s.docs.LiveDoc(ctx, id)
	if err != nil {
		return err
	}
	return s.docs.DeleteDoc(ctx, d.ID)
}

// DeleteFromRequest deletes whatever document the request names.
func (s *DocService) DeleteFromRequest(w http.ResponseWriter, r *http.Request) { // want DeleteFromRequest:`writes\(docs:id\)`
	_ = s.docs.DeleteDoc(r.Context(), idOf(r)) // want `docs.DeleteDoc \(db/docs.go:34\) soft-deletes docs by key without a live-row guard`
}
