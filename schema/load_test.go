package schema

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/softdelete/softdelete/internal/testmod"
)

func TestOrder(t *testing.T) {
	dir := testmod.WriteTree(t, map[string]string{
		"10_drop_b.sql":     "ALTER TABLE t DROP COLUMN b;",
		"2_create.sql":      "CREATE TABLE t (a int, b int);",
		"002_add_c.sql":     "ALTER TABLE t ADD COLUMN c int;", // same version as 2_, then by name
		"views.sql":         "ALTER TABLE t ADD COLUMN last int;",
		"README.md":         "not SQL",
		"1_x.down.sql":      "DROP TABLE t;",
		"sub/99_nested.sql": "DROP TABLE t;",
	})
	c := loadClean(t, dir)
	// 002_add_c has the version of 2_create and sorts first by name, so it
	// finds no table; 10_drop_b applies after 2_create.
	if got := columnNames(mustTable(t, c, "", "t")); !slices.Equal(got, []string{"a", "last"}) {
		t.Errorf("columns = %v: files applied out of order", got)
	}
	var bases []string
	for _, f := range c.Files {
		bases = append(bases, filepath.Base(f))
	}
	if want := []string{"002_add_c.sql", "2_create.sql", "10_drop_b.sql", "views.sql"}; !slices.Equal(bases, want) {
		t.Errorf("files = %v, want %v", bases, want)
	}
}

// Down migrations named X_down.sql beside X_up.sql (maragudk/migrate, as
// harness/gitness names some) are not applied; a lone *_down.sql is.
func TestPairedUnderscoreDown(t *testing.T) {
	dir := testmod.WriteTree(t, map[string]string{
		"1_create.up.sql":          "CREATE TABLE t (a int);",
		"2_add_index_up.sql":       "CREATE INDEX t_a ON t (a);",
		"2_add_index_down.sql":     "DROP INDEX t_a;",
		"3_add-b-up.sql":           "ALTER TABLE t ADD COLUMN b int;",
		"3_add-b-down.sql":         "ALTER TABLE t DROP COLUMN b;",
		"4_slow_down.sql":          "ALTER TABLE t ADD COLUMN c int;",
		"5_wind_down.sql":          "ALTER TABLE t ADD COLUMN d int;",
		"5_wind_down_extra_up.sql": "ALTER TABLE t ADD COLUMN e int;",
	})
	for _, paths := range [][]string{{dir}, {filepath.Join(dir, "*.sql")}} {
		c := loadClean(t, paths...)
		if got := columnNames(mustTable(t, c, "", "t")); !slices.Equal(got, []string{"a", "b", "c", "d", "e"}) {
			t.Errorf("%v: columns = %v", paths, got)
		}
		for _, f := range c.Files {
			if b := filepath.Base(f); b == "2_add_index_down.sql" || b == "3_add-b-down.sql" {
				t.Errorf("%v: applied %s", paths, b)
			}
		}
	}
}

func TestSortFiles(t *testing.T) {
	files := []string{"b.sql", "20230101120000_b.sql", "10_a.sql", "2_a.sql", "000001_init.up.sql", "a.sql", "99999999999999999999999_big.sql", "9_z.sql"}
	sortFiles(files)
	want := []string{"000001_init.up.sql", "2_a.sql", "9_z.sql", "10_a.sql", "20230101120000_b.sql", "99999999999999999999999_big.sql", "a.sql", "b.sql"}
	if !slices.Equal(files, want) {
		t.Errorf("sortFiles = %v, want %v", files, want)
	}
}

func TestPathsAndGlobs(t *testing.T) {
	dir := testmod.WriteTree(t, map[string]string{
		"m/1_a.sql":   "CREATE TABLE a (x int);",
		"m/2_b.sql":   "CREATE TABLE b (x int);",
		"extra.sql":   "ALTER TABLE a ADD COLUMN y int;",
		"empty/x.txt": "",
	})
	// A directory, then a file, then a glob that repeats a file: each file
	// once, groups in the order given.
	c := loadClean(t, filepath.Join(dir, "m"), filepath.Join(dir, "extra.sql"), filepath.Join(dir, "m", "*.sql"))
	if len(c.Files) != 3 {
		t.Errorf("files = %v", c.Files)
	}
	if got := columnNames(mustTable(t, c, "", "a")); !slices.Equal(got, []string{"x", "y"}) {
		t.Errorf("columns = %v", got)
	}
	// A directory without SQL files is an empty schema, not an error.
	if c := loadClean(t, filepath.Join(dir, "empty")); len(c.Tables) != 0 {
		t.Errorf("tables = %v", c.Tables)
	}
	for _, bad := range []string{
		filepath.Join(dir, "missing"),
		filepath.Join(dir, "missing.sql"),
		filepath.Join(dir, "nothing", "*.sql"),
		filepath.Join(dir, "[.sql"),
	} {
		if _, err := Load([]string{bad}); err == nil {
			t.Errorf("Load(%s) succeeded", bad)
		}
	}
}

