// Package items soft-deletes what hangs off an order. Its functions carry
// the tables they write to their callers in other packages as facts.
package items

import (
	"context"
	"database/sql"
)

// SoftDeleteChildren writes through two helpers: its fact lists both.
func SoftDeleteChildren(ctx context.Context, db *sql.DB, orderID int64) error { // want SoftDeleteChildren:`writes\(comments:order_id, order_items:order_id\)`
	if err := softDeleteItems(ctx, db, orderID); err != nil {
		return err
	}
	return softDeleteComments(ctx, db, orderID)
}

// SoftDeleteItems forgets the comments.
func SoftDeleteItems(ctx context.Context, db *sql.DB, orderID int64) error { // want SoftDeleteItems:`writes\(order_items:order_id\)`
	return softDeleteItems(ctx, db, orderID)
}

func softDeleteItems(ctx context.Context, db *sql.DB, orderID int64) error {
	_, err := db.ExecContext(ctx, `UPDATE order_items SET "DeletedAt" = now() WHERE order_id = $1 AND "DeletedAt" IS NULL`, orderID)
	return err
}

func softDeleteComments(ctx context.Context, db *sql.DB, orderID int64) error {
	_, err := db.ExecContext(ctx, "UPDATE comments SET deleted_at = now() WHERE order_id = $1 AND deleted_at IS NULL", orderID)
	return err
}
