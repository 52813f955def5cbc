// Package jobs runs in production: the same call is judged here.
package jobs

import (
	"context"
	"log"

	"example.com/intent/db"
)

// Visited stamps a visit on the first user, whatever its state.
func Visited(ctx context.Context, s *db.Store) {
	if err := s.TouchUser(ctx, 1); err != nil { // want `Store.TouchUser \(db/users.go:80\) updates users by key without filtering deleted rows, and this call's key is not of a row read live`
		log.Print(err)
	}
}
