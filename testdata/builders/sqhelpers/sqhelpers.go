// Package sqhelpers holds squirrel helpers used from another package:
// their effect reaches the callers as facts.
package sqhelpers

import sq "github.com/Masterminds/squirrel"

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
