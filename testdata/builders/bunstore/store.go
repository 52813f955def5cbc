// Package bunstore reads and writes through bun.
package bunstore

import (
	"context"
	"errors"
	"time"

	"github.com/uptrace/bun"

	"example.com/builders/bunconn"
)

// User marks its soft-delete column: bun filters its queries itself.
type User struct {
	bun.BaseModel `bun:"table:users,alias:u"`

	ID        int64 `bun:",pk,autoincrement"`
	Email     string
	Name      string
	TeamID    int64
	DeletedAt time.Time `bun:",soft_delete,nullzero"`
}

// Note has a deleted_at column that bun does not know about.
type Note struct {
	ID        int64 `bun:",pk"`
	Body      string
	DeletedAt *time.Time
}

type Store struct{ db *bun.DB }

func New(db *bun.DB) *Store { return &Store{db: db} }

// Model queries are filtered by bun: not reported.
func (s *Store) UsersNamed(ctx context.Context, name string) ([]User, error) { // want UsersNamed:`reads\(live: users; deleted: \)`
	var us []User
	err := s.db.NewSelect().Model(&us).Where("name = ?", name).Order("email").Limit(10).Scan(ctx)
	return us, err
}

func (s *Store) CountUsers(ctx context.Context) (int64, error) { // want CountUsers:`checks\(users:team_id\)` CountUsers:`reads\(live: users; deleted: \)`
	return s.db.NewSelect().Model((*User)(nil)).Where("team_id = ?", 1).Count(ctx)
}

func (s *Store) RenameUser(ctx context.Context, name string) error {
	u := &User{ID: 1}
	_, err := s.db.NewUpdate().Model(u).Set("name = ?", name).WherePK().Exec(ctx)
	return err
}

// A soft delete (bun writes an UPDATE of deleted_at): not reported.
func (s *Store) DeleteUser(ctx context.Context, id int64) error { // want DeleteUser:`writes\(users:id\)`
	_, err := s.db.NewDelete().Model((*User)(nil)).Where("id = ?", id).Exec(ctx)
	return err
}

// Deleted rows asked for by name: not reported.
func (s *Store) AllUsers(ctx context.Context) ([]User, error) {
	var us []User
	err := s.db.NewSelect().Model(&us).WhereAllWithDeleted().Scan(ctx)
	return us, err
}

func (s *Store) TrashedUsers(ctx context.Context) ([]User, error) { // want TrashedUsers:`reads\(live: ; deleted: users\)`
	var us []User
	err := s.db.NewSelect().Model(&us).WhereDeleted().Scan(ctx)
	return us, err
}

func (s *Store) PurgeUser(ctx context.Context, id int64) error { // want PurgeUser:`writes\(users:id\)`
	_, err := s.db.NewDelete().Model((*User)(nil)).Where("id = ?", id).ForceDelete().Exec(ctx)
	return err
}

// A raw join: bun filters the model's table only.
func (s *Store) UsersWithOrders(ctx context.Context) ([]User, error) { // want UsersWithOrders:`reads\(live: users; deleted: \)`
	var us []User
	err := s.db.NewSelect().Model(&us).
		Join("JOIN orders AS o ON o.user_id = u.id"). // want `orders is a soft-delete table \(deleted_at\) but this SELECT joins it without filtering deleted rows`
		Scan(ctx)
	return us, err
}

func (s *Store) UsersWithLiveOrders(ctx context.Context) ([]User, error) { // want UsersWithLiveOrders:`reads\(live: orders, users; deleted: \)`
	var us []User
	err := s.db.NewSelect().Model(&us).
		Join("JOIN orders AS o ON o.user_id = u.id AND o.deleted_at IS NULL").
		Scan(ctx)
	return us, err
}

// Tables without a soft_delete model get no filter.
func (s *Store) UserIDs(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := s.db.NewSelect().Table("users").Column("id").Scan(ctx, &ids) // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	return ids, err
}

func (s *Store) Notes(ctx context.Context) ([]Note, error) {
	var ns []Note
	err := s.db.NewSelect().Model(&ns).Scan(ctx) // want `notes is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	return ns, err
}

func (s *Store) LiveNotes(ctx context.Context) ([]Note, error) { // want LiveNotes:`reads\(live: notes; deleted: \)`
	var ns []Note
	err := s.db.NewSelect().Model(&ns).Where("note.deleted_at IS NULL").Scan(ctx)
	return ns, err
}

// A subquery in ColumnExpr is SQL text.
func (s *Store) UsersOrderCount(ctx context.Context) ([]User, error) { // want UsersOrderCount:`reads\(live: users; deleted: \)`
	var us []User
	err := s.db.NewSelect().Model(&us).
		ColumnExpr("u.id, (SELECT count(*) FROM orders WHERE orders.user_id = u.id) AS n"). // want `orders is a soft-delete table \(deleted_at\) but this subquery does not filter deleted rows`
		Scan(ctx)
	return us, err
}

// NewRaw is plain SQL.
func (s *Store) RawUsers(ctx context.Context) ([]User, error) {
	var us []User
	err := s.db.NewRaw("SELECT id, email FROM users WHERE team_id = ?", 1).Scan(ctx, &us) // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	return us, err
}

type txKey struct{}

// conn is the transaction the context carries, else the database: a query
// started on either is the same query.
func (s *Store) conn(ctx context.Context) bun.IDB {
	if tx, ok := ctx.Value(txKey{}).(bun.Tx); ok {
		return tx
	}
	return s.db
}

func (s *Store) NotesInTx(ctx context.Context) ([]Note, error) {
	var ns []Note
	err := s.conn(ctx).NewSelect().Model(&ns).Scan(ctx) // want `notes is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	return ns, err
}

func (s *Store) LiveNotesInTx(ctx context.Context) ([]Note, error) { // want LiveNotesInTx:`reads\(live: notes; deleted: \)`
	var ns []Note
	err := s.conn(ctx).NewSelect().Model(&ns).Where("note.deleted_at IS NULL").Scan(ctx)
	return ns, err
}

func (s *Store) NotesIn(ctx context.Context, tx *bun.Tx) ([]Note, error) {
	var ns []Note
	err := bunconn.IDB(tx, s.db).NewSelect().Model(&ns).Scan(ctx) // want `notes is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	return ns, err
}

func (s *Store) LiveNotesIn(ctx context.Context, tx *bun.Tx) ([]Note, error) { // want LiveNotesIn:`reads\(live: notes; deleted: \)`
	var ns []Note
	err := bunconn.IDB(tx, s.db).NewSelect().Model(&ns).Where("note.deleted_at IS NULL").Scan(ctx)
	return ns, err
}

// Counted by helpers of another package, on a connection this package
// chooses: judged where the helpers build their queries (the renderer runs
// them there).
func (s *Store) noteCounts(ctx context.Context, tx *bun.Tx) (int64, int64, error) {
	all, err1 := bunconn.CountNotes(ctx, bunconn.IDB(tx, s.db))
	live, err2 := bunconn.CountLiveNotes(ctx, s.conn(ctx))
	return all, live, errors.Join(err1, err2)
}
