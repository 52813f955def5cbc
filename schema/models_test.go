package schema

import "testing"

// TestWithModels checks the tables models add: only where the migrations
// have no relation of that name, with the columns the model declares.
func TestWithModels(t *testing.T) {
	base := loadSQL(t, `
CREATE TABLE users (id bigserial PRIMARY KEY, deleted_at timestamptz);
CREATE VIEW live_users AS SELECT * FROM users WHERE deleted_at IS NULL;`)

	if got := base.WithModels(nil); got != base {
		t.Errorf("no models: got a new catalog")
	}
	got := base.WithModels([]Model{{Name: "users", Columns: []string{"id", "email"}}, {Name: `"live_users"`, Columns: []string{"id"}}, {Name: ""}})
	if got != base {
		t.Errorf("models of migrations relations or without a name: got a new catalog")
	}

	got = base.WithModels([]Model{
		{Name: "widgets", Columns: []string{"id", "name", "name", "deleted_at"}, SoftDelete: "deleted_at", Live: "IS NULL"},
		{Name: `"audit"."events"`, Columns: []string{"id"}, SoftDelete: "deleted", Live: "= 0"},
		{Name: "notes", Columns: []string{"body"}, SoftDelete: "deleted_at", Live: "= '0001-01-01 00:00:00+00:00'"},
	})
	if got.Table("", "users") != base.Table("", "users") || got.View("", "live_users") == nil || len(got.Files) != len(base.Files) {
		t.Errorf("the migrations' relations must stay as they are")
	}
	if base.Table("", "widgets") != nil {
		t.Errorf("WithModels changed the catalog it was called on")
	}
	for _, tc := range []struct {
		schema, table string
		want          map[string]string // column -> type
	}{
		{"", "widgets", map[string]string{"id": "int8", "name": "text", "deleted_at": "timestamptz"}},
		{"audit", "events", map[string]string{"id": "int8", "deleted": "int8"}},
		{"", "notes", map[string]string{"body": "text", "deleted_at": "timestamptz"}},
	} {
		tb := got.Table(tc.schema, tc.table)
		if tb == nil {
			t.Errorf("%s.%s: not added", tc.schema, tc.table)
			continue
		}
		if len(tb.Columns) != len(tc.want) {
			t.Errorf("%s: got %d columns, want %d", tc.table, len(tb.Columns), len(tc.want))
		}
		for _, c := range tb.Columns {
			if c.Type != tc.want[c.Name] || c.Generated != (c.Name == "id") {
				t.Errorf("%s.%s: got type %s (generated %v)", tc.table, c.Name, c.Type, c.Generated)
			}
		}
	}
}
