package app

import "database/sql"

// SoftDelete is the one place rows are soft-deleted, for every table.
func SoftDelete(db *sql.DB, table string, id int64) error {
	_, err := db.Exec("UPDATE "+table+" SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", id)
	return err
}
