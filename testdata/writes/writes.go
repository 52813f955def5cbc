// Package writes deletes, purges, soft-deletes and restores
// (hard-delete, redelete), through every SQL source: literals, constants,
// concatenation, fmt.Sprintf and a wrapper of another package.
package writes

import (
	"context"
	"database/sql"
	"fmt"

	"example.com/shop/dbx"
)

type Store struct {
	db *sql.DB
	x  *dbx.DB
}

// DeleteNote removes a note for good.
func (s *Store) DeleteNote(ctx context.Context, id int64) error { // want DeleteNote:`writes\(notes:id\)` DeleteNote:`deferred\(hard\-delete notes writes/writes\.go:21\[1\]\)`
	_, err := s.db.ExecContext(ctx, "DELETE FROM notes WHERE id = $1", id) // want `notes is a soft-delete table \(deleted_at\) but this DELETE removes its rows for good: soft-delete them instead \("UPDATE notes SET deleted_at = now\(\) WHERE …"\), or, if this purges rows already deleted, add "AND deleted_at IS NOT NULL" \[hard-delete\]`
	return err
}

// DeleteUserNotes hard-deletes inside a CTE.
func (s *Store) DeleteUserNotes(ctx context.Context, userID int64) (*sql.Rows, error) { // want DeleteUserNotes:`writes\(notes:user_id\)`
	return s.db.QueryContext(ctx, "WITH gone AS (DELETE FROM notes WHERE user_id = $1 RETURNING id) SELECT count(*) FROM gone", userID) // want `notes is a soft-delete table \(deleted_at\) but this DELETE removes its rows for good`
}

// DeleteOrders hard-deletes through fmt.Sprintf and a wrapper.
func (s *Store) DeleteOrders(ctx context.Context) { // want DeleteOrders:`writes\(orders:user_id, users:email\)`
	s.db.ExecContext(ctx, fmt.Sprintf("DELETE FROM %s WHERE user_id = $1", "orders"), 1) // want `orders is a soft-delete table \(is_deleted\) but this DELETE removes its rows for good: soft-delete them instead \("UPDATE orders SET is_deleted = true WHERE …"\), or, if this purges rows already deleted, add "AND is_deleted"`
	s.x.Must(ctx, "DELETE FROM users WHERE email = $1", "a@example.com")                 // want `users is a soft-delete table \(deleted_at\) but this DELETE removes its rows for good`
}

// A DELETE whose filter is built at run time may be a purge.
func (s *Store) DeleteWhere(ctx context.Context, cond string) { // want DeleteWhere:`writes\(notes\)`
	s.db.ExecContext(ctx, "DELETE FROM notes WHERE "+cond)
}

// Countries are not soft-deleted: a DELETE is the only delete there is.
func (s *Store) DeleteCountry(ctx context.Context, code string) { // want DeleteCountry:`writes\(countries:code\)`
	s.db.ExecContext(ctx, "DELETE FROM countries WHERE code = $1", code)
}

const purgeNotes = "DELETE FROM notes WHERE deleted_at < now() - interval '30 days'"

// Purges constrain the soft-delete column to deleted rows: silent.
func (s *Store) Purge(ctx context.Context) { // want Purge:`writes\(notes, notes:id, orders, orders:user_id, users\)`
	s.db.ExecContext(ctx, purgeNotes)
	s.db.ExecContext(ctx, "DELETE FROM users WHERE deleted_at IS NOT NULL")
	s.db.ExecContext(ctx, "DELETE FROM orders WHERE is_deleted")
	s.db.ExecContext(ctx, "DELETE FROM orders WHERE is_deleted = true AND user_id = $1", 1)
	s.db.ExecContext(ctx, "DELETE FROM notes WHERE id IN (SELECT id FROM notes WHERE deleted_at < $1 LIMIT 1000)", 1)
}

// SoftDeleteNote stamps notes already deleted again.
func (s *Store) SoftDeleteNote(ctx context.Context, id int64) error { // want SoftDeleteNote:`writes\(notes:id\)` SoftDeleteNote:`deferred\(redelete notes writes/writes\.go:59\[1\]\)`
	_, err := s.db.ExecContext(ctx, "UPDATE notes SET deleted_at = now() WHERE id = $1", id) // want `notes is a soft-delete table \(deleted_at\) but this UPDATE sets deleted_at on rows already deleted too, overwriting the time they were deleted: add "AND deleted_at IS NULL" \[redelete\]`
	return err
}

// SoftDeleteNotes builds the same mistake by concatenation.
func (s *Store) SoftDeleteNotes(ctx context.Context, userID int64) error { // want SoftDeleteNotes:`writes\(notes:user_id\)`
	_, err := s.db.ExecContext(ctx, "UPDATE notes n SET deleted_at = now() "+ // want `notes is a soft-delete table \(deleted_at\) but this UPDATE sets deleted_at on rows already deleted too, overwriting the time they were deleted: add "AND n.deleted_at IS NULL"`
		"WHERE n.user_id = $1", userID)
	return err
}

// Guarded soft deletes, restores, kept times and booleans: silent.
func (s *Store) Fine(ctx context.Context, id int64) { // want Fine:`writes\(notes:id\)`
	s.db.ExecContext(ctx, "UPDATE notes SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", id)
	s.db.ExecContext(ctx, "UPDATE notes SET deleted_at = coalesce(deleted_at, now()) WHERE id = $1", id)
	s.db.ExecContext(ctx, "UPDATE notes SET deleted_at = NULL WHERE id = $1", id)
	s.db.ExecContext(ctx, "UPDATE users SET deleted_at = NULL WHERE id = $1", id)
}

// A boolean flag records no time: no redelete; the orders' children are
// its callers' to cascade.
func (s *Store) HideOrders(ctx context.Context, userID int64) { // want HideOrders:`writes\(orders:user_id\)` HideOrders:`callercascades\(orders\)`
	s.db.ExecContext(ctx, "UPDATE orders SET is_deleted = true WHERE user_id = $1", userID)
}
