// Package sqrepo is squirrel written the way services write it: a
// repository that builds its base queries once, in its constructor, and
// extends them in its methods; helpers that take the builder and add to
// it or send it; an iterator that keeps the query it runs; a sort order
// the caller chooses.
package sqrepo

import (
	"context"
	"database/sql"
	"fmt"

	sq "github.com/Masterminds/squirrel"

	"example.com/builders/sqhelpers"
)

// DB is what the repository needs of a connection.
type DB interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	Exec(query string, args ...any) (sql.Result, error)
	Query(query string, args ...any) (*sql.Rows, error)
	QueryRow(query string, args ...any) *sql.Row
}

type Repo struct {
	db          DB
	userSelect  sq.SelectBuilder
	orderSelect sq.SelectBuilder
}

func New(db DB) *Repo {
	sb := sq.StatementBuilder.PlaceholderFormat(sq.Dollar)
	return &Repo{
		db:          db,
		userSelect:  sb.Select("id", "email").From("users"), // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "AND deleted_at IS NULL" \[missing-filter\]`
		orderSelect: sb.Select("id", "total").From("orders").Where(sq.Eq{"deleted_at": nil}),
	}
}

// A base query kept in a field, extended without the filter.
func (r *Repo) UserByEmail(ctx context.Context, email string) (*sql.Rows, error) {
	return r.userSelect.Where(sq.Eq{"email": email}).RunWith(r.db).QueryContext(ctx)
}

// The same base with the filter.
func (r *Repo) LiveUserByEmail(ctx context.Context, email string) (*sql.Rows, error) { // want LiveUserByEmail:`reads\(live: users; deleted: \)`
	return r.userSelect.Where(sq.Eq{"email": email, "deleted_at": nil}).RunWith(r.db).QueryContext(ctx)
}

// A base that filters, extended.
func (r *Repo) OrderByID(ctx context.Context, id int64) (*sql.Rows, error) { // want OrderByID:`reads\(live: orders; deleted: \)`
	return r.orderSelect.Where(sq.Eq{"id": id}).RunWith(r.db).QueryContext(ctx)
}

// A local helper with an early return.
func limited(q sq.SelectBuilder, limit uint64) sq.SelectBuilder {
	if limit == 0 {
		return q
	}
	return q.Limit(limit)
}

func (r *Repo) Users(ctx context.Context, limit uint64) (*sql.Rows, error) { // want Users:`reads\(live: users; deleted: \)`
	q := limited(r.userSelect.Where(sq.Eq{"deleted_at": nil}), limit)
	return q.RunWith(r.db).QueryContext(ctx)
}

func (r *Repo) AllUsers(ctx context.Context, limit uint64) (*sql.Rows, error) {
	q := limited(sq.Select("id").From("users"), limit) // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "WHERE deleted_at IS NULL" \[missing-filter\]`
	return q.RunWith(r.db).QueryContext(ctx)
}

// A helper of another package with two returns.
func (r *Repo) UsersAfter(ctx context.Context, cursor string, desc bool) (*sql.Rows, error) { // want UsersAfter:`reads\(live: users; deleted: \)`
	q := sqhelpers.After(r.userSelect.Where(sq.Eq{"deleted_at": nil}), cursor, desc)
	return q.RunWith(r.db).QueryContext(ctx)
}

func (r *Repo) OrdersAfter(ctx context.Context, cursor string, desc bool) (*sql.Rows, error) {
	q := sqhelpers.After(sq.Select("id").From("orders"), cursor, desc) // want `orders is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "AND deleted_at IS NULL" \[missing-filter\]`
	return q.RunWith(r.db).QueryContext(ctx)
}

// A helper of another package that sends what it is given.
func (r *Repo) LatestOrders(ctx context.Context) (*sql.Rows, error) {
	return sqhelpers.Run(ctx, r.db, sq.Select("id").From("orders").OrderBy("id DESC").Limit(10)) // want `orders is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "WHERE deleted_at IS NULL" \[missing-filter\]`
}

func (r *Repo) LatestLiveOrders(ctx context.Context) (*sql.Rows, error) { // want LatestLiveOrders:`reads\(live: orders; deleted: \)`
	return sqhelpers.Run(ctx, r.db, sq.Select("id").From("orders").Where("deleted_at IS NULL").OrderBy("id DESC").Limit(10))
}

// A local helper that sends what it is given.
func (r *Repo) list(ctx context.Context, q sq.SelectBuilder) (*sql.Rows, error) {
	return q.Limit(100).RunWith(r.db).QueryContext(ctx)
}

func (r *Repo) TeamUsers(ctx context.Context, team int64) (*sql.Rows, error) {
	return r.list(ctx, sq.Select("id").From("users").Where(sq.Eq{"team_id": team})) // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "AND deleted_at IS NULL" \[missing-filter\]`
}

func (r *Repo) LiveTeamUsers(ctx context.Context, team int64) (*sql.Rows, error) { // want LiveTeamUsers:`reads\(live: users; deleted: \)`
	return r.list(ctx, sq.Select("id").From("users").Where(sq.Eq{"team_id": team, "deleted_at": nil}))
}

// An iterator that keeps the query its constructor is given and runs it
// later.
type iterator struct {
	db DB
	q  sq.SelectBuilder
}

func newIterator(db DB, q sq.SelectBuilder) *iterator {
	return &iterator{db: db, q: q}
}

func (it *iterator) next(ctx context.Context) (*sql.Rows, error) {
	return it.q.RunWith(it.db).QueryContext(ctx)
}