func TestPositions(t *testing.T) {
	src := "-- users\n" +
		"CREATE TABLE app.users (\n" +
		"    id bigint PRIMARY KEY,\n" +
		"\temail text,\n" +
		"    CONSTRAINT users_email_key UNIQUE (email)\n" +
		");\n" +
		"\n" +
		"  CREATE UNIQUE INDEX users_live ON app.users (email);\n" +
		"/* c */ CREATE POLICY p ON app.users USING (true);\n"
	dir := testmod.WriteTree(t, map[string]string{"1_users.sql": src})
	c := loadClean(t, dir)
	u := mustTable(t, c, "app", "users")
	file := filepath.Join(dir, "1_users.sql")
	check := func(what string, got Pos, line, col int) {
		t.Helper()
		if got.File != file || got.Line != line || got.Col != col {
			t.Errorf("%s at %v, want %s:%d:%d", what, got, file, line, col)
		}
		if lineText := strings.Split(src, "\n")[line-1]; got.Offset != strings.Index(src, lineText)+col-1 {
			t.Errorf("%s offset %d does not match %d:%d", what, got.Offset, line, col)
		}
	}
	check("table", u.Pos, 2, 14)
	check("column id", u.Column("id").Pos, 3, 5)
	check("column email", u.Column("email").Pos, 4, 2)
	check("inline constraint", u.Constraints[0].Pos, 3, 15)
	check("table constraint", u.Constraints[1].Pos, 5, 5)
	check("index", u.Indexes[0].Pos, 8, 23)
	check("policy", u.Policies[0].Pos, 9, 9)
}

