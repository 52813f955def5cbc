// Package gomigrations holds goose migrations written in Go: data
// backfills that must reach every row, deleted ones included.
package gomigrations

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() {
	goose.AddMigrationContext(upFillNames, downFillNames)
	goose.AddMigrationNoTxContext(func(ctx context.Context, db *sql.DB) error {
		_, err := db.ExecContext(ctx, "UPDATE users SET email = lower(email)")
		return err
	}, nil)
}

func upFillNames(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "UPDATE users SET name = email WHERE name IS NULL")
	return err
}

func downFillNames(ctx context.Context, tx *sql.Tx) error { return nil }

// FillNames is the same backfill called from the application, registered
// with no migration library: it is judged.
func FillNames(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "UPDATE users SET name = email WHERE name IS NULL") // want `users is a soft-delete table \(deleted_at\) but this UPDATE does not filter deleted rows`
	return err
}
