package store

import (
	"context"
	"database/sql"
	"fmt"
)

const userColumns = "id, email, name"

// The finding is at the table inside the constant, where the fix goes.
const selectUsers = "SELECT " + userColumns + " FROM users" // want `users is a soft-delete table \(deleted_at\)`

// A constant built from constants.
func (s *Store) ListUsers(ctx context.Context) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, selectUsers)
}

func (s *Store) ListLiveUsers(ctx context.Context) (*sql.Rows, error) { // want ListLiveUsers:`reads\(live: users; deleted: \)`
	return s.db.QueryContext(ctx, selectUsers+" WHERE deleted_at IS NULL")
}

// A filter added in one branch is a deliberate choice.
func (s *Store) Users(ctx context.Context, includeDeleted bool) (*sql.Rows, error) { // want Users:`reads\(live: users; deleted: \)`
	q := "SELECT id FROM users WHERE name <> ''"
	if !includeDeleted {
		q += " AND deleted_at IS NULL"
	}
	return s.db.QueryContext(ctx, q)
}

func (s *Store) UsersBuiltUnfiltered(ctx context.Context, byName bool) (*sql.Rows, error) {
	q := "SELECT id FROM users" // want `users is a soft-delete table \(deleted_at\)`
	if byName {
		q += " ORDER BY name"
	}
	return s.db.QueryContext(ctx, q)
}

// Sprintf with a constant argument is resolved.
func (s *Store) SprintfConst(ctx context.Context) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM users", userColumns)) // want `users is a soft-delete table \(deleted_at\)`
}

// The table is a run-time value: unknown, stay silent.
func (s *Store) SprintfTable(ctx context.Context, table string) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, fmt.Sprintf("SELECT * FROM %s", table))
}

// The filter may be in the run-time part: stay silent.
func (s *Store) SprintfWhere(ctx context.Context, where string) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, fmt.Sprintf("SELECT id FROM users WHERE %s", where))
}

func (s *Store) ConcatWhere(ctx context.Context, where string) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT id FROM users WHERE "+where)
}

// A run-time value outside the filter does not hide a missing one.
func (s *Store) SprintfLimit(ctx context.Context, limit int) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, fmt.Sprintf("SELECT id FROM users ORDER BY id LIMIT %d", limit)) // want `users is a soft-delete table \(deleted_at\)`
}

// An alias built at run time ("u" + a number): which references are the
// table's is not known, so the query is not judged (and no placeholder
// reaches a message).
func (s *Store) UserAtDepth(ctx context.Context, depth int) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, fmt.Sprintf("SELECT u%d.id FROM users u%d WHERE u%d.name <> ''", depth, depth, depth))
}

// The same query with a fixed alias is judged.
func (s *Store) UserAtRoot(ctx context.Context) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT u0.id FROM users u0 WHERE u0.name <> ''") // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "AND u0.deleted_at IS NULL"`
}
