package analyzer_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/softdelete/softdelete/analyzer"
	"github.com/softdelete/softdelete/internal/sqlwant"
)

// TestHostileInput feeds the analyzer what real repositories contain next
// to their PostgreSQL queries and migrations: every hostile input is
// skipped silently or reported clearly, the rest of the package and of the
// schema is still analysed, and the whole run stays within a time bound.
func TestHostileInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/hostile\n\ngo 1.26.0\n")
	write("migrations/001_init.up.sql", `CREATE TABLE users (id bigserial PRIMARY KEY, name text, deleted_at timestamptz);
CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint, deleted_at timestamptz);
`)
	write("migrations/002_broken.up.sql", `CREATE TABLE before_error (id int, deleted_at timestamptz);
CREATE TABLE oops (id int,, x text); -- want "schema: syntax error at or near \",\""
CREATE TABLE after_error (id int, deleted_at timestamptz);
`)
	write("migrations/003_dump.sql", `--
-- PostgreSQL database dump
--
\restrict abc
SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);
\connect shop
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $_$
BEGIN NEW.updated := now(); RETURN NEW; END;
$_$;
DO $$ BEGIN RAISE NOTICE 'hello; world'; END $$;
CREATE TABLE public.dumped (id integer NOT NULL, deleted_at timestamp with time zone);
COPY public.dumped (id, deleted_at) FROM stdin;
1	\N
2	2024-01-01 00:00:00+00
\.
\unrestrict abc
`)
	write("migrations/004_empty.up.sql", "")
	write("migrations/005_binary.up.sql", "\x00\x01\x02\xff\xfe binary \x00 data")
	write("migrations/006_latin1.up.sql", "-- caf\xe9\nCREATE TABLE latin (id int, deleted_at timestamptz);\n")
	if err := os.Symlink("007_loop.up.sql", filepath.Join(dir, "migrations", "007_loop.up.sql")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(".", filepath.Join(dir, "migrations", "loopdir")); err != nil {
		t.Fatal(err)
	}

	deep := "SELECT " + strings.Repeat("(", 30000) + "1" + strings.Repeat(")", 30000) + " FROM users"
	huge := "SELECT id FROM users WHERE id IN (" + strings.Repeat("1, ", 400000) + "1)" // > 1 MB
	big := "SELECT id FROM orders WHERE id IN (" + strings.Repeat("1,", 200000) + "1)"  // 400 kB, parses
	write("app/delete.go", `package app

import "database/sql"

// SoftDelete is the module's one soft-delete helper, for every table.
func SoftDelete(db *sql.DB, table string, id int) {
	db.Exec("UPDATE "+table+" SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL", id)
}
`)
	write("app/app.go", fmt.Sprintf(`package app

import (
	"database/sql"
	"fmt"
)

const deep = %q

const huge = %q

const big = %q // want "orders is a soft-delete table"

func Queries(db *sql.DB, table, where string) {
	db.Query("SELECT * FROM `+"`users`"+` WHERE id = ?")
	db.Query("SELECT id FROM users WHERE name = ? LIMIT 1 -- mysql # style") // want "users is a soft-delete table"
	db.Query(deep)
	db.Query(huge)
	db.Query(big)
	db.Query("SELECT id FROM users WHERE name = '\xff\xfe' AND deleted_at IS NULL")
	db.Query("SELECT 1 FROM users\x00 WHERE deleted_at IS NULL")
	db.Query("SELECT 1 FROM users WHERE deleted_at IS NULL; SELECT 1 FROM orders") // want "orders is a soft-delete table"
	db.Query("-- only a comment")
	db.Query("/* nothing */")
	db.Query("")
	db.Query("   ")
	db.Query("SELECT '100%%s %%d' FROM users WHERE deleted_at IS NULL")
	db.Query(fmt.Sprintf("SELECT * FROM %%s WHERE id = 1", table))
	db.Query(fmt.Sprintf("SELECT * FROM users WHERE %%s", where))
	db.Query(fmt.Sprintf("SELECT * FROM users WHERE id = %%d %%s %%v", 1))
	db.Query("SELECT {{.Columns}} FROM users")
	db.Query("SELECT id FROM users") // want "users is a soft-delete table"
}
`, deep, huge, big))
	write("app/tables.go", `package app

import "database/sql"

// Every table of the schema loaded around the bad files.
func Tables(db *sql.DB) {
	db.Query("SELECT 1 FROM before_error") // want "before_error is a soft-delete table"
	db.Query("SELECT 1 FROM after_error")  // want "after_error is a soft-delete table"
	db.Query("SELECT 1 FROM dumped")       // want "dumped is a soft-delete table"
	db.Query("SELECT 1 FROM latin")        // want "latin is a soft-delete table"
}
`)
	// The loop symlink: one clear error at the file, the rest loads.
	write("migrations/008_after_all.up.sql", "CREATE TABLE last (id int, deleted_at timestamptz);\n")

	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	sqlwant.RunWith(t, dir, analyzer.New(), map[string]string{
		"migrations/005_binary.up.sql:1": "schema: .*NUL byte",
		"migrations/007_loop.up.sql:1":   "schema: cannot read schema file: .*too many levels of symbolic links",
	}, "./...")
	if d := time.Since(start); d > 60*time.Second {
		t.Errorf("hostile input took %v, want under 60s", d)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	// Loading and type-checking the module allocates a few hundred MB;
	// a parser or extractor blowing up on the 1 MB literal or the deep
	// nesting would allocate far more.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 3<<30 {
		t.Errorf("hostile input allocated %d MB, want under 3 GB", alloc>>20)
	}
	t.Logf("hostile input: %v, %d MB allocated", time.Since(start).Round(time.Millisecond), (after.TotalAlloc-before.TotalAlloc)>>20)
}
