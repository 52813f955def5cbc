package store

import "database/sql"

const byEmail = "SELECT id FROM users WHERE email = $1" // want `users is a soft-delete table`

func Fixes(db *sql.DB) { // want Fixes:`writes\(orders:id, users:id\)`
	db.Query("SELECT id FROM users")                       // want `users is a soft-delete table`
	db.Query("SELECT id FROM users WHERE id = ? ORDER BY id") // want `users is a soft-delete table`
	// want +2 `users is a soft-delete table`
	db.Query(`SELECT o.id FROM orders o
		JOIN users u ON u.id = o.user_id
		WHERE o.deleted_at IS NULL`)
	db.Query("SELECT id FROM users WHERE id = 1 OR email = 'x'") // want `users is a soft-delete table`
	db.Query(byEmail, "a@b")
	db.Query("SELECT id FROM " + "users " + "WHERE id = 1") // want `users is a soft-delete table`
	db.Query("SELECT o.id, u.email FROM orders o LEFT JOIN users u ON u.id = o.user_id WHERE o.deleted_at IS NULL AND u.deleted_at IS NULL") // want `users is a soft-delete table \(deleted_at\) on the nullable side of a LEFT JOIN`
	// want +2 `users is a soft-delete table \(deleted_at\) on the nullable side of a LEFT JOIN`
	db.Query(`SELECT o.id, u.email FROM orders o
		LEFT JOIN users u ON u.id = o.user_id
		WHERE u.deleted_at IS NULL AND o.deleted_at IS NULL`)
	// Across two literals: each edit stays inside one of them.
	db.Query("SELECT o.id, u.email FROM orders o LEFT JOIN users u ON u.id = o.user_id " + // want `users is a soft-delete table \(deleted_at\) on the nullable side of a LEFT JOIN`
		"WHERE u.deleted_at IS NULL AND o.deleted_at IS NULL")
	db.Exec("UPDATE orders SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", 1)
	db.Exec("UPDATE users SET deleted_at = now() WHERE id = $1", 1) // want `this UPDATE sets deleted_at on rows already deleted too`
}
