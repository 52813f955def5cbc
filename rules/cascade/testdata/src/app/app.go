package app

import (
	"database/sql"

	"store"
)

// Close soft-deletes an order and, through another package, its items.
func Close(db *sql.DB, id int64) { // want Close:"writes\\(items:order_id, orders:id\\)"
	db.Exec("UPDATE orders SET deleted_at = now() WHERE id = $1", id)
	store.DeleteItems(db, id)
}

// Through a generated query method: its caller answers for the items.
func archive(q *store.Queries, id int64) {
	q.ArchiveOrder(id) // want `soft-deleting orders \(through Queries.ArchiveOrder\) leaves live rows in items`
}

func archiveAll(q *store.Queries, db *sql.DB, id int64) {
	q.ArchiveOrder(id)
	store.DeleteItems(db, id)
}

// Transaction closures are part of the function they are in.
func closeInTx(db *sql.DB, id int64) {
	inTx(func() {
		db.Exec("UPDATE orders SET deleted_at = now() WHERE id = $1", id)
		db.Exec("UPDATE items SET deleted_at = now() WHERE order_id = $1", id)
	})
}

func inTx(f func()) { f() }
