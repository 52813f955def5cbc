package rules

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/softdelete/softdelete/internal/pgparse"
)

var update = flag.Bool("update", false, "rewrite docs/rules/*.md from the rules")

// TestRuleDocs keeps docs/rules/<id>.md equal to each rule's documentation
// (go test ./rules -run RuleDocs -update rewrites them), and checks that
// every page's bad example is reported by its rule and its good example is
// not: the examples are test inputs, so the docs cannot drift.
func TestRuleDocs(t *testing.T) {
	dir := filepath.Join("..", "docs", "rules")
	for _, r := range All {
		path := filepath.Join(dir, r.ID+".md")
		want := r.Markdown()
		if *update {
			if err := os.MkdirAll(dir, 0o777); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(want), 0o666); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: no page: %v (run go test ./rules -run RuleDocs -update)", r.ID, err)
		} else if string(got) != want {
			t.Errorf("%s is stale: run go test ./rules -run RuleDocs -update", path)
		}
		if n := exampleFindings(t, r, r.Bad); n == 0 {
			t.Errorf("%s: the bad example is not reported:\n%s", r.ID, r.Bad)
		}
		if n := exampleFindings(t, r, r.Good); n != 0 {
			t.Errorf("%s: the good example is reported %d times:\n%s", r.ID, n, r.Good)
		}
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "*.md"))
	if len(pages) != len(All) {
		t.Errorf("docs/rules has %d pages for %d rules", len(pages), len(All))
	}
}

// exampleFindings counts the findings of rule r on an example: for schema
// rules the example is the schema; otherwise its statements run against the
// rule's schema as one function (for missing-cascade, what it writes is
// what it handles).
func exampleFindings(t *testing.T, r *Rule, example string) int {
	t.Helper()
	ddl := r.Schema
	if ddl == "" {
		ddl = DocSchema
	}
	if r.SchemaRule() {
		ddl = example
	}
	cat := loadDDL(t, ddl)
	c := NewCatalog(cat, Config{})
	n := 0
	if r.SchemaRule() {
		for _, f := range c.CheckSchema() {
			if f.Rule == r {
				n++
			}
		}
		return n
	}
	q := pgparse.ParseQuery(example)
	if q.Err != nil {
		t.Fatalf("%s: example does not parse: %v\n%s", r.ID, q.Err, example)
	}
	handled := map[string]bool{}
	var writes []Write
	for _, raw := range q.Tree.Stmts {
		for _, f := range c.CheckStatement(raw) {
			if f.Rule == r {
				n++
			}
		}
		for _, w := range c.Writes(raw) {
			for _, k := range w.Keys() {
				handled[k] = true
			}
			writes = append(writes, w)
		}
	}
	if r == MissingCascade {
		for _, w := range writes {
			if f, _ := c.MissingCascade(w, handled); f.Rule != nil {
				n++
			}
		}
	}
	return n
}
