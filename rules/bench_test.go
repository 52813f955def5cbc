package rules

import (
	"testing"

	"github.com/softdelete/softdelete/internal/pgparse"
)

// BenchmarkCheckStatement is the rules' cost for one statement with a
// join, a subquery and a CTE, its parse excluded.
func BenchmarkCheckStatement(b *testing.B) {
	c := testCatalog(b)
	q := pgparse.ParseQuery(`WITH recent AS (SELECT user_id FROM orders WHERE NOT is_deleted)
		SELECT u.id, u.email FROM users u LEFT JOIN orders o ON o.user_id = u.id
		WHERE u.deleted_at IS NULL AND u.id IN (SELECT user_id FROM recent) AND EXISTS (SELECT 1 FROM tags t WHERE t.id = u.id)`)
	if q.Err != nil {
		b.Fatal(q.Err)
	}
	raw := q.Tree.Stmts[0]
	for b.Loop() {
		// The LEFT JOIN of orders has no live filter.
		if fs := c.CheckStatement(raw); len(fs) != 1 || fs[0].Rule != MissingFilter {
			b.Fatalf("findings %v, want one missing-filter", fs)
		}
	}
}
