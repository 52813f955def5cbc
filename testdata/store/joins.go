package store

import (
	"context"
	"database/sql"
)

// The JOIN side is unfiltered.
func (s *Store) OrdersWithUsers(ctx context.Context) (*sql.Rows, error) { // want OrdersWithUsers:`reads\(live: orders; deleted: \)`
	return s.db.QueryContext(ctx, "SELECT o.id, u.email FROM orders o JOIN users u ON u.id = o.user_id WHERE NOT o.is_deleted") // want `users is a soft-delete table \(deleted_at\) but this SELECT joins it without filtering deleted rows: add "AND u.deleted_at IS NULL" to its ON clause \[missing-filter\]`
}

func (s *Store) OrdersWithLiveUsers(ctx context.Context) (*sql.Rows, error) { // want OrdersWithLiveUsers:`reads\(live: orders, users; deleted: \)`
	return s.db.QueryContext(ctx, `
		SELECT o.id, u.email
		FROM orders o
		JOIN users u ON u.id = o.user_id AND u.deleted_at IS NULL
		WHERE NOT o.is_deleted`)
}

// Both sides filtered in WHERE: fine for an inner join.
func (s *Store) InnerJoinWhere(ctx context.Context) (*sql.Rows, error) { // want InnerJoinWhere:`reads\(live: orders, users; deleted: \)`
	return s.db.QueryContext(ctx, "SELECT o.id FROM orders o, users u WHERE u.id = o.user_id AND u.deleted_at IS NULL AND o.is_deleted = false")
}

// The multi-line raw string: the finding lands on the line of the table.
func (s *Store) Report(ctx context.Context) (*sql.Rows, error) { // want Report:`reads\(live: users; deleted: \)`
	// want +4 `orders is a soft-delete table \(is_deleted\) but this SELECT joins it without filtering deleted rows: add "AND NOT o.is_deleted" to its ON clause`
	return s.db.QueryContext(ctx, `
		SELECT u.email, count(*)
		FROM users u
		JOIN orders o ON o.user_id = u.id
		WHERE u.deleted_at IS NULL
		GROUP BY u.email`)
}

// LEFT JOIN with the right side's filter in WHERE turns it into an inner join.
func (s *Store) UsersOrderCount(ctx context.Context) (*sql.Rows, error) { // want UsersOrderCount:`reads\(live: users; deleted: \)`
	return s.db.QueryContext(ctx, "SELECT u.id, count(o.id) FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE u.deleted_at IS NULL AND NOT o.is_deleted GROUP BY u.id") // want `orders is a soft-delete table \(is_deleted\) on the nullable side of a LEFT JOIN, but its live-row filter is in WHERE, which drops the rows the outer join keeps: move "NOT o.is_deleted" into the ON clause \[outer-join-filter\]`
}

func (s *Store) UsersOrderCountOn(ctx context.Context) (*sql.Rows, error) { // want UsersOrderCountOn:`reads\(live: users; deleted: \)`
	return s.db.QueryContext(ctx, "SELECT u.id, count(o.id) FROM users u LEFT JOIN orders o ON o.user_id = u.id AND NOT o.is_deleted WHERE u.deleted_at IS NULL GROUP BY u.id")
}

// The outer-row test beside the filter keeps unmatched rows: deliberate.
func (s *Store) UsersWithoutLiveOrders(ctx context.Context) (*sql.Rows, error) { // want UsersWithoutLiveOrders:`reads\(live: users; deleted: \)`
	return s.db.QueryContext(ctx, "SELECT u.id FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE u.deleted_at IS NULL AND (o.id IS NULL OR o.is_deleted = false)")
}

func (s *Store) RightJoin(ctx context.Context) (*sql.Rows, error) { // want RightJoin:`reads\(live: orders; deleted: \)`
	return s.db.QueryContext(ctx, "SELECT u.id FROM users u RIGHT JOIN orders o ON o.user_id = u.id WHERE u.deleted_at IS NULL AND NOT o.is_deleted") // want `users is a soft-delete table \(deleted_at\) on the nullable side of a RIGHT JOIN`
}

// An unfiltered LEFT JOIN side is a missing filter, to be added in ON.
func (s *Store) LeftJoinUnfiltered(ctx context.Context) (*sql.Rows, error) { // want LeftJoinUnfiltered:`reads\(live: users; deleted: \)`
	return s.db.QueryContext(ctx, "SELECT u.id, n.body FROM users u LEFT JOIN notes n ON n.user_id = u.id WHERE u.deleted_at IS NULL") // want `notes is a soft-delete table \(deleted_at\) but this SELECT joins it without filtering deleted rows: add "AND n.deleted_at IS NULL" to its ON clause`
}

// OR: the filter guards only one branch (operator precedence).
func (s *Store) Search(ctx context.Context, q string) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT id FROM users WHERE email = $1 OR name = $1 AND deleted_at IS NULL", q) // want `users is a soft-delete table \(deleted_at\) but this SELECT filters deleted rows in only some branches of an OR`
}

func (s *Store) SearchBothBranches(ctx context.Context, q string) (*sql.Rows, error) { // want SearchBothBranches:`reads\(live: users; deleted: \)`
	return s.db.QueryContext(ctx, "SELECT id FROM users WHERE (email = $1 AND deleted_at IS NULL) OR (name = $1 AND deleted_at IS NULL)", q)
}

func (s *Store) SearchParenthesised(ctx context.Context, q string) (*sql.Rows, error) { // want SearchParenthesised:`reads\(live: users; deleted: \)`
	return s.db.QueryContext(ctx, "SELECT id FROM users WHERE (email = $1 OR name = $1) AND deleted_at IS NULL", q)
}
