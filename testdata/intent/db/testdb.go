package db

import (
	"context"
	"testing"
)

// MustTouch is a helper for the tests of the packages that use the store:
// this file is test code, the store's other files are not.
func MustTouch(t testing.TB, s *Store) {
	t.Helper()
	if err := s.TouchUser(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
}