func (r *Repo) OrdersOfUser(ctx context.Context, user int64) (*sql.Rows, error) { // want OrdersOfUser:`reads\(live: orders; deleted: \)`
	return newIterator(r.db, r.orderSelect.Where(sq.Eq{"user_id": user})).next(ctx)
}

func (r *Repo) UsersOfTeam(ctx context.Context, team int64) (*sql.Rows, error) {
	it := newIterator(r.db, sq.Select("id").From("users").Where(sq.Eq{"team_id": team})) // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "AND deleted_at IS NULL" \[missing-filter\]`
	return it.next(ctx)
}

// A sort order the caller chooses: the column and direction are not known
// statically, the rest of the query is judged.
func (r *Repo) UsersSorted(ctx context.Context, field string, desc bool) (*sql.Rows, error) { // want UsersSorted:`reads\(live: users; deleted: \)`
	dir := "ASC"
	if desc {
		dir = "DESC"
	}
	q := r.userSelect.Where(sq.Eq{"deleted_at": nil}).OrderBy(fmt.Sprintf("%s %s", field, dir))
	return q.RunWith(r.db).QueryContext(ctx)
}

func (r *Repo) OrdersSorted(ctx context.Context, field string, desc bool) (*sql.Rows, error) {
	dir := "ASC"
	if desc {
		dir = "DESC"
	}
	q := sq.Select("id").From("orders").OrderBy(field + " " + dir) // want `orders is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "WHERE deleted_at IS NULL" \[missing-filter\]`
	return q.PlaceholderFormat(sq.Dollar).RunWith(r.db).QueryContext(ctx)
}

// A table name kept in a constant: the finding is where the query names
// it, not at the constant every query shares.
const ordersTable = "orders"

func (r *Repo) OrderTotals(ctx context.Context) (*sql.Rows, error) {
	return sq.Select("sum(total)").From(ordersTable).RunWith(r.db).QueryContext(ctx) // want `orders is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "WHERE deleted_at IS NULL" \[missing-filter\]`
}

func (r *Repo) LiveOrderTotals(ctx context.Context) (*sql.Rows, error) { // want LiveOrderTotals:`reads\(live: orders; deleted: \)`
	return sq.Select("sum(total)").From(ordersTable).Where("deleted_at IS NULL").RunWith(r.db).QueryContext(ctx)
}

// A condition chosen in branches: the query filters deleted rows only if
// every branch does.
func (r *Repo) FindUser(ctx context.Context, id int64, email string) (*sql.Rows, error) {
	var cond sq.Eq
	if id != 0 {
		cond = sq.Eq{"id": id}
	} else {
		cond = sq.Eq{"email": email}
	}
	return sq.Select("id").From("users").Where(cond).PlaceholderFormat(sq.Dollar).RunWith(r.db).QueryContext(ctx) // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "AND deleted_at IS NULL" \[missing-filter\]`
}

func (r *Repo) FindLiveUser(ctx context.Context, id int64, email string) (*sql.Rows, error) { // want FindLiveUser:`reads\(live: users; deleted: \)`
	var cond sq.Eq
	switch {
	case id != 0:
		cond = sq.Eq{"id": id, "deleted_at": nil}
	default:
		cond = sq.Eq{"email": email, "deleted_at": nil}
	}
	return sq.Select("id").From("users").Where(cond).PlaceholderFormat(sq.Dollar).RunWith(r.db).QueryContext(ctx)
}

func (r *Repo) inTx(fn func() error) error { return fn() }

// The condition chosen before a transaction runs the closure that uses it.
func (r *Repo) TouchUser(ctx context.Context, id int64, email string) error {
	var cond sq.Eq
	if id != 0 {
		cond = sq.Eq{"id": id}
	} else {
		cond = sq.Eq{"email": email}
	}
	return r.inTx(func() error {
		_, err := sq.Select("id").From("users").Where(cond).PlaceholderFormat(sq.Dollar).RunWith(r.db).QueryContext(ctx) // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "AND deleted_at IS NULL" \[missing-filter\]`
		return err
	})
}

// The query is picked in a switch and extended after it: each alternative
// is judged, and only the one that leaves a table unfiltered is reported.
func (r *Repo) OrdersOf(ctx context.Context, view string, userID int64) (*sql.Rows, error) { // want OrdersOf:`reads\(live: orders; deleted: orders\)`
	var stmt sq.SelectBuilder
	switch view {
	case "trash":
		stmt = sq.Select("id").From("orders").Where("deleted_at IS NOT NULL")
	case "team":
		stmt = sq.Select("o.id").From("orders o").Join("users u ON u.id = o.user_id").Where("o.deleted_at IS NULL") // want `users is a soft-delete table \(deleted_at\) but this SELECT joins it without filtering deleted rows`
	default:
		stmt = sq.Select("id").From("orders").Where(sq.Eq{"deleted_at": nil})
	}
	stmt = stmt.Where(sq.Eq{"user_id": userID}).OrderBy("id")
	text, args, err := stmt.PlaceholderFormat(sq.Dollar).ToSql()
	if err != nil {
		return nil, err
	}
	return r.db.QueryContext(ctx, text, args...)
}

// An if/else that picks the table, sent by the builder itself.
func (r *Repo) Totals(ctx context.Context, live bool) (*sql.Rows, error) {
	q := sq.Select("sum(total)").From("orders").Where(sq.Eq{"deleted_at": nil})
	if !live {
		q = sq.Select("sum(total)").From("orders") // want `orders is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	}
	return q.PlaceholderFormat(sq.Dollar).RunWith(r.db).QueryContext(ctx)
}
