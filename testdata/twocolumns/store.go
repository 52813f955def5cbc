// Package twocolumns reads and writes tables with two soft-delete columns.
package twocolumns

import "database/sql"

func DeleteDocument(db *sql.DB, id int64) error { // want DeleteDocument:`writes\(documents:id\)`
	_, err := db.Exec("UPDATE documents SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", id)
	return err
}

func Documents(db *sql.DB) (*sql.Rows, error) {
	return db.Query("SELECT id, title FROM documents") // want `documents is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "WHERE deleted_at IS NULL"`
}

func LiveDocuments(db *sql.DB) (*sql.Rows, error) { // want LiveDocuments:`reads\(live: documents; deleted: \)`
	return db.Query("SELECT id, title FROM documents WHERE deleted_at IS NULL")
}

// Not a soft-delete table: nothing sets its columns.
func Drafts(db *sql.DB) (*sql.Rows, error) {
	return db.Query("SELECT id FROM drafts")
}

func DeleteAccount(db *sql.DB, id int64) error { // want DeleteAccount:`writes\(accounts:id\)`
	_, err := db.Exec("UPDATE accounts SET is_deleted = true, deleted_at = now() WHERE id = $1 AND NOT is_deleted", id)
	return err
}

func DeleteAccountAgain(db *sql.DB, id int64) error { // want DeleteAccountAgain:`writes\(accounts:id\)` DeleteAccountAgain:`deferred\(redelete accounts store\.go:30\[1\]\)`
	_, err := db.Exec("UPDATE accounts SET is_deleted = true, deleted_at = now() WHERE id = $1", id) // want `accounts is a soft-delete table \(deleted_at\) but this UPDATE sets deleted_at on rows already deleted too`
	return err
}

func LiveAccounts(db *sql.DB) (*sql.Rows, error) { // want LiveAccounts:`reads\(live: accounts; deleted: \)`
	return db.Query("SELECT id, email FROM accounts WHERE NOT is_deleted")
}

func Accounts(db *sql.DB) (*sql.Rows, error) {
	return db.Query("SELECT id, email FROM accounts WHERE email LIKE $1", "%@example.com") // want `accounts is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
}

// A restore clears both.
func RestoreAccount(db *sql.DB, id int64) error {
	_, err := db.Exec("UPDATE accounts SET is_deleted = false, deleted_at = NULL WHERE id = $1", id)
	return err
}
