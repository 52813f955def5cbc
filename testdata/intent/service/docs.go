package service

import (
	"context"
	"net/http"

	"example.com/intent/db"
	"example.com/intent/port"
)

// DocService holds the store behind its interface, as services do.
type DocService struct {
	docs   db.Docs
	titles port.Titles
}

// Heading looks the title up by the key the request names: this package
// imports the implementation, so the lookup is judged here.
func (s *DocService) Heading(w http.ResponseWriter, r *http.Request) {
	t, _ := s.titles.Title(r.Context(), idOf(r)) // want `titles.Title \(db/docs.go:\d+\) reads docs by key without filtering deleted rows`
	w.Write([]byte(t))
}

// LiveHeading loads the document live first.
func (s *DocService) LiveHeading(ctx context.Context, id int64) string {
	d, err := s.docs.LiveDoc(ctx, id)
	if err != nil {
		return ""
	}
	t, _ := s.titles.Title(ctx, d.ID)
	return t
}

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
	_ = s.docs.DeleteDoc(r.Context(), idOf(r)) // want `docs.DeleteDoc \(db/docs.go:34\) soft-deletes docs by key without a live-row guard, and this call's key is not of a row read live: a deleted row gets deleted again \(and 1 other call here\)`
}

// docView is a document as the service hands it out: the store's row
// wrapped with the service, as services wrap rows.
type docView struct {
	db.Doc
	svc *DocService
}

func wrapDoc(d *db.Doc, s *DocService) *docView { return &docView{Doc: *d, svc: s} }

// view loads the document live and wraps it: its result is a live row.
func (s *DocService) view(ctx context.Context, id int64) (*docView, error) {
	d, err := s.docs.LiveDoc(ctx, id)
	if err != nil {
		return nil, err
	}
	return wrapDoc(d, s), nil
}

// Archive deletes a document it loaded live through the wrapper.
func (s *DocService) Archive(ctx context.Context, id int64) error { // want Archive:`writes\(docs:id\)`
	v, err := s.view(ctx, id)
	if err != nil {
		return err
	}
	return s.docs.DeleteDoc(ctx, v.ID)
}

// stub wraps a document it did not read: nothing says it is live.
func (s *DocService) stub(id int64) *docView { return wrapDoc(&db.Doc{ID: id}, s) }

// ArchiveFromRequest deletes through a wrapper of a row nobody read: the
// package's finding at DeleteFromRequest counts this call as its other.
func (s *DocService) ArchiveFromRequest(w http.ResponseWriter, r *http.Request) { // want ArchiveFromRequest:`writes\(docs:id\)`
	v := s.stub(idOf(r))
	_ = s.docs.DeleteDoc(r.Context(), v.ID)
}
