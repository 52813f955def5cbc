package store

import (
	"context"
	"database/sql"
)

// OrderEmails lists live orders with their buyer's email: the join only
// looks the buyer up, and an order of a deleted buyer is listed either way.
func (s *Store) OrderEmails(ctx context.Context) (*sql.Rows, error) { // want OrderEmails:`reads\(live: orders; deleted: \)`
	return s.db.QueryContext(ctx, "SELECT o.id, u.email FROM orders o LEFT JOIN users u ON u.id = o.user_id WHERE NOT o.is_deleted")
}

// OrdersOfEmail chooses orders by their buyer's email: the buyer decides
// which rows come back, and a deleted buyer's email still matches.
func (s *Store) OrdersOfEmail(ctx context.Context, email string) (*sql.Rows, error) { // want OrdersOfEmail:`reads\(live: orders; deleted: \)`
	return s.db.QueryContext(ctx, "SELECT o.id FROM orders o LEFT JOIN users u ON u.id = o.user_id WHERE NOT o.is_deleted AND u.email = $1", email) // want `users is a soft-delete table \(deleted_at\) but this SELECT joins it without filtering deleted rows: add "AND u.deleted_at IS NULL" to its ON clause`
}
