package rules

import (
	"testing"

	"github.com/softdelete/softdelete/internal/pgparse"
)

// FuzzCheckStatement runs every statement rule on arbitrary SQL against a
// catalog with soft-delete tables of each kind: no panic, and every
// finding's offset inside the text.
func FuzzCheckStatement(f *testing.F) {
	for _, s := range []string{
		"SELECT * FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE o.is_deleted = false OR u.deleted_at IS NULL",
		"WITH RECURSIVE r AS (SELECT * FROM users UNION SELECT u.* FROM users u JOIN r ON r.id = u.org_id) SELECT * FROM r",
		"UPDATE users SET deleted_at = now() FROM orders WHERE orders.user_id = users.id RETURNING *",
		"INSERT INTO users (email) SELECT email FROM users ON CONFLICT (email) WHERE deleted_at IS NULL DO NOTHING",
		"DELETE FROM orders USING users WHERE users.id = orders.user_id AND users.deleted_at IS NOT NULL",
		`SELECT * FROM orgs WHERE "DeleteAt" = 0 AND EXISTS (SELECT 1 FROM secrets s WHERE s.id = orgs.id)`,
		"SELECT (SELECT max(x.y) FROM (SELECT 1 AS y FROM users) x), ARRAY(SELECT id FROM orders) FROM tags",
		"MERGE INTO users u USING orders o ON o.user_id = u.id WHEN MATCHED THEN UPDATE SET deleted_at = now()",
		"SELECT * FROM users WHERE __softdelete_dynamic_1 AND deleted_at IS NULL; SELECT 1 FROM orders",
		"SELECT * FROM tags t LEFT JOIN orders o ON o.user_id = t.id WHERE t.id > 0 AND NOT o.is_deleted ORDER BY 1",
		"SELECT * FROM tags t LEFT JOIN users u ON u.id = t.id WHERE u.deleted_at IS NULL",
	} {
		f.Add(s)
	}
	c := testCatalog(f)
	f.Fuzz(func(t *testing.T, text string) {
		q := pgparse.ParseQuery(text)
		if q.Err != nil {
			return
		}
		for _, raw := range q.Tree.Stmts {
			for _, fd := range c.CheckStatement(raw) {
				if off := q.Offset(fd.Offset); off < 0 || off > len(text) {
					t.Fatalf("%s finding at %d outside %d bytes: %s", fd.Rule.ID, off, len(text), fd.Message)
				}
				if fd.Message == "" || fd.Rule == nil {
					t.Fatalf("empty finding %+v", fd)
				}
				// Fixes edit the parsed text: in bounds, in order.
				last := -1
				for _, e := range fd.Edits(q.Text) {
					if e.Offset < 0 || e.Len < 0 || e.Offset+e.Len > len(q.Text) || e.Offset < last {
						t.Fatalf("%s fix edit %+v out of bounds or order in %d bytes", fd.Rule.ID, e, len(q.Text))
					}
					last = e.Offset + e.Len
				}
			}
		}
	})
}
