package bunstore

import (
	"context"

	"github.com/uptrace/bun"
)

// Searches as list endpoints write them: a term matched against several
// columns in one group, a page applied by a helper, DISTINCT, a join
// whose conditions are added one by one.

// liveNotes is the scope the store applies to its reads of notes.
func liveNotes(q *bun.SelectQuery) *bun.SelectQuery { return q.Where("deleted_at IS NULL") }

// page returns the function that cuts one page out of a list.
func page(n int64) func(*bun.SelectQuery) *bun.SelectQuery {
	return func(q *bun.SelectQuery) *bun.SelectQuery {
		return q.Limit(20).Offset(20 * n)
	}
}

// The group matches the term; nothing keeps deleted notes out.
func (s *Store) SearchNotes(ctx context.Context, term string) ([]Note, error) {
	var ns []Note
	err := s.db.NewSelect().Model(&ns). // want `notes is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
						WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("body ILIKE ?", term).WhereOr("body = ?", term)
		}).
		Scan(ctx)
	return ns, err
}

// The same group beside the live filter: not reported.
func (s *Store) SearchLiveNotes(ctx context.Context, term string) ([]Note, error) { // want SearchLiveNotes:`reads\(live: notes; deleted: \)`
	var ns []Note
	err := s.db.NewSelect().Model(&ns).
		Where("deleted_at IS NULL").
		WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("body ILIKE ?", term).WhereOr("body = ?", term)
		}).
		Scan(ctx)
	return ns, err
}

// The live filter is one side of an OR: deleted notes that match the
// term are read.
func (s *Store) NotesLiveOrMatching(ctx context.Context, term string) ([]Note, error) {
	var ns []Note
	err := s.db.NewSelect().Model(&ns). // want `notes is a soft-delete table \(deleted_at\) but this SELECT filters deleted rows in only some branches of an OR`
						Where("deleted_at IS NULL").
						WhereOr("body = ?", term).
						Scan(ctx)
	return ns, err
}

// The store's scope through Apply: not reported.
func (s *Store) NotesPage(ctx context.Context, n int64) ([]Note, error) { // want NotesPage:`reads\(live: notes; deleted: \)`
	var ns []Note
	err := s.db.NewSelect().Model(&ns).Apply(liveNotes, page(n)).Scan(ctx)
	return ns, err
}

// Only the page through Apply: reported.
func (s *Store) AnyNotesPage(ctx context.Context, n int64) ([]Note, error) {
	var ns []Note
	err := s.db.NewSelect().Model(&ns).Apply(page(n)).Scan(ctx) // want `notes is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	return ns, err
}

// The teams that have users, deleted ones included: reported.
func (s *Store) TeamsWithUsers(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := s.db.NewSelect().Table("users").Column("team_id").Distinct().Scan(ctx, &ids) // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	return ids, err
}

// The newest live note per body: not reported.
func (s *Store) NewestNotes(ctx context.Context) ([]Note, error) { // want NewestNotes:`reads\(live: notes; deleted: \)`
	var ns []Note
	err := s.db.NewSelect().Model(&ns).DistinctOn("body").Where("deleted_at IS NULL").OrderExpr("body, id DESC").Scan(ctx)
	return ns, err
}

// The join's conditions added with JoinOn, the live filter among them:
// not reported.
func (s *Store) UsersWithLiveOrdersOn(ctx context.Context) ([]User, error) { // want UsersWithLiveOrdersOn:`reads\(live: orders, users; deleted: \)`
	var us []User
	err := s.db.NewSelect().Model(&us).
		Join("JOIN orders AS o").
		JoinOn("o.user_id = u.id").
		JoinOn("o.deleted_at IS NULL").
		Scan(ctx)
	return us, err
}

// JoinOn without it: reported.
func (s *Store) UsersWithOrdersOn(ctx context.Context) ([]User, error) { // want UsersWithOrdersOn:`reads\(live: users; deleted: \)`
	var us []User
	err := s.db.NewSelect().Model(&us).
		Join("JOIN orders AS o"). // want `orders is a soft-delete table \(deleted_at\) but this SELECT joins it without filtering deleted rows`
		JoinOn("o.user_id = u.id").
		Scan(ctx)
	return us, err
}

