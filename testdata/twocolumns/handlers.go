package twocolumns

import (
	"database/sql"
	"net/http"
	"strconv"
)

// DeleteHandler deletes the account the request names.
func DeleteHandler(db *sql.DB) http.HandlerFunc { // want DeleteHandler:`writes\(accounts:id\)`
	return func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.URL.Query().Get("id"), 10, 64)
		_ = DeleteAccountAgain(db, id)
	}
}
