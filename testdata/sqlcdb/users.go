package sqlcdb

import "context"

// Profile calls a generated query of its own package.
func Profile(ctx context.Context, q *Queries, id int64) error {
	return q.GetUser(ctx, id)
}
