// Package tests holds helpers that the tests of other packages share;
// by Go's naming it is test code, though it does not import testing.
package tests

import (
	"context"

	"example.com/intent/db"
)

// Visited stamps a visit on the first user, whatever its state.
func Visited(ctx context.Context, s *db.Store) error {
	return s.TouchUser(ctx, 1)
}
