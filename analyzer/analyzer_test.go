package analyzer_test

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/softdelete/softdelete/analyzer"
	"github.com/softdelete/softdelete/internal/sqlwant"
	"github.com/softdelete/softdelete/internal/testmod"
	"github.com/softdelete/softdelete/rules"
)

func testdata(t testing.TB, elem ...string) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join(append([]string{"..", "testdata"}, elem...)...))
	if err != nil {
		t.Fatal(err)
	}
	testmod.Download(t, dir)
	return dir
}

// TestShop runs every raw-SQL case of the sample module: database/sql,
// sqlx, pgx, sqlc-generated code and wrappers, against its migrations.
func TestShop(t *testing.T) {
	sqlwant.Run(t, testdata(t), analyzer.New(), "./...")
}

// TestSentinelConfig runs the module whose .softdelete.yml configures an
// integer live value, a boolean column, an excluded table, a disabled
// rule and an extra sink.
func TestSentinelConfig(t *testing.T) {
	sqlwant.Run(t, testdata(t, "sentinel"), analyzer.New(), "./...")
}

// TestTwoColumns: a table is soft-delete by its first written soft-delete
// column, and a filter on any written one keeps to live rows.
func TestTwoColumns(t *testing.T) {
	sqlwant.Run(t, testdata(t, "twocolumns"), analyzer.New(), "./...")
}

// TestQuotedColumn: a soft-delete column configured quoted, as the schema
// spells it ("DeletedAt"), is found written by a statement that sets it.
func TestQuotedColumn(t *testing.T) {
	sqlwant.Run(t, testdata(t, "quotedcolumn"), analyzer.New(), "./...")
}

// TestGormModelsDeleted: in a module whose gorm models all embed
// gorm.Model, only the models it deletes are soft-delete: a never-deleted
// model's unique key is right as it is.
// TestORMModelTables: a bun model that names its table soft-deletes that
// table only, so another table's unused deleted_at stays vestigial.
func TestORMModelTables(t *testing.T) {
	sqlwant.Run(t, testdata(t, "ormtables"), analyzer.New(), "./...")
}

func TestGormModelsDeleted(t *testing.T) {
	sqlwant.Run(t, testdata(t, "gormflags"), analyzer.New(), "./...")
}

// TestSchemaRules runs the unique-key, boolean-flag and ON CONFLICT rules:
// findings in the migrations (-- want) and at the upserts (// want).
func TestSchemaRules(t *testing.T) {
	sqlwant.Run(t, testdata(t, "schemarules"), analyzer.New(), "./...")
}

// TestSuggestedFixes applies missing-filter's fixes to literals, raw
// strings, constants and concatenations and compares with .golden files.
func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t, "fixes"), analyzer.New(), "./...")
}

// TestDocListsRules checks that the analyzer's documentation (go vet help
// softdelete) names every rule, in the order of rules.All.
func TestDocListsRules(t *testing.T) {
	var listed []string
	for _, line := range strings.Split(analyzer.Analyzer.Doc, "\n") {
		if ids, ok := strings.CutPrefix(line, "Rules: "); ok {
			listed = strings.Split(strings.TrimSuffix(ids, "."), ", ")
		}
	}
	var want []string
	for _, r := range rules.All {
		want = append(want, r.ID)
	}
	if strings.Join(listed, ",") != strings.Join(want, ",") {
		t.Errorf("Analyzer.Doc lists rules %q, want %q", listed, want)
	}
}

// TestIntent runs the judgments of rules/intent: findings on rows chosen
// by key reported at the calls that choose them with nothing to show the
// rows are live (or deleted, for a purge), and not where the caller shows
// it.
func TestIntent(t *testing.T) {
	sqlwant.Run(t, testdata(t, "intent"), analyzer.New(), "./...")
}

// TestCascadeCallerRelated checks that a missing-cascade finding reported
// at a call names, in its related information, where the called function
// soft-deletes the parent: in another package, known through its fact.
func TestCascadeCallerRelated(t *testing.T) {
	dir := testdata(t)
	want := "orders is soft-deleted at cascade/dao.go:15"
	for _, r := range analysistest.Run(quiet{}, dir, analyzer.New(), "./cascade/workflow") {
		for _, d := range r.Diagnostics {
			p := r.Pass.Fset.Position(d.Pos)
			if d.Category != rules.MissingCascade.ID || !strings.Contains(d.Message, "(through OrderStore.Hide)") || filepath.Base(p.Filename) != "workflow.go" {
				continue
			}
			for _, rel := range d.Related {
				if rel.Message == want {
					return
				}
			}
			t.Fatalf("%s: %s: no related %q in %v", p, d.Message, want, d.Related)
		}
	}
	t.Fatal("no missing-cascade finding through OrderStore.Hide in cascade/workflow")
}
