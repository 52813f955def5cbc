package bunstore

import (
	"context"
	"time"

	"github.com/uptrace/bun"
)

// Account is a user as the admin pages read it, with its orders. It does
// not mark the soft-delete column: bun adds no filter.
type Account struct {
	bun.BaseModel `bun:"table:users,alias:a"`

	ID     int64 `bun:",pk"`
	Email  string
	Name   string
	Orders []*Order `bun:"rel:has-many,join:id=user_id"`
}

// Order marks its soft-delete column.
type Order struct {
	bun.BaseModel `bun:"table:orders,alias:o"`

	ID        int64 `bun:",pk"`
	UserID    int64
	Total     float64
	DeletedAt time.Time `bun:",soft_delete,nullzero"`
}

// The relations the caller names, a sort it may ask for: the accounts
// still include deleted users. Reported.
func (s *Store) ListAccounts(ctx context.Context, relations []string, byEmail bool) ([]Account, error) {
	var as []Account
	q := s.db.NewSelect().Model(&as) // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	for _, r := range relations {
		q = q.Relation(r)
	}
	if byEmail {
		q = q.Order("email")
	}
	err := q.Scan(ctx)
	return as, err
}

// With the filter, locked for the caller's update: not reported.
func (s *Store) LockLiveAccounts(ctx context.Context, relations []string) ([]Account, error) { // want LockLiveAccounts:`reads\(live: users; deleted: \)`
	var as []Account
	q := s.db.NewSelect().Model(&as).Where("a.deleted_at IS NULL")
	for _, r := range relations {
		q = q.Relation(r)
	}
	err := q.For("UPDATE").Scan(ctx)
	return as, err
}

// UpdateOrder sets the fields the input has: bun keeps the update to
// live orders. Not reported.
func (s *Store) UpdateOrder(ctx context.Context, id int64, total, user int64) error {
	o := &Order{ID: id}
	fields := []string{}
	if total != 0 {
		o.Total = float64(total)
		fields = append(fields, "total")
	}
	if user != 0 {
		o.UserID = user
		fields = append(fields, "user_id")
	}
	if len(fields) == 0 {
		return nil // bun would set every column
	}
	_, err := s.db.NewUpdate().Model(o).Column(fields...).Where("id = ?", id).Exec(ctx)
	return err
}

// A join the caller's filter adds on some paths: each way is judged, and
// the way with the join reads deleted orders. Reported.
func (s *Store) AccountsWithOrdersOver(ctx context.Context, minTotal int64) ([]Account, error) { // want AccountsWithOrdersOver:`reads\(live: users; deleted: \)`
	var as []Account
	q := s.db.NewSelect().Model(&as).Where("a.deleted_at IS NULL")
	if minTotal > 0 {
		q = q.Join("JOIN orders AS o2 ON o2.user_id = a.id").Where("o2.total >= ?", minTotal) // want `orders is a soft-delete table \(deleted_at\) but this SELECT joins it without filtering deleted rows`
	}
	err := q.Scan(ctx)
	return as, err
}

// The same join keeping to live orders: not reported.
func (s *Store) AccountsWithLiveOrdersOver(ctx context.Context, minTotal int64) ([]Account, error) { // want AccountsWithLiveOrdersOver:`reads\(live: orders, users; deleted: \)`
	var as []Account
	q := s.db.NewSelect().Model(&as).Where("a.deleted_at IS NULL")
	if minTotal > 0 {
		q = q.Join("JOIN orders AS o2 ON o2.user_id = a.id AND o2.deleted_at IS NULL").Where("o2.total >= ?", minTotal)
	}
	err := q.Scan(ctx)
	return as, err
}
