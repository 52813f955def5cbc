package schema

import (
	"testing"
	"testing/fstest"
)

// TestLoadFS: embedded migrations load as a directory on disk would, in
// version order, down migrations left out.
func TestLoadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"db/10_orders.up.sql":  {Data: []byte("CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users (id), deleted_at timestamptz);")},
		"db/2_users.up.sql":    {Data: []byte("CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE);")},
		"db/2_users.down.sql":  {Data: []byte("DROP TABLE users;")},
		"db/3_alter_up.sql":    {Data: []byte("ALTER TABLE users ADD COLUMN deleted_at timestamptz;")},
		"db/3_alter_down.sql":  {Data: []byte("ALTER TABLE users DROP COLUMN deleted_at;")},
		"db/notes.txt":         {Data: []byte("not SQL")},
		"db/nested/x.up.sql":   {Data: []byte("CREATE TABLE nested (id int);")},
		"other/ignored.up.sql": {Data: []byte("CREATE TABLE ignored (id int);")},
	}
	cat, err := LoadFS(fsys, "db")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"db/2_users.up.sql", "db/3_alter_up.sql", "db/10_orders.up.sql"}
	if len(cat.Files) != len(want) {
		t.Fatalf("files %v, want %v", cat.Files, want)
	}
	for i := range want {
		if cat.Files[i] != want[i] {
			t.Fatalf("files %v, want %v", cat.Files, want)
		}
	}
	if u := cat.Table("", "users"); u == nil || u.Column("deleted_at") == nil || len(cat.Errors) != 0 {
		t.Fatalf("users %+v, errors %v", u, cat.Errors)
	}
	if cat.Table("", "nested") != nil || cat.Table("", "ignored") != nil {
		t.Fatal("loaded files outside the directory")
	}
	if pos := cat.Table("", "orders").Pos; pos.File != "db/10_orders.up.sql" || pos.Line != 1 {
		t.Fatalf("orders at %v", pos)
	}
	if _, err := LoadFS(fsys, "missing"); err == nil {
		t.Fatal("a missing directory loaded")
	}
}
