package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/softdelete/softdelete/internal/pgparse"
	"github.com/softdelete/softdelete/schema"
)

const testSchema = `
CREATE TABLE users (id bigserial PRIMARY KEY, email text, name text, org_id bigint, deleted_at timestamptz);
CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint REFERENCES users, total numeric, is_deleted boolean NOT NULL DEFAULT false);
CREATE TABLE orgs (id bigserial PRIMARY KEY, name text, "DeleteAt" bigint NOT NULL DEFAULT 0);
CREATE TABLE tags (id bigserial PRIMARY KEY, name text);
CREATE TABLE secrets (id bigserial PRIMARY KEY, deleted_at timestamptz);
ALTER TABLE secrets ENABLE ROW LEVEL SECURITY;
CREATE POLICY live ON secrets USING (deleted_at IS NULL);
CREATE TABLE drafts (id bigserial PRIMARY KEY, deleted_at timestamptz);
ALTER TABLE drafts ENABLE ROW LEVEL SECURITY;
CREATE POLICY mine ON drafts USING (id > 0);
`

func testCatalog(t testing.TB) *Catalog {
	t.Helper()
	path := filepath.Join(t.TempDir(), "schema.sql")
	if err := os.WriteFile(path, []byte(testSchema), 0o666); err != nil {
		t.Fatal(err)
	}
	cat, err := schema.Load([]string{path})
	if err != nil || len(cat.Errors) > 0 {
		t.Fatalf("schema: %v %v", err, cat.Errors)
	}
	c := NewCatalog(cat, Config{Columns: append(DefaultColumns, Column{Name: "DeleteAt", Live: "= 0"})})
	if c.Err() != nil {
		t.Fatal(c.Err())
	}
	return c
}

// check returns "rule@table" for each finding, checking that the offset
// points at the table reference in the text.
func check(t *testing.T, c *Catalog, sql string) []string {
	t.Helper()
	q := pgparse.ParseQuery(sql)
	if q.Err != nil {
		t.Fatalf("%s: %v", sql, q.Err)
	}
	var got []string
	for _, raw := range q.Tree.Stmts {
		for _, f := range c.CheckStatement(raw) {
			off := q.Offset(f.Offset)
			rest := strings.ToLower(sql[off:])
			table := strings.SplitN(f.Message, " ", 2)[0]
			if !strings.HasPrefix(rest, table) && !strings.Contains(rest[:min(len(rest), 40)], "."+table) {
				t.Errorf("%s: finding at %d (%q) does not point at %s", sql, off, sql[off:], table)
			}
			if !strings.Contains(f.Message, table+" is a soft-delete table") {
				t.Errorf("message does not name the table: %s", f.Message)
			}
			got = append(got, f.Rule.ID+"@"+table)
		}
	}
	return got
}

