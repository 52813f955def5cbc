// Package sqlc mimics the code sqlc generates.
package sqlc

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

type DBTX interface {
	ExecContext(context.Context, string, ...interface{}) (sql.Result, error)
	PrepareContext(context.Context, string) (*sql.Stmt, error)
	QueryContext(context.Context, string, ...interface{}) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...interface{}) *sql.Row
}

func New(db DBTX) *Queries { return &Queries{db: db} }

type Queries struct{ db DBTX }

// PgxDBTX is what sqlc generates for pgx/v5.
type PgxDBTX interface {
	Exec(context.Context, string, ...interface{}) (pgconn.CommandTag, error)
	Query(context.Context, string, ...interface{}) (pgx.Rows, error)
	QueryRow(context.Context, string, ...interface{}) pgx.Row
}

// Cache has methods named like sinks but of another shape: not sinks.
type Cache interface {
	Exec(key string) error
	Query(ctx context.Context, key string, n int) (string, error)
	Prepare(ctx context.Context, key string, n int) error
}

// Generic constraint methods are interface methods too.
func generic[T DBTX](ctx context.Context, db T) {
	db.ExecContext(ctx, "DELETE FROM generic") // want `sql: DELETE FROM generic`
}

func notSinks(ctx context.Context, c Cache) {
	c.Exec("SELECT 1 FROM cache")
	c.Query(ctx, "SELECT 1 FROM cache", 1)
	c.Prepare(ctx, "SELECT 1 FROM cache", 1)
}
