package pgparse

import "testing"

func TestRewritePlaceholders(t *testing.T) {
	cases := []struct{ in, want string }{
		{"SELECT * FROM users WHERE id = ?", "SELECT * FROM users WHERE id = $1"},
		{"SELECT * FROM users WHERE id = ? AND email = ?", "SELECT * FROM users WHERE id = $1 AND email = $2"},
		{"SELECT * FROM users WHERE id = :id AND x = :name OR y = :id", "SELECT * FROM users WHERE id = $1 AND x = $2 OR y = $1"},
		{"SELECT * FROM users WHERE id = @id", "SELECT * FROM users WHERE id = $1"},
		{"SELECT data ? 'k' FROM t WHERE a = ?", "SELECT data ? 'k' FROM t WHERE a = $1"},
		{"SELECT '?', a::text FROM t -- ?\nWHERE b = $3 AND c = ?", "SELECT '?', a::text FROM t -- ?\nWHERE b = $3 AND c = $4"},
		{"SELECT a[1:2] FROM t", "SELECT a[1:2] FROM t"},
		// A placeholder glued to a comparison is scanned as one operator.
		{"SELECT * FROM t WHERE id=? AND n>=? AND m<>?", "SELECT * FROM t WHERE id=$1 AND n>=$2 AND m<>$3"},
		// jsonpath's @? and jsonb's ?| keep their meaning.
		{"SELECT * FROM t WHERE j @? '$.a' AND j ?| array['a'] AND k = ?", "SELECT * FROM t WHERE j @? '$.a' AND j ?| array['a'] AND k = $1"},
	}
	for _, c := range cases {
		got, _ := rewritePlaceholders(c.in)
		if got != c.want {
			t.Errorf("rewrite(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestOffsetMapsBack(t *testing.T) {
	in := "SELECT * FROM users u WHERE u.id = :id AND u.org = :org_id JOIN_HERE"
	q := &Query{}
	rewritten, edits := rewritePlaceholders(in)
	q.edits = edits
	orig := len(in) - len("JOIN_HERE")
	parsed := len(rewritten) - len("JOIN_HERE")
	if got := q.Offset(parsed); got != orig {
		t.Fatalf("Offset(%d) = %d, want %d", parsed, got, orig)
	}
	if got := q.Offset(14); got != 14 {
		t.Fatalf("Offset before edits moved: %d", got)
	}
}

func TestParseQueryErrorsAreLocated(t *testing.T) {
	q := ParseQuery("SELECT * FROM `users` WHERE é = ?")
	if q.Err == nil || q.Tree != nil {
		t.Fatalf("MySQL backticks parsed: %+v", q)
	}
	if q.Err.Offset != 14 {
		t.Errorf("error offset = %d, want 14 (the backtick)", q.Err.Offset)
	}
	if ParseQuery("SELECT 1") != ParseQuery("SELECT 1") {
		t.Error("identical texts parsed twice")
	}
	if q := ParseQuery("SELECT \x00"); q.Err == nil {
		t.Error("NUL byte accepted")
	}
}

// A name built at run time right after another name (a sort direction)
// is dropped so that the rest is judged; anywhere else an unknown part
// that does not parse fails the parse.
func TestJuxtaposedOpaqueNames(t *testing.T) {
	const d = "__softdelete_dynamic_"
	for _, tc := range []struct {
		text  string
		parse bool
	}{
		{"SELECT id FROM users WHERE deleted_at IS NULL ORDER BY " + d + "1 " + d + "2", true},
		{"SELECT id FROM users ORDER BY name " + d + "1 LIMIT $1", true},
		{"SELECT id FROM users ORDER BY created_at " + d + "1, id " + d + "2", true},
		{"SELECT id FROM users WHERE id = 1 " + d + "1", false},   // a tail after a value: could be OR ...
		{"SELECT id FROM users WHERE (id = 1) " + d + "1", false}, // likewise after a parenthesis
		{"SELECT id FROM users WHERE id = 1 ORDER BY id ASC " + d + "1", false},
	} {
		q := ParseQuery(tc.text)
		if (q.Err == nil) != tc.parse {
			t.Errorf("%q: parse error %v, want parsed=%v", tc.text, q.Err, tc.parse)
			continue
		}
		if q.Err == nil && len(q.Text) != len(tc.text) {
			t.Errorf("%q: text length changed to %d", tc.text, len(q.Text))
		}
	}
}
