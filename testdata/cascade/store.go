package cascade

import (
	"context"
	"database/sql"
)

// OrderStore is a hand-written store: the cascade is in its methods, and
// a child write counts only when its WHERE ties it to the order.
type OrderStore struct{ db *sql.DB }

// Delete ties each child to the order: by the foreign key held to a list
// of keys, and by a join on the order.
func (s *OrderStore) Delete(ctx context.Context, id int64) error { // want Delete:`writes\(comments:order_id, comments<orders, order_items:order_id, orders:id\)`
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET is_deleted = true WHERE id = $1 AND NOT is_deleted", id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE order_items SET "DeletedAt" = now() WHERE order_id = ANY(ARRAY[$1::bigint]) AND "DeletedAt" IS NULL`, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE comments c SET deleted_at = now() FROM orders o WHERE o.id = c.order_id AND o.id = $1 AND o.is_deleted AND c.deleted_at IS NULL", id); err != nil {
		return err
	}
	return tx.Commit()
}

// DeleteByItemID writes the items by their own key, not by the order's:
// the order's items stay live.
func (s *OrderStore) DeleteByItemID(ctx context.Context, id, itemID int64) error { // want DeleteByItemID:`writes\(comments:order_id, order_items:id, orders:id\)`
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET is_deleted = true WHERE id = $1 AND NOT is_deleted", id); err != nil { // want `soft-deleting orders leaves live rows in order_items \(order_id, ON DELETE CASCADE\): soft-delete`
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE order_items SET "DeletedAt" = now() WHERE id = $1 AND "DeletedAt" IS NULL`, itemID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE comments SET deleted_at = now() WHERE order_id IN ($1) AND deleted_at IS NULL", id); err != nil {
		return err
	}
	return tx.Commit()
}

// DeleteWithFixedItems writes the items of one fixed order, whatever order
// is deleted: the deleted order's items stay live.
func (s *OrderStore) DeleteWithFixedItems(ctx context.Context, id int64) error { // want DeleteWithFixedItems:`writes\(comments:order_id, orders:id\)`
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE orders SET is_deleted = true WHERE id = $1 AND NOT is_deleted", id); err != nil { // want `soft-deleting orders leaves live rows in order_items \(order_id, ON DELETE CASCADE\): soft-delete`
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE order_items SET "DeletedAt" = now() WHERE order_id = 42 AND "DeletedAt" IS NULL`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE comments SET deleted_at = now() WHERE order_id = $1 AND deleted_at IS NULL", id); err != nil {
		return err
	}
	return tx.Commit()
}

// Purge cascades inside a transaction closure, tied to the order.
func (s *OrderStore) Purge(ctx context.Context, id int64) error { // want Purge:`writes\(comments:order_id, order_items:order_id, orders:id\)`
	return withTx(ctx, s.db, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, softDeleteOrder, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE order_items SET "DeletedAt" = now() WHERE order_id = $1 AND "DeletedAt" IS NULL`, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE comments SET deleted_at = now() WHERE order_id = $1 AND deleted_at IS NULL", id)
		return err
	})
}

// PurgeComment is Purge's twin whose closure writes one comment by its
// own key: the order's comments stay live.
func (s *OrderStore) PurgeComment(ctx context.Context, id, commentID int64) error { // want PurgeComment:`writes\(comments:id, order_items:order_id, orders:id\)`
	return withTx(ctx, s.db, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE orders SET is_deleted = true WHERE id = $1 AND NOT is_deleted", id); err != nil { // want `soft-deleting orders leaves live rows in comments \(order_id\): soft-delete`
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE order_items SET "DeletedAt" = now() WHERE order_id = $1 AND "DeletedAt" IS NULL`, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "UPDATE comments SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", commentID)
		return err
	})
}
