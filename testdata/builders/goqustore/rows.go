package goqustore

import (
	"context"
	"database/sql"
	"time"

	"github.com/doug-martin/goqu/v9"
)

// userRow is the row the store scans users into. Its db tags name
// deleted_at, as shared row structs do: that is no choice of deleted rows.
type userRow struct {
	ID        int64      `db:"id"`
	Email     string     `db:"email"`
	Name      string     `db:"name"`
	TeamID    int64      `db:"team_id"`
	DeletedAt *time.Time `db:"deleted_at"`
}

// TeamMembers selects the struct's columns, deleted users' included.
func (s *Store) TeamMembers(ctx context.Context, team int64) (*sql.Rows, error) {
	q, args, err := pg.From("users").Select(&userRow{}).Where(goqu.Ex{"team_id": team}).ToSQL() // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	return s.query(ctx, q, args, err)
}

// LiveTeamMembers is the same list of live users: not reported.
func (s *Store) LiveTeamMembers(ctx context.Context, team int64) (*sql.Rows, error) { // want LiveTeamMembers:`reads\(live: users; deleted: \)`
	q, args, err := pg.From("users").Select(&userRow{}).Where(goqu.Ex{"team_id": team, "deleted_at": nil}).ToSQL()
	return s.query(ctx, q, args, err)
}

// MoveTeam moves a team's users and reads them back: deleted users are
// moved too.
func (s *Store) MoveTeam(ctx context.Context, from, to int64) (*sql.Rows, error) {
	q, args, err := pg.Update("users").Set(goqu.Record{"team_id": to}). // want `users is a soft-delete table \(deleted_at\) but this UPDATE does not filter deleted rows`
										Where(goqu.Ex{"team_id": from}).Returning(&userRow{}).ToSQL()
	return s.query(ctx, q, args, err)
}

// MoveLiveTeam moves the live users only: not reported.
func (s *Store) MoveLiveTeam(ctx context.Context, from, to int64) (*sql.Rows, error) {
	q, args, err := pg.Update("users").Set(goqu.Record{"team_id": to}).
		Where(goqu.Ex{"team_id": from, "deleted_at": nil}).Returning(goqu.C("id")).ToSQL()
	return s.query(ctx, q, args, err)
}

// CountTeam counts a team's users, deleted ones included.
func (s *Store) CountTeam(ctx context.Context, team int64) (*sql.Rows, error) { // want CountTeam:`checks\(users:team_id\)`
	q, args, err := pg.From("users").Select(goqu.COUNT(goqu.Star()).As("count")).Where(goqu.Ex{"team_id": team}).ToSQL() // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	return s.query(ctx, q, args, err)
}

// TeamsNamed counts the teams of the live users with a name, matched
// without regard to case: not reported.
func (s *Store) TeamsNamed(ctx context.Context, name string) (*sql.Rows, error) { // want TeamsNamed:`reads\(live: users; deleted: \)`
	q, args, err := pg.From("users").
		Select(goqu.COUNT(goqu.DISTINCT("team_id")), goqu.MAX("id")).
		Where(goqu.Func("LOWER", goqu.C("name")).Eq(goqu.Func("LOWER", name)), goqu.C("deleted_at").IsNull()).
		ToSQL()
	return s.query(ctx, q, args, err)
}
