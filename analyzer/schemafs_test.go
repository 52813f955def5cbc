package analyzer

import (
	"os"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/softdelete/softdelete/internal/testmod"
)

// TestSchemaFS: an analyzer built with migrations embedded in the program
// (Bazel's nogo) finds what the migrations on disk would have given, and
// reads nothing else of the module: not the schema directory on disk, not
// the config file, not the index of writes, and writes no cache.
func TestSchemaFS(t *testing.T) {
	dir := t.TempDir()
	testmod.WriteFiles(t, dir, map[string]string{
		"go.mod": "module example.com/embedded\n\ngo 1.26.0\n",
		// What the embedded schema says wins over what lies on disk.
		"migrations/1.up.sql": "CREATE TABLE regions (id bigserial PRIMARY KEY, name text);\n",
		".softdelete.yml":     "tables: {exclude: [regions]}\n",
		"app/app.go": `package app

import "database/sql"

func Regions(db *sql.DB) { db.Query("SELECT id, name FROM regions") } // want "regions is a soft-delete table \\(deleted_at\\) but this SELECT does not filter deleted rows"

func Live(db *sql.DB) { db.Query("SELECT id FROM regions WHERE deleted_at IS NULL") }
`,
	})
	cache := t.TempDir()
	t.Setenv(CacheDirEnv, cache)
	fsys := fstest.MapFS{
		"db/1_regions.up.sql": {Data: []byte("CREATE TABLE regions (\n  id bigserial PRIMARY KEY,\n  name text UNIQUE,\n  deleted_at timestamptz\n);\n")},
	}
	before := writeIndexLoads.Load()
	results := analysistest.Run(t, dir, NewWithSchemaFS(fsys, "db", nil), "./...")
	if writeIndexLoads.Load() != before {
		t.Error("the index of writes was read")
	}
	if entries, _ := os.ReadDir(cache); len(entries) != 0 {
		t.Errorf("cache written: %v", entries)
	}
	// The finding's related position is in the embedded file.
	found := false
	for _, r := range results {
		for _, d := range r.Diagnostics {
			for _, rel := range d.Related {
				if p := r.Pass.Fset.Position(rel.Pos); p.Filename == "db/1_regions.up.sql" && p.Line == 4 {
					found = true
				}
			}
		}
	}
	if !found {
		t.Error("no related position at db/1_regions.up.sql:4 (the deleted_at column)")
	}
}
