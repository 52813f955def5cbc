package analyzer

import (
	"strings"

	"github.com/softdelete/softdelete/rules"
	"github.com/softdelete/softdelete/schema"
	"github.com/softdelete/softdelete/sqlextract"
)

// modelCatalog returns the catalog the queries of a package are checked
// against: cat itself, or cat with the tables of the ORM models the
// queries go through that the migrations lack (rules.Checker.WithModels).
// The overlay is per package: the models named by the package's own
// queries, the first one by position for a name.
func modelCatalog(cat *rules.Checker, queries []*sqlextract.Query) *rules.Checker {
	if cat == nil {
		return cat
	}
	var models []schema.Model
	seen := map[string]bool{}
	for _, q := range queries {
		for _, m := range q.Models {
			if m.Name == "" || seen[strings.ToLower(m.Name)] {
				continue
			}
			seen[strings.ToLower(m.Name)] = true
			models = append(models, schema.Model{Name: m.Name, Columns: m.Columns, SoftDelete: m.SoftDeleteColumn, Live: m.Live})
		}
	}
	return cat.WithModels(models)
}
