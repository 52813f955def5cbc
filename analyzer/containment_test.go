package analyzer

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/softdelete/softdelete/internal/pgast"

	"github.com/softdelete/softdelete/internal/testmod"
)

// TestPanicContained makes the rules panic on one statement: that statement
// gets one diagnostic asking for a report, and the rest of the package is
// still analysed. A panic must never end a go vet run.
func TestPanicContained(t *testing.T) {
	dir := t.TempDir()
	testmod.WriteFiles(t, dir, map[string]string{
		"go.mod":              "module example.com/boom\n\ngo 1.26.0\n",
		"migrations/1.up.sql": "CREATE TABLE users (id int, deleted_at timestamptz);\n",
		"app/delete.go": `package app

import "database/sql"

// SoftDelete is the module's one soft-delete helper, for every table.
func SoftDelete(db *sql.DB, table string, id int) {
	db.Exec("UPDATE "+table+" SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", id)
}
`,
		"app/app.go": `package app

import "database/sql"

func F(db *sql.DB) {
	db.Query("SELECT 'boom' FROM users") // want "internal error analysing this SQL statement, please report it: rules exploded"
	db.Query("SELECT id FROM users")     // want "users is a soft-delete table"
}
`,
	})
	statementHook = func(raw *pgast.RawStmt) {
		pgast.Inspect(raw, func(m pgast.Message) bool {
			if str, ok := m.(*pgast.String); ok && strings.Contains(str.Sval, "boom") {
				panic("rules exploded")
			}
			return true
		})
	}
	defer func() { statementHook = nil }()
	analysistest.Run(t, dir, New(), "./...")
}
