package plugin_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/softdelete/softdelete/internal/srcpos"
)

// buildCustomGCL builds golangci-lint v2.15.0 with the plugin compiled in,
// from testdata/gcl: the program `golangci-lint custom` generates from
// .custom-gcl.yml, made from the module proxy alone (custom needs git and
// the network). The Go build cache makes repeat builds take seconds.
func buildCustomGCL(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds golangci-lint")
	}
	checkCustomGCLConfig(t)
	bin := filepath.Join(t.TempDir(), "custom-gcl")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = "testdata/gcl"
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building custom golangci-lint: %v\n%s", err, out)
	}
	return bin
}

// checkCustomGCLConfig ties .custom-gcl.yml to the module the test builds:
// the same golangci-lint version, the same plugin import, built from this
// checkout.
func checkCustomGCLConfig(t *testing.T) {
	t.Helper()
	data, err := os.ReadFile("../.custom-gcl.yml")
	if err != nil {
		t.Fatal(err)
	}
	var custom struct {
		Version string
		Name    string
		Plugins []struct{ Module, Import, Path string }
	}
	if err := yaml.Unmarshal(data, &custom); err != nil {
		t.Fatal(err)
	}
	gomod, _ := os.ReadFile("testdata/gcl/go.mod")
	main, _ := os.ReadFile("testdata/gcl/main.go")
	if len(custom.Plugins) != 1 {
		t.Fatalf(".custom-gcl.yml plugins: %+v", custom.Plugins)
	}
	p := custom.Plugins[0]
	switch {
	case !strings.Contains(string(gomod), "github.com/golangci/golangci-lint/v2 "+custom.Version):
		t.Errorf(".custom-gcl.yml version %s is not the one testdata/gcl builds", custom.Version)
	case p.Module != "github.com/softdelete/softdelete" || p.Path != ".":
		t.Errorf(".custom-gcl.yml plugin %+v is not this module from this checkout", p)
	case !strings.Contains(string(main), `_ "`+p.Import+`"`):
		t.Errorf("testdata/gcl/main.go does not import %s", p.Import)
	}
}

type gclIssue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename     string
		Line, Column int
	}
}

func runGCL(t *testing.T, bin, dir, config string) ([]gclIssue, string, int) {
	t.Helper()
	report := filepath.Join(t.TempDir(), "report.json")
	cmd := exec.Command(bin, "run", "-c", config, "--allow-parallel-runners", "--output.json.path="+report, "--output.text.path=stderr", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+t.TempDir())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	var issues struct{ Issues []gclIssue }
	if data, err := os.ReadFile(report); err == nil && len(data) > 0 {
		if err := json.Unmarshal(data, &issues); err != nil {
			t.Fatalf("golangci-lint JSON: %v\n%s", err, data)
		}
	}
	return issues.Issues, stdout.String() + stderr.String(), code
}

// TestGolangciLint runs the real golangci-lint, with the plugin built in,
// on the sample module with the example config.
func TestGolangciLint(t *testing.T) {
	bin := buildCustomGCL(t)
	root, _ := filepath.Abs("..")
	testdata := filepath.Join(root, "testdata")
	issues, stderr, code := runGCL(t, bin, testdata, filepath.Join(root, ".golangci.example.yml"))
	if code != 1 || len(issues) == 0 {
		t.Fatalf("exit %d, %d issues\n%s", code, len(issues), stderr)
	}
	got := map[string]gclIssue{}
	for _, is := range issues {
		if is.FromLinter != "softdelete" {
			t.Errorf("issue from %s: %+v", is.FromLinter, is)
		}
		// golangci-lint prints paths relative to the config file's
		// directory (run.relative-path-mode: cfg): make them relative to
		// the module.
		file := strings.TrimPrefix(filepath.ToSlash(is.Pos.Filename), "testdata/")
		got[fmt.Sprintf("%s:%d:%d", file, is.Pos.Line, is.Pos.Column)] = is
	}
	for _, want := range []struct{ file, anchor, needle, rule string }{
		{"store/select.go", "UserByID", "users WHERE", "missing-filter"},
		{"store/joins.go", "func (s *Store) Report(", "orders o ON", "missing-filter"},
		{"store/joins.go", "UsersOrderCount(", "orders o ON", "outer-join-filter"},
		{"sqlxstore/sqlxstore.go", "func ViaWrapper", "users WHERE", "missing-filter"},
	} {
		pos := srcpos.Find(t, testdata, want.file, want.anchor, want.needle)
		is, ok := got[pos]
		if !ok {
			t.Errorf("no issue at %s; got %v", pos, keys(got))
			continue
		}
		if !strings.HasSuffix(is.Text, "["+want.rule+"]") {
			t.Errorf("%s: %q is not a %s finding", pos, is.Text, want.rule)
		}
	}
	// Findings golangci-lint would drop, anchored in Go: an sqlc query's at
	// a call of its generated method, a migration's at the schema owner's
	// package clause (no //go:embed there).
	for _, want := range []struct{ pos, text string }{
		{srcpos.Find(t, testdata, "sqlcdb/users.go", "func Profile", "GetUser"),
			"GetUser (sqlcdb/query.sql.go:21:23): users is a soft-delete table (deleted_at) but this SELECT does not filter deleted rows"},
		{srcpos.Find(t, testdata, "cascade/dao.go", "package cascade", "package"),
			"db/migrations/000001_init.up.sql:14:5: orders.is_deleted is a boolean soft-delete flag"},
	} {
		if is, ok := got[want.pos]; !ok || !strings.HasPrefix(is.Text, want.text) {
			t.Errorf("no anchored finding at %s: %q; got %v", want.pos, want.text, keys(got))
		}
	}
	for pos, is := range got {
		if strings.HasPrefix(pos, "nolint/") {
			t.Errorf("//nolint:softdelete did not suppress %s: %s", pos, is.Text)
		}
	}
	// The standalone analyzer reports the //nolint line: golangci-lint is
	// what honours it.
	if _, err := os.Stat(filepath.Join(testdata, "nolint", "nolint.go")); err != nil {
		t.Fatal(err)
	}

	bad := filepath.Join(t.TempDir(), "bad.yml")
	example, _ := os.ReadFile(filepath.Join(root, ".golangci.example.yml"))
	os.WriteFile(bad, bytes.Replace(example, []byte("schema: [db/migrations]"), []byte("schemas: [db/migrations]"), 1), 0o666)
	_, stderr, code = runGCL(t, bin, testdata, bad)
	if code == 0 || code == 1 || !strings.Contains(stderr, `unknown field "schemas"`) {
		t.Errorf("misspelt setting: exit %d\n%s", code, stderr)
	}
}

