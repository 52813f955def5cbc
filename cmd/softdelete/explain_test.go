package main_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of explain and graph")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./cmd/softdelete -run %s -update writes it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (go test ./cmd/softdelete -run %s -update rewrites it):\n%s", t.Name(), path, t.Name(), got)
	}
}

// explainOf runs softdelete explain (or graph) on the sample module, with
// the module's absolute path made stable.
func explainOf(t *testing.T, args ...string) string {
	t.Helper()
	dir := testdata(t)
	out, code := run(t, dir, binary, args...)
	if code != 0 {
		t.Fatalf("softdelete %v: exit %d\n%s", args, code, out)
	}
	return strings.ReplaceAll(out, dir, "$MODULE")
}

// TestExplain: what the analyzer believes of the sample module: the
// schema, the soft-delete tables and the write that makes each one, the
// vestigial ones and why, and per package the SQL it could not judge.
func TestExplain(t *testing.T) {
	golden(t, "explain.txt", explainOf(t, "explain", "./..."))
}

func TestExplainJSON(t *testing.T) {
	var ex struct {
		Modules []struct {
			Root   string
			Tables []struct {
				Table      string
				SoftDelete bool
				Why        string
			}
		}
		Packages []struct {
			Package   string `json:"package"`
			Sinks     int    `json:"sql_sends"`
			Judged    int    `json:"judged"`
			NotJudged []struct {
				Reason string
			} `json:"not_judged"`
		} `json:"packages"`
	}
	if err := json.Unmarshal([]byte(explainOf(t, "explain", "-json", "./...")), &ex); err != nil {
		t.Fatal(err)
	}
	if len(ex.Modules) != 1 || len(ex.Modules[0].Tables) == 0 {
		t.Fatalf("modules: %+v", ex.Modules)
	}
	var vestigial, notJudged int
	for _, tb := range ex.Modules[0].Tables {
		if !tb.SoftDelete && strings.Contains(tb.Why, "nothing in the module sets") {
			vestigial++
		}
	}
	for _, p := range ex.Packages {
		notJudged += len(p.NotJudged)
		if p.Judged > p.Sinks {
			t.Errorf("%s: %d judged of %d sends", p.Package, p.Judged, p.Sinks)
		}
	}
	if vestigial == 0 || notJudged == 0 {
		t.Errorf("%d vestigial tables, %d sends not judged: the sample module has both", vestigial, notJudged)
	}
}

func TestGraph(t *testing.T) {
	golden(t, "graph.mmd", explainOf(t, "graph", "./..."))
	golden(t, "graph.dot", explainOf(t, "graph", "-format", "dot", "./..."))
	if out, code := run(t, testdata(t), binary, "graph", "-format", "svg", "./..."); code != 2 || !strings.Contains(out, "mermaid or dot") {
		t.Errorf("bad format: exit %d: %s", code, out)
	}
}

// writeModule writes a module of one package into a new directory.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module example.com/m\n\ngo 1.26.0\n"
	for name, content := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const twoPackagesWithSQL = "package a\n\nimport \"database/sql\"\n\nfunc F(db *sql.DB) { db.Query(\"SELECT id FROM users\") }\n"

// No silent zero: a module that sends SQL and has no schema is told so
// once, naming where the schema was looked for; the run still exits 0.
func TestNoSchemaWarning(t *testing.T) {
	dir := writeModule(t, map[string]string{"a/a.go": twoPackagesWithSQL, "b/b.go": strings.Replace(twoPackagesWithSQL, "package a", "package b", 1)})
	for _, args := range [][]string{{"./..."}, {"vet", "-vettool=" + binary, "./..."}} {
		name := binary
		if args[0] == "vet" {
			name = "go"
		}
		out, code := run(t, dir, name, args...)
		if code != 0 || strings.Count(out, "no schema found") != 1 || !strings.Contains(out, "db/migrations") {
			t.Errorf("%v: exit %d, want one warning naming where it looked:\n%s", args, code, out)
		}
	}
	// explain agrees: the sends are found, none is judged.
	if out, _ := run(t, dir, binary, "explain", "./..."); !strings.Contains(out, "schema: none found") || !strings.Contains(out, "total: 2 SQL sends, 0 judged\n") {
		t.Errorf("explain without a schema should judge nothing:\n%s", out)
	}
	// Without SQL there is nothing to warn about.
	dir = writeModule(t, map[string]string{"a/a.go": "package a\n"})
	if out, code := run(t, dir, binary, "./..."); code != 0 || out != "" {
		t.Errorf("no SQL: exit %d: %s", code, out)
	}
}

