// Package nolint holds golangci-lint's suppression: the standalone
// analyzer reports the line, golangci-lint drops it.
package nolint

import "database/sql"

func Everyone(db *sql.DB) (*sql.Rows, error) {
	return db.Query("SELECT id FROM users") //nolint:softdelete // want `users is a soft-delete table`
}
