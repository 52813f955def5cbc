package goqustore

import (
	"context"

	"github.com/doug-martin/goqu/v9"
)

// SignUp inserts a user or renames the live one with that email. Emails
// are unique among live users only (users_email_live is partial), so the
// target must repeat the index's predicate.
func (s *Store) SignUp(ctx context.Context, email, name string) error {
	q, args, err := pg.Insert("users"). // want `ON CONFLICT \(email\) on users can only use the partial unique index users_email_live, but the target does not repeat its predicate: PostgreSQL fails with 42P10 .*; write ON CONFLICT \(email\) WHERE deleted_at IS NULL \[on-conflict-partial\]`
						Rows(goqu.Record{"email": email, "name": name}).
						OnConflict(goqu.DoUpdate("email", goqu.Record{"name": goqu.L("EXCLUDED.name")})).
						ToSQL()
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, q, args...)
	return err
}

// SignUpLive writes the predicate into goqu's target, which goqu writes
// as given: the partial index matches.
func (s *Store) SignUpLive(ctx context.Context, email, name string) error {
	q, args, err := pg.Insert("users").
		Rows(goqu.Record{"email": email, "name": name}).
		OnConflict(goqu.DoUpdate("email) WHERE (deleted_at IS NULL", goqu.Record{"name": goqu.L("EXCLUDED.name")})).
		ToSQL()
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, q, args...)
	return err
}

// Invite inserts users given as columns and values, and skips any that
// conflict with anything: no target, no index to match.
func (s *Store) Invite(ctx context.Context, first, second string) error {
	q, args, err := goqu.Dialect("postgres").Insert("users").
		Cols("email", "team_id").
		Vals(goqu.Vals{first, 1}, goqu.Vals{second, 1}).
		OnConflict(goqu.DoNothing()).
		Returning("id").
		ToSQL()
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, q, args...)
	return err
}
