// Package goqustore builds its queries with goqu and sends the text
// ToSQL renders.
package goqustore

import (
	"context"
	"database/sql"

	"github.com/doug-martin/goqu/v9"
	_ "github.com/doug-martin/goqu/v9/dialect/postgres"
)

// DB is what the store needs of a connection (sql.DB has it; the render
// check passes a recorder).
type DB interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

var pg = goqu.Dialect("postgres")

type Store struct {
	db DB
	d  goqu.DialectWrapper
}

func New(db DB) *Store { return &Store{db: db, d: goqu.Dialect("postgres")} }

func (s *Store) query(ctx context.Context, q string, args []any, err error) (*sql.Rows, error) { // want query:`sqlwrapper\(1\)`
	if err != nil {
		return nil, err
	}
	return s.db.QueryContext(ctx, q, args...)
}

func (s *Store) AllUsers(ctx context.Context) (*sql.Rows, error) {
	q, args, err := goqu.From("users").Select("id", "email").ToSQL() // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	if err != nil {
		return nil, err
	}
	return s.db.QueryContext(ctx, q, args...)
}

func (s *Store) LiveUsers(ctx context.Context) (*sql.Rows, error) { // want LiveUsers:`reads\(live: users; deleted: \)`
	q, args, err := goqu.From("users").Select("id", "email").Where(goqu.C("deleted_at").IsNull()).ToSQL()
	if err != nil {
		return nil, err
	}
	return s.db.QueryContext(ctx, q, args...)
}

func (s *Store) LiveUsersEx(ctx context.Context, team int64) (*sql.Rows, error) { // want LiveUsersEx:`reads\(live: users; deleted: \)`
	q, args, err := pg.From("users").Where(goqu.Ex{"deleted_at": nil, "team_id": team}).ToSQL()
	if err != nil {
		return nil, err
	}
	return s.db.QueryContext(ctx, q, args...)
}

func (s *Store) UsersByTeam(ctx context.Context, team int64) (*sql.Rows, error) {
	q, args, err := s.d.From("users"). // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
						Select("id").
						Where(goqu.Ex{"team_id": team}).
						Order(goqu.C("id").Asc()).
						Limit(10).
						ToSQL()
	if err != nil {
		return nil, err
	}
	return s.db.QueryContext(ctx, q, args...)
}

// Prepared statements: $n placeholders, the same structure.
func (s *Store) LiveUserPrepared(ctx context.Context, id int64) (*sql.Rows, error) { // want LiveUserPrepared:`reads\(live: users; deleted: \)`
	q, args, err := pg.From("users").Prepared(true).
		Select("id", "email").
		Where(goqu.C("id").Eq(id), goqu.I("users.deleted_at").IsNull()).
		ToSQL()
	return s.query(ctx, q, args, err)
}

// A join onto a soft-delete table without its filter.
func (s *Store) OrdersWithUsers(ctx context.Context) (*sql.Rows, error) { // want OrdersWithUsers:`reads\(live: orders; deleted: \)`
	q, args, err := pg.From(goqu.T("orders").As("o")).
		Select("o.id", goqu.I("u.email")).
		Join(goqu.T("users").As("u"), goqu.On(goqu.Ex{"u.id": goqu.I("o.user_id")})). // want `users is a soft-delete table \(deleted_at\) but this SELECT joins it without filtering deleted rows`
		Where(goqu.Ex{"o.deleted_at": nil}).
		ToSQL()
	return s.query(ctx, q, args, err)
}

func (s *Store) OrdersWithLiveUsers(ctx context.Context) (*sql.Rows, error) { // want OrdersWithLiveUsers:`reads\(live: orders, users; deleted: \)`
	q, args, err := pg.From(goqu.T("orders").As("o")).
		Select("o.id", goqu.I("u.email")).
		InnerJoin(goqu.T("users").As("u"), goqu.On(goqu.I("u.id").Eq(goqu.I("o.user_id")), goqu.I("u.deleted_at").IsNull())).
		Where(goqu.I("o.deleted_at").IsNull()).
		ToSQL()
	return s.query(ctx, q, args, err)
}

// The filter of the nullable side in ON: right.
func (s *Store) UsersLeftLiveOrders(ctx context.Context) (*sql.Rows, error) { // want UsersLeftLiveOrders:`reads\(live: users; deleted: \)`
	q, args, err := pg.From(goqu.T("users").As("u")).
		Select("u.id", goqu.L("count(o.id)")).
		LeftJoin(goqu.T("orders").As("o"), goqu.On(goqu.Ex{"o.user_id": goqu.I("u.id"), "o.deleted_at": nil})).
		Where(goqu.Ex{"u.deleted_at": nil}).
		GroupBy("u.id").
		ToSQL()
	return s.query(ctx, q, args, err)
}

// The filter of the nullable side in WHERE: wrong.
func (s *Store) UsersLeftOrders(ctx context.Context) (*sql.Rows, error) { // want UsersLeftOrders:`reads\(live: users; deleted: \)`
	q, args, err := pg.From(goqu.T("users").As("u")).
		Select("u.id").
		LeftJoin(goqu.T("orders").As("o"), goqu.On(goqu.Ex{"o.user_id": goqu.I("u.id")})). // want `orders is a soft-delete table \(deleted_at\) on the nullable side of a LEFT JOIN, but its live-row filter is in WHERE`
		Where(goqu.Ex{"u.deleted_at": nil, "o.deleted_at": nil}).
		ToSQL()
	return s.query(ctx, q, args, err)
}

