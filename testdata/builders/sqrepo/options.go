package sqrepo

import (
	"context"
	"database/sql"
	"errors"

	sq "github.com/Masterminds/squirrel"
)

// ListOptions is what a list endpoint takes from its request.
type ListOptions struct {
	Team           int64
	Query          string
	IncludeDeleted bool
}

// applyListOptions adds the filters the options ask for, through the
// pointer it is handed.
func applyListOptions(q *sq.SelectBuilder, opts ListOptions) {
	if opts.Team != 0 {
		*q = q.Where(sq.Eq{"team_id": opts.Team})
	}
	if opts.Query == "" {
		return
	}
	*q = q.Where(sq.ILike{"name": "%" + opts.Query + "%"})
}

// applyLive keeps live rows.
func applyLive(q *sq.SelectBuilder) {
	*q = q.Where(sq.Eq{"deleted_at": nil})
}

// The options' filters only: reported.
func (r *Repo) ListUsers(ctx context.Context, opts ListOptions) (*sql.Rows, error) {
	stmt := sq.Select("id", "email").From("users").PlaceholderFormat(sq.Dollar) // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
	applyListOptions(&stmt, opts)
	return stmt.RunWith(r.db).QueryContext(ctx)
}

// The live filter added by its helper, then the options: not reported.
func (r *Repo) ListLiveUsers(ctx context.Context, opts ListOptions) (*sql.Rows, error) { // want ListLiveUsers:`reads\(live: users; deleted: \)`
	stmt := sq.Select("id", "email").From("users").PlaceholderFormat(sq.Dollar)
	applyLive(&stmt)
	applyListOptions(&stmt, opts)
	return stmt.RunWith(r.db).QueryContext(ctx)
}

// The live filter unless the caller asks for deleted rows too: a choice,
// not reported.
func (r *Repo) ListUsersWithDeleted(ctx context.Context, opts ListOptions) (*sql.Rows, error) {
	stmt := sq.Select("id", "email").From("users").PlaceholderFormat(sq.Dollar)
	if !opts.IncludeDeleted {
		applyLive(&stmt)
	}
	applyListOptions(&stmt, opts)
	return stmt.RunWith(r.db).QueryContext(ctx)
}

// containsFold is the case-insensitive match a search box asks for.
func containsFold(col, term string) sq.Sqlizer {
	return sq.Expr("lower("+col+") LIKE ?", "%"+term+"%")
}

// nameFilter returns the condition a name query asks for, or an error.
func nameFilter(name string) (sq.Sqlizer, error) {
	if name == "" {
		return nil, errEmpty
	}
	return sq.Eq{"name": name}, nil
}

// notDeleted is the live filter kept in a helper.
func notDeleted() sq.Sqlizer { return sq.Eq{"deleted_at": nil} }

var errEmpty = errors.New("empty")

// A condition from a helper of the package: reported, the helper's
// condition is not the live filter.
func (r *Repo) SearchUsers(ctx context.Context, term string) (*sql.Rows, error) {
	return sq.Select("id").From("users"). // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
						Where(containsFold("email", term)).
						PlaceholderFormat(sq.Dollar).RunWith(r.db).QueryContext(ctx)
}

// The same beside the live filter from its helper: not reported.
func (r *Repo) SearchLiveUsers(ctx context.Context, term string) (*sql.Rows, error) { // want SearchLiveUsers:`reads\(live: users; deleted: \)`
	return sq.Select("id").From("users").
		Where(containsFold("email", term)).
		Where(notDeleted()).
		PlaceholderFormat(sq.Dollar).RunWith(r.db).QueryContext(ctx)
}

// A (Sqlizer, error) helper: reported.
func (r *Repo) UsersNamed(ctx context.Context, name string) (*sql.Rows, error) {
	cond, err := nameFilter(name)
	if err != nil {
		return nil, err
	}
	return sq.Select("id").From("users"). // want `users is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
						Where(cond).
						PlaceholderFormat(sq.Dollar).RunWith(r.db).QueryContext(ctx)
}

// Conditioner is a filter a caller hands in.
type Conditioner interface{ Condition() sq.Sqlizer }

// anyTeam is the filter of a caller that hands none.
type anyTeam struct{}

func (anyTeam) Condition() sq.Sqlizer { return sq.NotEq{"team_id": nil} }

// A condition from an interface method may be the live filter: not
// reported, and explain says why.
func (r *Repo) UsersWhere(ctx context.Context, c Conditioner) (*sql.Rows, error) {
	if c == nil {
		c = anyTeam{}
	}
	return sq.Select("id").From("users").
		Where(c.Condition()).
		PlaceholderFormat(sq.Dollar).RunWith(r.db).QueryContext(ctx)
}

// A size computed with a CASE in the column list: the rows still include
// deleted orders. Reported.
func (r *Repo) OrderSizes(ctx context.Context) (*sql.Rows, error) {
	size := sq.Case().When("total > 100", "'big'").Else("'small'")
	return sq.Select("id").Column(sq.Alias(size, "size")).From("orders"). // want `orders is a soft-delete table \(deleted_at\) but this SELECT does not filter deleted rows`
										PlaceholderFormat(sq.Dollar).RunWith(r.db).QueryContext(ctx)
}

// The same over live orders: not reported.
func (r *Repo) LiveOrderSizes(ctx context.Context) (*sql.Rows, error) { // want LiveOrderSizes:`reads\(live: orders; deleted: \)`
	size := sq.Case().When("total > 100", "'big'").Else("'small'")
	return sq.Select("id").Column(sq.Alias(size, "size")).From("orders").Where(sq.Eq{"deleted_at": nil}).
		PlaceholderFormat(sq.Dollar).RunWith(r.db).QueryContext(ctx)
}
