package goqustore

import (
	"context"
	"database/sql"

	"github.com/doug-martin/goqu/v9"
)

// Queries composed of datasets: a subquery in FROM, a CTE, a UNION.

// The users of a team through a subquery that reads deleted users.
// Reported.
func (s *Store) TeamMemberIDs(ctx context.Context, team int64) (*sql.Rows, error) {
	members := pg.From("users").Select("id").Where(goqu.C("team_id").Eq(team)) // want `users is a soft-delete table \(deleted_at\) but this subquery does not filter deleted rows`
	q, args, err := pg.From(members.As("m")).Select("id").ToSQL()
	return s.query(ctx, q, args, err)
}

// The same subquery keeping to live users: not reported.
func (s *Store) LiveTeamMemberIDs(ctx context.Context, team int64) (*sql.Rows, error) {
	members := pg.From("users").Select("id").Where(goqu.C("team_id").Eq(team), goqu.C("deleted_at").IsNull())
	q, args, err := pg.From(members.As("m")).Select("id").ToSQL()
	return s.query(ctx, q, args, err)
}

// A CTE of the orders of a user, deleted ones included. Reported.
func (s *Store) UserOrderTotals(ctx context.Context, user int64) (*sql.Rows, error) {
	mine := pg.From("orders").Select("id", "total").Where(goqu.C("user_id").Eq(user)) // want `orders is a soft-delete table \(deleted_at\) but this CTE mine does not filter deleted rows`
	q, args, err := pg.From("mine").With("mine", mine).Select("id", "total").ToSQL()
	return s.query(ctx, q, args, err)
}

// Users and the users of orders, in a UNION whose second branch reads
// deleted orders. Reported.
func (s *Store) BuyerIDs(ctx context.Context) (*sql.Rows, error) { // want BuyerIDs:`reads\(live: users; deleted: \)`
	a := pg.From("users").Select("id").Where(goqu.C("deleted_at").IsNull())
	b := pg.From("orders").Select("user_id") // want `orders is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	q, args, err := a.Union(b).ToSQL()
	return s.query(ctx, q, args, err)
}
