package analyzer

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
	"time"

	"github.com/softdelete/softdelete/internal/writeindex"
)

func TestCatalogCache(t *testing.T) {
	schemaDir := t.TempDir()
	migration := filepath.Join(schemaDir, "001_init.up.sql")
	if err := os.WriteFile(migration, []byte("CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE, deleted_at timestamptz);"), 0o666); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "cache")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	entries := func() []string {
		names, _ := filepath.Glob(filepath.Join(dir, "*"))
		return names
	}

	// A migration written in the last moments is not cached: its time
	// could stay the same through another edit.
	first, err := loadCatalogIn(dir, []string{schemaDir})
	if err != nil || first.Table("", "users") == nil {
		t.Fatalf("%v %v", first, err)
	}
	if files := entries(); len(files) != 0 {
		t.Fatalf("catalog of a migration written just now was cached: %v", files)
	}
	past := time.Now().Add(-time.Hour)
	os.Chtimes(migration, past, past)
	if _, err := loadCatalogIn(dir, []string{schemaDir}); err != nil {
		t.Fatal(err)
	}
	files := entries()
	if len(files) != 1 {
		t.Fatalf("cache files after first load: %v", files)
	}
	cached := readCachedCatalog(files[0])
	if cached == nil || cached.Table("", "users").Constraints[1].EffectiveName() != "users_email_key" {
		t.Fatalf("cached catalog does not read back: %+v", cached)
	}

	// A changed migration is a different key.
	if err := os.WriteFile(migration, []byte("CREATE TABLE orders (id int, deleted_at timestamptz);"), 0o666); err != nil {
		t.Fatal(err)
	}
	later := past.Add(time.Second)
	os.Chtimes(migration, later, later)
	second, err := loadCatalogIn(dir, []string{schemaDir})
	if err != nil || second.Table("", "orders") == nil || second.Table("", "users") != nil {
		t.Fatalf("stale catalog after the migration changed: %v", err)
	}
	if len(entries()) != 2 {
		t.Errorf("cache files: %v", entries())
	}
	// An edit that keeps the size is seen through the modification time.
	if err := os.WriteFile(migration, []byte("CREATE TABLE orderz (id int, deleted_at timestamptz);"), 0o666); err != nil {
		t.Fatal(err)
	}
	later = later.Add(time.Second)
	os.Chtimes(migration, later, later)
	if got, err := loadCatalogIn(dir, []string{schemaDir}); err != nil || got.Table("", "orderz") == nil {
		t.Fatalf("same-size edit not seen: %v", err)
	}
	if err := os.WriteFile(migration, []byte("CREATE TABLE orders (id int, deleted_at timestamptz);"), 0o666); err != nil {
		t.Fatal(err)
	}
	later = later.Add(time.Second)
	os.Chtimes(migration, later, later)
	for _, f := range entries() {
		os.Remove(f)
	}
	if got, err := loadCatalogIn(dir, []string{schemaDir}); err != nil || got.Table("", "orders") == nil {
		t.Fatalf("after restoring orders: %v", err)
	}

	// Corrupt and foreign files are ignored and rewritten.
	for _, bad := range [][]byte{[]byte("not a cache file"), nil, append([]byte(cacheMagic), make([]byte, 40)...)} {
		for _, f := range entries() {
			os.WriteFile(f, bad, 0o600)
		}
		got, err := loadCatalogIn(dir, []string{schemaDir})
		if err != nil || got.Table("", "orders") == nil {
			t.Fatalf("after corrupting the cache with %q: %v", bad, err)
		}
	}
	var flipped int
	for _, f := range entries() {
		data, _ := os.ReadFile(f)
		if len(data) > len(cacheMagic)+40 {
			data[len(data)-1] ^= 0xff
			os.WriteFile(f, data, 0o600)
			if readCachedCatalog(f) != nil {
				t.Errorf("%s: a flipped byte was trusted", f)
			}
			flipped++
		}
	}
	if flipped == 0 {
		t.Error("no rewritten cache file to corrupt")
	}

	// No directory: no cache, same result.
	if got, err := loadCatalogIn("", []string{schemaDir}); err != nil || got.Table("", "orders") == nil {
		t.Fatalf("without cache: %v", err)
	}
}