// Config names that match nothing are warned about by name; a name that
// misses a column by case alone says how to write it.
func TestUnmatchedConfigWarning(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"a/a.go":              twoPackagesWithSQL,
		"migrations/1.up.sql": "CREATE TABLE users (id bigint PRIMARY KEY, \"deletedAt\" timestamptz);\n",
		".softdelete.yml":     "columns:\n  - {name: deleted_on}\n  - {name: '\"DeletedAt\"'}\ntables: {include: [userz]}\ncascade: {keep: [user_eventz]}\n",
	})
	out, code := run(t, dir, binary, "./...")
	for _, want := range []string{
		"config columns: deleted_on matches no column of any table\n",
		`config columns: "DeletedAt" matches no column of any table (the schema has "deletedAt": write it as '"deletedAt"')`,
		"config tables.include: userz matches no table\n",
		"config cascade.keep: user_eventz names no table or foreign-key column\n",
	} {
		if strings.Count(out, want) != 1 {
			t.Errorf("exit %d: output lacks %q once:\n%s", code, want, out)
		}
	}
	// Written as the schema spells it, the column matches: the query is judged.
	os.WriteFile(filepath.Join(dir, ".softdelete.yml"), []byte("columns:\n  - {name: '\"deletedAt\"'}\ntables: {include: [users]}\n"), 0o644)
	if out, code := run(t, dir, binary, "./..."); code != 3 || strings.Contains(out, "matches no") || !strings.Contains(out, `"deletedAt" IS NULL`) {
		t.Errorf("quoted name: exit %d:\n%s", code, out)
	}
}

// A schema whose soft-delete columns nothing sets: every table is
// vestigial, nothing is judged, and the run says so.
func TestAllVestigialWarning(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"a/a.go":              twoPackagesWithSQL,
		"migrations/1.up.sql": "CREATE TABLE users (id bigint PRIMARY KEY, deleted_at timestamptz);\n",
	})
	out, code := run(t, dir, binary, "./...")
	if code != 0 || strings.Count(out, "nothing in "+dir+" sets a soft-delete column (users.deleted_at)") != 1 {
		t.Errorf("exit %d:\n%s", code, out)
	}
	// One soft delete in the module makes the table live: no warning.
	os.WriteFile(filepath.Join(dir, "a", "del.go"), []byte("package a\n\nimport \"database/sql\"\n\nfunc D(db *sql.DB) { db.Exec(\"UPDATE users SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL\") }\n"), 0o644)
	if out, _ := run(t, dir, binary, "./..."); strings.Contains(out, "sets a soft-delete column") {
		t.Errorf("warned with a soft delete in the module:\n%s", out)
	}
}

