package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

// OrderQuery selects orders. The queries below keep their FROM and WHERE
// in helpers that several queries share, the way DAO code often does:
// a helper builds the text with early returns on guard paths, each query
// puts its select list in front, and a pagination helper appends LIMIT.
type OrderQuery struct {
	Owner string
	IDs   []int64
	Size  int
}

// orderConditions returns the FROM and WHERE the order queries share.
func orderConditions(q *OrderQuery) (string, []any) {
	args := []any{}
	sql := ` FROM orders AS o`
	if q == nil {
		sql += ` WHERE o.is_deleted = false`
		return sql, args
	}
	if q.Owner != "" {
		sql += ` JOIN users AS u ON u.id = o.user_id AND u.deleted_at IS NULL`
	}
	sql += ` WHERE o.is_deleted = false`
	if q.Owner != "" {
		sql += ` AND u.email=?`
		args = append(args, q.Owner)
	}
	if len(q.IDs) > 0 {
		sql += fmt.Sprintf(` AND o.id IN (%s)`, placeholders(len(q.IDs)))
		args = append(args, q.IDs)
	}
	return sql, args
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func joinIDs(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(s, ",")
}

// paginateOrders appends LIMIT to an order query.
func paginateOrders(q *OrderQuery, sql string, args []any) (string, []any) {
	if q != nil && q.Size > 0 {
		sql += ` LIMIT ?`
		args = append(args, q.Size)
	}
	return sql, args
}

// QueryOrders lists the orders of the query: every part filters.
func (s *Store) QueryOrders(ctx context.Context, q *OrderQuery) (*sql.Rows, error) { // want QueryOrders:`reads\(live: orders, users; deleted: \)`
	query, args := orderConditions(q)
	query = `SELECT o.id, o.total` + query + ` ORDER BY o.id`
	query, args = paginateOrders(q, query, args)
	return s.db.QueryContext(ctx, query, args...)
}

// SharedOrders adds, for a team, the orders of its members: that branch
// of the UNION reads deleted orders too.
func (s *Store) SharedOrders(ctx context.Context, q *OrderQuery, members []int64) (*sql.Rows, error) { // want SharedOrders:`reads\(live: users; deleted: \)`
	query, args := orderConditions(q)
	query = `SELECT o.id, o.total` + query
	if len(members) > 0 {
		query = fmt.Sprintf(`%s UNION SELECT o.id, o.total FROM orders AS o WHERE o.user_id IN (%s)`, query, joinIDs(members)) // want `orders is a soft-delete table \(is_deleted\) but this SELECT does not filter deleted rows`
	}
	query, args = paginateOrders(q, query, args)
	return s.db.QueryContext(ctx, query, args...)
}

// SharedLiveOrders is SharedOrders with the filter in both branches.
func (s *Store) SharedLiveOrders(ctx context.Context, q *OrderQuery, members []int64) (*sql.Rows, error) { // want SharedLiveOrders:`reads\(live: orders, users; deleted: \)`
	query, args := orderConditions(q)
	query = `SELECT o.id, o.total` + query
	if len(members) > 0 {
		query = fmt.Sprintf(`%s UNION SELECT o.id, o.total FROM orders AS o WHERE o.user_id IN (%s) AND NOT o.is_deleted`, query, joinIDs(members))
	}
	query, args = paginateOrders(q, query, args)
	return s.db.QueryContext(ctx, query, args...)
}

// userConditions filters deleted users only when no name is given: the
// path that runs to the end, a lookup by name, finds deleted users too.
func userConditions(name string) (string, []any) {
	sql := ` FROM users AS u` // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	if name == "" {
		sql += ` WHERE u.deleted_at IS NULL`
		return sql, nil
	}
	sql += ` WHERE u.name=?`
	return sql, []any{name}
}

func (s *Store) UsersNamed(ctx context.Context, name string) (*sql.Rows, error) {
	query, args := userConditions(name)
	return s.db.QueryContext(ctx, `SELECT u.id`+query, args...)
}

// liveUserConditions is userConditions with the filter on every path.
func liveUserConditions(name string) (string, []any) {
	sql := ` FROM users AS u WHERE u.deleted_at IS NULL`
	if name == "" {
		return sql, nil
	}
	sql += ` AND u.name=?`
	return sql, []any{name}
}

func (s *Store) LiveUsersNamed(ctx context.Context, name string) (*sql.Rows, error) { // want LiveUsersNamed:`reads\(live: users; deleted: \)`
	query, args := liveUserConditions(name)
	return s.db.QueryContext(ctx, `SELECT u.id`+query, args...)
}
