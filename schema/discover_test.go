package schema

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/softdelete/softdelete/internal/testmod"
)

func TestDiscover(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // relative to the module root
	}{
		{
			name: "sqlc v2",
			files: map[string]string{
				"sqlc.yaml": `version: "2"
sql:
  - engine: postgresql
    schema: db/migrations
    queries: db/queries
  - engine: postgresql
    schema: ["db/extra.sql", "db/missing.sql", "db/migrations"]
  - engine: mysql
    schema: mysql/schema.sql
`,
				"db/migrations/1_init.sql": "",
				"db/extra.sql":             "",
				"mysql/schema.sql":         "",
				"migrations/1.sql":         "",
			},
			want: []string{"db/migrations", "db/extra.sql"},
		},
		{
			name: "sqlc v1 json in a subdirectory",
			files: map[string]string{
				"sqlc.json":         `{"version": "1", "packages": [{"name": "db", "schema": "schema/", "engine": "postgresql"}]}`,
				"schema/tables.sql": "",
			},
			want: []string{"schema"},
		},
		{
			name: "sqlc config naming nothing falls back",
			files: map[string]string{
				"sqlc.yml":      "version: '2'\nsql: [{engine: postgresql, schema: gone.sql}]\n",
				"db/schema.sql": "",
			},
			want: []string{"db/schema.sql"},
		},
		{
			name: "migrations directory",
			files: map[string]string{
				"migrations/1_init.sql":    "",
				"db/migrations/1_init.sql": "",
				"schema.sql":               "",
			},
			want: []string{"migrations"},
		},
		{
			name: "db/migrate",
			files: map[string]string{
				"db/migrate/20240101_x.sql": "",
				"db/schema.sql":             "",
			},
			want: []string{"db/migrate"},
		},
		{
			name:  "nothing",
			files: map[string]string{"main.go": "package main"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := testmod.WriteTree(t, tt.files)
			var want []string
			for _, p := range tt.want {
				want = append(want, filepath.Join(root, filepath.FromSlash(p)))
			}
			got := Discover(root)
			if !slices.Equal(got, want) {
				t.Errorf("Discover = %v, want %v", got, want)
			}
			for _, p := range got {
				if !filepath.IsAbs(p) {
					t.Errorf("%s is not absolute", p)
				}
			}
			if got != nil {
				if _, err := Load(got); err != nil {
					t.Errorf("Load(Discover()) = %v", err)
				}
			}
		})
	}
}

func TestDiscoverRelativeRoot(t *testing.T) {
	root := testmod.WriteTree(t, map[string]string{"schema.sql": "CREATE TABLE a (x int);"})
	t.Chdir(root)
	got := Discover(".")
	if len(got) != 1 || got[0] != filepath.Join(root, "schema.sql") {
		t.Errorf("Discover(.) = %v", got)
	}
}
