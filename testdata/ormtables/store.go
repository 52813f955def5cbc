// Package ormtables is a bun service whose models mark users and teams
// soft-deleted (bun writes their deleted_at) beside an audit table whose
// deleted_at column nothing sets.
package ormtables

import (
	"context"
	"database/sql"
	"time"

	"github.com/uptrace/bun"
)

// User names its table: bun soft-deletes users, and only users.
type User struct {
	bun.BaseModel `bun:"table:users,alias:u"`

	ID        int64 `bun:",pk,autoincrement"`
	Email     string
	DeletedAt time.Time `bun:",soft_delete,nullzero"`
}

// Team names no table: bun's naming rule maps it to teams, and bun
// soft-deletes teams only.
type Team struct {
	ID        int64 `bun:",pk,autoincrement"`
	Name      string
	DeletedAt *time.Time `bun:",soft_delete"`
}

type Store struct {
	db  *bun.DB
	sql *sql.DB
}

// DeleteUser is bun's soft delete of the model.
func (s *Store) DeleteUser(ctx context.Context, id int64) error { // want DeleteUser:`writes\(users:id\)`
	_, err := s.db.NewDelete().Model((*User)(nil)).Where("id = ?", id).Exec(ctx)
	return err
}

// ActorHistory reads the audit trail, which has no deleted rows: not
// reported.
func (s *Store) ActorHistory(ctx context.Context, actor int64) (*sql.Rows, error) {
	return s.sql.QueryContext(ctx, "SELECT id, action FROM audit_entries WHERE actor = $1", actor)
}

// UsersByEmail reads users, which bun soft-deletes, with no filter.
func (s *Store) UsersByEmail(ctx context.Context, email string) (*sql.Rows, error) {
	return s.sql.QueryContext(ctx, "SELECT id FROM users WHERE email = $1", email) // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
}

// TeamsNamed reads teams, which bun soft-deletes through Team, with no
// filter.
func (s *Store) TeamsNamed(ctx context.Context, name string) (*sql.Rows, error) {
	return s.sql.QueryContext(ctx, "SELECT id FROM teams WHERE name = $1", name) // want `teams is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
}
