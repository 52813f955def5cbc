package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/softdelete/softdelete/internal/srcpos"
)

// binary is the softdelete command built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "softdelete-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "softdelete")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building softdelete: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func testdata(t *testing.T, elem ...string) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join(append([]string{"..", "..", "testdata"}, elem...)...))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// run runs a command in dir and returns its combined output and exit code.
func run(t *testing.T, dir string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode()
	}
	t.Fatalf("%s %v: %v", name, args, err)
	return "", -1
}

func TestStandalone(t *testing.T) {
	root := testdata(t)
	out, code := run(t, root, binary, "./...")
	if code != 3 {
		t.Fatalf("exit code %d, want 3 (findings)\n%s", code, out)
	}
	for _, want := range []string{
		srcpos.Find(t, root, "store/select.go", "UserByID", "users WHERE") + `: users is a soft-delete table (deleted_at) but this SELECT does not filter deleted rows: add "AND deleted_at IS NULL" [missing-filter]`,
		srcpos.Find(t, root, "store/joins.go", "func (s *Store) Report(", "orders o ON") + `: orders is a soft-delete table (is_deleted) but this SELECT joins it without filtering deleted rows: add "AND NOT o.is_deleted" to its ON clause [missing-filter]`,
		srcpos.Find(t, root, "store/joins.go", "UsersOrderCount(", "orders o ON") + `: orders is a soft-delete table (is_deleted) on the nullable side of a LEFT JOIN`,
		srcpos.Find(t, root, "sqlcdb/query.sql.go", "const getUser", "users") + `: users is a soft-delete table`,
		srcpos.Find(t, root, "store/dynamic.go", "const selectUsers", "users") + `: users is a soft-delete table`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks\n\t%s\ngot:\n%s", want, out)
		}
	}
	if strings.Contains(out, "panic") || strings.Contains(out, "internal error") {
		t.Errorf("output reports a crash:\n%s", out)
	}
	// Packages are analysed in parallel: another degree of parallelism
	// must not change a byte of the output.
	t.Setenv("GOMAXPROCS", "1")
	again, _ := run(t, root, binary, "./...")
	if again != out {
		t.Errorf("output is not deterministic:\n--- first\n%s\n--- second\n%s", out, again)
	}
}

func TestJSON(t *testing.T) {
	out, code := run(t, testdata(t), binary, "-json", "./store")
	if code != 0 {
		t.Fatalf("-json exit code %d\n%s", code, out)
	}
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		t.Fatalf("-json output: %v\n%s", err, out)
	}
	var diags []struct {
		Posn, Message, Category string
		Related                 []struct{ Posn, Message string }
	}
	if err := json.Unmarshal(tree["example.com/shop/store"]["softdelete"], &diags); err != nil {
		t.Fatal(err)
	}
	rules := map[string]int{}
	related, witness := 0, 0
	for _, d := range diags {
		for _, rel := range d.Related {
			if strings.HasSuffix(rel.Posn, "db/migrations/000001_init.up.sql:7:5") && rel.Message == "users.deleted_at makes users a soft-delete table" {
				related++
			}
			// The first write of the column in the module, by path.
			if strings.HasSuffix(rel.Posn, "cascade/projects.go:30:32") && rel.Message == "users.deleted_at is set here: users has deleted rows" {
				witness++
			}
		}
		rules[d.Category]++
		if !strings.HasSuffix(d.Message, "["+d.Category+"]") {
			t.Errorf("message does not end in its rule ID: %+v", d)
		}
	}
	if rules["missing-filter"] == 0 || rules["outer-join-filter"] == 0 {
		t.Errorf("categories = %v", rules)
	}
	if related == 0 {
		t.Errorf("no finding on users points at the column that makes it soft-delete (related information)")
	}
	if witness == 0 || witness != related {
		t.Errorf("%d findings on users point at the write that gives it deleted rows, want %d (related information)", witness, related)
	}
}

func TestGoVet(t *testing.T) {
	root := testdata(t)
	out, code := run(t, root, "go", "vet", "-vettool="+binary, "./...")
	if code == 0 {
		t.Fatalf("go vet found nothing:\n%s", out)
	}
	want := srcpos.Find(t, root, "store/select.go", "UserByID", "users WHERE") + ": users is a soft-delete table"
	if !strings.Contains(out, want) {
		t.Errorf("go vet output lacks %s\n%s", want, out)
	}
	// Wrappers across packages need facts, which go vet passes between
	// processes.
	want = srcpos.Find(t, root, "sqlxstore/sqlxstore.go", "func ViaWrapper", "users WHERE") + ": users is a soft-delete table"
	if !strings.Contains(out, want) {
		t.Errorf("go vet output lacks the cross-package wrapper finding %s\n%s", want, out)
	}
	out, code = run(t, root, "go", "vet", "-vettool="+binary, "-softdelete.schema=db/migrations/000001_init.up.sql", "./store")
	if code == 0 || !strings.Contains(out, "users is a soft-delete table") || strings.Contains(out, "notes is a soft-delete table") {
		t.Errorf("-softdelete.schema did not replace discovery (exit %d):\n%s", code, out)
	}
}

