// Package store holds the queries the analyzer must judge, one case per
// function, the way an application's data layer writes them.
package store

import (
	"context"
	"database/sql"
)

type Store struct{ db *sql.DB }

func (s *Store) UserByID(ctx context.Context, id int64) *sql.Row { // want UserByID:`deferred\(missing\-filter users store/select\.go:13\[1\]\)`
	return s.db.QueryRowContext(ctx, "SELECT id, email FROM users WHERE id = $1", id) // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "AND deleted_at IS NULL" \[missing-filter\]`
}

func (s *Store) AllUsers() (*sql.Rows, error) {
	return s.db.Query("SELECT id, email FROM users") // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "WHERE deleted_at IS NULL"`
}

func (s *Store) LiveUser(ctx context.Context, id int64) *sql.Row { // want LiveUser:`reads\(live: users; deleted: \)`
	return s.db.QueryRowContext(ctx, "SELECT id, email FROM users u WHERE u.id = $1 AND u.deleted_at IS NULL", id)
}

func (s *Store) LiveUserUnqualified(ctx context.Context, id int64) *sql.Row { // want LiveUserUnqualified:`reads\(live: users; deleted: \)`
	return s.db.QueryRowContext(ctx, "SELECT id FROM public.users WHERE deleted_at IS NULL AND id = $1", id)
}

func (s *Store) LiveUserNotDistinct(ctx context.Context) (*sql.Rows, error) { // want LiveUserNotDistinct:`reads\(live: users; deleted: \)`
	return s.db.QueryContext(ctx, "SELECT id FROM users WHERE deleted_at IS NOT DISTINCT FROM NULL")
}

func (s *Store) Orders(ctx context.Context, userID int64) (*sql.Rows, error) {
	return s.db.QueryContext(ctx, "SELECT id, total FROM orders WHERE user_id = $1", userID) // want `orders is a soft-delete table \(is_deleted\) but this SELECT does not filter deleted rows: add "AND NOT is_deleted"`
}

func (s *Store) LiveOrders(ctx context.Context, userID int64) (*sql.Rows, error) { // want LiveOrders:`reads\(live: orders; deleted: \)`
	q1, _ := s.db.QueryContext(ctx, "SELECT id FROM orders WHERE user_id = $1 AND is_deleted = false", userID)
	q2, _ := s.db.QueryContext(ctx, "SELECT id FROM orders WHERE user_id = $1 AND NOT is_deleted", userID)
	q3, _ := s.db.QueryContext(ctx, "SELECT id FROM orders o WHERE o.user_id = $1 AND o.is_deleted IS FALSE", userID)
	_, _ = q1, q2
	return q3, nil
}

// Countries has no soft-delete column: nothing to filter.
func (s *Store) Countries() (*sql.Rows, error) {
	return s.db.Query("SELECT code, name FROM countries")
}

// The archive schema's countries table is soft-deleted, public's is not.
func (s *Store) ArchivedCountries() (*sql.Rows, error) {
	return s.db.Query("SELECT code FROM archive.countries") // want `countries is a soft-delete table \(deleted_at\)`
}

// A table the migrations renamed and gave a soft-delete column later.
func (s *Store) Notes(userID int64) (*sql.Rows, error) {
	return s.db.Query("SELECT body FROM notes WHERE user_id = $1", userID) // want `notes is a soft-delete table \(deleted_at\)`
}

// The column was dropped again: audit_events is not soft-deleted.
func (s *Store) Audit() (*sql.Rows, error) {
	return s.db.Query("SELECT action FROM audit_events")
}

// A quoted mixed-case soft-delete column.
func (s *Store) Items(orderID int64) (*sql.Rows, error) {
	return s.db.Query(`SELECT sku FROM order_items WHERE order_id = $1`, orderID) // want "order_items is a soft-delete table \\(DeletedAt\\) but this SELECT does not filter deleted rows: add .AND \"DeletedAt\" IS NULL."
}

func (s *Store) LiveItems(orderID int64) (*sql.Rows, error) { // want LiveItems:`reads\(live: order_items; deleted: \)`
	return s.db.Query(`SELECT sku FROM order_items WHERE order_id = $1 AND "DeletedAt" IS NULL`, orderID)
}

// The view filters deleted rows itself.
func (s *Store) ActiveUsers() (*sql.Rows, error) {
	return s.db.Query("SELECT id, email FROM active_users")
}

// Row-level security hides deleted documents.
func (s *Store) Documents(owner int64) (*sql.Rows, error) { // want Documents:`reads\(live: billing\.documents; deleted: \)`
	return s.db.Query("SELECT id, title FROM billing.documents WHERE owner_id = $1", owner)
}

// A table the migrations do not know.
func (s *Store) Unknown() (*sql.Rows, error) {
	return s.db.Query("SELECT * FROM sessions")
}

// CountUsers is CountAllUsers in the store's own code: reported.
func (s *Store) CountUsers(ctx context.Context) (n int, err error) {
	err = s.db.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&n) // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	return n, err
}