func TestPositionsAfterBadStatement(t *testing.T) {
	// With a syntax error the file is parsed statement by statement; the
	// positions must still be those in the file.
	src := "CREATE TABLE a (x int);\nCREATE TABLE oops (;\nCREATE TABLE b (\n  y int REFERENCES a (x)\n);\nCREATE INDEX b_y ON b (y) WHERE y > 0;\n"
	dir := testmod.WriteTree(t, map[string]string{"1.sql": src})
	c, err := Load([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Errors) != 1 || c.Errors[0].Pos.Line != 2 {
		t.Fatalf("errors = %v", c.Errors)
	}
	b := mustTable(t, c, "", "b")
	if p := b.Pos; p.Line != 3 || p.Col != 14 || p.Offset != strings.Index(src, "b (") {
		t.Errorf("table b at %+v", p)
	}
	if p := b.Column("y").Pos; p.Line != 4 || p.Col != 3 {
		t.Errorf("column y at %+v", p)
	}
	if p := b.Constraints[0].Pos; p.Line != 4 || p.Col != 9 {
		t.Errorf("constraint at %+v", p)
	}
	if p := b.Indexes[0].Pos; p.Line != 6 || p.Col != 14 {
		t.Errorf("index at %+v", p)
	}
	// Locations inside stored trees are file offsets too.
	where := b.Indexes[0].Where.GetAExpr()
	if loc := int(where.Lexpr.GetColumnRef().Location); loc != strings.Index(src, "y > 0") {
		t.Errorf("predicate location %d, want %d", loc, strings.Index(src, "y > 0"))
	}
}

func TestBadFiles(t *testing.T) {
	tests := []struct {
		name    string
		content string
		// wantErrs are "line:col: message substring" of the expected errors.
		wantErrs []string
		// wantTables are the tables that still load.
		wantTables []string
	}{
		{
			name:       "syntax error in the middle",
			content:    "CREATE TABLE a (x int);\n\nCREATE TABLE bad (x int,, y int);\nALTER TABLE a ADD COLUMN z int;\nCREATE TABLE c (x int);\n",
			wantErrs:   []string{`3:25: syntax error at or near ","`},
			wantTables: []string{"a", "c"},
		},
		{
			name:       "two bad statements",
			content:    "CREATE TABLE a (x int);\nCREAT TABLE b (x int);\nCREATE TABLE c (x int);\nSELEC 1;\n",
			wantErrs:   []string{`2:1: syntax error at or near "CREAT"`, `4:1: syntax error at or near "SELEC"`},
			wantTables: []string{"a", "c"},
		},
		{
			name:       "unterminated quote keeps what comes before",
			content:    "CREATE TABLE a (x int);\nCREATE TABLE b (x text DEFAULT 'oops);\nCREATE TABLE c (x int);\n",
			wantErrs:   []string{"2:32: unterminated quoted string"},
			wantTables: []string{"a"},
		},
		{
			name:       "unterminated dollar quote",
			content:    "CREATE TABLE a (x int);\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1;\n",
			wantErrs:   []string{"2:36: unterminated dollar-quoted string"},
			wantTables: []string{"a"},
		},
		{
			name: "statement by statement keeps rules and atomic bodies whole",
			content: "CREATE TABLE a (x int);\n" +
				"CREATE RULE r AS ON DELETE TO a DO INSTEAD (UPDATE a SET x = 0; DELETE FROM a WHERE false);\n" +
				"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END;\n" +
				"CREATE TABLE bad (;\n" +
				"CREATE TABLE c (x int);\n",
			wantErrs:   []string{`4:19: syntax error at or near ";"`},
			wantTables: []string{"a", "c"},
		},
		{
			name:    "empty file",
			content: "",
		},
		{
			name:    "only comments",
			content: "-- nothing here\n/* nor here */\n",
		},
		{
			name:       "NUL byte",
			content:    "CREATE TABLE a (x int);\nCREATE TABLE b (\x00);\nCREATE TABLE c (x int);",
			wantErrs:   []string{"2:17: file contains a NUL byte"},
			wantTables: []string{"a"},
		},
		{
			name:     "binary garbage",
			content:  "\x89PNG\r\n\x1a\n\xff\xfe;;;\x01\x02 ; \xc3\x28 ;",
			wantErrs: []string{"1:1: syntax error", "3:6: syntax error", "3:11: syntax error"},
		},
		{
			name:       "invalid UTF-8 in a comment is fine",
			content:    "-- caf\xe9\nCREATE TABLE a (x int);",
			wantTables: []string{"a"},
		},
		{
			name:       "many errors are capped",
			content:    strings.Repeat("oops;\n", 30) + "CREATE TABLE a (x int);",
			wantErrs:   append(slices.Repeat([]string{"syntax error"}, maxErrorsPerFile), "11:1: 20 more errors"),
			wantTables: []string{"a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := testmod.WriteTree(t, map[string]string{"001_x.sql": tt.content})
			file := filepath.Join(dir, "001_x.sql")
			c, err := Load([]string{dir})
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Errors) != len(tt.wantErrs) {
				t.Fatalf("errors = %v, want %v", c.Errors, tt.wantErrs)
			}
			for i, e := range c.Errors {
				want := tt.wantErrs[i]
				got := e.Error()
				if !strings.HasPrefix(got, file+":") || !strings.Contains(strings.TrimPrefix(got, file+":"), want) {
					t.Errorf("error %d = %q, want %s:%s", i, got, file, want)
				}
				if !strings.Contains(want, ":") && e.Pos.Line < 1 {
					t.Errorf("error %d has no line", i)
				}
			}
			var tables []string
			tables = append(tables, tableNames(c)...)
			if !slices.Equal(tables, tt.wantTables) {
				t.Errorf("tables = %v, want %v", tables, tt.wantTables)
			}
		})
	}
}

// An unreadable schema file is an error at the file; the others still
// load.
func TestUnreadableFile(t *testing.T) {
	dir := testmod.WriteTree(t, map[string]string{"1.sql": "CREATE TABLE a (x int);", "2.sql": "CREATE TABLE b (x int);"})
	if err := os.Chmod(filepath.Join(dir, "1.sql"), 0); err != nil {
		t.Fatal(err)
	}
	// The directory can be listed by anyone: only the file is unreadable.
	for d := dir; strings.HasPrefix(d, os.TempDir()+string(filepath.Separator)); d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var c *Catalog
	var err error
	withoutPrivileges(t, func() { c, err = Load([]string{dir}) })
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Errors) != 1 || c.Errors[0].Pos.File != filepath.Join(dir, "1.sql") || !strings.Contains(c.Errors[0].Msg, "permission denied") {
		t.Errorf("errors = %v, want 1.sql: permission denied", c.Errors)
	}
	if got := tableNames(c); !slices.Equal(got, []string{"b"}) {
		t.Errorf("tables = %v, want [b]", got)
	}
}

