package plugin_test

import (
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"gopkg.in/yaml.v3"

	"github.com/softdelete/softdelete/analyzer"
	"github.com/softdelete/softdelete/internal/sqlwant"
	"github.com/softdelete/softdelete/internal/testmod"
	_ "github.com/softdelete/softdelete/plugin"
)

// exampleSettings returns the softdelete settings of the repository's
// .golangci.example.yml, as golangci-lint hands them to the plugin.
func exampleSettings(t *testing.T) any {
	t.Helper()
	data, err := os.ReadFile("../.golangci.example.yml")
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Version string
		Linters struct {
			Enable   []string
			Settings struct {
				Custom map[string]struct {
					Type     string
					Settings any
				}
			}
		}
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	sd, ok := cfg.Linters.Settings.Custom["softdelete"]
	if cfg.Version != "2" || !ok || sd.Type != "module" || !contains(cfg.Linters.Enable, "softdelete") {
		t.Fatalf("example config is not a v2 module-plugin config enabling softdelete: %+v", cfg)
	}
	return sd.Settings
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func newPlugin(t *testing.T, settings any) (register.LinterPlugin, error) {
	t.Helper()
	newFn, err := register.GetPlugin("softdelete")
	if err != nil {
		t.Fatal(err)
	}
	return newFn(settings)
}

// TestExampleConfig runs the plugin's analyzer, built from the example
// settings, over the sample module.
func TestExampleConfig(t *testing.T) {
	p, err := newPlugin(t, exampleSettings(t))
	if err != nil {
		t.Fatal(err)
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("load mode %q", p.GetLoadMode())
	}
	analyzers, err := p.BuildAnalyzers()
	if err != nil || len(analyzers) != 1 || analyzers[0].Name != "softdelete" {
		t.Fatalf("BuildAnalyzers() = %v, %v", analyzers, err)
	}
	testdata, _ := filepath.Abs("../testdata")
	testmod.Download(t, testdata)
	sqlwant.Run(t, testdata, withoutAnchors(analyzers[0]), "./...")
}

// anchoredRE matches the message of a finding the plugin reports again at
// a Go position: it starts with the query method and the finding's own
// position, or with the migration's position.
var anchoredRE = regexp.MustCompile(`^(\S+ \(\S+:\d+:\d+\)|\S+:\d+:\d+): `)

// withoutAnchors is a, with the copies of findings it reports at Go
// positions for golangci-lint left out, and their facts: the sample
// module's expectations are the standalone analyzer's. The copies are
// checked by TestGolangciLint and the analyzer's own tests.
func withoutAnchors(a *analysis.Analyzer) *analysis.Analyzer {
	b := *a
	b.Run = func(pass *analysis.Pass) (any, error) {
		p := *pass
		p.Report = func(d analysis.Diagnostic) {
			if !anchoredRE.MatchString(d.Message) {
				pass.Report(d)
			}
		}
		p.ExportObjectFact = func(obj types.Object, fact analysis.Fact) {
			if _, ok := fact.(*analyzer.QueryFindingsFact); !ok {
				pass.ExportObjectFact(obj, fact)
			}
		}
		return a.Run(&p)
	}
	return &b
}

func TestSettingsErrors(t *testing.T) {
	for _, c := range []struct {
		settings any
		want     string
	}{
		{map[string]any{"schemas": []any{"db"}}, `unknown field "schemas"`},
		{map[string]any{"columns": []any{map[string]any{"nam": "x"}}}, `unknown field "nam"`},
		{map[string]any{"rules": map[string]any{"disable": []any{"missing-filters"}}}, `unknown rule "missing-filters"`},
		{map[string]any{"columns": []any{map[string]any{"name": "x", "live": "zero"}}}, `columns[0].live "zero"`},
		{map[string]any{"functions": []any{map[string]any{"func": "f", "arg": "one"}}}, "arg"},
	} {
		_, err := newPlugin(t, c.settings)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("settings %v: error %v, want %q", c.settings, err, c.want)
		}
	}
	if _, err := newPlugin(t, map[string]any{"schema": "db/schema.sql"}); err != nil {
		t.Errorf("schema as one string: %v", err)
	}
	if _, err := newPlugin(t, nil); err != nil {
		t.Errorf("no settings: %v", err)
	}
}
