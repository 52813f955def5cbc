// Package sqstore builds its queries with squirrel.
package sqstore

import (
	"context"
	"database/sql"
	"fmt"

	sq "github.com/Masterminds/squirrel"

	"example.com/builders/sqhelpers"
)

// DB is what the store needs of a connection (sql.DB has it; the render
// check passes a recorder).
type DB interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	Exec(query string, args ...any) (sql.Result, error)
	Query(query string, args ...any) (*sql.Rows, error)
	QueryRow(query string, args ...any) *sql.Row
}

type Store struct {
	db DB
	sb sq.StatementBuilderType
}

func New(db DB) *Store {
	return &Store{db: db, sb: sq.StatementBuilder.PlaceholderFormat(sq.Dollar)}
}

func (s *Store) AllUsers(ctx context.Context) (*sql.Rows, error) {
	q, args, err := sq.Select("id", "email").From("users").ToSql() // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "WHERE deleted_at IS NULL" \[missing-filter\]`
	if err != nil {
		return nil, err
	}
	return s.db.QueryContext(ctx, q, args...)
}

func (s *Store) LiveUsers(ctx context.Context) (*sql.Rows, error) { // want LiveUsers:`reads\(live: users; deleted: \)`
	q, args, err := sq.Select("id", "email").From("users").Where("deleted_at IS NULL").ToSql()
	if err != nil {
		return nil, err
	}
	return s.db.QueryContext(ctx, q, args...)
}

func (s *Store) LiveUsersEq(ctx context.Context) (*sql.Rows, error) { // want LiveUsersEq:`reads\(live: users; deleted: \)`
	return s.sb.Select("id").From("users").Where(sq.Eq{"deleted_at": nil}).RunWith(s.db).QueryContext(ctx)
}

// The statement builder kept in a field, with $n placeholders.
func (s *Store) UsersByTeam(ctx context.Context, team int64) (*sql.Rows, error) {
	return s.sb.Select("id").
		From("users"). // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "AND deleted_at IS NULL"`
		Where(sq.Eq{"team_id": team}).
		RunWith(s.db).QueryContext(ctx)
}

func (s *Store) LivePosts(ctx context.Context) (*sql.Rows, error) { // want LivePosts:`reads\(live: posts; deleted: \)`
	return s.sb.Select("id", "title").From("posts").Where(sq.Eq{"DeleteAt": 0}).RunWith(s.db).QueryContext(ctx)
}

func (s *Store) AllPosts(ctx context.Context) (*sql.Rows, error) {
	return s.sb.Select("id", "title").From("posts").RunWith(s.db).QueryContext(ctx) // want `posts is a soft-delete table \(deleteat\) but this SELECT does not filter deleted rows: add "WHERE deleteat = 0"`
}

func (s *Store) TrashedUsers(ctx context.Context) (*sql.Rows, error) { // want TrashedUsers:`reads\(live: ; deleted: users\)`
	return s.sb.Select("id").From("users").Where(sq.NotEq{"deleted_at": nil}).RunWith(s.db).QueryContext(ctx)
}

func (s *Store) OrdersWithUsers(ctx context.Context) (*sql.Rows, error) { // want OrdersWithUsers:`reads\(live: orders; deleted: \)`
	return s.sb.Select("o.id", "u.email").
		From("orders o").
		Join("users u ON u.id = o.user_id"). // want `users is a soft-delete table \(deleted_at\) but this SELECT joins it without filtering deleted rows: add "AND u.deleted_at IS NULL" to its ON clause`
		Where("o.deleted_at IS NULL").
		RunWith(s.db).QueryContext(ctx)
}

func (s *Store) OrdersWithLiveUsers(ctx context.Context) (*sql.Rows, error) { // want OrdersWithLiveUsers:`reads\(live: orders, users; deleted: \)`
	return s.sb.Select("o.id", "u.email").
		From("orders o").
		InnerJoin("users u ON u.id = o.user_id AND u.deleted_at IS NULL").
		Where(sq.Eq{"o.deleted_at": nil}).
		RunWith(s.db).QueryContext(ctx)
}

func (s *Store) UsersLeftOrders(ctx context.Context) (*sql.Rows, error) { // want UsersLeftOrders:`reads\(live: users; deleted: \)`
	return s.sb.Select("u.id", "count(o.id)").
		From("users u").
		LeftJoin("orders o ON o.user_id = u.id"). // want `orders is a soft-delete table \(deleted_at\) on the nullable side of a LEFT JOIN, but its live-row filter is in WHERE`
		Where(sq.And{sq.Eq{"u.deleted_at": nil}, sq.Eq{"o.deleted_at": nil}}).
		GroupBy("u.id").
		RunWith(s.db).QueryContext(ctx)
}

