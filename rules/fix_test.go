package rules

import (
	"sort"
	"testing"

	"github.com/softdelete/softdelete/internal/pgparse"
)

// apply applies edits to text.
func apply(text string, edits []Edit) string {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].Offset > edits[j].Offset })
	for _, e := range edits {
		text = text[:e.Offset] + e.Text + text[e.Offset+e.Len:]
	}
	return text
}

// TestFixes applies each missing-filter fix and checks the result is the
// expected SQL, which parses and which the rule accepts.
func TestFixes(t *testing.T) {
	c := testCatalog(t)
	for in, want := range map[string]string{
		"SELECT * FROM users":                                                                      "SELECT * FROM users WHERE deleted_at IS NULL",
		"SELECT * FROM users u ORDER BY id":                                                        "SELECT * FROM users u WHERE u.deleted_at IS NULL ORDER BY id",
		"SELECT * FROM users WHERE id = $1":                                                        "SELECT * FROM users WHERE id = $1 AND deleted_at IS NULL",
		"SELECT * FROM users WHERE (id = $1) LIMIT 1":                                              "SELECT * FROM users WHERE (id = $1) AND deleted_at IS NULL LIMIT 1",
		"SELECT * FROM users WHERE id = 1 OR email = 'x'":                                          "SELECT * FROM users WHERE (id = 1 OR email = 'x') AND deleted_at IS NULL",
		"SELECT * FROM users WHERE email = $1 OR name = $1 AND deleted_at IS NULL":                 "SELECT * FROM users WHERE (email = $1 OR name = $1 AND deleted_at IS NULL) AND deleted_at IS NULL",
		"SELECT * FROM tags t JOIN orders o ON o.id = t.id WHERE t.id > 0":                         "SELECT * FROM tags t JOIN orders o ON o.id = t.id AND NOT o.is_deleted WHERE t.id > 0",
		"SELECT * FROM tags t LEFT JOIN orders o ON (o.user_id = t.id) JOIN tags x ON x.id = t.id": "SELECT * FROM tags t LEFT JOIN orders o ON (o.user_id = t.id) AND NOT o.is_deleted JOIN tags x ON x.id = t.id",
		"SELECT * FROM tags WHERE id IN (SELECT user_id FROM orders) ORDER BY 1":                   "SELECT * FROM tags WHERE id IN (SELECT user_id FROM orders WHERE NOT is_deleted) ORDER BY 1",
		"UPDATE users SET name = $1 WHERE id = $2 RETURNING id":                                    "UPDATE users SET name = $1 WHERE id = $2 AND deleted_at IS NULL RETURNING id",
		"UPDATE users SET name = $1":                                                               "UPDATE users SET name = $1 WHERE deleted_at IS NULL",
		"SELECT * FROM users -- all\nWHERE id = 1 -- one\nLIMIT 1":                                 "SELECT * FROM users -- all\nWHERE id = 1 AND deleted_at IS NULL -- one\nLIMIT 1",
		`SELECT * FROM orgs WHERE name = 'a'`:                                                      `SELECT * FROM orgs WHERE name = 'a' AND "DeleteAt" = 0`,
	} {
		q := pgparse.ParseQuery(in)
		fs := c.CheckStatement(q.Tree.Stmts[0])
		if len(fs) != 1 {
			t.Errorf("%s: %d findings", in, len(fs))
			continue
		}
		got := apply(in, fs[0].Edits(in))
		if got != want {
			t.Errorf("fix of %s\n\tgot  %s\n\twant %s", in, got, want)
			continue
		}
		fixed := pgparse.ParseQuery(got)
		if fixed.Err != nil {
			t.Errorf("fixed SQL does not parse: %s: %v", got, fixed.Err)
			continue
		}
		if after := c.CheckStatement(fixed.Tree.Stmts[0]); len(after) != 0 {
			t.Errorf("fixed SQL still reported: %s: %s", got, after[0].Message)
		}
	}
}