// The filter added under a flag: a deliberate choice, not reported.
func (s *Store) Search(ctx context.Context, name string, live bool) (*sql.Rows, error) {
	ds := pg.From("users").Select("id", "email").Where(goqu.C("name").Eq(name))
	if live {
		ds = ds.Where(goqu.C("deleted_at").IsNull())
	}
	q, args, err := ds.ToSQL()
	return s.query(ctx, q, args, err)
}

// A builder variable extended on the way, without the filter.
func (s *Store) SearchAll(ctx context.Context, name string) (*sql.Rows, error) {
	ds := pg.From("users") // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	ds = ds.Where(goqu.C("name").Like(name))
	q, args, err := ds.ToSQL()
	return s.query(ctx, q, args, err)
}

// A literal filter and an Or whose every branch keeps live rows.
func (s *Store) LiveUsersLiteral(ctx context.Context, email string) (*sql.Rows, error) { // want LiveUsersLiteral:`reads\(live: users; deleted: \)`
	q, args, err := pg.From("users").
		Where(goqu.L("deleted_at IS NULL"), goqu.Or(goqu.C("email").Eq(email), goqu.C("name").Eq(email))).
		ToSQL()
	return s.query(ctx, q, args, err)
}

// A subquery without the filter.
func (s *Store) UsersWithOrders(ctx context.Context) (*sql.Rows, error) { // want UsersWithOrders:`reads\(live: users; deleted: \)`
	q, args, err := pg.From("users").
		Select("id").
		Where(
			goqu.C("id").In(pg.From("orders").Select("user_id")), // want `orders is a soft-delete table \(deleted_at\) but this subquery does not filter deleted rows`
			goqu.C("deleted_at").IsNull(),
		).
		ToSQL()
	return s.query(ctx, q, args, err)
}

// Trash lists name the column deliberately.
func (s *Store) TrashedUsers(ctx context.Context) (*sql.Rows, error) { // want TrashedUsers:`reads\(live: ; deleted: users\)`
	q, args, err := pg.From("users").Where(goqu.Ex{"deleted_at": goqu.Op{"neq": nil}}).ToSQL()
	return s.query(ctx, q, args, err)
}

// A DELETE of a soft-delete table.
func (s *Store) DeleteUser(ctx context.Context, id int64) error { // want DeleteUser:`writes\(users:id\)` DeleteUser:`deferred\(hard\-delete users goqustore/store\.go:168\[1\]\)`
	q, args, err := pg.Delete("users").Where(goqu.C("id").Eq(id)).ToSQL() // want `users is a soft-delete table \(deleted_at\) but this DELETE removes its rows for good`
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, q, args...)
	return err
}

// A DELETE from a select dataset.
func (s *Store) DeleteOrder(ctx context.Context, id int64) error { // want DeleteOrder:`writes\(orders:id\)` DeleteOrder:`deferred\(hard\-delete orders goqustore/store\.go:178\[1\]\)`
	q, args, err := pg.From("orders").Where(goqu.Ex{"id": id}).Delete().ToSQL() // want `orders is a soft-delete table \(deleted_at\) but this DELETE removes its rows for good`
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, q, args...)
	return err
}

// A purge of rows already deleted: not reported.
func (s *Store) PurgeUsers(ctx context.Context) error { // want PurgeUsers:`writes\(users\)`
	q, args, err := pg.Delete("users").Where(goqu.C("deleted_at").IsNotNull()).ToSQL()
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, q, args...)
	return err
}

// A soft delete that stamps rows already deleted again.
func (s *Store) SoftDeleteUser(ctx context.Context, id int64) error { // want SoftDeleteUser:`writes\(users:id\)` SoftDeleteUser:`deferred\(redelete users goqustore/store\.go:198\[1\]\)`
	q, args, err := pg.Update("users"). // want `users is a soft-delete table \(deleted_at\) but this UPDATE sets deleted_at on rows already deleted too`
						Set(goqu.Record{"deleted_at": goqu.L("now()")}).
						Where(goqu.C("id").Eq(id)).
						ToSQL()
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, q, args...)
	return err
}

// The guarded soft delete.
func (s *Store) SoftDeleteUserOnce(ctx context.Context, id int64) error { // want SoftDeleteUserOnce:`writes\(users:id\)`
	q, args, err := pg.From("users").
		Where(goqu.C("id").Eq(id), goqu.C("deleted_at").IsNull()).
		Update().
		Set(goqu.Record{"deleted_at": goqu.L("now()")}).
		ToSQL()
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, q, args...)
	return err
}

// An update of live rows only.
func (s *Store) RenameUser(ctx context.Context, id int64, name string) error {
	q, args, err := pg.Update("users").
		Set(goqu.Record{"name": name}).
		Where(goqu.Ex{"id": id, "deleted_at": nil}).
		ToSQL()
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, q, args...)
	return err
}