func (s *Store) UsersLeftLiveOrders(ctx context.Context) (*sql.Rows, error) { // want UsersLeftLiveOrders:`reads\(live: users; deleted: \)`
	return s.sb.Select("u.id", "count(o.id)").
		From("users u").
		LeftJoin("orders o ON o.user_id = u.id AND o.deleted_at IS NULL").
		Where(sq.And{sq.Eq{"u.deleted_at": nil}, sq.Gt{"u.id": 0}}).
		GroupBy("u.id").
		RunWith(s.db).QueryContext(ctx)
}

// A filter under only one branch of an OR.
func (s *Store) UsersOr(ctx context.Context, email string) (*sql.Rows, error) {
	return s.sb.Select("id").From("users"). // want `users is a soft-delete table \(deleted_at\) but this SELECT filters deleted rows in only some branches of an OR`
						Where(sq.Or{sq.Eq{"email": email}, sq.And{sq.Eq{"name": email}, sq.Eq{"deleted_at": nil}}}).
						RunWith(s.db).QueryContext(ctx)
}

// A subquery in an sq.Expr fragment.
func (s *Store) UsersWithOrders(ctx context.Context) (*sql.Rows, error) { // want UsersWithOrders:`reads\(live: users; deleted: \)`
	sub := sq.Select("user_id").From("orders") // want `orders is a soft-delete table \(deleted_at\) but this subquery does not filter deleted rows`
	return s.sb.Select("id").From("users").
		Where(sq.Expr("id IN (?)", sub)).
		Where("deleted_at IS NULL").
		RunWith(s.db).QueryContext(ctx)
}

func (s *Store) UsersWithLiveOrders(ctx context.Context) (*sql.Rows, error) { // want UsersWithLiveOrders:`reads\(live: users; deleted: \)`
	sub := sq.Select("user_id").From("orders").Where("deleted_at IS NULL")
	return s.sb.Select("id").From("users").
		Where(sq.And{sq.Expr("id IN (?)", sub), sq.Eq{"deleted_at": nil}}).
		RunWith(s.db).QueryContext(ctx)
}

// A CTE in Prefix.
func (s *Store) BigSpenders(ctx context.Context) (*sql.Rows, error) { // want BigSpenders:`reads\(live: users; deleted: \)`
	return s.sb.Select("u.email").
		Prefix("WITH spend AS (SELECT user_id, sum(total) AS total FROM orders GROUP BY user_id)"). // want `orders is a soft-delete table \(deleted_at\) but this CTE spend does not filter deleted rows`
		From("users u").
		Join("spend ON spend.user_id = u.id").
		Where("u.deleted_at IS NULL").
		RunWith(s.db).QueryContext(ctx)
}

// A builder variable extended on the way.
func (s *Store) Search(ctx context.Context, name string) (*sql.Rows, error) {
	b := s.sb.Select("id", "email").From("users") // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "AND deleted_at IS NULL"`
	b = b.Where("name = ?", name)
	b = b.OrderBy("email")
	return b.RunWith(s.db).QueryContext(ctx)
}

func (s *Store) SearchLive(ctx context.Context, name string) (*sql.Rows, error) { // want SearchLive:`reads\(live: users; deleted: \)`
	b := s.sb.Select("id", "email").From("users")
	b = b.Where("name = ?", name)
	b = b.Where("deleted_at IS NULL")
	return b.RunWith(s.db).QueryContext(ctx)
}

// The filter under a flag: the caller chose. Not reported.
func (s *Store) ListUsers(ctx context.Context, onlyLive bool) (*sql.Rows, error) {
	b := s.sb.Select("id", "email").From("users")
	if onlyLive {
		b = b.Where(sq.Eq{"deleted_at": nil})
	}
	return b.RunWith(s.db).QueryContext(ctx)
}

// An optional filter that is not the live-row filter: still reported.
func (s *Store) FindUsers(ctx context.Context, byName bool, name string) (*sql.Rows, error) {
	b := s.sb.Select("id").From("users") // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	if byName {
		b = b.Where("name = ?", name)
	}
	return b.RunWith(s.db).QueryContext(ctx)
}

