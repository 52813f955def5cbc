// Package sqlwant extends analysistest to diagnostics reported in .sql
// files (schema findings), whose expectations are "-- want" comments.
package sqlwant

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// sqlWantRE matches "-- want "regexp"" (or a backquoted one) in a .sql
// file: the expectation for a schema finding on that line.
var sqlWantRE = regexp.MustCompile("-- want (\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`)")

// filterSQL passes analysistest's complaints through, except those about
// diagnostics in .sql files, which analysistest cannot expect (it reads
// "// want" only from Go and assembly files); Run checks those. Only a
// complaint whose position is in a .sql file is dropped: a diagnostic in
// a Go file whose message names a .sql position is still unexpected.
type filterSQL struct {
	t interface {
		Helper()
		Error(args ...any)
	}
}

// unexpectedInSQL matches analysistest's complaint about a diagnostic at
// a position in a .sql file ("file.sql:line:col: unexpected diagnostic: …").
var unexpectedInSQL = regexp.MustCompile(`^[^\n]*?\.sql:\d+:\d+: unexpected diagnostic: `)

func (f filterSQL) Errorf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if unexpectedInSQL.MatchString(msg) {
		return
	}
	f.t.Helper()
	f.t.Error(msg)
}

// Run is analysistest.Run that also checks the diagnostics reported
// in the module's .sql files against their "-- want" comments, exactly
// (each expectation matched once, nothing unexpected).
func Run(t *testing.T, dir string, a *analysis.Analyzer, patterns ...string) {
	t.Helper()
	RunWith(t, dir, a, nil, patterns...)
}

// RunWith is Run with extra expectations for files that cannot hold a
// comment (a dangling symlink, a binary file): "path/relative/to/dir:line"
// to a regexp.
func RunWith(t *testing.T, dir string, a *analysis.Analyzer, extra map[string]string, patterns ...string) {
	t.Helper()
	results := analysistest.Run(filterSQL{t}, dir, a, patterns...)
	type key struct {
		file string
		line int
	}
	want := map[key][]*regexp.Regexp{}
	for at, pattern := range extra {
		i := strings.LastIndex(at, ":")
		line, err := strconv.Atoi(at[i+1:])
		if i < 0 || err != nil {
			t.Fatalf("bad expectation position %q", at)
		}
		k := key{filepath.Join(dir, at[:i]), line}
		want[k] = append(want[k], regexp.MustCompile(pattern))
	}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != dir {
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir // another module
			}
		}
		if d.IsDir() || !strings.HasSuffix(path, ".sql") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil // unreadable: expectations come from RunWith
		}
		for i, line := range strings.Split(string(data), "\n") {
			for _, m := range sqlWantRE.FindAllStringSubmatch(line, -1) {
				pattern, err := strconv.Unquote(m[1])
				if err != nil {
					t.Fatalf("%s:%d: bad want: %v", path, i+1, err)
				}
				want[key{path, i + 1}] = append(want[key{path, i + 1}], regexp.MustCompile(pattern))
			}
		}
		return nil
	})
	seen := map[string]bool{}
	for _, r := range results {
		for _, d := range r.Diagnostics {
			posn := r.Action.Package.Fset.Position(d.Pos)
			if !strings.HasSuffix(posn.Filename, ".sql") {
				continue
			}
			id := fmt.Sprintf("%s:%d:%d:%s", posn.Filename, posn.Line, posn.Column, d.Message)
			if seen[id] {
				t.Errorf("%s:%d:%d: reported twice (by more than one package): %s", posn.Filename, posn.Line, posn.Column, d.Message)
				continue
			}
			seen[id] = true
			k := key{posn.Filename, posn.Line}
			matched := false
			for i, rx := range want[k] {
				if rx.MatchString(d.Message) {
					want[k] = append(want[k][:i], want[k][i+1:]...)
					matched = true
					break
				}
			}
			if !matched {
				t.Errorf("%s:%d:%d: unexpected diagnostic: %s", posn.Filename, posn.Line, posn.Column, d.Message)
			}
		}
	}
	for k, rxs := range want {
		for _, rx := range rxs {
			t.Errorf("%s:%d: no diagnostic was reported matching %#q", k.file, k.line, rx)
		}
	}
}
