package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestModuleEnv checks the -mod flag a tree's module is built with: its
// vendor directory when it has one (an old module's dependencies may be
// gone from the proxy), the flag the measurement sets otherwise.
func TestModuleEnv(t *testing.T) {
	t.Setenv("GOWORK", "off")
	plain := t.TempDir()
	vendored := t.TempDir()
	for dir, files := range map[string][]string{plain: {"go.mod"}, vendored: {"go.mod", "vendor/modules.txt"}} {
		for _, f := range files {
			p := filepath.Join(dir, f)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("module example.com/m\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, c := range []struct {
		name string
		dir  string
		env  []string
		want []string
	}{
		{"plain module keeps the flag", plain, []string{"A=1", "GOFLAGS=-mod=mod -trimpath"}, []string{"A=1", "GOFLAGS=-mod=mod -trimpath"}},
		{"vendor replaces the flag", vendored, []string{"A=1", "GOFLAGS=-mod=mod -trimpath"}, []string{"A=1", "GOFLAGS=-trimpath -mod=vendor"}},
		{"vendor sets the flag", vendored, []string{"A=1"}, []string{"A=1", "GOFLAGS=-mod=vendor"}},
	} {
		if got := moduleEnv(c.dir, c.env); !slices.Equal(got, c.want) {
			t.Errorf("%s: moduleEnv = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestWithModFlag(t *testing.T) {
	env := []string{"GOFLAGS=-mod=mod -v", "B=2"}
	if got, want := withModFlag(env, ""), []string{"GOFLAGS=-v", "B=2"}; !slices.Equal(got, want) {
		t.Errorf("removing: %q, want %q", got, want)
	}
	if env[0] != "GOFLAGS=-mod=mod -v" {
		t.Errorf("the caller's environment was changed: %q", env)
	}
}