// BenchmarkCachedCatalog is what each go vet process after the first pays
// for the schema: reading every migration to hash it, reading, verifying
// and decoding the cached catalog.
func BenchmarkCachedCatalog(b *testing.B) {
	dir := b.TempDir()
	for f := 0; f < 120; f++ {
		var sql string
		for t := f; t < 300; t += 120 {
			sql += fmt.Sprintf("CREATE TABLE t%d (id bigserial PRIMARY KEY, name text NOT NULL, parent_id bigint REFERENCES t%d (id), deleted_at timestamptz);\n", t, max(t-1, 0))
			sql += fmt.Sprintf("CREATE UNIQUE INDEX t%d_name ON t%d (name) WHERE deleted_at IS NULL;\n", t, t)
		}
		name := filepath.Join(dir, fmt.Sprintf("%06d_m.up.sql", f+1))
		if err := os.WriteFile(name, []byte(sql), 0o666); err != nil {
			b.Fatal(err)
		}
		settle(name)
	}
	cache := b.TempDir()
	if _, err := loadCatalogIn(cache, []string{dir}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		cat, err := loadCatalogIn(cache, []string{dir})
		if err != nil || len(cat.Tables) != 300 {
			b.Fatal(err)
		}
	}
}

// settle backdates a file or directory written by a test, as the files of
// a real module are: caches are not keyed on times of the last moments.
func settle(path string) {
	past := time.Now().Add(-time.Hour)
	os.Chtimes(path, past, past)
}

// settleTree settles everything under root.
func settleTree(root string) {
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		settle(path)
		return nil
	})
}

func TestWriteIndexCache(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "store.go")
	if err := os.WriteFile(src, []byte("package store\nconst q = `UPDATE users SET deleted_at = now() WHERE id = $1`\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/s\n"), 0o666)
	settleTree(root)
	dir := t.TempDir()
	cols := []string{"deleted_at"}

	first := loadWriteIndexIn(dir, root, cols)
	if !first.Written("users", "deleted_at") || first.Written("orders", "deleted_at") {
		t.Fatalf("first index: %+v", first.Files)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.writes"))
	if len(files) != 1 {
		t.Fatalf("cache files: %v", files)
	}

	// The next process reads the cached entry for an unchanged file
	// rather than the file: an entry planted in the cache is believed...
	cached, err := writeindex.Decode(readCacheFile(files[0], writesMagic))
	if err != nil {
		t.Fatal(err)
	}
	entry := cached.Files["store.go"]
	entry.Writes = append(entry.Writes, writeindex.Write{Table: "planted", Column: "deleted_at"})
	cached.Files["store.go"] = entry
	payload, _ := cached.Encode()
	writeCacheFile(dir, files[0], writesMagic, payload)
	if !loadWriteIndexIn(dir, root, cols).Written("planted", "deleted_at") {
		t.Error("cached entry of an unchanged file not used")
	}

	// ...but a corrupt cache file is not.
	data, _ := os.ReadFile(files[0])
	data[len(data)-1] ^= 0xff
	os.WriteFile(files[0], data, 0o600)
	if got := loadWriteIndexIn(dir, root, cols); got.Written("planted", "deleted_at") || !got.Written("users", "deleted_at") {
		t.Errorf("corrupt cache trusted: %+v", got.Files)
	}

	// No cache directory: same answer.
	if got := loadWriteIndexIn("", root, cols); !got.Written("users", "deleted_at") {
		t.Error("without cache")
	}
}

