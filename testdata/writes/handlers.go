package writes

import (
	"net/http"
	"strconv"
)

// Handlers delete the note the request names: nothing says it is live.
func (s *Store) Handlers(w http.ResponseWriter, r *http.Request) { // want Handlers:`writes\(notes:id\)`
	id, _ := strconv.ParseInt(r.URL.Query().Get("id"), 10, 64)
	_ = s.DeleteNote(r.Context(), id)
	_ = s.SoftDeleteNote(r.Context(), id)
}
