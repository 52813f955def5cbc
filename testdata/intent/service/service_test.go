package service

import (
	"context"
	"testing"
)

// Tests choose rows as they please: their calls are not judged.
func TestDelete(t *testing.T) { // want TestDelete:`writes\(users:id\)`
	s := &Service{}
	_ = s.store.SoftDeleteUser(context.Background(), 42)
}
