package shop

import "database/sql"

// ListUsers forgets the live filter; the fix adds it.
func ListUsers(db *sql.DB) (*sql.Rows, error) {
	return db.Query("SELECT id, email FROM users WHERE deleted_at IS NULL")
}

// CountOrders forgets it too, before and after the fix.
func CountOrders(db *sql.DB) *sql.Row {
	return db.QueryRow("SELECT count(*) FROM orders")
}

// DeleteUser and DeleteOrder soft-delete.
func DeleteUser(db *sql.DB, id int64) error {
	_, err := db.Exec("UPDATE users SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", id)
	return err
}

func DeleteOrder(db *sql.DB, id int64) error {
	_, err := db.Exec("UPDATE orders SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", id)
	return err
}
