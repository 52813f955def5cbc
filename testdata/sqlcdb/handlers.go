package sqlcdb

import (
	"net/http"
	"strconv"
)

// ProfileHandler shows the profile the request names.
func ProfileHandler(q *Queries) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.URL.Query().Get("id"), 10, 64)
		_ = Profile(r.Context(), q, id)
	}
}
