package store

import (
	"context"
	"database/sql"
)

func (s *Store) UsersWithOrders(ctx context.Context) (*sql.Rows, error) { // want UsersWithOrders:`reads\(live: users; deleted: \)`
	return s.db.QueryContext(ctx, "SELECT id FROM users WHERE deleted_at IS NULL AND id IN (SELECT user_id FROM orders)") // want `orders is a soft-delete table \(is_deleted\) but this subquery does not filter deleted rows: add "WHERE NOT is_deleted"`
}

func (s *Store) UsersWithLiveOrders(ctx context.Context) (*sql.Rows, error) { // want UsersWithLiveOrders:`reads\(live: users; deleted: \)`
	return s.db.QueryContext(ctx, "SELECT id FROM users u WHERE u.deleted_at IS NULL AND EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND NOT o.is_deleted)")
}

func (s *Store) ExistsUnfiltered(ctx context.Context) (*sql.Rows, error) { // want ExistsUnfiltered:`reads\(live: users; deleted: \)`
	return s.db.QueryContext(ctx, "SELECT id FROM users u WHERE u.deleted_at IS NULL AND EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)") // want `orders is a soft-delete table \(is_deleted\) but this subquery does not filter deleted rows: add "AND NOT o.is_deleted"`
}

func (s *Store) ScalarSubquery(ctx context.Context) (*sql.Rows, error) { // want ScalarSubquery:`reads\(live: orders; deleted: \)`
	return s.db.QueryContext(ctx, "SELECT o.id, (SELECT email FROM users u WHERE u.id = o.user_id) FROM orders o WHERE NOT o.is_deleted") // want `users is a soft-delete table \(deleted_at\) but this subquery does not filter deleted rows: add "AND u.deleted_at IS NULL"`
}

// A correlated subquery that tests the outer row's column filters it.
func (s *Store) CorrelatedFilter(ctx context.Context) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT o.id FROM orders o WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = o.user_id AND u.deleted_at IS NULL AND NOT o.is_deleted)")
}

func (s *Store) DerivedTable(ctx context.Context) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT x.id FROM (SELECT id FROM users) x") // want `users is a soft-delete table \(deleted_at\) but this subquery does not filter deleted rows: add "WHERE deleted_at IS NULL"`
}

func (s *Store) CTE(ctx context.Context) (*sql.Rows, error) { // want CTE:`reads\(live: users; deleted: \)`
	return s.db.QueryContext(ctx, "WITH big AS (SELECT user_id, sum(total) AS t FROM orders GROUP BY user_id) SELECT u.email, big.t FROM users u JOIN big ON big.user_id = u.id WHERE u.deleted_at IS NULL") // want `orders is a soft-delete table \(is_deleted\) but this CTE big does not filter deleted rows`
}

// A CTE named like a table shadows it.
func (s *Store) CTEShadows(ctx context.Context) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "WITH users AS (SELECT id FROM users WHERE deleted_at IS NULL) SELECT id FROM users")
}

func (s *Store) Union(ctx context.Context) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT email FROM users WHERE deleted_at IS NULL UNION ALL SELECT email FROM users WHERE name = 'x'") // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "AND deleted_at IS NULL"`
}

func (s *Store) InsertSelect(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO audit_events (user_id, action) SELECT id, 'export' FROM users") // want `users is a soft-delete table \(deleted_at\) but this INSERT … SELECT does not filter deleted rows`
	return err
}

func (s *Store) UpdateFrom(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, "UPDATE orders o SET total = 0 FROM users u WHERE u.id = o.user_id AND NOT o.is_deleted") // want `users is a soft-delete table \(deleted_at\) but this UPDATE does not filter deleted rows: add "AND u.deleted_at IS NULL"`
	return err
}

// Two statements in one string: each is judged.
func (s *Store) TwoStatements(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, "SELECT 1 FROM users WHERE deleted_at IS NULL; SELECT 1 FROM orders") // want `orders is a soft-delete table`
	return err
}

// A row found live through its own primary key in a subquery is live: the
// key matches one row, and the subquery keeps it only if it is live.
func (s *Store) LiveByKeyIn(ctx context.Context, ids []int64) (*sql.Rows, error) { // want LiveByKeyIn:`reads\(live: users; deleted: \)`
	return s.db.QueryContext(ctx, "SELECT u.email FROM users u WHERE u.id IN (SELECT id FROM users WHERE deleted_at IS NULL AND id = ANY($1))", ids)
}

// Through a column that is no key, other rows can be the live ones.
func (s *Store) LiveByNameIn(ctx context.Context) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT u.email FROM users u WHERE u.name IN (SELECT name FROM users WHERE deleted_at IS NULL)") // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "AND u.deleted_at IS NULL"`
}

func (s *Store) LiveByKeyExists(ctx context.Context) (*sql.Rows, error) { // want LiveByKeyExists:`reads\(live: users; deleted: \)`
	return s.db.QueryContext(ctx, "SELECT u.email FROM users u WHERE EXISTS (SELECT 1 FROM users x WHERE x.id = u.id AND x.deleted_at IS NULL)")
}

func (s *Store) LiveByNameExists(ctx context.Context) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT u.email FROM users u WHERE EXISTS (SELECT 1 FROM users x WHERE x.name = u.name AND x.deleted_at IS NULL)") // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "AND u.deleted_at IS NULL"`
}

// An UPDATE of the rows a CTE found live by key.
func (s *Store) RenameLiveByKey(ctx context.Context) (sql.Result, error) {
	return s.db.ExecContext(ctx, "WITH live AS (SELECT id FROM users WHERE deleted_at IS NULL AND email LIKE '%@old.example') UPDATE users SET email = replace(email, 'old', 'new') FROM live WHERE users.id = live.id")
}

func (s *Store) RenameLiveByName(ctx context.Context) (sql.Result, error) {
	return s.db.ExecContext(ctx, "WITH live AS (SELECT name FROM users WHERE deleted_at IS NULL) UPDATE users SET email = lower(email) FROM live WHERE users.name = live.name") // want `users is a soft-delete table \(deleted_at\) but this UPDATE does not filter deleted rows`
}