// TestOuterJoinFix moves the outer-joined table's filter from WHERE into
// its ON clause.
func TestOuterJoinFix(t *testing.T) {
	c := testCatalog(t)
	for in, want := range map[string]string{
		"SELECT * FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE u.deleted_at IS NULL AND NOT o.is_deleted":                         "SELECT * FROM users u LEFT JOIN orders o ON o.user_id = u.id AND NOT o.is_deleted WHERE u.deleted_at IS NULL",
		"SELECT * FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE NOT o.is_deleted AND u.deleted_at IS NULL ORDER BY 1":              "SELECT * FROM users u LEFT JOIN orders o ON o.user_id = u.id AND NOT o.is_deleted WHERE u.deleted_at IS NULL ORDER BY 1",
		"SELECT * FROM tags t LEFT JOIN orders o ON o.user_id = t.id WHERE o.is_deleted = false":                                               "SELECT * FROM tags t LEFT JOIN orders o ON o.user_id = t.id AND o.is_deleted = false",
		"SELECT * FROM tags t LEFT JOIN orders o ON o.user_id = t.id WHERE NOT o.is_deleted LIMIT 5":                                           "SELECT * FROM tags t LEFT JOIN orders o ON o.user_id = t.id AND NOT o.is_deleted LIMIT 5",
		"SELECT * FROM tags t LEFT JOIN users u ON u.id = t.id LEFT JOIN orders o ON o.user_id = u.id WHERE t.id > 0 AND u.deleted_at IS NULL": "SELECT * FROM tags t LEFT JOIN users u ON u.id = t.id AND u.deleted_at IS NULL LEFT JOIN orders o ON o.user_id = u.id WHERE t.id > 0",
	} {
		q := pgparse.ParseQuery(in)
		var edits []Edit
		for _, f := range c.CheckStatement(q.Tree.Stmts[0]) {
			if f.Rule == OuterJoinFilter {
				edits = f.Edits(in)
			}
		}
		got := apply(in, edits)
		if got != want {
			t.Errorf("fix of %s\n\tgot  %s\n\twant %s", in, got, want)
			continue
		}
		fixed := pgparse.ParseQuery(got)
		if fixed.Err != nil {
			t.Errorf("fixed SQL does not parse: %s: %v", got, fixed.Err)
			continue
		}
		for _, f := range c.CheckStatement(fixed.Tree.Stmts[0]) {
			if f.Rule == OuterJoinFilter {
				t.Errorf("fixed SQL still reported: %s: %s", got, f.Message)
			}
		}
	}
	// Reported, but no conjunct of WHERE can be moved alone: no fix.
	for _, in := range []string{
		// The conjunct's text is inside parentheses that also hold the other.
		"SELECT * FROM tags t LEFT JOIN orders o ON o.user_id = t.id WHERE (NOT o.is_deleted AND t.id > 0)",
		// The filter is in every branch of an OR, not a conjunct of its own.
		"SELECT * FROM tags t LEFT JOIN orders o ON o.user_id = t.id WHERE (NOT o.is_deleted AND o.user_id > 0) OR (NOT o.is_deleted AND t.id > 0)",
	} {
		q := pgparse.ParseQuery(in)
		reported := false
		for _, f := range c.CheckStatement(q.Tree.Stmts[0]) {
			if f.Rule != OuterJoinFilter {
				continue
			}
			reported = true
			if edits := f.Edits(in); edits != nil {
				t.Errorf("%s: a fix was offered: %v", in, edits)
			}
		}
		if !reported {
			t.Errorf("%s: not reported", in)
		}
	}
}

// TestRedeleteFix adds the guard to unguarded soft deletes.
func TestRedeleteFix(t *testing.T) {
	c := testCatalog(t)
	for in, want := range map[string]string{
		"UPDATE users SET deleted_at = now() WHERE id = $1":                            "UPDATE users SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL",
		"UPDATE users SET deleted_at = now() WHERE id = $1 OR email = $2 RETURNING id": "UPDATE users SET deleted_at = now() WHERE (id = $1 OR email = $2) AND deleted_at IS NULL RETURNING id",
		"UPDATE users SET deleted_at = now()":                                          "UPDATE users SET deleted_at = now() WHERE deleted_at IS NULL",
	} {
		q := pgparse.ParseQuery(in)
		var edits []Edit
		for _, f := range c.CheckStatement(q.Tree.Stmts[0]) {
			if f.Rule == Redelete {
				edits = f.Edits(in)
			}
		}
		if got := apply(in, edits); got != want {
			t.Errorf("fix of %s\n\tgot  %s\n\twant %s", in, got, want)
		}
	}
}
