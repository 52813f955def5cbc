package analyzer

import (
	"testing"

	"github.com/softdelete/softdelete/internal/sqlwant"

	"github.com/softdelete/softdelete/internal/testmod"
)

// TestHermeticInclude shows what a build system that runs each package as
// an action of its own (Bazel's nogo) needs: with tables.include: ["*"],
// softdelete reads the schema and the config and nothing else of the
// module, because no finding waits on the module-wide index of writes
// (query findings, and the schema report's unique keys).
// Without it, the same query on a table nothing soft-deletes is silent and
// the index is read.
func TestHermeticInclude(t *testing.T) {
	for _, tc := range []struct {
		config, want, sqlWant string
		readIndex             bool
	}{
		{"tables: {include: [\"*\"]}\n", ` // want "regions is a soft-delete table"`, ` -- want "unique constraint regions_name_key on regions \\(name\\) counts soft-deleted rows"`, false},
		{"", "", "", true},
	} {
		dir := t.TempDir()
		testmod.WriteFiles(t, dir, map[string]string{
			"go.mod":              "module example.com/hermetic\n\ngo 1.26.0\n",
			".softdelete.yml":     tc.config + "schema: [migrations]\n",
			"migrations/1.up.sql": "CREATE TABLE regions (id bigserial PRIMARY KEY, name text UNIQUE, deleted_at timestamptz);" + tc.sqlWant + "\n",
			"app/app.go": `package app

import "database/sql"

func Regions(db *sql.DB) { db.Query("SELECT id, name FROM regions")` + tc.want + `
}
`,
		})
		before := writeIndexLoads.Load()
		sqlwant.Run(t, dir, New(), "./...")
		if read := writeIndexLoads.Load() != before; read != tc.readIndex {
			t.Errorf("config %q: index read = %v, want %v", tc.config, read, tc.readIndex)
		}
	}
}
