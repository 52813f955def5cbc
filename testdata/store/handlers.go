package store

import (
	"net/http"
	"strconv"
)

// ShowUser serves the user the request names: nothing says it is live.
func (s *Store) ShowUser(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.URL.Query().Get("id"), 10, 64)
	_ = s.UserByID(r.Context(), id)
}
