// Package dbx wraps the database handle, as many services do; the
// wrapper's SQL parameter makes it a sink for callers in other packages.
package dbx

import (
	"context"
	"database/sql"
)

type DB struct{ sql *sql.DB }

// Query logs and forwards.
func (d *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) { // want Query:`sqlwrapper\(1\)`
	return d.sql.QueryContext(ctx, query, args...)
}

// Must panics on error; it calls another wrapper.
func (d *DB) Must(ctx context.Context, query string, args ...any) *sql.Rows { // want Must:`sqlwrapper\(1\)`
	rows, err := d.Query(ctx, query, args...)
	if err != nil {
		panic(err)
	}
	return rows
}

func (d *DB) Counts(ctx context.Context) {
	d.Must(ctx, "SELECT count(*) FROM orders") // want `orders is a soft-delete table \(is_deleted\)`
}

// OrdersOfUser is shared by callers in other packages.
const OrdersOfUser = "SELECT id FROM orders WHERE user_id = $1"
