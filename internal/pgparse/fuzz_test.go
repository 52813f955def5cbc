package pgparse

import (
	"strings"
	"testing"
)

// FuzzParseQuery checks that any text parses or fails cleanly, that every
// offset of the rewritten text maps back into the original, and that the
// rewrite only replaces placeholder tokens.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"SELECT * FROM users WHERE id = ? AND email = :email OR x = @name",
		"SELECT data ? 'k', a::text, b[1:2] FROM t WHERE c = $2 AND d = ?",
		"INSERT INTO t (a) VALUES (?) ON CONFLICT (a) DO UPDATE SET a = :a",
		"SELECT '?', \"?\", $$ :x $$ -- ?\n/* @y */ FROM t",
		"SELECT * FROM `users` WHERE id = ?",
		strings.Repeat("(", 1000) + "1" + strings.Repeat(")", 1000),
		"SELECT é, '\xff' FROM t WHERE a = ?",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<16 {
			return
		}
		rewritten, edits := rewritePlaceholders(text)
		q := &Query{edits: edits}
		for off := 0; off <= len(rewritten); off++ {
			if o := q.Offset(off); o < 0 || o > len(text) {
				t.Fatalf("Offset(%d) = %d outside the original text of %d bytes", off, o, len(text))
			}
		}
		for _, e := range edits {
			if got := rewritten[e.parsed : e.parsed+e.parsedLen]; !strings.HasPrefix(got, "$") {
				t.Fatalf("edit produced %q, not a parameter", got)
			}
			if orig := text[e.orig : e.orig+e.origLen]; orig[0] != '?' && orig[0] != ':' && orig[0] != '@' {
				t.Fatalf("rewrote %q, which is not a placeholder", orig)
			}
		}
		pq := ParseQuery(text)
		if (pq.Tree == nil) == (pq.Err == nil) {
			t.Fatalf("ParseQuery: tree %v, error %v", pq.Tree != nil, pq.Err)
		}
		if pq.Err != nil && (pq.Err.Offset < -1 || pq.Err.Offset > len(text)) {
			t.Fatalf("error offset %d outside the text", pq.Err.Offset)
		}
	})
}