func TestVersionFlag(t *testing.T) {
	out, code := run(t, ".", binary, "-V=full")
	if code != 0 || !strings.Contains(out, "softdelete version") {
		t.Errorf("-V=full: exit %d: %s", code, out)
	}
	// A usage error has its own exit code: neither clean (0) nor
	// findings (3), nor an analysis failure (1).
	out, code = run(t, testdata(t), binary, "-nosuchflag", "./...")
	if code != 2 || !strings.Contains(out, "nosuchflag") {
		t.Errorf("unknown flag: exit %d: %s", code, out)
	}
}

// A migration with a syntax error is named with file and line, once, and
// the rest of the schema still loads.
func TestBrokenMigration(t *testing.T) {
	root := testdata(t, "broken")
	out, code := run(t, root, binary, "./...")
	if code != 3 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	re := regexp.MustCompile(`db/migrations/001_init\.up\.sql:3:\d+: schema: .*syntax error`)
	if n := len(re.FindAllString(out, -1)); n != 1 {
		t.Errorf("want one schema error at 001_init.up.sql:3, got %d:\n%s", n, out)
	}
	for _, table := range []string{"users", "orders", "invoices"} {
		if !strings.Contains(out, table+" is a soft-delete table") {
			t.Errorf("%s not loaded around the bad statement:\n%s", table, out)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/cfg\n\ngo 1.26.0\n")
	write("a.go", "package a\n\nimport \"database/sql\"\n\nfunc F(db *sql.DB) { db.Query(\"SELECT 1\") }\n")
	write(".softdelete.yml", "columns:\n  - {nme: deleted_at}\n")
	out, code := run(t, dir, binary, "./...")
	if code == 0 || code == 3 || !strings.Contains(out, `unknown key "columns[0].nme"`) {
		t.Errorf("bad config: exit %d, output:\n%s", code, out)
	}
	write(".softdelete.yml", "schema: [no/such/dir]\n")
	out, code = run(t, dir, binary, "./...")
	if code == 0 || code == 3 || !strings.Contains(out, "no/such/dir") {
		t.Errorf("missing schema path: exit %d, output:\n%s", code, out)
	}
}

// TestGoVetFix applies the suggested fixes through go vet -fix on a copy
// of testdata/fixes and compares with the golden files.
func TestGoVetFix(t *testing.T) {
	src := testdata(t, "fixes")
	dir := t.TempDir()
	if out, err := exec.Command("cp", "-a", src+"/.", dir).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v\n%s", err, out)
	}
	out, code := run(t, dir, "go", "vet", "-vettool="+binary, "-fix", "./...")
	if code != 0 {
		t.Logf("go vet -fix exit %d:\n%s", code, out)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "store", "store.go"))
	want, _ := os.ReadFile(filepath.Join(src, "store", "store.go.golden"))
	normalize := func(b []byte) string {
		var lines []string
		for _, l := range strings.Split(string(b), "\n") {
			lines = append(lines, strings.Join(strings.Fields(l), " "))
		}
		return strings.Join(lines, "\n")
	}
	if normalize(got) != normalize(want) {
		t.Errorf("go vet -fix result differs from the golden file:\n%s", got)
	}
	// Fixed, the package is clean (nofix holds what no fix can mend).
	if out, code := run(t, dir, "go", "vet", "-vettool="+binary, "./store"); code != 0 {
		t.Errorf("after -fix, go vet still reports (exit %d):\n%s", code, out)
	}
}

// A relative -schema names the module's schema; the standard library and
// dependencies, analysed for facts, must not try to load it from their own
// directories.
func TestRelativeSchemaFlag(t *testing.T) {
	// archive/tar is the first package of the standard library's tree,
	// which made it think it owned the schema report.
	dir := t.TempDir()
	for name, content := range map[string]string{
		"go.mod":                   "module example.com/rel\n\ngo 1.26.0\n",
		"db/migrations/001.up.sql": "CREATE TABLE users (id int, deleted_at timestamptz);\n",
		"app/app.go":               "package app\n\nimport (\n\t_ \"archive/tar\"\n\t_ \"os/user\"\n\t\"database/sql\"\n)\n\nfunc F(db *sql.DB) { db.Query(\"SELECT id FROM users\") }\n",
		"app/delete.go":            "package app\n\nconst softDelete = `UPDATE users SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL`\n",
	} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o777)
		if err := os.WriteFile(p, []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	out, code := run(t, dir, binary, "-schema=db/migrations", "./...")
	if code != 3 || !strings.Contains(out, "users is a soft-delete table") || strings.Contains(out, "no such file") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	out, code = run(t, testdata(t), binary, "-schema=db/migrations", "./store", "./sqlxstore")
	if code != 3 || strings.Contains(out, "no such file") || strings.Contains(out, "failed prerequisites") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	if !strings.Contains(out, "sqlxstore.go") {
		t.Errorf("sqlxstore (which depends on sqlx and pgx) not analysed:\n%s", out)
	}
}

