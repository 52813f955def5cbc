package store

import (
	"context"
	"database/sql"
)

// AddLastSeen is a data migration kept in Go: it adds a column and fills
// it for every row, deleted users included, before making it NOT NULL.
// Schema history, not a query that forgot the live filter.
func AddLastSeen(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, "ALTER TABLE users ADD COLUMN last_seen timestamptz"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE users SET last_seen = created_at"); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "ALTER TABLE users ALTER COLUMN last_seen SET NOT NULL")
	return err
}

// TouchAll is the same UPDATE in application code: it revives nothing,
// but it rewrites deleted users too.
func TouchAll(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "UPDATE users SET name = lower(name)") // want `users is a soft-delete table \(deleted_at\) but this UPDATE does not filter deleted rows`
	return err
}
