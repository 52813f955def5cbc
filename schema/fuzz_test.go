package schema

import (
	"strings"
	"testing"
)

// FuzzLoad feeds arbitrary text to Load as a migration file: it must not
// panic or hang, and every position it reports must be in the file.
func FuzzLoad(f *testing.F) {
	for _, seed := range []string{
		"",
		"CREATE TABLE users (id bigserial PRIMARY KEY, email text UNIQUE, deleted_at timestamptz);",
		"-- +goose Up\nCREATE TABLE a (x int);\n-- +goose Down\nDROP TABLE a;\n",
		"-- migrate:up\nCREATE TABLE a (x int);\n-- migrate:down\n",
		"CREATE TABLE a (x int);\n---- create above / drop below ----\nDROP TABLE a;",
		pgDump,
		"CREATE TABLE a (x int);\nCREATE TABLE b (x int,, y int);\nCREATE INDEX ON a (x) WHERE x > 0;",
		"CREATE TABLE a (x text DEFAULT 'unterminated);",
		"CREATE TABLE a (x int); \x00 CREATE TABLE b (y int);",
		"\xff\xfe\x00\x01garbage;;;",
		"COPY a FROM stdin;\n1\t2\n",
		"CREATE RULE r AS ON DELETE TO a DO INSTEAD (UPDATE a SET x = 1; SELECT 1",
		"CREATE TABLE a(",
		"ALTER TABLE a RENAME COLUMN x TO y; ALTER TABLE a DROP COLUMN y; DROP TABLE a CASCADE;",
		"CREATE TABLE a (x int DEFAULT " + strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000) + ");",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, content string) {
		// loadFile is Load after reading the file; skipping the disk
		// keeps the fuzzer fast.
		const name = "001_fuzz.sql"
		c := newCatalog()
		c.loadFile(name, []byte(content))
		checkPos := func(what string, p Pos) {
			if p.File != name || p.Offset < 0 || p.Offset > len(content) || p.Line < 1 || p.Col < 1 {
				t.Fatalf("%s at %+v outside the %d-byte file", what, p, len(content))
			}
		}
		for _, e := range c.Errors {
			checkPos("error "+e.Msg, e.Pos)
		}
		for _, tb := range c.Tables {
			checkPos("table", tb.Pos)
			for _, col := range tb.Columns {
				checkPos("column", col.Pos)
			}
			for _, k := range tb.Constraints {
				checkPos("constraint", k.Pos)
			}
			for _, ix := range tb.Indexes {
				checkPos("index", ix.Pos)
			}
			for _, tr := range tb.Triggers {
				checkPos("trigger", tr.Pos)
			}
			for _, p := range tb.Policies {
				checkPos("policy", p.Pos)
			}
			for _, r := range tb.Rules {
				checkPos("rule", r.Pos)
			}
		}
		for _, v := range c.Views {
			checkPos("view", v.Pos)
		}
	})
}
