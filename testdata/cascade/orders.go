// Package cascade soft-deletes parents and, mostly, their children
// (missing-cascade): in the same function, in a transaction closure, in a
// function of another package, or not at all.
package cascade

import (
	"context"
	"database/sql"

	"example.com/shop/cascade/items"
)

// softDeleteOrder is sent by several functions; HideOrder passes its
// cascade to its callers (package workflow).
const softDeleteOrder = "UPDATE orders SET is_deleted = true WHERE id = $1 AND NOT is_deleted"

// CancelOrder handles every child in the same function.
func CancelOrder(ctx context.Context, db *sql.DB, id int64) error { // want CancelOrder:`writes\(comments:order_id, order_items:order_id, orders:id\)`
	if _, err := db.ExecContext(ctx, "UPDATE orders SET is_deleted = true WHERE id = $1 AND NOT is_deleted", id); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, `UPDATE order_items SET "DeletedAt" = now() WHERE order_id = $1 AND "DeletedAt" IS NULL`, id); err != nil {
		return err
	}
	_, err := db.ExecContext(ctx, "UPDATE comments SET deleted_at = now() WHERE order_id = $1 AND deleted_at IS NULL", id)
	return err
}

// ArchiveOrder was complete until migration 000004 added comments.
func ArchiveOrder(ctx context.Context, db *sql.DB, id int64) error { // want ArchiveOrder:`writes\(order_items:order_id, orders:id\)`
	if _, err := db.ExecContext(ctx, "UPDATE orders SET is_deleted = true WHERE id = $1 AND NOT is_deleted", id); err != nil { // want `soft-deleting orders leaves live rows in comments \(order_id\): soft-delete them in this function or one it calls, or cascade in an AFTER UPDATE OF is_deleted trigger \[missing-cascade\]`
		return err
	}
	_, err := db.ExecContext(ctx, `UPDATE order_items SET "DeletedAt" = now() WHERE order_id = $1 AND "DeletedAt" IS NULL`, id)
	return err
}

// HideOrder is the soft delete alone: its callers answer for children.
func HideOrder(ctx context.Context, db *sql.DB, id int64) error { // want HideOrder:`writes\(orders:id\)` HideOrder:`callercascades\(orders\)`
	_, err := db.ExecContext(ctx, softDeleteOrder, id)
	return err
}

// RemoveOrder soft-deletes the order and its items inside a transaction
// closure, which counts as part of RemoveOrder, and the comments after
// the commit, outside it: together they handle every child.
func RemoveOrder(ctx context.Context, db *sql.DB, id int64) error { // want RemoveOrder:`writes\(comments:order_id, order_items:order_id, orders:id\)`
	err := withTx(ctx, db, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, softDeleteOrder, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE order_items SET "DeletedAt" = now() WHERE order_id = $1 AND "DeletedAt" IS NULL`, id)
		return err
	})
	if err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, "UPDATE comments SET deleted_at = now() WHERE order_id = $1 AND deleted_at IS NULL", id)
	return err
}

// DropOrder leaves the children to another package.
func DropOrder(ctx context.Context, db *sql.DB, id int64) error { // want DropOrder:`writes\(comments:order_id, order_items:order_id, orders:id\)`
	if _, err := db.ExecContext(ctx, softDeleteOrder, id); err != nil {
		return err
	}
	return items.SoftDeleteChildren(ctx, db, id)
}

// DropOrderItemsOnly calls a function of another package that forgets
// the comments.
func DropOrderItemsOnly(ctx context.Context, db *sql.DB, id int64) error { // want DropOrderItemsOnly:`writes\(order_items:order_id, orders:id\)`
	if _, err := db.ExecContext(ctx, "UPDATE orders SET is_deleted = true WHERE id = $1 AND NOT is_deleted", id); err != nil { // want `soft-deleting orders leaves live rows in comments \(order_id\)`
		return err
	}
	return items.SoftDeleteItems(ctx, db, id)
}

// DropOrderLocally goes through a helper of this package, declared after
// it: the writes reach it by the package's fixed point.
func DropOrderLocally(ctx context.Context, db *sql.DB, id int64) error { // want DropOrderLocally:`writes\(comments:order_id, order_items:order_id, orders:id\)`
	if _, err := db.ExecContext(ctx, softDeleteOrder, id); err != nil {
		return err
	}
	return dropChildren(ctx, db, id)
}

func dropChildren(ctx context.Context, db *sql.DB, id int64) error {
	if err := deleteComments(ctx, db, id); err != nil {
		return err
	}
	return items.SoftDeleteItems(ctx, db, id)
}

// Comments are hard-deleted here: a DELETE handles the child too, though
// hard-delete has its own word about it.
func deleteComments(ctx context.Context, db *sql.DB, id int64) error {
	_, err := db.ExecContext(ctx, "DELETE FROM comments WHERE order_id = $1", id) // want `comments is a soft-delete table \(deleted_at\) but this DELETE removes its rows for good`
	return err
}

// RestoreOrder is not a soft delete: nothing to cascade.
func RestoreOrder(ctx context.Context, db *sql.DB, id int64) error {
	_, err := db.ExecContext(ctx, "UPDATE orders SET is_deleted = false WHERE id = $1", id)
	return err
}

// suppressedHide knows better, and says why (nothing calls it, so its
// soft delete is judged in itself).
func suppressedHide(ctx context.Context, db *sql.DB, id int64) error {
	//softdelete:ignore a nightly job soft-deletes the children of hidden orders
	_, err := db.ExecContext(ctx, softDeleteOrder, id)
	return err
}

func withTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
