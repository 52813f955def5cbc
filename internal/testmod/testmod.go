// Package testmod prepares the sample modules tests analyse: analysistest
// loads packages with GOPROXY=off, so a module's requirements must be in
// the module cache first, or the README's `go test ./...` would fail on a
// fresh machine.
package testmod

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

var downloads sync.Map // dir -> *download

type download struct {
	once sync.Once
	err  error
}

// Download runs `go mod download` in dir once per test process.
func Download(t testing.TB, dir string) {
	t.Helper()
	v, _ := downloads.LoadOrStore(dir, &download{})
	d := v.(*download)
	d.once.Do(func() {
		cmd := exec.Command("go", "mod", "download")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			d.err = fmt.Errorf("go mod download in %s: %v\n%s", dir, err, out)
		}
	})
	if d.err != nil {
		t.Fatal(d.err)
	}
}

// WriteFiles writes files (slash-separated paths relative to dir, to their
// contents) under dir, creating directories as needed.
func WriteFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// WriteTree writes files into a new temporary directory and returns it.
func WriteTree(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	WriteFiles(t, dir, files)
	return dir
}
