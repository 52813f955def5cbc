package writeindex

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/softdelete/softdelete/internal/testmod"
)

var defaultColumns = lowerSet([]string{"deleted_at", "is_deleted", "deleted", "DeleteAt", "repo_deleted"})

// tableColumn is what TestScanFile checks of a Write; TestRewrites
// checks the rest.
type tableColumn struct{ Table, Column string }

func TestScanFile(t *testing.T) {
	for _, tc := range []struct {
		name, file, src string
		want            []tableColumn
	}{
		{"raw update", "store.go", `package store
const softDelete = "UPDATE users SET deleted_at = now() WHERE id = $1"`,
			[]tableColumn{{"users", "deleted_at"}}},
		{"concatenated literal", "store.go", `package store
var q = "UPDATE orders " +
	"SET is_deleted = true, updated_at = now() " +
	"WHERE id = ?"`,
			[]tableColumn{{"orders", "is_deleted"}}},
		{"schema-qualified quoted column", "store.go", `package store
var q = ` + "`" + `UPDATE public.posts SET "DeleteAt" = $1 WHERE "Id" = $2` + "`",
			[]tableColumn{{"posts", "deleteat"}}},
		{"fmt format with a table hole counts for every table", "store.go", `package store
import "fmt"
func q(table string) string { return fmt.Sprintf("UPDATE %s SET deleted_at = now() WHERE id = $1", table) }`,
			[]tableColumn{{"", "deleted_at"}}},
		{"table name built at run time", "store.go", `package store
import "fmt"
func q(n int) string { return fmt.Sprintf("UPDATE part_%d SET deleted_at = now()", n) }`,
			[]tableColumn{{"", "deleted_at"}}},
		{"statement assembled from fragments names its table in an earlier literal", "store.go", `package store
func del(q *Query) {
	q = New("UPDATE access_keys")
	q.B("SET deleted_at = ?", now)
	q.B("WHERE id = ?", id)
}
func other(q *Query) { q.B("SET deleted_at = ?", now) }`,
			[]tableColumn{{"", "deleted_at"}, {"access_keys", "deleted_at"}}},
		{"strings.Builder fragments", "store.go", `package store
func del(sb *strings.Builder) {
	sb.WriteString(" update  posts ")
	sb.WriteString("set is_deleted = true where id = $1")
}`,
			[]tableColumn{{"posts", "is_deleted"}}},
		{"upsert that sets the column", "store.go", `package store
const q = "INSERT INTO members (id, org) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET deleted_at = NULL"`,
			[]tableColumn{{"members", "deleted_at"}}},
		{"insert of a tombstone", "store.go", `package store
const q = "INSERT INTO events (id, deleted_at) VALUES ($1, $2)"`,
			[]tableColumn{{"events", "deleted_at"}}},
		{"insert of live rows", "store.go", `package store
const q = "INSERT INTO notes (body, deleted_at, is_deleted) VALUES ($1, NULL, false), ($2, DEFAULT, DEFAULT)"`,
			nil},
		{"insert of a live row and a deleted one", "store.go", `package store
const q = "INSERT INTO notes (body, deleted_at) VALUES ($1, NULL), ($2, now())"`,
			[]tableColumn{{"notes", "deleted_at"}}},
		{"insert of rows another query selects", "store.go", `package store
const q = "INSERT INTO notes (body, deleted_at) SELECT body, deleted_at FROM drafts"`,
			[]tableColumn{{"notes", "deleted_at"}}},
		{"insert of rows selected live", "store.go", `package store
const q = "INSERT INTO notes (body, deleted_at) SELECT body, NULL FROM drafts"`,
			nil},
		{"insert of rows a union selects", "store.go", `package store
const q = "INSERT INTO notes (body, deleted_at) SELECT body, NULL FROM drafts UNION ALL SELECT body, deleted_at FROM old_notes"`,
			[]tableColumn{{"notes", "deleted_at"}}},
		{"squirrel Set with the table from the chain", "store.go", `package store
import sq "github.com/Masterminds/squirrel"
func del() { sq.Update("users").Set("deleted_at", sq.Expr("now()")).Where(sq.Eq{"id": 1}) }`,
			[]tableColumn{{"users", "deleted_at"}}},
		{"squirrel Set of a quoted column", "store.go", `package store
import sq "github.com/Masterminds/squirrel"
func del(now int64) { sq.Update("posts").Set(` + "`" + `"DeleteAt"` + "`" + `, now).Where(sq.Eq{"id": 1}) }`,
			[]tableColumn{{"posts", "deleteat"}}},
		{"squirrel SetMap with a quoted key", "store.go", `package store
import sq "github.com/Masterminds/squirrel"
func del(now int64) { sq.Update("posts").SetMap(map[string]any{` + "`" + `"DeleteAt"` + "`" + `: now}) }`,
			[]tableColumn{{"posts", "deleteat"}}},
		{"squirrel SetMap", "store.go", `package store
import sq "github.com/Masterminds/squirrel"
func del() { sq.Update("public.repos").SetMap(map[string]any{"repo_deleted": 1}) }`,
			[]tableColumn{{"repos", "repo_deleted"}}},
		{"goqu Record", "store.go", `package store
import "github.com/doug-martin/goqu/v9"
func del(db *goqu.Database) { db.Update("items").Set(goqu.Record{"deleted_at": 1}) }`,
			[]tableColumn{{"items", "deleted_at"}}},
		{"goqu Record in a variable", "store.go", `package store
import "github.com/doug-martin/goqu/v9"
var rec = goqu.Record{"is_deleted": true}`,
			[]tableColumn{{"", "is_deleted"}}},
		{"bun Set fragment", "store.go", `package store
func del(q interface{ Set(string, ...any) any }) { q.Set("deleted_at = ?", 1) }`,
			[]tableColumn{{"", "deleted_at"}}},
		{"gorm Update on a model", "store.go", `package store
func del(db interface{ Model(any) interface{ Update(string, any) } }) { db.Model(nil).Update("deleted_at", 1) }`,
			[]tableColumn{{"", "deleted_at"}}},
		{"gorm.DeletedAt field", "model.go", `package model
import "gorm.io/gorm"
type User struct {
	ID int
	DeletedAt gorm.DeletedAt
}`,
			[]tableColumn{{"orm:users", "deleted_at"}}},
		{"embedded gorm.Model-like base with column tag", "model.go", `package model
import g "gorm.io/gorm"
type Base struct {
	Removed g.DeletedAt ` + "`gorm:\"column:deleted_at;index\"`" + `
}`,
			[]tableColumn{{"orm:bases", "deleted_at"}}},
		{"bun soft_delete tag", "model.go", `package model
import "time"
type Post struct {
	DeletedAt time.Time ` + "`bun:\",soft_delete,nullzero\"`" + `
}`,
			[]tableColumn{{"orm:posts", "deleted_at"}}},
		{"embedded gorm.DeletedAt", "model.go", `package model
import "gorm.io/gorm"
type Base struct {
	gorm.DeletedAt
}`,
			[]tableColumn{{"orm:bases", "deleted_at"}}},
		{"soft_delete plugin field", "model.go", `package model
import "gorm.io/plugin/soft_delete"
type Repo struct {
	RepoDeleted soft_delete.DeletedAt
}`,
			[]tableColumn{{"orm:repos", "repo_deleted"}}},
		{"bun soft_delete tag naming the column", "model.go", `package model
type Post struct {
	Removed bool ` + "`bun:\"is_deleted,soft_delete\"`" + `
}`,
			[]tableColumn{{"orm:posts", "is_deleted"}}},
		{"bun model naming its table: its soft delete writes that table only", "model.go", `package model
import (
	"time"
	"github.com/uptrace/bun"
)
type Account struct {
	bun.BaseModel ` + "`bun:\"table:billing.accounts,alias:a\"`" + `
	ID        int64
	DeletedAt time.Time ` + "`bun:\",soft_delete,nullzero\"`" + `
}
func other(id int64) {}`,
			[]tableColumn{{"accounts", "deleted_at"}}},
		{"gorm model with a literal TableName", "model.go", `package model
import "gorm.io/gorm"
type Team struct {
	ID        int
	DeletedAt gorm.DeletedAt
}
func (*Team) TableName() string { return "org_teams" }
type Member struct {
	DeletedAt gorm.DeletedAt
}`,
			[]tableColumn{{"org_teams", "deleted_at"}, {"orm:members", "deleted_at"}}},
		{"gorm TableName computed at run time names no table", "model.go", `package model
import "gorm.io/gorm"
type Team struct {
	DeletedAt gorm.DeletedAt
}
func (t Team) TableName() string { return prefix + "teams" }`,
			[]tableColumn{{"", "deleted_at"}}},
		{"migration trigger body", "001_triggers.up.sql", `
CREATE FUNCTION cascade_orders() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE order_items SET deleted_at = NEW.deleted_at WHERE order_id = NEW.id;
  RETURN NEW;
END $$;`,
			[]tableColumn{{"order_items", "deleted_at"}}},
		{"rule turning deletes into soft deletes", "002_rule.sql", `
CREATE RULE soft_delete AS ON DELETE TO accounts DO INSTEAD UPDATE accounts SET deleted_at = now() WHERE id = OLD.id;`,
			[]tableColumn{{"accounts", "deleted_at"}}},
		{"sqlc query file", "queries.sql", `-- name: DeleteProject :exec
UPDATE projects SET deleted_at = NOW() WHERE id = @id;
-- name: GetProject :one
SELECT * FROM projects WHERE id = @id AND deleted_at IS NULL;`,
			[]tableColumn{{"projects", "deleted_at"}}},

		// Reads, filters and other columns are not writes.
		{"column constant read in filters", "cols.go", `package store
const COLUMN_DELETED_AT = "deleted_at"
func live(d dialect) { d.From("users").Where(goqu.I(COLUMN_DELETED_AT).IsNull()) }`, nil},
		{"read with the filter", "store.go", `package store
const q = "SELECT id FROM users WHERE deleted_at IS NULL"`, nil},
		{"squirrel filter map", "store.go", `package store
import sq "github.com/Masterminds/squirrel"
func q() { sq.Select("id").From("users").Where(sq.Eq{"deleted_at": nil}) }`, nil},
		{"update comparing the column", "store.go", `package store
const q = "UPDATE users SET name = $1 WHERE id = $2 AND deleted_at IS NULL"`, nil},
		{"fragment comparing the column", "store.go", `package store
const where = " WHERE deleted_at = $1 AND id = %s"`, nil},
		{"schema only declares the column", "001_init.up.sql", `
CREATE TABLE users (id bigint PRIMARY KEY, deleted_at timestamptz);
CREATE INDEX users_live ON users (id) WHERE deleted_at IS NULL;`, nil},
		{"plain time field", "model.go", `package model
import "time"
type User struct {
	DeletedAt *time.Time ` + "`json:\"deleted_at\"`" + `
}`, nil},
		{"file that does not mention the column", "store.go", `package store
const q = "UPDATE users SET name = $1"`, nil},
		{"unparsable Go falls back to its strings", "broken.go", `package store
func ( { "UPDATE users SET deleted_at = now()"`,
			[]tableColumn{{"users", "deleted_at"}}},
		{"MySQL syntax", "store.go", "package store\nconst q = \"UPDATE `users` SET `deleted_at` = NOW() LIMIT 1\"", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []tableColumn
			for _, w := range ScanFile(tc.file, []byte(tc.src), defaultColumns) {
				got = append(got, tableColumn{w.Table, w.Column})
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ScanFile = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestBuild(t *testing.T) {
	root := t.TempDir()
	write := func(rel, content string) {
		t.Helper()
		path := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/app\n")
	write("store/users.go", "package store\nconst q = `UPDATE users SET deleted_at = now() WHERE id = $1`\n")
	write("store/users_test.go", "package store\nconst fixture = `UPDATE orders SET deleted_at = now()`\n")
	write("testdata/x.go", "package x\nconst q = `UPDATE invoices SET deleted_at = now()`\n")
	write("tools/go.mod", "module example.com/app/tools\n")
	write("tools/t.go", "package tools\nconst q = `UPDATE teams SET deleted_at = now()`\n")
	write(".git/hooks/x.sql", "UPDATE hooks SET deleted_at = now();")
	write("db/queries.sql", "UPDATE projects SET deleted_at = now() WHERE id = $1;")

	cols := []string{"deleted_at"}
	ix, changed := Build(root, cols, nil)
	if !changed {
		t.Error("first build: changed = false")
	}
	for table, want := range map[string]bool{
		"users": true, "projects": true,
		"orders": false, "invoices": false, "teams": false, "hooks": false, "comments": false,
	} {
		if got := ix.Written(table, "deleted_at"); got != want {
			t.Errorf("Written(%s) = %v, want %v", table, got, want)
		}
	}
	if ix.Written("users", "is_deleted") {
		t.Error("Written(users, is_deleted): a column not asked for")
	}

	// Unchanged files are taken from the previous index, not read again:
	// an entry planted in it survives.
	entry := ix.Files["store/users.go"]
	entry.Writes = append(entry.Writes, Write{Table: "planted", Column: "deleted_at"})
	ix.Files["store/users.go"] = entry
	again, changed := Build(root, cols, ix)
	if changed {
		t.Error("rebuild with nothing changed: changed = true")
	}
	if !again.Written("planted", "deleted_at") {
		t.Error("unchanged file was re-read")
	}

	// A changed file is read again; a removed one drops out.
	time.Sleep(10 * time.Millisecond)
	write("store/users.go", "package store\nconst q = `UPDATE accounts SET deleted_at = now()`\n")
	os.Remove(filepath.Join(root, "db/queries.sql"))
	third, changed := Build(root, cols, again)
	if !changed {
		t.Error("rebuild after edits: changed = false")
	}
	if third.Written("planted", "deleted_at") || third.Written("projects", "deleted_at") || !third.Written("accounts", "deleted_at") {
		t.Errorf("after edits: %+v", third.Files)
	}
}

func FuzzScanFile(f *testing.F) {
	f.Add("store.go", "package store\nconst q = `UPDATE users SET deleted_at = now() WHERE id = $1`\n")
	f.Add("q.sql", "UPDATE users SET deleted_at = now(); CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN UPDATE x SET deleted_at = now(); END $$ LANGUAGE plpgsql;")
	f.Add("store.go", "package store\nfunc f() { sq.Update(\"users\").Set(\"deleted_at\", 1).SetMap(map[string]any{\"is_deleted\": true}) }")
	f.Add("m.go", "package m\ntype T struct { D gorm.DeletedAt `gorm:\"column:deleted_at\"`; E int `bun:\",soft_delete\"` }")
	f.Add("store.go", "package store\nfunc f() { sq.Update(\"users\").Set(A, 1) }\nvar _ = `deleted_at`")
	f.Fuzz(func(t *testing.T, name, src string) {
		for _, w := range ScanFile(name, []byte(src), defaultColumns) {
			// A constant's name stays for Build to resolve.
			if !defaultColumns[w.Column] && !strings.HasPrefix(w.Column, constPrefix) {
				t.Fatalf("write of a column not asked for: %+v", w)
			}
		}
	})
}

// TestRewrites: what a soft delete also sets, and whether a write is a
// restore, decide whether unique keys are freed on delete.
func TestRewrites(t *testing.T) {
	scan := func(src string) []Write {
		return ScanFile("store.go", []byte("package store\n"+src), defaultColumns)
	}
	got := scan("const q = `UPDATE orgs SET deleted_at = NOW(), name = name || ' deleted_' || md5(random()::text), updated_at = now() WHERE id = $1`")
	if want := []Write{{Table: "orgs", Column: "deleted_at", Also: "name,updated_at", Rewrites: "name", Keys: "id", Offset: 24}}; !reflect.DeepEqual(got, want) {
		t.Errorf("rename on delete: %+v, want %+v", got, want)
	}
	// A target that keeps its value rewrites nothing: no key is freed.
	got = scan("const q = `UPDATE orgs SET deleted_at = now(), email = email, name = orgs.name::text, slug = slug || '-x' WHERE id = $1`")
	if want := []Write{{Table: "orgs", Column: "deleted_at", Also: "slug", Rewrites: "slug", Keys: "id", Offset: 24}}; !reflect.DeepEqual(got, want) {
		t.Errorf("unchanged targets: %+v, want %+v", got, want)
	}
	// A value that is not a function of the old one is set, not rewritten:
	// two deleted rows may get the same.
	got = scan("const q = `UPDATE orgs SET deleted_at = now(), email = $2, code = 'gone', name = lower(name) WHERE id = $1`")
	if want := []Write{{Table: "orgs", Column: "deleted_at", Also: "code,email,name", Rewrites: "name", Keys: "id", Offset: 24}}; !reflect.DeepEqual(got, want) {
		t.Errorf("set, not rewritten: %+v, want %+v", got, want)
	}
	for _, restore := range []string{"deleted_at = NULL", "deleted_at = NULL::timestamptz", "is_deleted = false", "is_deleted = 'f'", `"DeleteAt" = 0`} {
		got := scan("const q = `UPDATE t SET " + restore + " WHERE id = $1`")
		if len(got) != 1 || !got[0].Restore {
			t.Errorf("%s: %+v, want a restore", restore, got)
		}
	}
	for _, del := range []string{"deleted_at = now()", "deleted_at = $1", "is_deleted = true", `"DeleteAt" = $1`} {
		got := scan("const q = `UPDATE t SET " + del + " WHERE id = $1`")
		if len(got) != 1 || got[0].Restore {
			t.Errorf("%s: %+v, want a delete", del, got)
		}
	}

	index := func(files ...[]Write) *Index {
		ix := &Index{Files: map[string]File{}}
		for i, w := range files {
			ix.Files[string(rune('a'+i))+".go"] = File{Writes: w}
		}
		return ix
	}
	rename := Write{Table: "orgs", Column: "deleted_at", Also: "name,updated_at", Rewrites: "name,updated_at"}
	renameOnly := Write{Table: "orgs", Column: "deleted_at", Also: "name", Rewrites: "name"}
	plain := Write{Table: "orgs", Column: "deleted_at"}
	restore := Write{Table: "orgs", Column: "deleted_at", Restore: true}
	generic := Write{Column: "deleted_at"}
	for _, tc := range []struct {
		name  string
		files [][]Write
		want  []string
	}{
		{"every delete renames", [][]Write{{rename}, {renameOnly, restore}}, []string{"name"}},
		{"one delete keeps the key", [][]Write{{rename}, {plain}}, nil},
		{"a generic helper deletes any table", [][]Write{{rename}, {generic}}, nil},
		{"another table's plain delete does not count", [][]Write{{rename, {Table: "users", Column: "deleted_at"}}}, []string{"name", "updated_at"}},
		{"only restores", [][]Write{{restore}}, nil},
		{"nothing", nil, nil},
	} {
		if got := index(tc.files...).Rewrites("ORGS", "deleted_at"); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Rewrites = %v, want %v", tc.name, got, tc.want)
		}
	}
	// Set to anything by every soft delete, rewritten or not.
	stamp := Write{Table: "boards", Column: "is_deleted", Also: "deleted_on"}
	if got := index([]Write{stamp}).AlsoSets("boards", "is_deleted"); !reflect.DeepEqual(got, []string{"deleted_on"}) {
		t.Errorf("AlsoSets = %v, want [deleted_on]", got)
	}
	if got := index([]Write{stamp}).Rewrites("boards", "is_deleted"); got != nil {
		t.Errorf("Rewrites = %v, want none (deleted_on = now() is no function of it)", got)
	}
}

// TestDeletedBy: the keys a soft delete picks its rows by, read from its
// WHERE, and the keys every soft delete of a table shares.
func TestDeletedBy(t *testing.T) {
	for where, want := range map[string]string{
		"WHERE project_id = $1 AND deleted_at IS NULL":                 "project_id",
		"WHERE project_id = @project_id::uuid":                         "project_id",
		"WHERE tenant_id = $2 AND id = ANY($1) AND NOT is_deleted":     "id,tenant_id",
		`WHERE e."projectId" IN ($1, $2) AND e.is_deleted = false`:     "projectId",
		"WHERE project_id = $1 AND created_at < $2":                    "",
		"WHERE project_id = $1 OR id = $2":                             "",
		"WHERE project_id = (SELECT id FROM projects WHERE slug = $1)": "",
		"WHERE project_id = other_id":                                  "",
		"WHERE deleted_at IS NULL":                                     "",
		"":                                                             "",
	} {
		got := ScanFile("store.go", []byte("package store\nconst q = `UPDATE events SET deleted_at = now() "+where+"`"), defaultColumns)
		if len(got) != 1 || got[0].Keys != want {
			t.Errorf("%s: %+v, want Keys %q", where, got, want)
		}
	}
	if got := ScanFile("store.go", []byte("package store\nconst q = `UPDATE events SET deleted_at = NULL WHERE project_id = $1`"), defaultColumns); len(got) != 1 || got[0].Keys != "" {
		t.Errorf("a restore picks no rows to delete: %+v", got)
	}

	index := func(writes ...Write) *Index {
		return &Index{Files: map[string]File{"a.go": {Writes: writes}}}
	}
	cascade := Write{Table: "events", Column: "deleted_at", Keys: "project_id"}
	for _, tc := range []struct {
		name   string
		writes []Write
		want   []string
	}{
		{"every delete by the same key", []Write{cascade, cascade, {Table: "events", Column: "deleted_at", Restore: true}}, []string{"project_id"}},
		{"another by id", []Write{cascade, {Table: "events", Column: "deleted_at", Keys: "id"}}, nil},
		{"another picking rows otherwise", []Write{cascade, {Table: "events", Column: "deleted_at"}}, nil},
		{"a helper of any table", []Write{cascade, {Column: "deleted_at"}}, nil},
		{"another table's delete does not count", []Write{cascade, {Table: "projects", Column: "deleted_at", Keys: "id"}}, []string{"project_id"}},
		{"nothing", nil, nil},
	} {
		if got := index(tc.writes...).DeletedBy("EVENTS", "deleted_at"); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: DeletedBy = %v, want %v", tc.name, got, tc.want)
		}
	}
	restore := Write{Table: "projects", Column: "deleted_at", Restore: true}
	if ix := index(cascade, restore); !ix.Restored("projects", "deleted_at") || ix.Restored("events", "deleted_at") {
		t.Errorf("Restored: want projects only")
	}
	if !index(Write{Column: "deleted_at", Restore: true}).Restored("events", "deleted_at") {
		t.Errorf("a restore that does not say its table restores any table")
	}
}

// A builder that names its table through a constant of its package
// (dialect.Update(tableSessions)) writes that table, not every table; a
// constant Build cannot read stays unknown, which counts for every table.
func TestTableConstants(t *testing.T) {
	root := t.TempDir()
	write := func(rel, src string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module m\n")
	write("store/tables.go", "package store\n\nconst (\n\tTABLE_SESSIONS = \"sessions\"\n\tTABLE_USERS    = \"public.users\"\n)\n")
	write("store/sessions.go", `package store

func revoke(d dialect, id string) {
	d.Update(TABLE_SESSIONS).Set(goqu.Record{"deleted_at": now()}).Where(goqu.Ex{"id": id})
}
`)
	write("other/other.go", `package other

func archive(d dialect) {
	d.Update(tableFromElsewhere).Set(goqu.Record{"archived_at": now(), "deleted_at": now()})
}
`)
	ix, _ := Build(root, []string{"deleted_at"}, nil)
	for _, tc := range []struct {
		table string
		want  bool
	}{{"sessions", true}, {"users", true}, {"orders", true}} {
		if got := ix.Written(tc.table, "deleted_at"); got != tc.want {
			t.Errorf("Written(%s) = %v, want %v", tc.table, got, tc.want)
		}
	}
	// Without the unresolvable write, only sessions is written.
	os.Remove(filepath.Join(root, "other", "other.go"))
	ix, _ = Build(root, []string{"deleted_at"}, nil)
	for table, want := range map[string]bool{"sessions": true, "users": false, "orders": false} {
		if got := ix.Written(table, "deleted_at"); got != want {
			t.Errorf("without other.go: Written(%s) = %v, want %v", table, got, want)
		}
	}
}

// A setter or record key that names its column through a constant of its
// package writes that column of the chain's table; a constant only read
// (a filter) writes nothing, and neither does one naming another column.
// (A file is read only when it mentions a soft-delete column: a constant
// whose name does not, in a file that does not, is not followed.)
func TestColumnConstants(t *testing.T) {
	root := t.TempDir()
	write := func(rel, src string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module m\n")
	write("store/cols.go", "package store\n\nconst (\n\tCOLUMN_DELETED_AT = \"deleted_at\"\n\tcolName = \"name\"\n\tsetDeleted = \"deleted_at = ?\"\n\tTABLE_TOKENS = \"tokens\"\n)\n")
	write("store/read.go", `package store

func live(d dialect) { d.From("users").Where(goqu.I(COLUMN_DELETED_AT).IsNull()) }
`)
	write("store/rename.go", `package store

func rename(b builder) { b.Update("orders").Set(colName, "x") }
`)
	write("store/sessions.go", `package store

func revoke(b builder, now any) { b.Update("sessions").Set(COLUMN_DELETED_AT, now) }
`)
	write("store/tokens.go", `package store

func expire(d dialect, now any) { d.Update(TABLE_TOKENS).Set(goqu.Record{COLUMN_DELETED_AT: now}) }
`)
	write("store/posts.go", `package store

func hide(db bunDB, now any) {
	db.NewUpdate().Table("posts").Set(setDeleted, now).Where("deleted_at IS NULL")
}
`)
	ix, _ := Build(root, []string{"deleted_at"}, nil)
	for table, want := range map[string]bool{"sessions": true, "tokens": true, "posts": true, "users": false, "orders": false} {
		if got := ix.Written(table, "deleted_at"); got != want {
			t.Errorf("Written(%s) = %v, want %v", table, got, want)
		}
	}
}

// TestWitnessAt: the witness of a write is the first place that makes
// it, in Go (the literal, the builder call, the model field) and in SQL
// files (the statement).
func TestWitnessAt(t *testing.T) {
	goSrc := "package store\n\nconst a = `SELECT 1`\nconst b = `UPDATE users SET deleted_at = now() WHERE id = $1`\nconst c = `UPDATE users SET deleted_at = now()`\n"
	sqlSrc := "CREATE TABLE t (x int);\nUPDATE orders SET deleted_at = now() WHERE id = 1;\n"
	ix := &Index{Files: map[string]File{
		"store.go":    {Writes: ScanFile("store.go", []byte(goSrc), defaultColumns)},
		"seed/1.sql":  {Writes: ScanFile("1.sql", []byte(sqlSrc), defaultColumns)},
		"zz/later.go": {Writes: ScanFile("later.go", []byte(goSrc), defaultColumns)},
	}}
	for _, tc := range []struct {
		table, want string
		at          int
	}{
		{"users", "store.go", strings.Index(goSrc, "`UPDATE users")},
		{"orders", "seed/1.sql", strings.Index(sqlSrc, "UPDATE orders")},
	} {
		rel, at := ix.WitnessAt(tc.table, "deleted_at")
		if rel != tc.want || at != tc.at {
			t.Errorf("WitnessAt(%s) = %s:%d, want %s:%d", tc.table, rel, at, tc.want, tc.at)
		}
	}
}

// TestGormModels: the gorm models a module deletes, by a literal model
// or by a value (any model); an association's Delete, an Unscoped delete
// and a Delete of another type (a cache's) are not soft deletes of models.
func TestGormModels(t *testing.T) {
	crud := `package handler
import (
	"gorm.io/gorm"
	"example.com/app/entity"
)
func del(tx *gorm.DB, cache interface{ Delete(any) }, f *entity.Flag, t *entity.Tag, id uint) error {
	if err := tx.Delete(&entity.Flag{}, id).Error; err != nil {
		return err
	}
	tx.Model(f).Association("Tags").Delete(t)
	tx.Unscoped().Delete(&entity.Tag{}, id)
	cache.Delete(id)
	return tx.Model(&entity.Team{}).Where("id = ?", id).Delete(nil).Error
}
`
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  map[string]bool
	}{
		{"literal models", map[string]string{"handler/crud.go": crud},
			map[string]bool{"Flag": true, "Team": true, "Tag": false}},
		{"a delete of a model value", map[string]string{"handler/crud.go": crud,
			"handler/users.go": "package handler\nimport \"gorm.io/gorm\"\nfunc rm(db *gorm.DB, v any) error { return db.Delete(v).Error }\n"},
			map[string]bool{"Flag": true, "Tag": true}},
		{"no gorm import", map[string]string{"cache/c.go": "package cache\nfunc rm(m interface{ Delete(any) error }, v any) error { return m.Delete(&v) }\n"},
			map[string]bool{"Tag": false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := testmod.WriteTree(t, tc.files)
			ix, _ := Build(root, []string{"deleted_at"}, nil)
			for model, want := range tc.want {
				if got := ix.ModelDeleted(model); got != want {
					t.Errorf("ModelDeleted(%s) = %v, want %v", model, got, want)
				}
			}
		})
	}
}

// TestEncoding: an index comes back from its encoding as it was, and a
// damaged encoding is an error, never a panic or a partial index.
func TestEncoding(t *testing.T) {
	ix := &Index{Files: map[string]File{
		"store/users.go": {Size: 1200, ModTime: 1733500000123456789, Writes: []Write{
			{Table: "users", Column: "deleted_at", Also: "email", Rewrites: "email", Offset: 417},
			{Column: "deleted_at", Restore: true, Offset: 9},
		}, Models: Models{Deletes: []string{"User", anyModel}}},
		"db/001_init.sql": {Size: 80, ModTime: -1},
		"empty.go":        {},
	}}
	data, err := ix.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Files, ix.Files) {
		t.Errorf("round trip:\n\tgot  %+v\n\twant %+v", got.Files, ix.Files)
	}
	for n := range len(data) {
		if got, err := Decode(data[:n]); err == nil {
			t.Errorf("%d of %d bytes decoded: %+v", n, len(data), got.Files)
		}
	}
	if _, err := Decode(append(data, 0)); err == nil {
		t.Error("trailing byte decoded")
	}
}

// TestSqlcParams: an sqlc INSERT that lists the soft-delete column with
// the query's parameter writes it only if some code sets that field of
// the query's parameter struct.
func TestSqlcParams(t *testing.T) {
	queries := `-- name: CreateEvent :one
INSERT INTO "Event" ("id", "deletedAt", "key") VALUES (@id::uuid, @deletedAt::timestamp, @key::text) RETURNING *;

-- name: CreateJob :one
INSERT INTO jobs (id, deleted_at) VALUES ($1, sqlc.narg('deleted_at'));

-- name: ImportTombstone :exec
INSERT INTO tombs (id, deleted_at) VALUES ($1, @removed_on);

-- name: CopyDrafts :exec
INSERT INTO drafts (body, deleted_at) SELECT body, deleted_at FROM old_drafts WHERE owner = sqlc.arg(deleted_at);
`
	generated := "// Code generated by sqlc. DO NOT EDIT.\npackage db\n\n" +
		"const createEvent = `-- name: CreateEvent :one\nINSERT INTO \"Event\" (\"id\", \"deletedAt\", \"key\") VALUES ($1::uuid, $2::timestamp, $3::text) RETURNING *`\n\n" +
		"type CreateEventParams struct {\n\tID string\n\tDeletedat *string\n\tKey string\n}\n\n" +
		"const createJob = `-- name: CreateJob :one\nINSERT INTO jobs (id, deleted_at) VALUES ($1, $2)`\n\n" +
		"type CreateJobParams struct {\n\tID string\n\tDeletedAt *string\n}\n" +
		"type CopyDraftsParams struct {\n\tDeletedAt *string\n}\n"
	callers := `package app
import "example.com/db"
func create(q *db.Queries, key string) { q.CreateEvent(db.CreateEventParams{ID: "1", Key: key, Deletedat: nil}) }
`
	for _, tc := range []struct {
		name  string
		extra string
		want  map[string]bool
	}{
		{"no caller sets the field", "", map[string]bool{"event": false, "jobs": false, "tombs": true, "drafts": true}},
		{"a keyed literal sets it", `package app
import "example.com/db"
func restore(q *db.Queries, at *string) { q.CreateJob(db.CreateJobParams{ID: "1", DeletedAt: at}) }
`, map[string]bool{"event": false, "jobs": true}},
		{"an assignment in a function naming the struct sets it", `package app
import "example.com/db"
func imp(q *db.Queries, at *string) {
	var p db.CreateEventParams
	p.Deletedat = at
	q.CreateEvent(p)
}
`, map[string]bool{"event": true, "jobs": false}},
		{"an assignment elsewhere does not", `package app
type user struct{ DeletedAt *string }
func mark(u *user, at *string) { u.DeletedAt = at }
`, map[string]bool{"event": false, "jobs": false}},
		{"an unkeyed literal sets every field", `package app
import "example.com/db"
func imp(q *db.Queries, at *string) { q.CreateJob(db.CreateJobParams{"1", at}) }
`, map[string]bool{"jobs": true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"db/query.sql": queries, "db/query.sql.go": generated, "app/create.go": callers}
			if tc.extra != "" {
				files["app/extra.go"] = tc.extra
			}
			root := testmod.WriteTree(t, files)
			built, _ := Build(root, []string{"deleted_at", "deletedAt"}, nil)
			// The encoding keeps what decides it.
			data, _ := built.Encode()
			decoded, err := Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			for name, ix := range map[string]*Index{"built": built, "decoded": decoded} {
				for table, want := range tc.want {
					column := "deleted_at"
					if table == "event" {
						column = "deletedAt"
					}
					if got := ix.Written(table, column); got != want {
						t.Errorf("%s: Written(%s) = %v, want %v", name, table, got, want)
					}
				}
			}
		})
	}
}

// TestModelTableGuess: a model that names no table soft-deletes the table
// its ORM's naming rule gives it when the schema has that table and the
// module keeps the rule; otherwise every table with the column.
func TestModelTableGuess(t *testing.T) {
	user := `package model
import "gorm.io/gorm"
type User struct {
	ID        int
	DeletedAt gorm.DeletedAt
}
`
	base := `package model
import "gorm.io/gorm"
type Base struct {
	DeletedAt gorm.DeletedAt
}
`
	naming := `package app
import (
	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)
func open(d gorm.Dialector) (*gorm.DB, error) {
	return gorm.Open(d, &gorm.Config{NamingStrategy: schema.NamingStrategy{SingularTable: true}})
}
`
	schemaTables := map[string]bool{"users": true, "audit_entries": true, "user": true}
	known := func(table, column string) bool { return schemaTables[table] && column == "deleted_at" }
	for _, tc := range []struct {
		name  string
		files map[string]string
		known func(string, string) bool
		want  map[string]bool
	}{
		{"the guessed table", map[string]string{"model/user.go": user}, known,
			map[string]bool{"users": true, "audit_entries": false}},
		{"no schema to check the guess against", map[string]string{"model/user.go": user}, nil,
			map[string]bool{"users": true, "audit_entries": true}},
		{"a module that replaces the naming rule", map[string]string{"model/user.go": user, "app/db.go": naming}, known,
			map[string]bool{"users": true, "audit_entries": true}},
		{"a base model: its guess is no table", map[string]string{"model/base.go": base}, known,
			map[string]bool{"users": true, "audit_entries": true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := testmod.WriteTree(t, tc.files)
			built, _ := Build(root, []string{"deleted_at"}, nil)
			data, _ := built.Encode()
			decoded, err := Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			for _, ix := range []*Index{built, decoded} {
				ix.Known = tc.known
				for table, want := range tc.want {
					if got := ix.Written(table, "deleted_at"); got != want {
						t.Errorf("Written(%s) = %v, want %v", table, got, want)
					}
				}
			}
		})
	}
}