// A filter built at run time may be the live-row filter: not reported.
func (s *Store) Filtered(ctx context.Context, pred sq.Sqlizer) (*sql.Rows, error) {
	return s.sb.Select("id").From("users").Where(pred).RunWith(s.db).QueryContext(ctx)
}

// Helpers of this package.
func (s *Store) usersBase() sq.SelectBuilder {
	return s.sb.Select("id", "email").From("users") // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "AND deleted_at IS NULL"`
}

func live(b sq.SelectBuilder) sq.SelectBuilder {
	return b.Where("deleted_at IS NULL")
}

func byTeam(b sq.SelectBuilder, team int64) sq.SelectBuilder {
	return b.Where(sq.Eq{"team_id": team})
}

func (s *Store) TeamUsers(ctx context.Context, team int64) (*sql.Rows, error) {
	return byTeam(s.usersBase(), team).RunWith(s.db).QueryContext(ctx)
}

func (s *Store) LiveTeamUsers(ctx context.Context, team int64) (*sql.Rows, error) { // want LiveTeamUsers:`reads\(live: users; deleted: \)`
	return live(byTeam(s.usersBase(), team)).RunWith(s.db).QueryContext(ctx)
}

// Helpers of another package, through facts.
func (s *Store) LiveUsersViaHelper(ctx context.Context) (*sql.Rows, error) { // want LiveUsersViaHelper:`reads\(live: users; deleted: \)`
	return sqhelpers.Live(s.sb.Select("id").From("users")).RunWith(s.db).QueryContext(ctx)
}

func (s *Store) NamedUsersViaHelper(ctx context.Context, name string) (*sql.Rows, error) {
	return sqhelpers.Named(s.sb.Select("id").From("users"), name).RunWith(s.db).QueryContext(ctx) // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
}

func (s *Store) OrdersViaHelper(ctx context.Context) (*sql.Rows, error) {
	return sqhelpers.Orders().RunWith(s.db).QueryContext(ctx) // want `orders is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
}

// A package-level builder, reused.
var recentOrders = sq.Select("id", "total").From("orders").Where("deleted_at IS NULL").OrderBy("id DESC")

var allOrders = sq.Select("id", "total").From("orders") // want `orders is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows: add "AND deleted_at IS NULL"`

func (s *Store) RecentOrders(ctx context.Context) (*sql.Rows, error) { // want RecentOrders:`reads\(live: orders; deleted: \)`
	return recentOrders.Limit(10).RunWith(s.db).QueryContext(ctx)
}

func (s *Store) OrdersOf(ctx context.Context, user int64) (*sql.Rows, error) {
	return allOrders.Where(sq.Eq{"user_id": user}).RunWith(s.db).QueryContext(ctx)
}

// A builder spliced into fmt.Sprintf.
func (s *Store) UsersWithBigOrders(ctx context.Context) (*sql.Rows, error) { // want UsersWithBigOrders:`reads\(live: users; deleted: \)`
	sub, args, err := sq.Select("user_id").From("orders").Where("total > 100").ToSql() // want `orders is a soft-delete table \(deleted_at\) but this subquery does not filter deleted rows`
	if err != nil {
		return nil, err
	}
	q := fmt.Sprintf("SELECT id FROM users WHERE deleted_at IS NULL AND id IN (%s)", sub)
	return s.db.QueryContext(ctx, q, args...)
}

// A builder handed to a function that runs any Sqlizer.
func (s *Store) run(ctx context.Context, q sq.Sqlizer) (*sql.Rows, error) {
	text, args, err := q.ToSql()
	if err != nil {
		return nil, err
	}
	return s.db.QueryContext(ctx, text, args...)
}

func (s *Store) TeamNames(ctx context.Context) (*sql.Rows, error) {
	return s.run(ctx, s.sb.Select("t.name").From("teams t").Join("users u ON u.team_id = t.id")) // want `users is a soft-delete table \(deleted_at\) but this SELECT joins it without filtering deleted rows`
}

// Updates: the UPDATE must not touch deleted rows.
func (s *Store) Rename(ctx context.Context, id int64, name string) (sql.Result, error) { // want Rename:`deferred\(missing-filter users sqstore/store.go:251\[1 2\]\)`
	return s.sb.Update("users").Set("name", name).Where(sq.Eq{"id": id}).RunWith(s.db).ExecContext(ctx)
}

func (s *Store) RenameLive(ctx context.Context, id int64, name string) (sql.Result, error) {
	return s.sb.Update("users").Set("name", name).Where(sq.Eq{"id": id, "deleted_at": nil}).RunWith(s.db).ExecContext(ctx)
}

