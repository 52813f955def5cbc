package analyzer

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCachedOwner: the schema report's owner is remembered with the times
// of the directories it was computed from, and recomputed when any of
// them gains or loses an entry.
func TestCachedOwner(t *testing.T) {
	root := t.TempDir()
	write := func(rel string) {
		path := filepath.Join(root, rel)
		os.MkdirAll(filepath.Dir(path), 0o777)
		if err := os.WriteFile(path, []byte("package x\n"), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod")
	write("db/migrations/001.up.sql")
	write("b/b.go")
	write("a/a_test.go")
	write("c/go.mod")
	write("c/c.go")
	write("testdata/t.go")
	cache := t.TempDir()
	if cachedOwner(cache, root, filepath.Join(root, "db", "migrations")); true {
		if files, _ := filepath.Glob(filepath.Join(cache, "*.owner")); len(files) != 0 {
			t.Fatal("owner cached from directories changed just now")
		}
	}
	settleTree(root)
	migrations := filepath.Join(root, "db", "migrations")
	owner := func() string { return cachedOwner(cache, root, migrations) }

	if got, want := owner(), filepath.Join(root, "b"); got != want {
		t.Fatalf("owner %s, want the first package directory %s", got, want)
	}
	files, _ := filepath.Glob(filepath.Join(cache, "*.owner"))
	if len(files) != 1 {
		t.Fatalf("cache files %v", files)
	}
	// The cached answer is what the next process uses...
	payload := readCacheFile(files[0], ownerMagic)
	rest := string(payload[len(filepath.Join(root, "b"))+1:])
	writeCacheFile(cache, files[0], ownerMagic, []byte("/planted\n"+rest))
	if got := owner(); got != "/planted" {
		t.Fatalf("owner %s: the cached answer was not used", got)
	}
	// ...until a directory it read changes: a package file in "a".
	write("a/a.go")
	settleTree(root)
	if got, want := owner(), filepath.Join(root, "a"); got != want {
		t.Fatalf("after a/a.go: owner %s, want %s", got, want)
	}
	// A Go file beside the migrations makes their package the owner.
	write("db/migrations/embed.go")
	settleTree(root)
	if got := owner(); got != migrations {
		t.Fatalf("after embed.go: owner %s, want %s", got, migrations)
	}
	// Without a cache directory: the same answer.
	if got, _ := findOwner(root, migrations); got != migrations {
		t.Fatalf("uncached owner %s", got)
	}
}

// A directory whose only Go file the build excludes (a "//go:build tools"
// list of imports) is no package: the owner is the next one, which go vet
// does analyse.
func TestOwnerSkipsExcludedFiles(t *testing.T) {
	root := t.TempDir()
	write := func(rel, content string) {
		path := filepath.Join(root, rel)
		os.MkdirAll(filepath.Dir(path), 0o777)
		if err := os.WriteFile(path, []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module m\n")
	write("app/tools.go", "//go:build tools\n\npackage app\n")
	write("app/store/migrate/001.up.sql", "")
	write("app/store/store.go", "package store\n")
	write("a/a.go", "//go:build tools\n\npackage a\n")
	write("ab/ab.go", "package ab\n")
	if got, _ := findOwner(root, filepath.Join(root, "app", "store", "migrate")); got != filepath.Join(root, "app", "store") {
		t.Errorf("owner %s, want app/store", got)
	}
	if got, _ := findOwner(root, filepath.Join(root, "db")); got != filepath.Join(root, "ab") {
		t.Errorf("owner %s, want ab (a holds only a tools file)", got)
	}
}

// TestOwnerRunMemo: within one go vet run the owner is decided once; the
// next run sees a directory that changed.
func TestOwnerRunMemo(t *testing.T) {
	root := t.TempDir()
	for _, rel := range []string{"go.mod", "db/migrations/001.up.sql", "b/b.go"} {
		path := filepath.Join(root, rel)
		os.MkdirAll(filepath.Dir(path), 0o777)
		os.WriteFile(path, []byte("package x\n"), 0o666)
	}
	settleTree(root)
	cache := t.TempDir()
	saved := runIdentity
	defer func() { runIdentity = saved }()
	owner := func(run string) string {
		runIdentity = func() string { return run }
		return cachedOwner(cache, root, filepath.Join(root, "db", "migrations"))
	}
	if got := owner("run-1"); got != filepath.Join(root, "b") {
		t.Fatalf("owner %s", got)
	}
	os.MkdirAll(filepath.Join(root, "a"), 0o777)
	os.WriteFile(filepath.Join(root, "a", "a.go"), []byte("package a\n"), 0o666)
	settleTree(root)
	if got := owner("run-1"); got != filepath.Join(root, "b") {
		t.Errorf("same run: owner %s, want the run's b", got)
	}
	if got := owner("run-2"); got != filepath.Join(root, "a") {
		t.Errorf("next run: owner %s, want a", got)
	}
}