// TestGolangciLintEveryFinding runs golangci-lint and the standalone
// analyzer on the sample modules: golangci-lint must report every finding
// the standalone run reports (but those //nolint suppresses), each at a
// position in a Go file, those of sqlc queries and migrations included.
func TestGolangciLintEveryFinding(t *testing.T) {
	bin := buildCustomGCL(t)
	root, _ := filepath.Abs("..")
	standalone := filepath.Join(t.TempDir(), "softdelete")
	if out, err := exec.Command("go", "build", "-o", standalone, "../cmd/softdelete").CombinedOutput(); err != nil {
		t.Fatalf("building softdelete: %v\n%s", err, out)
	}
	example, err := os.ReadFile(filepath.Join(root, ".golangci.example.yml"))
	if err != nil {
		t.Fatal(err)
	}
	// The modules without db/migrations discover their schema.
	discover := filepath.Join(t.TempDir(), "discover.yml")
	os.WriteFile(discover, bytes.Replace(example, []byte("schema: [db/migrations]"), nil, 1), 0o666)
	for _, m := range []struct{ dir, config, anchor string }{
		{"testdata", filepath.Join(root, ".golangci.example.yml"), ""},
		{"testdata/sqlcgen", discover, "app/app.go"},
		{"testdata/broken", filepath.Join(root, ".golangci.example.yml"), "embed.go"},
		{"testdata/schemarules", discover, ""},
		// Modules with a .softdelete.yml of their own: the same settings
		// under golangci-lint.
		{"testdata/sentinel", ownSettings(t, example, filepath.Join(root, "testdata/sentinel/.softdelete.yml")), ""},
		{"testdata/twocolumns", ownSettings(t, example, filepath.Join(root, "testdata/twocolumns/.softdelete.yml")), ""},
	} {
		t.Run(filepath.Base(m.dir), func(t *testing.T) {
			dir := filepath.Join(root, m.dir)
			want := standaloneFindings(t, standalone, dir)
			if len(want) == 0 {
				t.Fatal("the standalone run found nothing")
			}
			issues, stderr, _ := runGCL(t, bin, dir, m.config)
			got := map[string]bool{}
			anchors := 0
			for _, is := range issues {
				if !strings.HasSuffix(is.Pos.Filename, ".go") {
					continue // dropped by golangci-lint: not what users see
				}
				text := is.Text
				if loc := anchoredRE.FindStringIndex(text); loc != nil {
					text = text[loc[1]:]
					if m.anchor != "" && strings.HasSuffix(filepath.ToSlash(is.Pos.Filename), m.anchor) {
						anchors++
					}
				}
				got[text] = true
			}
			for text := range want {
				if !got[text] {
					t.Errorf("golangci-lint does not report %q", text)
				}
			}
			if m.anchor != "" && anchors == 0 {
				t.Errorf("no finding anchored in %s", m.anchor)
			}
			if t.Failed() {
				t.Logf("golangci-lint output:\n%s", stderr)
			}
		})
	}
}

// standaloneFindings returns the messages (ending in their rule ID) of
// the standalone -json run in dir, but those in nolint/.
func standaloneFindings(t *testing.T, bin, dir string) map[string]bool {
	t.Helper()
	cmd := exec.Command(bin, "-json", "./...")
	cmd.Dir = dir
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(out, &tree); err != nil {
		t.Fatalf("-json: %v\n%s", err, out)
	}
	found := map[string]bool{}
	for _, analyzers := range tree {
		var diags []struct{ Posn, Message string }
		if err := json.Unmarshal(analyzers["softdelete"], &diags); err != nil {
			continue // an error object, not a list of findings
		}
		for _, d := range diags {
			if !strings.Contains(filepath.ToSlash(d.Posn), "/nolint/") {
				found[d.Message] = true
			}
		}
	}
	return found
}

func keys(m map[string]gclIssue) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// ownSettings writes a golangci-lint config that is the example with its
// softdelete settings replaced by a module's .softdelete.yml.
func ownSettings(t *testing.T, example []byte, file string) string {
	t.Helper()
	own, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	const head = "        settings:\n"
	start := bytes.Index(example, []byte(head))
	end := bytes.Index(example, []byte("\nissues:"))
	if start < 0 || end < start {
		t.Fatal("the example config has no softdelete settings block")
	}
	var b bytes.Buffer
	b.Write(example[:start+len(head)])
	for _, line := range strings.Split(strings.TrimRight(string(own), "\n"), "\n") {
		b.WriteString("          " + line + "\n")
	}
	b.Write(example[end:])
	out := filepath.Join(t.TempDir(), "golangci.yml")
	if err := os.WriteFile(out, b.Bytes(), 0o666); err != nil {
		t.Fatal(err)
	}
	return out
}
