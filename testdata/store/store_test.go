package store

import (
	"context"
	"testing"
)

// Tests read deleted rows on purpose: to check that a soft delete happened.
func TestDeleteUser(t *testing.T) {
	var s *Store
	if s == nil {
		t.Skip("needs a database")
	}
	row := s.db.QueryRowContext(context.Background(), "SELECT deleted_at FROM users WHERE id = $1", 1)
	_ = row
	s.db.ExecContext(context.Background(), "UPDATE users SET name = 'fixture' WHERE id = $1", 1)
}
