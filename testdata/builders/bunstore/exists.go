package bunstore

import (
	"context"
)

// UserFilter is what the user list endpoint may filter on.
type UserFilter struct {
	WithOrders bool
}

// ListUsers keeps, on request, the users who have orders. The subquery is
// built inline, as list endpoints do, and reads deleted orders too.
func (s *Store) ListUsers(ctx context.Context, f UserFilter) ([]User, error) { // want ListUsers:`reads\(live: users; deleted: \)`
	var us []User
	q := s.db.NewSelect().Model(&us)
	if f.WithOrders {
		q = q.Where("EXISTS (?)", s.db.NewSelect().
			TableExpr("orders AS o"). // want `orders is a soft-delete table \(deleted_at\) but this subquery does not filter deleted rows`
			ColumnExpr("1").
			Where("o.user_id = u.id"))
	}
	err := q.Order("u.id").Scan(ctx)
	return us, err
}

// ListBuyers is the same filter on live orders: not reported.
func (s *Store) ListBuyers(ctx context.Context, f UserFilter) ([]User, error) { // want ListBuyers:`reads\(live: users; deleted: \)`
	var us []User
	q := s.db.NewSelect().Model(&us)
	if f.WithOrders {
		q = q.Where("EXISTS (?)", s.db.NewSelect().
			TableExpr("orders AS o").
			ColumnExpr("1").
			Where("o.user_id = u.id").
			Where("o.deleted_at IS NULL"))
	}
	err := q.Order("u.id").Scan(ctx)
	return us, err
}

// RenameTeam renames a team's users and reads the new names back: deleted
// users are renamed too.
func (s *Store) RenameTeam(ctx context.Context, team int64, name string) ([]string, error) {
	var names []string
	_, err := s.db.NewUpdate().Table("users").Set("name = ?", name).Where("team_id = ?", team).Returning("name").Exec(ctx, &names) // want `users is a soft-delete table \(deleted_at\) but this UPDATE does not filter deleted rows`
	return names, err
}
