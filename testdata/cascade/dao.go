package cascade

import (
	"context"
	"database/sql"
)

// OrderDAO is a repository whose methods write one table each: the
// soft delete of an order is passed to the functions that call Hide, which
// cascade (package workflow).
type OrderDAO struct{ DB *sql.DB }

// Hide is the soft delete alone: its callers answer for the children.
func (d OrderDAO) Hide(ctx context.Context, id int64) error { // want Hide:`writes\(orders:id\)` Hide:`callercascades\(orders\)`
	_, err := d.DB.ExecContext(ctx, "UPDATE orders SET is_deleted = true WHERE id = $1 AND NOT is_deleted", id)
	return err
}

// HideItems soft-deletes an order's items.
func (d OrderDAO) HideItems(ctx context.Context, orderID int64) error { // want HideItems:`writes\(order_items:order_id\)`
	_, err := d.DB.ExecContext(ctx, `UPDATE order_items SET "DeletedAt" = now() WHERE order_id = $1 AND "DeletedAt" IS NULL`, orderID)
	return err
}

// HideComments soft-deletes an order's comments.
func (d OrderDAO) HideComments(ctx context.Context, orderID int64) error { // want HideComments:`writes\(comments:order_id\)`
	_, err := d.DB.ExecContext(ctx, "UPDATE comments SET deleted_at = now() WHERE order_id = $1 AND deleted_at IS NULL", orderID)
	return err
}

// LiveItems counts an order's live items, for a guard.
func (d OrderDAO) LiveItems(ctx context.Context, orderID int64) (int, error) { // want LiveItems:`checks\(order_items:order_id\)` LiveItems:`reads\(live: order_items; deleted: \)`
	var n int
	err := d.DB.QueryRowContext(ctx, `SELECT count(*) FROM order_items WHERE order_id = $1 AND "DeletedAt" IS NULL`, orderID).Scan(&n)
	return n, err
}

// hideOrder is the soft delete alone, but nothing calls it to cascade:
// judged in itself.
func hideOrder(ctx context.Context, db *sql.DB, id int64) error {
	_, err := db.ExecContext(ctx, "UPDATE orders SET is_deleted = true WHERE user_id = $1 AND NOT is_deleted", id) // want `soft-deleting orders leaves live rows in order_items \(order_id, ON DELETE CASCADE\) and comments \(order_id\): nothing calls this function to cascade, so soft-delete them here or in its callers`
	return err
}