// TestBaseline adopts the analyzer on a module with findings: a baseline
// written today silences them; what is new is reported alone; entries
// survive edits elsewhere in the file; entries whose finding is gone are
// counted. Standalone and go vet share the file format.
func TestBaseline(t *testing.T) {
	for _, mode := range []string{"standalone", "vet"} {
		t.Run(mode, func(t *testing.T) {
			dir := t.TempDir()
			write := func(name, content string) {
				t.Helper()
				p := filepath.Join(dir, name)
				os.MkdirAll(filepath.Dir(p), 0o777)
				if err := os.WriteFile(p, []byte(content), 0o666); err != nil {
					t.Fatal(err)
				}
			}
			write("go.mod", "module example.com/adopt\n\ngo 1.26.0\n")
			write("db/migrations/001_init.up.sql", "CREATE TABLE users (id int PRIMARY KEY, email text, deleted_at timestamptz);\n"+
				"CREATE TABLE orders (id int PRIMARY KEY, user_id int, deleted_at timestamptz);\n")
			write("app/delete.go", "package app\n\nconst softDelete = `UPDATE users SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL`\n"+
				"const softDeleteOrder = `UPDATE orders SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL`\n")
			const old = "package app\n\nimport \"database/sql\"\n\n" +
				"func Users(db *sql.DB) { db.Query(\"SELECT id FROM users\") }\n\n" +
				"func Orders(db *sql.DB) { db.Query(\"SELECT id FROM orders WHERE user_id = $1\", 1) }\n"
			write("app/app.go", old)
			// A second package: go vet's processes merge their entries.
			write("store/store.go", "package store\n\nimport \"database/sql\"\n\nfunc Count(db *sql.DB) { db.Query(\"SELECT count(*) FROM orders\") }\n")
			// Relative to the module root, also under go vet, which runs
			// the tool in each package's directory.
			const base = "softdelete-baseline.json"
			analyse := func(flag string) (string, int) {
				t.Helper()
				if mode == "vet" {
					return run(t, dir, "go", "vet", "-vettool="+binary, "-softdelete."+flag, "./...")
				}
				return run(t, dir, binary, "-"+flag, "./...")
			}
			clean := 0
			findings := 3
			if mode == "vet" {
				findings = 1
			}

			if out, code := analyse("write-baseline=" + base); code != clean || out != "" {
				t.Fatalf("-write-baseline: exit %d\n%s", code, out)
			}
			data, err := os.ReadFile(filepath.Join(dir, base))
			if err != nil || strings.Count(string(data), `"rule": "missing-filter"`) != 3 || strings.Contains(string(data), `"line"`) {
				t.Fatalf("baseline file (%v):\n%s", err, data)
			}
			if out, code := analyse("baseline=" + base); code != clean || out != "" {
				t.Errorf("the run after the baseline is not silent: exit %d\n%s", code, out)
			}

			// A new unfiltered query above the old ones: every line moves,
			// and it is the only finding.
			write("app/app.go", strings.Replace(old, "func Users", "func Emails(db *sql.DB) { db.Query(\"SELECT email FROM users\") }\n\nfunc Users", 1))
			out, code := analyse("baseline=" + base)
			if code != findings || strings.Count(out, "[missing-filter]") != 1 ||
				!strings.Contains(out, srcpos.Find(t, dir, "app/app.go", "func Emails", "users")+": users is a soft-delete table") {
				t.Errorf("want the new query as the only finding: exit %d\n%s", code, out)
			}
			if strings.Contains(out, "baseline entr") {
				t.Errorf("an edit elsewhere in the file made entries stale:\n%s", out)
			}

			// A finding fixed: its entry is stale, and said so once.
			write("app/app.go", strings.Replace(old, "user_id = $1", "user_id = $1 AND deleted_at IS NULL", 1))
			out, code = analyse("baseline=" + base)
			if code != clean || strings.Count(out, "1 baseline entry no longer matches a finding") != 1 || strings.Count(out, "baseline entr") != 1 {
				t.Errorf("want one line counting one stale entry, exit 0: exit %d\n%s", code, out)
			}
		})
	}
}