func TestQueryRules(t *testing.T) {
	c := testCatalog(t)
	cases := []struct {
		sql  string
		want string // space-separated rule@table, in order
	}{
		// FROM
		{"SELECT * FROM users", "missing-filter@users"},
		{"SELECT * FROM users WHERE deleted_at IS NULL", ""},
		{"SELECT * FROM users u WHERE u.deleted_at IS NULL", ""},
		{"SELECT * FROM public.users WHERE users.deleted_at IS NULL", ""},
		{"SELECT * FROM users WHERE deleted_at IS NOT DISTINCT FROM NULL", ""},
		{"SELECT * FROM users WHERE deleted_at = $1", ""},
		{"SELECT * FROM users WHERE id = ?", "missing-filter@users"},
		{"SELECT * FROM tags", ""},
		{"SELECT * FROM unknown_table", ""},
		// booleans and sentinels
		{"SELECT * FROM orders WHERE NOT is_deleted", ""},
		{"SELECT * FROM orders WHERE is_deleted = false", ""},
		{"SELECT * FROM orders WHERE is_deleted = 'f'", ""},
		{"SELECT * FROM orders WHERE is_deleted IS NOT TRUE", ""},
		{"SELECT * FROM orders WHERE is_deleted <> true", ""},
		{"SELECT * FROM orders WHERE total > 0", "missing-filter@orders"},
		{`SELECT * FROM orgs WHERE "DeleteAt" = 0`, ""},
		{`SELECT * FROM orgs WHERE "DeleteAt" = 1`, ""}, // deliberate: reads deleted orgs
		{`SELECT * FROM orgs`, "missing-filter@orgs"},
		// deliberate uses of the column
		{"SELECT id, deleted_at FROM users", ""},
		{"SELECT id FROM users WHERE deleted_at IS NOT NULL", ""},
		{"SELECT id FROM users ORDER BY deleted_at", ""},
		{"SELECT id FROM users WHERE deleted_at < now() - interval '30 days'", ""},
		{"SELECT id FROM orders WHERE is_deleted", ""},
		{"UPDATE users SET deleted_at = NULL WHERE id = $1", ""},
		{"UPDATE users SET deleted_at = now() WHERE id = $1", ""},
		{"UPDATE users SET name = $1 WHERE id = $2 RETURNING deleted_at", ""},
		// JOINs
		{"SELECT * FROM users u JOIN orders o ON o.user_id = u.id WHERE u.deleted_at IS NULL", "missing-filter@orders"},
		{"SELECT * FROM users u JOIN orders o ON o.user_id = u.id AND NOT o.is_deleted WHERE u.deleted_at IS NULL", ""},
		{"SELECT * FROM users u JOIN orders o USING (id) WHERE u.deleted_at IS NULL AND NOT o.is_deleted", ""},
		{"SELECT * FROM users u JOIN orders o ON o.user_id = u.id JOIN orgs g ON g.id = u.org_id WHERE u.deleted_at IS NULL AND NOT o.is_deleted", "missing-filter@orgs"},
		{"SELECT * FROM users u, orders o WHERE o.user_id = u.id", "missing-filter@users missing-filter@orders"},
		// outer joins
		{"SELECT * FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE u.deleted_at IS NULL AND NOT o.is_deleted", "outer-join-filter@orders"},
		{"SELECT * FROM users u LEFT JOIN orders o ON o.user_id = u.id AND NOT o.is_deleted WHERE u.deleted_at IS NULL", ""},
		{"SELECT * FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE u.deleted_at IS NULL", "missing-filter@orders"},
		{"SELECT * FROM orders o RIGHT JOIN users u ON o.user_id = u.id WHERE u.deleted_at IS NULL AND NOT o.is_deleted", "outer-join-filter@orders"},
		{"SELECT * FROM users u FULL JOIN orders o ON o.user_id = u.id WHERE u.deleted_at IS NULL AND NOT o.is_deleted", "outer-join-filter@users outer-join-filter@orders"},
		{"SELECT * FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE u.deleted_at IS NULL AND (o.id IS NULL OR NOT o.is_deleted)", ""},
		// OR
		{"SELECT * FROM users WHERE email = $1 OR name = $1 AND deleted_at IS NULL", "missing-filter@users"},
		{"SELECT * FROM users WHERE (email = $1 OR name = $1) AND deleted_at IS NULL", ""},
		{"SELECT * FROM users WHERE (email = $1 AND deleted_at IS NULL) OR (name = $1 AND deleted_at IS NULL)", ""},
		{"SELECT * FROM users WHERE deleted_at IS NULL OR deleted_at > $1", ""},
		// subqueries, CTEs, set operations
		{"SELECT * FROM tags WHERE id IN (SELECT user_id FROM orders)", "missing-filter@orders"},
		{"SELECT * FROM tags t WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = t.id)", "missing-filter@users"},
		{"SELECT (SELECT count(*) FROM orders o WHERE o.user_id = u.id) FROM users u WHERE u.deleted_at IS NULL", "missing-filter@orders"},
		{"SELECT * FROM (SELECT * FROM users) x", "missing-filter@users"},
		{"SELECT * FROM tags t, LATERAL (SELECT * FROM orders o WHERE o.user_id = t.id) x", "missing-filter@orders"},
		{"WITH u AS (SELECT * FROM users) SELECT * FROM u", "missing-filter@users"},
		{"WITH u AS (SELECT * FROM users WHERE deleted_at IS NULL) SELECT * FROM u", ""},
		{"WITH users AS (SELECT id FROM tags) SELECT * FROM users", ""},
		{"WITH RECURSIVE r AS (SELECT id FROM users WHERE deleted_at IS NULL UNION ALL SELECT u.id FROM users u JOIN r ON r.id = u.org_id) SELECT * FROM r", "missing-filter@users"},
		{"SELECT id FROM users WHERE deleted_at IS NULL UNION SELECT id FROM orders", "missing-filter@orders"},
		{"SELECT id FROM users EXCEPT SELECT user_id FROM orders WHERE NOT is_deleted", "missing-filter@users"},
		// writes
		{"UPDATE users SET name = $1 WHERE id = $2", "missing-filter@users"},
		{"UPDATE users SET name = $1 WHERE id = $2 AND deleted_at IS NULL", ""},
		{"UPDATE orders o SET total = 0 FROM users u WHERE u.id = o.user_id AND NOT o.is_deleted", "missing-filter@users"},
		{"INSERT INTO tags (name) SELECT email FROM users", "missing-filter@users"},
		{"INSERT INTO tags (name) SELECT email FROM users WHERE deleted_at IS NULL", ""},
		{"INSERT INTO users (email) VALUES ($1) ON CONFLICT DO NOTHING", ""},
		{"DELETE FROM users WHERE id = $1", ""},
		{"DELETE FROM tags t USING orders o WHERE o.id = t.id", "missing-filter@orders"},
		{"WITH gone AS (UPDATE users SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL RETURNING id) UPDATE orders SET is_deleted = true WHERE user_id IN (SELECT id FROM gone)", ""},
		{"EXPLAIN SELECT * FROM users", "missing-filter@users"},
		// row-level security
		{"SELECT * FROM secrets", ""},
		{"SELECT * FROM drafts", "missing-filter@drafts"},
		// dynamic parts
		{"SELECT * FROM users WHERE __softdelete_dynamic_1", ""},
		{"SELECT * FROM users __softdelete_dynamic_1", ""},
		{"SELECT * FROM __softdelete_dynamic_1", ""},
		{"SELECT __softdelete_dynamic_1 FROM users", "missing-filter@users"},
		// several statements
		{"SELECT 1 FROM users WHERE deleted_at IS NULL; SELECT 1 FROM orders", "missing-filter@orders"},
	}
	for _, tc := range cases {
		got := strings.Join(check(t, c, tc.sql), " ")
		if got != tc.want {
			t.Errorf("%s\n\tgot  %q\n\twant %q", tc.sql, got, tc.want)
		}
	}
}

