// Package db is a hand-written store: each method sends one statement, and
// the service decides which rows they act on.
package db

import (
	"context"
	"database/sql"
	"time"
)

type User struct {
	ID        int64
	Email     string
	DeletedAt *time.Time
}

type Store struct{ db *sql.DB }

func (s *Store) scan(row *sql.Row) (*User, error) {
	var u User
	err := row.Scan(&u.ID, &u.Email, &u.DeletedAt)
	return &u, err
}

// UserByID finds a user, deleted or not: its callers decide.
func (s *Store) UserByID(ctx context.Context, id int64) (*User, error) { // want UserByID:`deferred\(missing-filter users db/users.go:27\[1\]\)`
	return s.scan(s.db.QueryRowContext(ctx, "SELECT id, email, deleted_at FROM users WHERE id = $1", id))
}

// LiveUser finds a live user.
func (s *Store) LiveUser(ctx context.Context, id int64) (*User, error) { // want LiveUser:`reads\(live: users; deleted: \)`
	return s.scan(s.db.QueryRowContext(ctx, "SELECT id, email, deleted_at FROM users WHERE id = $1 AND deleted_at IS NULL", id))
}

// AnyUsers lists every user, deleted ones too (an export).
func (s *Store) AnyUsers(ctx context.Context) ([]User, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, email, deleted_at FROM users WHERE email <> '' -- softdelete:ignore the export keeps deleted users")
	if err != nil {
		return nil, err
	}
	return collect(rows)
}

// DeletedBefore lists the users deleted before a time, for the purge.
func (s *Store) DeletedBefore(ctx context.Context, before time.Time) ([]User, error) { // want DeletedBefore:`reads\(live: ; deleted: users\)`
	rows, err := s.db.QueryContext(ctx, "SELECT id, email, deleted_at FROM users WHERE deleted_at < $1", before)
	if err != nil {
		return nil, err
	}
	return collect(rows)
}

func collect(rows *sql.Rows) ([]User, error) {
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		if err := rows.Scan(&u.ID, &u.Email, &u.DeletedAt); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SoftDeleteUser stamps deleted_at on the user its caller chose.
func (s *Store) SoftDeleteUser(ctx context.Context, id int64) error { // want SoftDeleteUser:`deferred\(redelete users db/users.go:68\[1\]\)` SoftDeleteUser:`writes\(users:id\)`
	_, err := s.db.ExecContext(ctx, "UPDATE users SET deleted_at = now() WHERE id = $1", id)
	return err
}

// PurgeUsers removes users for good.
func (s *Store) PurgeUsers(ctx context.Context, ids []int64) error { // want PurgeUsers:`deferred\(hard-delete users db/users.go:74\[1\]\)` PurgeUsers:`writes\(users:id\)`
	_, err := s.db.ExecContext(ctx, "DELETE FROM users WHERE id = ANY($1)", ids)
	return err
}

// TouchUser records a visit.
func (s *Store) TouchUser(ctx context.Context, id int64) error { // want TouchUser:`deferred\(missing-filter users db/users.go:80\[1\]\)`
	_, err := s.db.ExecContext(ctx, "UPDATE users SET last_seen_at = now() WHERE id = $1", id)
	return err
}

// SetEmail saves a user's email: judged with the callers, like a stamp.
func (s *Store) SetEmail(ctx context.Context, id int64, email string) error { // want SetEmail:`deferred\(missing-filter users db/users.go:86\[1 2\]\)`
	_, err := s.db.ExecContext(ctx, "UPDATE users SET email = $2 WHERE id = $1", id, email)
	return err
}

// userByEmail has no caller: dead code is not judged.
func (s *Store) userByEmail(ctx context.Context, id int64) (*User, error) {
	return s.scan(s.db.QueryRowContext(ctx, "SELECT id, email, deleted_at FROM users WHERE id = $1", id))
}

// MarkLogin records a login.
func (s *Store) MarkLogin(ctx context.Context, id int64) error { // want MarkLogin:`deferred\(missing-filter users db/users.go:97\[1\]\)`
	_, err := s.db.ExecContext(ctx, "UPDATE users SET last_seen_at = now() WHERE id = $1", id)
	return err
}

// UserWithTeam finds a user and its team, deleted or not: the team is
// joined, the user still chosen by its key.
func (s *Store) UserWithTeam(ctx context.Context, id int64) (*User, string, error) { // want UserWithTeam:`deferred\(missing-filter users db/users.go:107\[1\]\)`
	var u User
	var team sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT u.id, u.email, u.deleted_at, m.team
		FROM users u LEFT JOIN memberships m ON m.user_id = u.id
		WHERE u.id = $1`, id).Scan(&u.ID, &u.Email, &u.DeletedAt, &team)
	return &u, team.String, err
}

// CreateUser inserts a user and reads it back by the same id: the row is
// the one just inserted, live.
func (s *Store) CreateUser(ctx context.Context, u *User) (*User, error) {
	if _, err := s.db.ExecContext(ctx, "INSERT INTO users (id, email) VALUES ($1, $2)", u.ID, u.Email); err != nil {
		return nil, err
	}
	return s.scan(s.db.QueryRowContext(ctx, "SELECT id, email, deleted_at FROM users WHERE id = $1", u.ID))
}

// PutUser upserts: on a conflict the row kept may be a deleted one, so
// reading it back is its callers' to judge.
func (s *Store) PutUser(ctx context.Context, u *User) (*User, error) { // want PutUser:`deferred\(missing-filter users db/users.go:127\[1\]\)`
	if _, err := s.db.ExecContext(ctx, "INSERT INTO users (id, email) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET email = $2", u.ID, u.Email); err != nil {
		return nil, err
	}
	return s.scan(s.db.QueryRowContext(ctx, "SELECT id, email, deleted_at FROM users WHERE id = $1", u.ID))
}
