// Package sqhelpers holds squirrel helpers used from another package:
// their effect reaches the callers as facts.
package sqhelpers

import (
	"context"
	"database/sql"

	sq "github.com/Masterminds/squirrel"
)

// Live adds the live-row filter for users.
func Live(b sq.SelectBuilder) sq.SelectBuilder { // want Live:`builder\(Where\)`
	return b.Where(sq.Eq{"deleted_at": nil})
}

// Named adds a name filter, not the live-row filter.
func Named(b sq.SelectBuilder, name string) sq.SelectBuilder { // want Named:`builder\(Where\)`
	return b.Where("name = ?", name)
}

// Orders starts a query on orders without filtering deleted rows.
func Orders() sq.SelectBuilder { // want Orders:`builder\(Select.From\)`
	return sq.Select("id", "total").From("orders")
}

// After continues a listing after a cursor, in either direction: two
// returns, each adding its own filter.
func After(b sq.SelectBuilder, cursor string, desc bool) sq.SelectBuilder { // want After:`builder\(Where.Where\)`
	if desc {
		return b.Where(sq.Lt{"id": cursor})
	}
	return b.Where(sq.Gt{"id": cursor})
}

// Run sends the query it is given, as a pagination helper does.
func Run(ctx context.Context, db sq.BaseRunner, b sq.SelectBuilder) (*sql.Rows, error) { // want Run:`sends\(squirrel, builder\(PlaceholderFormat.RunWith.QueryContext\)\)`
	return b.PlaceholderFormat(sq.Dollar).RunWith(db).QueryContext(ctx)
}
