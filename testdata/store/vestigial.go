package store

import (
	"context"
	"database/sql"
)

// Nothing in this module ever sets regions.deleted_at (a column the table
// template adds everywhere): there are no deleted rows to filter, and no
// deleted rows for its UNIQUE (name) to trip over.
func (s *Store) Regions(ctx context.Context) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT id, name FROM regions ORDER BY name")
}

// api_keys.deleted_at is set by a job outside this module; the config's
// tables.include says so.
func (s *Store) APIKeys(ctx context.Context, userID int64) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT id FROM api_keys WHERE user_id = $1", userID) // want `api_keys is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
}

// The archive's countries are soft-deleted here, which makes the archive
// reads below it answerable for the filter.
func (s *Store) ArchiveCountry(ctx context.Context, code string) error { // want ArchiveCountry:`writes\(archive.countries:code\)`
	_, err := s.db.ExecContext(ctx, "UPDATE archive.countries SET deleted_at = now() WHERE code = $1 AND deleted_at IS NULL", code)
	return err
}
