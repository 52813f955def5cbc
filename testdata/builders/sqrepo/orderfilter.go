package sqrepo

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

// OrderFilter is what the order list endpoint takes from its request.
type OrderFilter struct {
	MinTotal int64
	TeamID   int64
	Tag      string
}

// OrderStore lists orders; its methods share a filter method that adds to
// the builder through the pointer it is handed.
type OrderStore struct {
	db     DB
	driver string // "postgres" or "sqlite"
}

// NewOrderStore returns an OrderStore on a PostgreSQL db.
func NewOrderStore(db DB) *OrderStore { return &OrderStore{db: db, driver: "postgres"} }

// applyFilter joins the orders' users when a team is asked for, without
// their live filter: the orders of deleted users are listed for the team.
func (s *OrderStore) applyFilter(stmt *sq.SelectBuilder, f OrderFilter) {
	if f.MinTotal > 0 {
		*stmt = stmt.Where("o.total >= ?", f.MinTotal)
	}
	if f.Tag != "" {
		// Each database's way to match a tag; the SQLite join has no ON,
		// which PostgreSQL cannot parse: left out, and explain says so.
		switch s.driver {
		case "sqlite":
			*stmt = stmt.InnerJoin("json_each(o.tags) AS tag")
			*stmt = stmt.Where("tag.value = ?", f.Tag)
		case "postgres":
			*stmt = stmt.Where("o.tags @> ARRAY[?]", f.Tag)
		}
	}
	if f.TeamID != 0 {
		*stmt = stmt.InnerJoin("users u ON u.id = o.user_id") // want `users is a soft-delete table \(deleted_at\) but this SELECT joins it without filtering deleted rows: add "AND u.deleted_at IS NULL" to its ON clause`
		*stmt = stmt.Where("u.team_id = ?", f.TeamID)
	}
}

// applyLiveFilter is the same join with the users' live filter.
func (s *OrderStore) applyLiveFilter(stmt *sq.SelectBuilder, f OrderFilter) {
	if f.TeamID != 0 {
		*stmt = stmt.InnerJoin("users u ON u.id = o.user_id AND u.deleted_at IS NULL")
		*stmt = stmt.Where("u.team_id = ?", f.TeamID)
	}
}

// List: reported at the join its filter method adds (see applyFilter).
func (s *OrderStore) List(ctx context.Context, teamID, minTotal int64, tag string) (*sql.Rows, error) { // want List:`reads\(live: orders; deleted: \)`
	f := OrderFilter{TeamID: teamID, MinTotal: minTotal, Tag: tag}
	stmt := sq.Select("o.id", "o.total").From("orders o").Where("o.deleted_at IS NULL")
	s.applyFilter(&stmt, f)
	query, args, err := stmt.PlaceholderFormat(sq.Dollar).ToSql()
	if err != nil {
		return nil, err
	}
	return s.db.QueryContext(ctx, query, args...)
}

// ListLive: the join keeps to live users. Not reported.
func (s *OrderStore) ListLive(ctx context.Context, teamID int64) (*sql.Rows, error) { // want ListLive:`reads\(live: orders, users; deleted: \)`
	f := OrderFilter{TeamID: teamID}
	stmt := sq.Select("o.id", "o.total").From("orders o").Where("o.deleted_at IS NULL")
	s.applyLiveFilter(&stmt, f)
	query, args, err := stmt.PlaceholderFormat(sq.Dollar).ToSql()
	if err != nil {
		return nil, err
	}
	return s.db.QueryContext(ctx, query, args...)
}
