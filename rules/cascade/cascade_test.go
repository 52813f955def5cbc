package cascade_test

import (
	"fmt"
	"go/token"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/softdelete/softdelete/rules"
	"github.com/softdelete/softdelete/rules/cascade"
	"github.com/softdelete/softdelete/schema"
	"github.com/softdelete/softdelete/sqlextract"
)

const ddl = `
CREATE TABLE orders (id bigint PRIMARY KEY, deleted_at timestamptz);
CREATE TABLE items (id bigint PRIMARY KEY, order_id bigint REFERENCES orders ON DELETE CASCADE, deleted_at timestamptz);
CREATE TABLE notes (id bigint PRIMARY KEY, order_id bigint);`

// TestRun checks the engine on its own: facts within and across
// packages, generated query methods judged at their callers, and
// closures counted as part of their function.
func TestRun(t *testing.T) {
	cat := rules.NewChecker(schema.LoadSources([]schema.Source{{Name: "schema.sql", Data: []byte(ddl)}}), rules.Config{})
	a := &analysis.Analyzer{
		Name:      "cascade",
		Doc:       "missing-cascade's engine alone",
		FactTypes: slices.Concat(sqlextract.FactTypes, cascade.FactTypes),
		Run: func(pass *analysis.Pass) (any, error) {
			queries := sqlextract.Extract(pass, sqlextract.Options{})
			where := func(pos token.Pos) string {
				p := pass.Fset.Position(pos)
				return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
			}
			cascade.Run(pass, cat, queries, where, func(s *cascade.Site) {
				pass.Reportf(s.Pos, "%s", s.Finding.Message)
			})
			return nil, nil
		},
	}
	analysistest.Run(t, analysistest.TestData(), a, "store", "app")
}
