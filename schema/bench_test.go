package schema

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeMigrations writes a golang-migrate directory of files holding
// tables in total, each with a foreign key, a soft-delete column added by
// ALTER and a partial unique index: the statements real migration sets
// are made of.
func writeMigrations(tb testing.TB, files, tables int) string {
	dir := tb.TempDir()
	for f := 0; f < files; f++ {
		var b strings.Builder
		for t := f; t < tables; t += files {
			fmt.Fprintf(&b, "CREATE TABLE t%d (id bigserial PRIMARY KEY, name text NOT NULL, parent_id bigint REFERENCES t%d (id) ON DELETE CASCADE, created_at timestamptz NOT NULL DEFAULT now());\n", t, max(t-1, 0))
			fmt.Fprintf(&b, "ALTER TABLE t%d ADD COLUMN deleted_at timestamptz;\n", t)
			fmt.Fprintf(&b, "CREATE UNIQUE INDEX t%d_name ON t%d (name) WHERE deleted_at IS NULL;\n", t, t)
		}
		name := filepath.Join(dir, fmt.Sprintf("%06d_m.up.sql", f+1))
		if err := os.WriteFile(name, []byte(b.String()), 0o666); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func benchmarkLoad(b *testing.B, files, tables int) {
	dir := writeMigrations(b, files, tables)
	for b.Loop() {
		cat, err := Load([]string{dir})
		if err != nil || len(cat.Tables) != tables || len(cat.Errors) > 0 {
			b.Fatalf("%v: %d tables, errors %v", err, len(cat.Tables), cat.Errors)
		}
	}
}

func BenchmarkLoad120Files300Tables(b *testing.B)   { benchmarkLoad(b, 120, 300) }
func BenchmarkLoad1000Files1000Tables(b *testing.B) { benchmarkLoad(b, 1000, 1000) }
