package store

import (
	"context"
	"database/sql"
)

// History reads what happened to orders. Order events are kept after their
// order's soft delete (cascade.keep in .softdelete.yml); order items are
// not.
type History struct{ db *sql.DB }

// Feed lists a user's order events with their order's total. The events of
// a deleted order are history the team keeps, and they show their order:
// not reported.
func (h *History) Feed(ctx context.Context, userID int64) (*sql.Rows, error) {
	return h.db.QueryContext(ctx, `
		SELECT e.id, e.kind, o.total
		FROM order_events e
		JOIN orders o ON o.id = e.order_id
		WHERE o.user_id = $1
		ORDER BY e.id DESC`, userID)
}

// Lines is the same join from order items, which are not kept: the lines
// of deleted orders are listed with them.
func (h *History) Lines(ctx context.Context, userID int64) (*sql.Rows, error) { // want Lines:`reads\(live: order_items; deleted: \)`
	// want +4 `orders is a soft-delete table \(is_deleted\) but this SELECT joins it without filtering deleted rows: add "AND NOT o.is_deleted" to its ON clause`
	return h.db.QueryContext(ctx, `
		SELECT i.id, i.sku, o.total
		FROM order_items i
		JOIN orders o ON o.id = i.order_id
		WHERE o.user_id = $1 AND i."DeletedAt" IS NULL`, userID)
}
