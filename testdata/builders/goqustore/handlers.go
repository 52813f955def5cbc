package goqustore

import (
	"net/http"
	"strconv"
)

// idOf is the id a request names: nothing says its row is live.
func idOf(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.URL.Query().Get("id"), 10, 64)
	return id
}

// Handler serves requests with the store in a field.
type Handler struct{ s *Store }

// Delete deletes what the request names.
func (h *Handler) Delete(w http.ResponseWriter, r *http.Request) { // want Delete:`writes\(orders:id, users:id\)`
	_ = h.s.DeleteUser(r.Context(), idOf(r))
	_ = h.s.DeleteOrder(r.Context(), idOf(r))
	_ = h.s.SoftDeleteUser(r.Context(), idOf(r))
}
