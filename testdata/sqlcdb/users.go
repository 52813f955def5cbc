package sqlcdb

import "context"

// Profile calls a generated query of its own package.
func Profile(ctx context.Context, q *Queries, id int64) error { // want Profile:`deferred\(missing\-filter users sqlcdb/query\.sql\.go:21\[2\]\)`
	return q.GetUser(ctx, id)
}
