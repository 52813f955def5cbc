package store

import "database/sql"

// DeleteItems soft-deletes an order's items.
func DeleteItems(db *sql.DB, id int64) { // want DeleteItems:"writes\\(items:order_id\\)"
	db.Exec("UPDATE items SET deleted_at = now() WHERE order_id = $1", id)
}

// deleteNotes is not exported: no fact.
func deleteNotes(db *sql.DB, id int64) {
	db.Exec("DELETE FROM notes WHERE order_id = $1", id)
}

// DeleteOrder soft-deletes an order and, through deleteNotes, deletes its
// notes, but leaves its items live.
func DeleteOrder(db *sql.DB, id int64) { // want DeleteOrder:"writes\\(notes:order_id, orders:id\\)"
	db.Exec("UPDATE orders SET deleted_at = now() WHERE id = $1", id) // want `soft-deleting orders leaves live rows in items \(order_id, ON DELETE CASCADE\)`
	deleteNotes(db, id)
}