// withoutPrivileges runs fn with the effective user nobody when the test
// runs as root (CI does), who would read any file. Linux keeps
// credentials per thread: fn runs on a thread of its own whose effective
// uid is changed with the raw system call (syscall.Setuid would change
// every thread's), and the thread is discarded afterwards.
func withoutPrivileges(t *testing.T, fn func()) {
	t.Helper()
	if os.Geteuid() != 0 {
		fn()
		return
	}
	const nobody = 65534
	done := make(chan error)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with the goroutine
		if _, _, errno := syscall.RawSyscall(syscall.SYS_SETRESUID, ^uintptr(0), nobody, ^uintptr(0)); errno != 0 {
			done <- errno
			return
		}
		fn()
		done <- nil
	}()
	if err := <-done; err != nil {
		t.Fatalf("dropping privileges: %v", err)
	}
}

// A CREATE TABLE or ALTER TABLE with an element PostgreSQL rejects keeps
// its other elements; the bad element is reported at its own line.
func TestBadElementKept(t *testing.T) {
	src := "CREATE TABLE t (\n" +
		"  id bigserial PRIMARY KEY,\n" +
		"  name text,\n" +
		"  UNIQUE (id, lower(name)),\n" + // line 4: expressions are not allowed in a constraint
		"  email text UNIQUE,\n" +
		"  deleted_at timestamptz\n" +
		");\n" +
		"ALTER TABLE t ADD COLUMN a int, ADD CONSTRAINT c UNIQUE (lower(name)), ADD COLUMN b int;\n" + // line 8
		"CREATE TABLE u (x int, UNIQUE (lower(x)));\n" + // line 9: the bad element is the last
		"CREATE TABLE v (UNIQUE (lower(x)), y int, CHECK (y > 0), (oops));\n" // line 10: two bad ones
	dir := testmod.WriteTree(t, map[string]string{"1.sql": src})
	c, err := Load([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, e := range c.Errors {
		lines = append(lines, e.Pos.Line)
		if !strings.Contains(e.Msg, "this element is skipped") {
			t.Errorf("error %v does not say the element is skipped", e)
		}
	}
	if !slices.Equal(lines, []int{4, 8, 9, 10, 10}) {
		t.Errorf("errors = %v, want lines 4, 8, 9, 10, 10", c.Errors)
	}
	if e := c.Errors[0]; e.Pos.Col < 3 || e.Pos.Col > 27 {
		t.Errorf("the bad element's error is at column %d, want in the element", e.Pos.Col)
	}
	tbl := mustTable(t, c, "", "t")
	var cols []string
	for _, col := range tbl.Columns {
		cols = append(cols, col.Name)
	}
	if !slices.Equal(cols, []string{"id", "name", "email", "deleted_at", "a", "b"}) {
		t.Errorf("columns of t = %v", cols)
	}
	if len(tbl.Constraints) != 2 || tbl.Constraints[1].Kind != Unique || !slices.Equal(tbl.Constraints[1].Columns, []string{"email"}) {
		t.Errorf("constraints of t = %+v, want the primary key and UNIQUE (email)", tbl.Constraints)
	}
	if p := tbl.Column("email").Pos; p.Line != 5 || p.Col != 3 {
		t.Errorf("column email at %+v", p)
	}
	if u := mustTable(t, c, "", "u"); len(u.Columns) != 1 || len(u.Constraints) != 0 {
		t.Errorf("u = %+v", u)
	}
	if v := mustTable(t, c, "", "v"); len(v.Columns) != 1 || v.Columns[0].Name != "y" {
		t.Errorf("v = %+v", v)
	}
	// A statement whose fault is not in one element is still an error of
	// its own, and nothing of it is kept.
	dir = testmod.WriteTree(t, map[string]string{"1.sql": "CREATE TABLE w x (a int);\nALTER TABLE;\n"})
	if c, _ := Load([]string{dir}); len(c.Errors) != 2 || len(c.Tables) != 0 {
		t.Errorf("errors %v, tables %v", c.Errors, tableNames(c))
	}
}
