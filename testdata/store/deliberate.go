package store

import (
	"context"
	"database/sql"
	"time"
)

// Trash lists deleted users on purpose.
func (s *Store) Trash(ctx context.Context) (*sql.Rows, error) { // want Trash:`reads\(live: ; deleted: users\)`
	return s.db.QueryContext(ctx, "SELECT id, email, deleted_at FROM users WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC")
}

// Sync returns the rows changed since the client last asked, tombstones
// included: the caller reads deleted_at.
func (s *Store) Sync(ctx context.Context, since time.Time) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT id, email, deleted_at FROM users WHERE updated_at > $1", since)
}

// Recent selects deleted_at only because every query of the store scans
// whole rows: no intent to read deleted users.
func (s *Store) Recent(ctx context.Context, since time.Time) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT id, email, deleted_at FROM users WHERE created_at > $1", since) // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
}

// Purge candidates compare the column.
func (s *Store) PurgeCandidates(ctx context.Context) (*sql.Rows, error) { // want PurgeCandidates:`reads\(live: ; deleted: users\)`
	return s.db.QueryContext(ctx, "SELECT id FROM users WHERE deleted_at < now() - interval '30 days'")
}

// The caller passes the flag.
func (s *Store) OrdersByState(ctx context.Context, deleted bool) (*sql.Rows, error) { // want OrdersByState:`reads\(live: orders; deleted: \)`
	return s.db.QueryContext(ctx, "SELECT id FROM orders WHERE is_deleted = $1", deleted)
}

// Restore brings a row back.
func (s *Store) Restore(ctx context.Context, id int64) error {
	_, err := s.db.ExecContext(ctx, "UPDATE users SET deleted_at = NULL WHERE id = $1", id)
	return err
}

// SoftDelete marks a row deleted; its callers answer for the cascade.
func (s *Store) SoftDelete(ctx context.Context, id int64) error { // want SoftDelete:`writes\(users:id\)` SoftDelete:`callercascades\(users\)`
	_, err := s.db.ExecContext(ctx, "UPDATE users SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", id)
	return err
}

// Rename changes live and deleted users alike.
func (s *Store) Rename(ctx context.Context, id int64, name string) error { // want Rename:`deferred\(missing-filter users store/deliberate.go:50\[1 2\]\)`
	_, err := s.db.ExecContext(ctx, "UPDATE users SET name = $1 WHERE id = $2", name, id)
	return err
}

func (s *Store) RenameLive(ctx context.Context, id int64, name string) error {
	_, err := s.db.ExecContext(ctx, "UPDATE users SET name = $1 WHERE id = $2 AND deleted_at IS NULL RETURNING id", name, id)
	return err
}

// A DELETE is not a read: missing-filter has nothing to say.
func (s *Store) Purge(ctx context.Context) error { // want Purge:`writes\(users\)`
	_, err := s.db.ExecContext(ctx, "DELETE FROM users WHERE deleted_at < now() - interval '90 days'")
	return err
}

// Non-SQL and non-PostgreSQL text is skipped silently.
func (s *Store) NotPostgres(ctx context.Context) {
	s.db.ExecContext(ctx, "SELECT * FROM `users` WHERE id = ?", 1)
	s.db.ExecContext(ctx, "")
	s.db.ExecContext(ctx, "-- only a comment")
	s.db.ExecContext(ctx, "SELECT 100% FROM users WHERE")
}
