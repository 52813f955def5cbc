// Package testmod prepares the sample modules tests analyse: analysistest
// loads packages with GOPROXY=off, so a module's requirements must be in
// the module cache first, or the README's `go test ./...` would fail on a
// fresh machine.
package testmod

import (
	"fmt"
	"os/exec"
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