// TestCacheTrim: files unused for days go when a new one is written; a
// file read is marked used.
func TestCacheTrim(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-2 * cacheTrimAge)
	stale, used, other := filepath.Join(dir, "stale.catalog"), filepath.Join(dir, "used.catalog"), filepath.Join(dir, "notes.txt")
	writeCacheFile(dir, stale, cacheMagic, []byte("x"))
	writeCacheFile(dir, used, cacheMagic, []byte("y"))
	os.WriteFile(other, []byte("z"), 0o600)
	for _, f := range []string{stale, used, other} {
		os.Chtimes(f, old, old)
	}
	if readCacheFile(used, cacheMagic) == nil {
		t.Fatal("used file does not read back")
	}
	writeCacheFile(dir, filepath.Join(dir, "new.catalog"), cacheMagic, []byte("w"))
	for f, want := range map[string]bool{stale: false, used: true, other: true, filepath.Join(dir, "new.catalog"): true} {
		if _, err := os.Stat(f); (err == nil) != want {
			t.Errorf("%s: exists = %v, want %v", filepath.Base(f), err == nil, want)
		}
	}
}

// TestWriteWitness: a column the cached index shows written is believed
// after one stat of the file that writes it, without walking the module;
// any doubt (the file changed, left the module, or no witness) walks.
func TestWriteWitness(t *testing.T) {
	root := t.TempDir()
	write := func(rel, body string) {
		path := filepath.Join(root, rel)
		os.MkdirAll(filepath.Dir(path), 0o777)
		if err := os.WriteFile(path, []byte(body), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/s\n")
	write("store/store.go", "package store\nconst q = `UPDATE users SET deleted_at = now() WHERE id = $1`\n")
	write("api/api.go", "package api\n")
	settleTree(root)
	dir := t.TempDir()
	cols := []string{"deleted_at"}
	lookup := func(table string) (written, walked bool) {
		m := newModuleWrites(dir, root, cols, nil)
		written = m.written(table, "deleted_at")
		return written, m.full != nil
	}

	if w, walked := lookup("users"); !w || !walked {
		t.Fatalf("first lookup: written %v, walked %v; want a walk that finds the write", w, walked)
	}
	if w, walked := lookup("users"); !w || walked {
		t.Fatalf("witness unchanged: written %v, walked %v; want written without a walk", w, walked)
	}
	if w, walked := lookup("orders"); w || !walked {
		t.Fatalf("no witness: written %v, walked %v; want a walk that finds nothing", w, walked)
	}

	write("api/orders.go", "package api\nconst q = `UPDATE orders SET deleted_at = now()`\n")
	if w, _ := lookup("orders"); !w {
		t.Fatal("a new file's write was not found")
	}
	// Written just now, so its time is not trusted yet: walked again.
	if w, walked := lookup("orders"); !w || !walked {
		t.Fatalf("fresh witness: written %v, walked %v; want a walk", w, walked)
	}
	settleTree(root)

	// The witness edited so it no longer writes: the walk finds that.
	write("store/store.go", "package store\nconst q = `SELECT 1 FROM users WHERE deleted_at IS NULL`\n")
	if w, walked := lookup("users"); w || !walked {
		t.Fatalf("witness changed: written %v, walked %v; want a walk that finds no write", w, walked)
	}

	// The witness unchanged but now in a nested module: not ours.
	write("api/go.mod", "module example.com/api\n")
	if w, walked := lookup("orders"); w || !walked {
		t.Fatalf("witness in a nested module: written %v, walked %v", w, walked)
	}
}

// TestRunMemo: the vet processes of one go vet run share one snapshot of
// the schema (the first checks every file, the others read its memo); the
// next run, another parent, sees an edit made in between.
func TestRunMemo(t *testing.T) {
	schemaDir := t.TempDir()
	migration := filepath.Join(schemaDir, "001_init.up.sql")
	write := func(sql string, at time.Time) {
		if err := os.WriteFile(migration, []byte(sql), 0o666); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(migration, at, at)
	}
	past := time.Now().Add(-time.Hour)
	write("CREATE TABLE users (id int, deleted_at timestamptz);", past)
	dir := t.TempDir()
	saved := runIdentity
	defer func() { runIdentity = saved }()
	load := func(run string) *schemaCatalogOf {
		runIdentity = func() string { return run }
		cat, err := loadCatalogIn(dir, []string{schemaDir})
		if err != nil {
			t.Fatal(err)
		}
		return &schemaCatalogOf{users: cat.Table("", "users") != nil, orders: cat.Table("", "orders") != nil}
	}
	if got := load("run-1"); !got.users {
		t.Fatalf("first load: %+v", got)
	}
	memos, _ := filepath.Glob(filepath.Join(dir, "*.run"))
	if len(memos) != 1 {
		t.Fatalf("memo files after the first process of a run: %v", memos)
	}
	write("CREATE TABLE orders (id int, deleted_at timestamptz);", past.Add(time.Second))
	if got := load("run-1"); !got.users || got.orders {
		t.Errorf("same run after an edit: %+v, want the run's snapshot (users)", got)
	}
	if got := load("run-2"); got.users || !got.orders {
		t.Errorf("next run after an edit: %+v, want orders", got)
	}
	// Outside go vet there is no memo: every load checks the files.
	write("CREATE TABLE users (id int, deleted_at timestamptz);", past.Add(2*time.Second))
	if got := load(""); !got.users {
		t.Errorf("standalone after an edit: %+v, want users", got)
	}
	// A memo that names no cache file, or a damaged one, is ignored.
	for _, m := range memos {
		os.WriteFile(m, []byte("../elsewhere.catalog"), 0o600)
	}
	if got := load("run-1"); !got.users {
		t.Errorf("with a memo naming a path: %+v", got)
	}
}

type schemaCatalogOf struct{ users, orders bool }

// TestWriteIndexRunMemo: the processes of one go vet run share one
// snapshot of the module's writes too; the next run sees an edit.
func TestWriteIndexRunMemo(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "store.go")
	write := func(body string, at time.Time) {
		if err := os.WriteFile(src, []byte("package store\nconst q = `"+body+"`\n"), 0o666); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(src, at, at)
	}
	os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/s\n"), 0o666)
	past := time.Now().Add(-time.Hour)
	write("UPDATE users SET deleted_at = now() WHERE id = $1", past)
	settle(root)
	dir := t.TempDir()
	saved := runIdentity
	defer func() { runIdentity = saved }()
	written := func(run, table string) bool {
		runIdentity = func() string { return run }
		return newModuleWrites(dir, root, []string{"deleted_at"}, nil).written(table, "deleted_at")
	}
	if !written("run-1", "users") {
		t.Fatal("first process: users not written")
	}
	// orders is written by no file: the question validates the index,
	// which leaves the run's memo.
	if written("run-1", "orders") {
		t.Fatal("first process: orders written")
	}
	if memos, _ := filepath.Glob(filepath.Join(dir, "*.run")); len(memos) != 1 {
		t.Fatalf("memo files: %v", memos)
	}
	write("UPDATE orders SET deleted_at = now() WHERE id = $1", past.Add(time.Second))
	if written("run-1", "orders") || !written("run-1", "users") {
		t.Error("same run after an edit: want the run's snapshot (users written, orders not)")
	}
	if !written("run-2", "orders") || written("run-2", "users") {
		t.Error("next run after an edit: want orders written, users not")
	}
}

// TestBuildVersion: two builds of one revision with uncommitted changes
// are told apart by their executables; a clean build is its revision.
func TestBuildVersion(t *testing.T) {
	build := func(modified string) *debug.BuildInfo {
		return &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.modified", Value: modified}}}
	}
	exe := func(id string) func() string { return func() string { return id } }
	if a, b := buildVersion(build("true"), exe("one")), buildVersion(build("true"), exe("two")); a == b {
		t.Errorf("two modified builds share a version: %q", a)
	}
	if a, b := buildVersion(build("false"), exe("one")), buildVersion(build("false"), exe("two")); a != b || a != "(devel) abc123" {
		t.Errorf("clean builds: %q and %q, want both %q", a, b, "(devel) abc123")
	}
	if v := buildVersion(&debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, exe("one")); v != "v1.2.3" {
		t.Errorf("released build: %q", v)
	}
	if v := buildVersion(nil, exe("")); v != "unknown" {
		t.Errorf("no information: %q", v)
	}
}