// A functions: entry that names nothing is warned about where that can be
// known: a member its package lacks (with the near miss), a package the
// module lacks. An entry that names a real wrapper is not, and its SQL is
// judged.
func TestUnmatchedFunctionConfigWarning(t *testing.T) {
	const store = "package db\n\nimport \"database/sql\"\n\ntype Store struct{ db *sql.DB }\n\nfunc (s *Store) Select(q string) { s.db.Query(q) }\n"
	const user = "package a\n\nimport \"example.com/m/db\"\n\nfunc F(s *db.Store) { s.Select(\"SELECT id FROM users\") }\n"
	dir := writeModule(t, map[string]string{
		"db/db.go":            store,
		"a/a.go":              user,
		"migrations/1.up.sql": "CREATE TABLE users (id bigint PRIMARY KEY, deleted_at timestamptz);\nUPDATE users SET deleted_at = now();\n",
		".softdelete.yml":     "tables: {include: [users]}\nfunctions:\n  - {func: 'example.com/m/db.(*Store).select', arg: 0}\n  - {func: example.com/m/dbx.Query, arg: 0}\n  - {func: github.com/other/lib.Query, arg: 1}\n",
	})
	out, code := run(t, dir, binary, "./...")
	for _, want := range []string{
		`config functions[0].func "example.com/m/db.(*Store).select" matches no function or method of example.com/m/db (did you mean example.com/m/db.Store.Select?)`,
		`config functions[1].func "example.com/m/dbx.Query" names package example.com/m/dbx, which module example.com/m does not have`,
	} {
		if strings.Count(out, want) != 1 {
			t.Errorf("exit %d: output lacks %q once:\n%s", code, want, out)
		}
	}
	// A dependency's function cannot be checked from here: no guess.
	if strings.Contains(out, "functions[2]") {
		t.Errorf("warned about a package outside the module:\n%s", out)
	}
	os.WriteFile(filepath.Join(dir, ".softdelete.yml"), []byte("tables: {include: [users]}\nfunctions:\n  - {func: 'example.com/m/db.(*Store).Select', arg: 0}\n"), 0o644)
	if out, code := run(t, dir, binary, "./..."); code != 3 || strings.Contains(out, "config functions") || !strings.Contains(out, "a/a.go") {
		t.Errorf("matching entry: exit %d:\n%s", code, out)
	}
}

// explain counts the sends a query builder makes: on the builder test
// module (written in the shapes services use) every one is rebuilt and
// judged, and the total says so.
func TestExplainBuilderSends(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the builder test module")
	}
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "builders"))
	if err != nil {
		t.Fatal(err)
	}
	out, code := run(t, dir, binary, "explain", "./...")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	// Every chain of the test stores is rebuilt; the unjudged package
	// holds the ones that are not, each with the reason it is not.
	perPackage := regexp.MustCompile(`(?m)^package (\S+): \d+ SQL sends, \d+ judged \((\d+) built by a query builder, (\d+) of them judged\)`)
	stores := 0
	for _, m := range perPackage.FindAllStringSubmatch(out, -1) {
		if strings.HasSuffix(m[1], "/unjudged") {
			continue
		}
		stores++
		if m[2] != m[3] || m[2] == "0" {
			t.Errorf("%s: builder sends %s, judged %s: every chain of the test stores should be rebuilt", m[1], m[2], m[3])
		}
	}
	if stores == 0 {
		t.Fatalf("no package with builder sends:\n%s", out)
	}
	for _, reason := range []string{
		"unjudged.go:25: Save: the gorm chain could not be rebuilt: its Save call inserts or updates every column, as the value's primary key decides at run time",
		"unjudged.go:30: Updates: the gorm chain could not be rebuilt: its Updates call sets the fields of a value that are not zero, known only at run time",
		"unjudged.go:37: Query: the squirrel chain could not be rebuilt: it comes from the interface method Users, which each implementation builds its own way",
		"unjudged.go:43: Count: the bun chain could not be rebuilt: bun counts a DISTINCT query in a CTE of its own; the query it counts is judged where it is sent",
	} {
		if !strings.Contains(out, "not judged unjudged/"+reason) {
			t.Errorf("explain does not say %q:\n%s", reason, out)
		}
	}
	// A query judged with a condition it cannot see (an interface
	// method's Sqlizer) is silent, and says why.
	opaque := regexp.MustCompile(`sqrepo/options\.go:\d+: missing-filter on users: not reported: part of this query is built at run time`)
	if !opaque.MatchString(out) {
		t.Errorf("explain does not say why sqrepo.UsersWhere is not reported:\n%s", out)
	}
}
