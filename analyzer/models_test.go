package analyzer

import (
	"testing"

	"github.com/softdelete/softdelete/rules"
	"github.com/softdelete/softdelete/schema"
	"github.com/softdelete/softdelete/sqlextract"
)

// TestModelCatalog checks that the models of a package's queries reach
// the catalog, the first one by position for a name (the precedence of
// migrations, models and config is rules.Checker.WithModels's, tested
// there).
func TestModelCatalog(t *testing.T) {
	base := schema.LoadSources([]schema.Source{{Name: "001.up.sql", Data: []byte(`
CREATE TABLE users (id bigserial PRIMARY KEY, deleted_at timestamptz);`)}})
	cat := rules.NewChecker(base, rules.Config{})

	if got := modelCatalog(cat, nil); got != cat {
		t.Errorf("no models: got a new catalog")
	}
	if got := modelCatalog(nil, nil); got != nil {
		t.Errorf("no catalog: got one")
	}
	queries := []*sqlextract.Query{
		{Models: []sqlextract.ModelTable{{Name: "widgets", Columns: []string{"id", "deleted_at"}, SoftDeleteColumn: "deleted_at", Live: "IS NULL"}}},
		{Models: []sqlextract.ModelTable{{Name: "widgets", Columns: []string{"id"}}, {Name: "tags", Columns: []string{"id"}}}},
	}
	got := modelCatalog(cat, queries)
	widgets := got.Schema.Table("", "widgets")
	if sd := got.SoftDelete(widgets); sd == nil || sd.Column != "deleted_at" {
		t.Errorf("widgets: got %v, want soft-delete on deleted_at (the first model of that name)", sd)
	}
	if tags := got.Schema.Table("", "tags"); tags == nil || got.SoftDelete(tags) != nil {
		t.Errorf("tags: got %v, want a table without soft delete", tags)
	}
}
