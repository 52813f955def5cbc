package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// shape is the size of a generated module.
type shape struct {
	packages, queries, tables, files int
}

// generate writes a module with migrations and packages of queries: a
// realistic mix of plain reads, joins, CTEs, subqueries and updates, a
// third of them missing the live-row filter.
func generate(dir string, s shape) error {
	if err := os.MkdirAll(filepath.Join(dir, "db", "migrations"), 0o777); err != nil {
		return err
	}
	write := func(name, content string) error {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			return err
		}
		return os.WriteFile(p, []byte(content), 0o666)
	}
	if err := write("go.mod", "module bench.example/gen\n\ngo 1.26.0\n"); err != nil {
		return err
	}
	for f := 0; f < s.files; f++ {
		var b strings.Builder
		for t := f; t < s.tables; t += s.files {
			fmt.Fprintf(&b, "CREATE TABLE t%d (\n    id bigserial PRIMARY KEY,\n    name text NOT NULL,\n", t)
			if t > 0 {
				fmt.Fprintf(&b, "    parent_id bigint REFERENCES t%d (id),\n", t-1)
			}
			fmt.Fprintf(&b, "    created_at timestamptz NOT NULL DEFAULT now()\n);\n")
			if t%3 != 2 {
				fmt.Fprintf(&b, "ALTER TABLE t%d ADD COLUMN deleted_at timestamptz;\n", t)
				fmt.Fprintf(&b, "CREATE UNIQUE INDEX t%d_name ON t%d (name) WHERE deleted_at IS NULL;\n", t, t)
			}
		}
		if err := write(fmt.Sprintf("db/migrations/%06d_m%d.up.sql", f+1, f), b.String()); err != nil {
			return err
		}
		if err := write(fmt.Sprintf("db/migrations/%06d_m%d.down.sql", f+1, f), "SELECT 1;\n"); err != nil {
			return err
		}
	}
	for p := 0; p < s.packages; p++ {
		var b strings.Builder
		fmt.Fprintf(&b, "package p%d\n\nimport (\n\t\"context\"\n\t\"database/sql\"\n)\n\n", p)
		for q := 0; q < s.queries; q++ {
			n := p*s.queries + q
			a, c := n%s.tables, (n+1)%s.tables
			filter := ""
			if n%3 != 0 {
				filter = " AND a.deleted_at IS NULL"
			}
			var sql string
			switch n % 5 {
			case 0:
				sql = fmt.Sprintf("SELECT a.id, a.name FROM t%d a WHERE a.id = $1%s", a, filter)
			case 1:
				sql = fmt.Sprintf("SELECT a.id, b.name FROM t%d a JOIN t%d b ON b.id = a.parent_id AND b.deleted_at IS NULL WHERE a.name = $1%s", a, c, filter)
			case 2:
				sql = fmt.Sprintf("WITH x AS (SELECT a.id FROM t%d a WHERE a.created_at > $1%s) SELECT count(*) FROM x", a, filter)
			case 3:
				sql = fmt.Sprintf("SELECT a.id FROM t%d a WHERE a.parent_id IN (SELECT b.id FROM t%d b WHERE b.deleted_at IS NULL)%s", a, c, filter)
			case 4:
				sql = fmt.Sprintf("UPDATE t%d a SET name = $1 WHERE a.id = $2%s", a, filter)
			}
			fmt.Fprintf(&b, "func Q%d(ctx context.Context, db *sql.DB) error {\n\t_, err := db.ExecContext(ctx, %q, 1, 2)\n\treturn err\n}\n\n", q, sql)
		}
		if p == 0 {
			// The module's soft-delete helper, for every table: without a
			// write of deleted_at the columns would be vestigial.
			b.WriteString("func SoftDelete(ctx context.Context, db *sql.DB, table string, id int64) error {\n\t_, err := db.ExecContext(ctx, \"UPDATE \"+table+\" SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL\", id)\n\treturn err\n}\n")
		}
		if err := write(fmt.Sprintf("p%d/p%d.go", p, p), b.String()); err != nil {
			return err
		}
	}
	// A repository's files are older than the run that checks them;
	// softdelete does not key its caches on times of the last moments.
	past := time.Now().Add(-time.Hour)
	return filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(path, past, past)
	})
}
