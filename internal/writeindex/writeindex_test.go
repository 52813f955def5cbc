package writeindex

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

var defaultColumns = lowerSet([]string{"deleted_at", "is_deleted", "deleted", "DeleteAt", "repo_deleted"})

func TestScanFile(t *testing.T) {
	for _, tc := range []struct {
		name, file, src string
		want            []Write
	}{
		{"raw update", "store.go", `package store
const softDelete = "UPDATE users SET deleted_at = now() WHERE id = $1"`,
			[]Write{{"users", "deleted_at"}}},
		{"concatenated literal", "store.go", `package store
var q = "UPDATE orders " +
	"SET is_deleted = true, updated_at = now() " +
	"WHERE id = ?"`,
			[]Write{{"orders", "is_deleted"}}},
		{"schema-qualified quoted column", "store.go", `package store
var q = ` + "`" + `UPDATE public.posts SET "DeleteAt" = $1 WHERE "Id" = $2` + "`",
			[]Write{{"posts", "deleteat"}}},
		{"fmt format with a table hole counts for every table", "store.go", `package store
import "fmt"
func q(table string) string { return fmt.Sprintf("UPDATE %s SET deleted_at = now() WHERE id = $1", table) }`,
			[]Write{{"", "deleted_at"}}},
		{"table name built at run time", "store.go", `package store
import "fmt"
func q(n int) string { return fmt.Sprintf("UPDATE part_%d SET deleted_at = now()", n) }`,
			[]Write{{"", "deleted_at"}}},
		{"upsert that sets the column", "store.go", `package store
const q = "INSERT INTO members (id, org) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET deleted_at = NULL"`,
			[]Write{{"members", "deleted_at"}}},
		{"insert of a tombstone", "store.go", `package store
const q = "INSERT INTO events (id, deleted_at) VALUES ($1, $2)"`,
			[]Write{{"events", "deleted_at"}}},
		{"squirrel Set with the table from the chain", "store.go", `package store
import sq "github.com/Masterminds/squirrel"
func del() { sq.Update("users").Set("deleted_at", sq.Expr("now()")).Where(sq.Eq{"id": 1}) }`,
			[]Write{{"users", "deleted_at"}}},
		{"squirrel SetMap", "store.go", `package store
import sq "github.com/Masterminds/squirrel"
func del() { sq.Update("public.repos").SetMap(map[string]any{"repo_deleted": 1}) }`,
			[]Write{{"repos", "repo_deleted"}}},
		{"goqu Record", "store.go", `package store
import "github.com/doug-martin/goqu/v9"
func del(db *goqu.Database) { db.Update("items").Set(goqu.Record{"deleted_at": 1}) }`,
			[]Write{{"items", "deleted_at"}}},
		{"goqu Record in a variable", "store.go", `package store
import "github.com/doug-martin/goqu/v9"
var rec = goqu.Record{"is_deleted": true}`,
			[]Write{{"", "is_deleted"}}},
		{"bun Set fragment", "store.go", `package store
func del(q interface{ Set(string, ...any) any }) { q.Set("deleted_at = ?", 1) }`,
			[]Write{{"", "deleted_at"}}},
		{"gorm Update on a model", "store.go", `package store
func del(db interface{ Model(any) interface{ Update(string, any) } }) { db.Model(nil).Update("deleted_at", 1) }`,
			[]Write{{"", "deleted_at"}}},
		{"gorm.DeletedAt field", "model.go", `package model
import "gorm.io/gorm"
type User struct {
	ID int
	DeletedAt gorm.DeletedAt
}`,
			[]Write{{"", "deleted_at"}}},
		{"embedded gorm.Model-like base with column tag", "model.go", `package model
import g "gorm.io/gorm"
type Base struct {
	Removed g.DeletedAt ` + "`gorm:\"column:deleted_at;index\"`" + `
}`,
			[]Write{{"", "deleted_at"}}},
		{"bun soft_delete tag", "model.go", `package model
import "time"
type Post struct {
	DeletedAt time.Time ` + "`bun:\",soft_delete,nullzero\"`" + `
}`,
			[]Write{{"", "deleted_at"}}},
		{"column constant for builders", "cols.go", `package store
const colDeleted = "repo_deleted"`,
			[]Write{{"", "repo_deleted"}}},
		{"migration trigger body", "001_triggers.up.sql", `
CREATE FUNCTION cascade_orders() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE order_items SET deleted_at = NEW.deleted_at WHERE order_id = NEW.id;
  RETURN NEW;
END $$;`,
			[]Write{{"order_items", "deleted_at"}}},
		{"rule turning deletes into soft deletes", "002_rule.sql", `
CREATE RULE soft_delete AS ON DELETE TO accounts DO INSTEAD UPDATE accounts SET deleted_at = now() WHERE id = OLD.id;`,
			[]Write{{"accounts", "deleted_at"}}},
		{"sqlc query file", "queries.sql", `-- name: DeleteProject :exec
UPDATE projects SET deleted_at = NOW() WHERE id = @id;
-- name: GetProject :one
SELECT * FROM projects WHERE id = @id AND deleted_at IS NULL;`,
			[]Write{{"projects", "deleted_at"}}},

		// Reads, filters and other columns are not writes.
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
			[]Write{{"users", "deleted_at"}}},
		{"MySQL syntax", "store.go", "package store\nconst q = \"UPDATE `users` SET `deleted_at` = NOW() LIMIT 1\"", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ScanFile(tc.file, []byte(tc.src), defaultColumns)
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

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{"DeletedAt": "deleted_at", "IsDeleted": "is_deleted", "DeletedAtUTC": "deleted_at_utc", "Deleted": "deleted"} {
		if got := snake(in); got != want {
			t.Errorf("snake(%s) = %s, want %s", in, got, want)
		}
	}
}

func FuzzScanFile(f *testing.F) {
	f.Add("store.go", "package store\nconst q = `UPDATE users SET deleted_at = now() WHERE id = $1`\n")
	f.Add("q.sql", "UPDATE users SET deleted_at = now(); CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN UPDATE x SET deleted_at = now(); END $$ LANGUAGE plpgsql;")
	f.Add("store.go", "package store\nfunc f() { sq.Update(\"users\").Set(\"deleted_at\", 1).SetMap(map[string]any{\"is_deleted\": true}) }")
	f.Add("m.go", "package m\ntype T struct { D gorm.DeletedAt `gorm:\"column:deleted_at\"`; E int `bun:\",soft_delete\"` }")
	f.Fuzz(func(t *testing.T, name, src string) {
		for _, w := range ScanFile(name, []byte(src), defaultColumns) {
			if !defaultColumns[w.Column] {
				t.Fatalf("write of a column not asked for: %+v", w)
			}
		}
	})
}
