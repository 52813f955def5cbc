package store

import (
	"context"
	"testing"
)

// CountAllUsers is a helper for the tests of the packages that use the
// store, compiled in with it: it counts every user, deleted ones too, on
// purpose. A file that imports testing is test code: nothing is reported.
func (s *Store) CountAllUsers(t testing.TB) int {
	var n int
	if err := s.db.QueryRowContext(context.Background(), "SELECT count(*) FROM users").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