func TestMessages(t *testing.T) {
	c := testCatalog(t)
	msg := func(sql string) string {
		q := pgparse.ParseQuery(sql)
		fs := c.CheckStatement(q.Tree.Stmts[0])
		if len(fs) != 1 {
			t.Fatalf("%s: %d findings", sql, len(fs))
		}
		return fs[0].Message
	}
	for sql, want := range map[string]string{
		"SELECT * FROM users WHERE id = 1":                  `users is a soft-delete table (deleted_at) but this SELECT does not filter deleted rows: add "AND deleted_at IS NULL"`,
		"SELECT * FROM users u":                             `users is a soft-delete table (deleted_at) but this SELECT does not filter deleted rows: add "WHERE u.deleted_at IS NULL"`,
		`SELECT * FROM orgs`:                                "orgs is a soft-delete table (DeleteAt) but this SELECT does not filter deleted rows: add `WHERE \"DeleteAt\" = 0`",
		"SELECT * FROM tags t JOIN orders o ON o.id = t.id": `orders is a soft-delete table (is_deleted) but this SELECT joins it without filtering deleted rows: add "AND NOT o.is_deleted" to its ON clause`,
		"SELECT * FROM tags t LEFT JOIN users u ON u.id = t.id WHERE u.deleted_at IS NULL": `users is a soft-delete table (deleted_at) on the nullable side of a LEFT JOIN, but its live-row filter is in WHERE, which drops the rows the outer join keeps: move "u.deleted_at IS NULL" into the ON clause`,
	} {
		if got := msg(sql); got != want {
			t.Errorf("%s\n\tgot  %s\n\twant %s", sql, got, want)
		}
	}
}

func TestConfigLiveValues(t *testing.T) {
	cat := &schema.Catalog{Tables: map[string]*schema.Table{
		"t": {Name: "t", Columns: []*schema.Column{{Name: "gone", Type: "int4"}}},
	}}
	if c := NewCatalog(cat, Config{Columns: []Column{{Name: "gone", Live: "zero"}}}); c.Err() == nil {
		t.Error("malformed live value accepted")
	}
	c := NewCatalog(cat, Config{Columns: []Column{{Name: "gone", Live: "= 0"}}, Exclude: []string{"T"}})
	if c.SoftDelete(cat.Tables["t"]) != nil {
		t.Error("excluded table is soft-delete")
	}
}
