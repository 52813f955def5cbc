// Package wrap declares wrappers of sinks.
package wrap

import (
	"context"
	"database/sql"
	"strings"

	"github.com/jmoiron/sqlx"
)

// ActiveUsers is used from another package: its value has no position there.
const ActiveUsers = "SELECT id FROM users WHERE deleted_at IS NULL"

type Store struct {
	db *sql.DB
	x  *sqlx.DB
}

func (s *Store) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) { // want Query:"sqlwrapper\\(1\\)"
	return s.db.QueryContext(ctx, query, args...)
}

// Select rebinds its query first, as sqlx users do.
func (s *Store) Select(ctx context.Context, dest any, query string, args ...any) error { // want Select:"sqlwrapper\\(2\\)"
	query = s.x.Rebind(query)
	return s.x.SelectContext(ctx, dest, query, args...)
}

// Execute tidies its query for a debug log first, as getfider/fider's dbx
// does: the text sent is still the caller's.
func (s *Store) Execute(ctx context.Context, command string, args ...any) error { // want Execute:"sqlwrapper\\(1\\)"
	if debugging {
		command = tidy.Replace(command)
		command = strings.TrimSpace(command)
	}
	_, err := s.db.ExecContext(ctx, command, args...)
	return err
}

var (
	debugging bool
	tidy      = strings.NewReplacer("\t", "", "\n", " ")
)

// One wraps a wrapper.
func (s *Store) One(ctx context.Context, query string) error { // want One:"sqlwrapper\\(1\\)"
	rows, err := s.Query(ctx, query)
	if err != nil {
		return err
	}
	return rows.Close()
}

// Exec copies its parameter to a local variable first.
func Exec(db *sql.DB, query string) error { // want Exec:"sqlwrapper\\(1\\)"
	q := query
	_, err := db.Exec(q)
	return err
}

// Exec runs its query in a transaction, from a closure.
func (s *Store) Exec(ctx context.Context, query string, args ...any) error { // want Exec:"sqlwrapper\\(1\\)"
	return s.withTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, query, args...)
		return err
	})
}

func (s *Store) withTx(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := f(tx); err != nil {
		return tx.Rollback()
	}
	return tx.Commit()
}

// Repo is generic: the fact is on the origin method.
type Repo[T any] struct{ db *sql.DB }

func (r *Repo[T]) Find(query string) (*sql.Rows, error) { // want Find:"sqlwrapper\\(0\\)"
	return r.db.Query(query)
}

// notWrapper builds its query from the parameter: a dynamic query, not a wrapper.
func notWrapper(db *sql.DB, table string) {
	db.Query("SELECT id FROM " + table) // want `sql: SELECT id FROM __softdelete_dynamic_1` `dynamic`
}

// appends extends the parameter: not a wrapper either.
func appends(db *sql.DB, query string) {
	query += " LIMIT 1"
	db.Query(query) // want `sql: __softdelete_dynamic_1 LIMIT 1` `dynamic`
}

func local(ctx context.Context, s *Store, r *Repo[string]) {
	s.Query(ctx, "SELECT id FROM orders")                // want `sql: SELECT id FROM orders`
	s.One(ctx, "SELECT id FROM one")                     // want `sql: SELECT id FROM one`
	s.Select(ctx, nil, "SELECT id FROM sel WHERE x = ?") // want `sql: SELECT id FROM sel WHERE x = \?`
	r.Find("SELECT id FROM found")                       // want `sql: SELECT id FROM found`
	s.Exec(ctx, "UPDATE t SET deleted_at = now()")       // want `sql: UPDATE t SET deleted_at = now\(\)`
}
