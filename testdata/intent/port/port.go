// Package port declares what the service needs from a store: callers
// through it may not import the store's package at all.
package port

import "context"

type Titles interface {
	Title(ctx context.Context, id int64) (string, error)
}
