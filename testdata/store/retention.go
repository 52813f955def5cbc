package store

import (
	"context"
	"database/sql"
	"time"
)

// Retention removes rows that outlived what they belong to.
type Retention struct{ db *sql.DB }

// SweepOrphanEvents removes the history of orders that no longer exist at
// all: a soft-deleted order still exists and keeps its events.
func (r *Retention) SweepOrphanEvents(ctx context.Context) (int64, error) { // want SweepOrphanEvents:`writes\(order_events<orders\)`
	res, err := r.db.ExecContext(ctx, `
		DELETE FROM order_events e
		WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = e.order_id)`)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// PurgeUserHistory removes for good the events of every order of a user,
// deleted orders included.
func (r *Retention) PurgeUserHistory(ctx context.Context, userID int64) error { // want PurgeUserHistory:`writes\(order_events:order_id, order_events<orders\)`
	_, err := r.db.ExecContext(ctx, "DELETE FROM order_events USING orders o WHERE o.id = order_events.order_id AND o.user_id = $1", userID)
	return err
}

// UserHistorySize reads through the same subquery to show a count: a
// report, and the deleted orders' events are counted.
func (r *Retention) UserHistorySize(ctx context.Context, userID int64) (n int64, err error) { // want UserHistorySize:`checks\(order_events:order_id, order_events<orders\)`
	err = r.db.QueryRowContext(ctx, "SELECT count(*) FROM order_events WHERE order_id IN (SELECT id FROM orders WHERE user_id = $1)", userID).Scan(&n) // want `orders is a soft-delete table \(is_deleted\) but this subquery does not filter deleted rows: add "AND NOT is_deleted"`
	return n, err
}

// SweepDemoAccounts runs on the public demo, where every account expires
// a week after sign-up: it removes accounts deleted a day ago and those
// past their week, a retention sweep by age.
func (r *Retention) SweepDemoAccounts(ctx context.Context, deletedBefore, createdBefore time.Time) error {
	_, err := r.db.ExecContext(ctx, "DELETE FROM users WHERE deleted_at < $1 OR created_at < $2", deletedBefore, createdBefore)
	return err
}

// SweepDemoAccount also removes the account the request names, live or
// not: a hard delete beside the sweep.
func (r *Retention) SweepDemoAccount(ctx context.Context, deletedBefore time.Time, id int64) error {
	_, err := r.db.ExecContext(ctx, "DELETE FROM users WHERE deleted_at < $1 OR id = $2", deletedBefore, id) // want `users is a soft-delete table \(deleted_at\) but this DELETE removes its rows for good`
	return err
}
