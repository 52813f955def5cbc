// Package portsapp archives projects through ports.ProjectStore, without
// importing its implementation.
package portsapp

import (
	"context"

	"example.com/shop/cascade/ports"
)

type Service struct{ Projects ports.ProjectStore }

// Archive leaves the project's tasks live, but the store's soft delete is
// known only to the packages that import package pg: not judged here.
func (s *Service) Archive(ctx context.Context, id int64) error {
	return s.Projects.Archive(ctx, id)
}
