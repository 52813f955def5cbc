// Package service sends no SQL of its own: the facts of its functions
// still carry what the functions they call write.
package service

import (
	"context"
	"database/sql"

	"example.com/shop/cascade"
)

// Close cancels an order through the package that knows the SQL.
func Close(ctx context.Context, db *sql.DB, id int64) error { // want Close:`writes\(comments:order_id, order_items:order_id, orders:id\)`
	return cascade.CancelOrder(ctx, db, id)
}

// Describe writes nothing.
func Describe(id int64) string { return "order" }
