// Package nofix holds findings whose fix cannot be made mechanically: they
// stay after -fix.
package nofix

import "database/sql"

func Orders(db *sql.DB) {
	// The predicate itself is split between literals: no fix.
	db.Query("SELECT o.id FROM orders o LEFT JOIN users u ON u.id = o.user_id WHERE o.deleted_at IS NULL AND u.deleted_at " + // want `users is a soft-delete table \(deleted_at\) on the nullable side of a LEFT JOIN`
		"IS NULL")
	// An escape sequence inside the text to remove: no fix.
	db.Query("SELECT o.id FROM orders o LEFT JOIN users u ON u.id = o.user_id WHERE o.deleted_at IS NULL AND\tu.deleted_at IS NULL") // want `users is a soft-delete table \(deleted_at\) on the nullable side of a LEFT JOIN`
}
