package rules

import (
	"testing"

	"github.com/softdelete/softdelete/schema"
)

// TestWithModels checks the precedence of the schema sources: the
// migrations win over a model, models fill the gaps, and config decides
// how a soft-delete column is tested.
func TestWithModels(t *testing.T) {
	base := schema.LoadSources([]schema.Source{{Name: "001.up.sql", Data: []byte(`
CREATE TABLE users (id bigserial PRIMARY KEY, email text, deleted_at timestamptz);
CREATE TABLE audit (id bigserial PRIMARY KEY, removed_at timestamptz);
CREATE VIEW live_users AS SELECT * FROM users WHERE deleted_at IS NULL;`)}})
	cfg := Config{}
	cat := NewChecker(base, cfg)

	ms := func(ms ...schema.Model) []schema.Model { return ms }
	softDelete := func(c *Checker, name string) (*SoftDelete, bool) {
		tb := c.Schema.Table("", name)
		return c.SoftDelete(tb), tb != nil
	}

	if got := cat.WithModels(nil); got != cat {
		t.Errorf("no models: got a new catalog")
	}
	// A model of a migrations table changes nothing, even when it says
	// otherwise about soft deletes.
	got := cat.WithModels(ms(schema.Model{Name: "users", Columns: []string{"id"}},
		schema.Model{Name: "live_users", Columns: []string{"id", "gone"}, SoftDelete: "gone", Live: "IS NULL"}))
	if got != cat {
		t.Errorf("models of migrations tables and views: got a new catalog")
	}

	// A model table the migrations lack is added.
	got = cat.WithModels(ms(schema.Model{Name: "widgets", Columns: []string{"id", "name", "deleted_at"}, SoftDelete: "deleted_at", Live: "IS NULL"},
		schema.Model{Name: "tags", Columns: []string{"id", "name"}}))
	if sd, ok := softDelete(got, "widgets"); !ok || sd == nil || sd.Column != "deleted_at" {
		t.Errorf("widgets: got %v (table %v), want soft-delete on deleted_at", sd, ok)
	}
	if sd, ok := softDelete(got, "tags"); !ok || sd != nil {
		t.Errorf("tags: got %v (table %v), want a table without soft delete", sd, ok)
	}
	if sd, _ := softDelete(got, "users"); sd == nil || sd.Table != base.Table("", "users") {
		t.Errorf("users: the migrations table must stay as it is")
	}
	if got.Schema.Table("", "widgets") == nil || cat.Schema.Table("", "widgets") != nil {
		t.Errorf("the overlay must not change the shared catalog")
	}

	// A field with a configured column's name that the ORM does not
	// manage (a plain DeletedAt in bun) marks no deleted rows.
	got = cat.WithModels(ms(schema.Model{Name: "posts", Columns: []string{"id", "title", "deleted_at"}}))
	if tb := got.Schema.Table("", "posts"); tb == nil || tb.Column("deleted_at") != nil || got.SoftDelete(tb) != nil {
		t.Errorf("posts: want a table without deleted_at and without soft delete, got %v", tb)
	}

	// ... unless tables.include names the table: its rows are deleted
	// from outside the module (a read-only model of another service's
	// table), and the configured column marks them. "*" is no such word.
	for _, include := range [][]string{{"posts"}, {"public.posts"}, {"*"}, {"other"}} {
		got = NewChecker(base, Config{Include: include}).WithModels(ms(schema.Model{Name: "posts", Columns: []string{"id", "title", "deleted_at"}}))
		sd, _ := softDelete(got, "posts")
		if want := include[0] != "*" && include[0] != "other"; (sd != nil && sd.Column == "deleted_at") != want {
			t.Errorf("posts with tables.include %v: got %v, want soft-delete on deleted_at %v", include, sd, want)
		}
	}

	// An unconfigured soft-delete column (a plugin's unix time) is added
	// to the overlay's columns with the model's live test...
	got = cat.WithModels(ms(schema.Model{Name: "gadgets", Columns: []string{"id", "deleted"}, SoftDelete: "gone_at", Live: "= 0"}))
	if sd, _ := softDelete(got, "gadgets"); sd == nil || sd.LivePredicate("") != "gone_at = 0" {
		t.Errorf("gadgets: got %v, want gone_at = 0", sd)
	}
	// ... unless a migrations table has a column of that name, which it
	// would make soft-delete.
	got = cat.WithModels(ms(schema.Model{Name: "things", Columns: []string{"id"}, SoftDelete: "removed_at", Live: "IS NULL"}))
	if got != cat {
		t.Errorf("things: a model must not make audit.removed_at a soft-delete column")
	}
	// A configured column with another live value than the ORM's: left
	// out (the rules would not see the ORM's own filter).
	got = cat.WithModels(ms(schema.Model{Name: "notes", Columns: []string{"id", "deleted_at"}, SoftDelete: "deleted_at", Live: "= '0001-01-01 00:00:00+00:00'"}))
	if got != cat {
		t.Errorf("notes: a model whose live test differs from config's must be left out")
	}
	// Excluded by config: no soft delete.
	ex := Config{Exclude: []string{"widgets"}}
	got = NewChecker(base, ex).WithModels(ms(schema.Model{Name: "widgets", Columns: []string{"id", "deleted_at"}, SoftDelete: "deleted_at", Live: "IS NULL"}))
	if sd, _ := softDelete(got, "widgets"); sd != nil {
		t.Errorf("widgets excluded by config: got %v", sd)
	}
}
