package analyzer_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/softdelete/softdelete/analyzer"
)

// TestParallelPackages analyses many packages that share one schema in one
// process, as golangci-lint does: the checker runs them concurrently, so
// under -race this covers the schema and parse caches.
func TestParallelPackages(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/many\n\ngo 1.26.0\n")
	write("migrations/001_init.up.sql", "CREATE TABLE users (id bigserial PRIMARY KEY, email text, deleted_at timestamptz);\n")
	const packages = 40
	for i := 0; i < packages; i++ {
		write(fmt.Sprintf("p%d/p.go", i), fmt.Sprintf(`package p%d

import "database/sql"

func Q(db *sql.DB) {
	db.Query("SELECT id FROM users WHERE id = $1", %d) // want "users is a soft-delete table"
	db.Query("SELECT id FROM users WHERE deleted_at IS NULL AND id = $1", %d)
	db.Query("SELECT id FROM users WHERE email = $1") // want "users is a soft-delete table"
}

func Delete(db *sql.DB, id int64) { // want Delete:"writes\\(users:id\\)"
	db.Exec("UPDATE users SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", id)
}
`, i, i, i))
	}
	results := analysistest.Run(t, dir, analyzer.New(), "./...")
	if len(results) != packages {
		t.Errorf("analysed %d packages, want %d", len(results), packages)
	}
}
