package rules

import (
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/softdelete/softdelete/internal/pgparse"
)

var update = flag.Bool("update", false, "rewrite docs/rules/*.md and the README's rules table from the rules")

// TestRegistry checks that every rule in All is registered whole, so that
// a rule cannot be half-added: an ID of its own, its documentation, a kind
// and the check that kind needs. Its page and README row are checked by
// TestRuleDocs and TestReadmeRules, its place in the analyzer's
// documentation by the analyzer's TestDocListsRules. Dropping a rule's
// Fix, or its checkStatement, fails here.
func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range All {
		if r.ID == "" || seen[r.ID] {
			t.Errorf("rule %q: empty or duplicate ID", r.ID)
		}
		seen[r.ID] = true
		if ByID(r.ID) != r || !KnownID(r.ID) {
			t.Errorf("%s: not found by its ID", r.ID)
		}
		if r.Title == "" || r.Why == "" || r.Bad == "" || r.Good == "" || r.Fix == "" {
			t.Errorf("%s: incomplete documentation (Title, Why, Bad, Good and Fix are required)", r.ID)
		}
		switch hasStmt, hasSchema := r.checkStatement != nil, r.checkSchema != nil; r.Kind {
		case KindStatement:
			if !hasStmt || hasSchema {
				t.Errorf("%s: a statement rule needs a checkStatement and no checkSchema", r.ID)
			}
		case KindSchema:
			if !hasSchema || hasStmt {
				t.Errorf("%s: a schema rule needs a checkSchema and no checkStatement", r.ID)
			}
		case KindWrite:
			// Judged by the analyzer across functions (Checker.MissingCascade).
			if hasStmt || hasSchema {
				t.Errorf("%s: a write rule has no check of its own", r.ID)
			}
		default:
			t.Errorf("%s: no kind", r.ID)
		}
	}
}

// TestAllIsComplete checks that every Rule the package declares is in All:
// a rule left out of it would never run.
func TestAllIsComplete(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			if typ, ok := lit.Type.(*ast.Ident); !ok || typ.Name != "Rule" {
				return true
			}
			for _, e := range lit.Elts {
				kv, ok := e.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				key, _ := kv.Key.(*ast.Ident)
				val, _ := kv.Value.(*ast.BasicLit)
				if key != nil && key.Name == "ID" && val != nil && ByID(strings.Trim(val.Value, `"`)) == nil {
					t.Errorf("%s: rule %s is not in All", fset.Position(lit.Pos()), val.Value)
				}
			}
			return true
		})
	}
}

// TestReadmeRules keeps the README's rules table equal to SummaryTable
// (go test ./rules -run ReadmeRules -update rewrites it), and keeps
// per-rule prose out of the README: it lives in docs/rules.
func TestReadmeRules(t *testing.T) {
	const path = "../README.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	start := strings.Index(readme, tableStart)
	end := strings.Index(readme, tableEnd)
	if start < 0 || end < start {
		t.Fatalf("README has no rules table between %q and %q", tableStart, tableEnd)
	}
	start += len(tableStart)
	want := "\n" + SummaryTable() + "\n"
	if *update && readme[start:end] != want {
		readme = readme[:start] + want + readme[end:]
		if err := os.WriteFile(path, []byte(readme), 0o666); err != nil {
			t.Fatal(err)
		}
		end = start + len(want)
	}
	if readme[start:end] != want {
		t.Errorf("README's rules table is stale: run go test ./rules -run ReadmeRules -update")
	}
	for _, r := range All {
		if strings.Contains(readme, "\n### "+r.ID+"\n") {
			t.Errorf("README has a section for %s: its prose belongs in the rule's documentation (docs/rules)", r.ID)
		}
	}
}

// The README's rules table is between these lines.
const (
	tableStart = "<!-- rules table: generated from rules.All; go test ./rules -update rewrites it -->\n"
	tableEnd   = "<!-- end rules table -->\n"
)

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
	c := NewChecker(cat, Config{})
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
