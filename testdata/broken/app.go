package app

import "database/sql"

func Load(db *sql.DB) {
	db.Query("SELECT id FROM users")    // want `users is a soft-delete table`
	db.Query("SELECT id FROM orders")   // want `orders is a soft-delete table`
	db.Query("SELECT id FROM invoices") // want `invoices is a soft-delete table`
}