// Account is a user as the service passes it to the store.
type Account struct {
	ID    int64
	Email string
}

// GetID is the getter generated messages have.
func (a Account) GetID() int64 { return a.ID }

// CreateAccount inserts the account, then reads it back by the id it gave
// it, as stores confirm a write: the row is the one just inserted, live.
func (s *Store) CreateAccount(ctx context.Context, a Account) (*sql.Rows, error) {
	if _, err := s.sb.Insert("users").Columns("id", "email").Values(a.GetID(), a.Email).RunWith(s.db).ExecContext(ctx); err != nil {
		return nil, err
	}
	return s.sb.Select("name").From("users").Where(sq.Eq{"id": a.GetID()}).RunWith(s.db).QueryContext(ctx)
}

// CopyName inserts the account, then reads another user by its id: not
// the row just inserted, so its callers judge it.
func (s *Store) CopyName(ctx context.Context, a Account, from int64) (*sql.Rows, error) { // want CopyName:`deferred\(missing-filter users sqstore/store.go:282\[2\]\)`
	if _, err := s.sb.Insert("users").Columns("id", "email").Values(a.GetID(), a.Email).RunWith(s.db).ExecContext(ctx); err != nil {
		return nil, err
	}
	return s.sb.Select("name").From("users").Where(sq.Eq{"id": from}).RunWith(s.db).QueryContext(ctx)
}

// Tables without soft deletes are not checked.
func (s *Store) DeleteTeam(ctx context.Context, id int64) (sql.Result, error) { // want DeleteTeam:`writes\(teams:id\)`
	return s.sb.Delete("teams").Where(sq.Eq{"id": id}).RunWith(s.db).ExecContext(ctx)
}

func (s *Store) AddTeam(ctx context.Context, name string) (sql.Result, error) {
	return s.sb.Insert("teams").Columns("name").Values(name).Suffix("RETURNING id").RunWith(s.db).ExecContext(ctx)
}

// A subquery in FROM.
func (s *Store) TopUsers(ctx context.Context) (*sql.Rows, error) { // want TopUsers:`reads\(live: users; deleted: \)`
	inner := sq.Select("user_id", "count(*) AS n").From("orders").Where("deleted_at IS NULL").GroupBy("user_id")
	return s.sb.Select("x.user_id").FromSelect(inner, "x").Join("users u ON u.id = x.user_id AND u.deleted_at IS NULL").RunWith(s.db).QueryContext(ctx)
}

// Deliberately reading deleted rows: suppressed with a reason.
func (s *Store) AuditUsers(ctx context.Context) (*sql.Rows, error) {
	//softdelete:ignore the audit export lists deleted users too
	return s.sb.Select("id").From("users").RunWith(s.db).QueryContext(ctx)
}

// A restore sets the soft-delete column back to its live value: no soft
// delete, so no redelete (a live guard would make it do nothing).
func (s *Store) RestorePost(ctx context.Context, id int64) (sql.Result, error) {
	return s.sb.Update("posts").Set("DeleteAt", 0).Where(sq.Eq{"id": id}).RunWith(s.db).ExecContext(ctx)
}

// A soft delete that stamps deleted rows again.
func (s *Store) DeletePost(ctx context.Context, id, now int64) (sql.Result, error) { // want DeletePost:`writes\(posts:id\)` DeletePost:`deferred\(redelete posts sqstore/store\.go:314\[1 2\]\)`
	return s.sb.Update("posts").Set("DeleteAt", now).Where(sq.Eq{"id": id}).RunWith(s.db).ExecContext(ctx) // want `posts is a soft-delete table \(deleteat\) but this UPDATE sets deleteat on rows already deleted too`
}

func (s *Store) RestoreOrder(ctx context.Context, id int64) (sql.Result, error) {
	return s.sb.Update("orders").Set("deleted_at", nil).Where(sq.Eq{"id": id}).RunWith(s.db).ExecContext(ctx)
}

func (s *Store) DeleteOrder(ctx context.Context, id int64) (sql.Result, error) { // want DeleteOrder:`writes\(orders:id\)` DeleteOrder:`deferred\(redelete orders sqstore/store\.go:322\[1\]\)`
	return s.sb.Update("orders").Set("deleted_at", sq.Expr("now()")).Where(sq.Eq{"id": id}).RunWith(s.db).ExecContext(ctx) // want `orders is a soft-delete table \(deleted_at\) but this UPDATE sets deleted_at on rows already deleted too`
}
