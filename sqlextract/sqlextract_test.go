package sqlextract

import (
	"fmt"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// newAnalyzer returns a test analyzer that reports each Query at Pos(0)
// as "sql: " + its text with white space collapsed (so that a want
// comment fits on one line), plus "dynamic" for dynamic queries. Its
// result is the queries.
func newAnalyzer(opts Options) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:       "sqlextracttest",
		Doc:        "reports the SQL that sqlextract finds",
		FactTypes:  FactTypes,
		ResultType: reflect.TypeFor[[]*Query](),
		Run: func(pass *analysis.Pass) (any, error) {
			qs := Extract(pass, opts)
			for _, q := range qs {
				pass.Reportf(q.Pos(0), "sql: %s", strings.Join(strings.Fields(q.Text), " "))
				if q.Dynamic {
					pass.Reportf(q.Pos(0), "dynamic")
				}
			}
			return qs, nil
		},
	}
}

var extraSinks = Options{ExtraSinks: []Sink{
	{Func: "example.com/extract/extra.(*Runner).Run", Arg: 1},
	{Func: "(*example.com/extract/extra.Generic).Run", Arg: 0},
	{Func: "example.com/extract/extra.Run", Arg: 0},
}}

// testdata returns the test module's directory, downloading its
// requirements once: analysistest loads packages with GOPROXY=off.
func testdata(t *testing.T) string {
	t.Helper()
	dir := analysistest.TestData()
	downloadOnce.Do(func() {
		cmd := exec.Command("go", "mod", "download")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			downloadErr = fmt.Errorf("go mod download: %v\n%s", err, out)
		}
	})
	if downloadErr != nil {
		t.Fatal(downloadErr)
	}
	return dir
}

var (
	downloadOnce sync.Once
	downloadErr  error
)

var packages = []string{
	"./dbsql", "./sqlxpkg", "./pgxpkg", "./sqlc", "./wrap", "./helpers", "./wrapuser",
	"./vars", "./sprintf", "./notsink", "./positions", "./extra",
	"./textbuild", "./textbuild/qb",
}

// TestExtract checks the queries found in the test module against its
// want comments, then checks their positions.
func TestExtract(t *testing.T) {
	results := analysistest.Run(t, testdata(t), newAnalyzer(extraSinks), packages...)
	checkPositions(t, results)
}

// TestExtraSinksOff checks that the extra sinks come from the option.
func TestExtraSinksOff(t *testing.T) {
	results := analysistest.Run(&quiet{T: t}, testdata(t), newAnalyzer(Options{}), "./extra")
	if len(results) != 1 {
		t.Fatalf("got %d results", len(results))
	}
	if qs := results[0].Action.Result.([]*Query); len(qs) != 0 {
		t.Errorf("without ExtraSinks: got %v, want none", qs)
	}
}

// quiet is an analysistest.Testing that ignores unmet expectations.
type quiet struct{ *testing.T }

func (q *quiet) Errorf(format string, args ...any) {
	if msg := fmt.Sprintf(format, args...); !strings.Contains(msg, "no diagnostic was reported") {
		q.T.Errorf("%s", msg)
	}
}

// checkPositions checks every position of every query: an exact one
// holds the text's byte in the source (or the backslash of the escape
// that produced it), an inexact one is the argument's position or, for
// a name kept in a constant, a position inside the argument.
func checkPositions(t *testing.T, results []*analysistest.Result) {
	files := map[string][]byte{}
	source := func(name string) []byte {
		if b, ok := files[name]; ok {
			return b
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
		return b
	}
	exact := 0
	for _, r := range results {
		fset := r.Action.Package.Fset
		for _, q := range r.Action.Result.([]*Query) {
			for off := 0; off < len(q.Text); off++ {
				if !q.InLiteral(off) {
					// A name kept in a constant points at its use.
					if p := q.Pos(off); p != q.Expr.Pos() && (p < q.Expr.Pos() || p >= q.Expr.End()) {
						t.Errorf("%s: inexact offset %d at %v, want Expr.Pos()", q, off, fset.Position(q.Pos(off)))
					}
					continue
				}
				exact++
				p := fset.Position(q.Pos(off))
				src := source(p.Filename)
				if c := src[p.Offset]; c != q.Text[off] && c != '\\' {
					t.Errorf("%s: offset %d (%q) maps to %v (%q)", q, off, q.Text[off], p, c)
				}
			}
		}
	}
	if exact == 0 {
		t.Fatal("no exact positions checked")
	}
}

// TestPositionLineCol checks positions in the positions package by line
// and column, inside a multi-line raw string, an interpreted string with
// escapes, and across a concatenation with a constant declared elsewhere.
func TestPositionLineCol(t *testing.T) {
	results := analysistest.Run(t, testdata(t), newAnalyzer(Options{}), "./positions")
	if len(results) != 1 {
		t.Fatalf("got %d results", len(results))
	}
	fset := results[0].Action.Package.Fset
	qs := results[0].Action.Result.([]*Query)
	if len(qs) != 3 {
		t.Fatalf("got %d queries, want 3", len(qs))
	}
	at := func(q *Query, sub string, nth int) token.Position {
		t.Helper()
		off := -1
		for range nth + 1 {
			i := strings.Index(q.Text[off+1:], sub)
			if i < 0 {
				t.Fatalf("%q not in %q", sub, q.Text)
			}
			off += 1 + i
		}
		if !q.InLiteral(off) {
			t.Fatalf("%q in %q is not in a literal", sub, q.Text)
		}
		return fset.Position(q.Pos(off))
	}
	for _, tc := range []struct {
		q         *Query
		sub       string
		nth       int
		line, col int
	}{
		{qs[0], "SELECT", 0, 9, 115},
		{qs[0], "users", 0, 10, 7},
		{qs[0], "orders", 0, 11, 8},
		{qs[0], "deleted_at", 0, 12, 10},
		{qs[1], "name", 0, 13, 30},
		{qs[1], "FROM", 0, 13, 37},
		{qs[1], "sers", 0, 13, 46},
		{qs[1], "deleted_at", 0, 13, 74},
		{qs[2], "orders", 0, 14, 27},
		{qs[2], "WHERE", 0, 15, 5},
		{qs[2], "deleted_at", 0, 6, 17},
	} {
		p := at(tc.q, tc.sub, tc.nth)
		if filepath.Base(p.Filename) != "positions.go" || p.Line != tc.line || p.Column != tc.col {
			t.Errorf("%q in %q: got %d:%d, want %d:%d", tc.sub, tc.q.Text, p.Line, p.Column, tc.line, tc.col)
		}
	}
	// The end of a raw string maps to its closing backquote.
	q := qs[0]
	if p := fset.Position(q.Pos(len(q.Text))); p.Line != 12 || p.Column != 28 {
		t.Errorf("end of raw string: got %d:%d, want 12:28", p.Line, p.Column)
	}
}

// crlfSource has a raw string spanning lines; TestCRLF writes it with
// Windows line endings (kept out of testdata, where gofmt would object).
const crlfSource = `// Package crlf has Windows line endings: the scanner strips the carriage
// returns from raw strings, positions must still be exact.
package crlf

import "database/sql"

func f(db *sql.DB) {
	db.Query( /* want "sql: SELECT id FROM users WHERE deleted_at IS NULL" */ ` + "`" + `SELECT id
	FROM users
	WHERE deleted_at IS NULL` + "`" + `)
}
`

// TestCRLF checks exact positions in a raw string of a file with CRLF
// line endings, whose carriage returns the scanner strips.
func TestCRLF(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/crlf\n\ngo 1.26\n")
	write("crlf/crlf.go", strings.ReplaceAll(crlfSource, "\n", "\r\n"))

	results := analysistest.Run(t, dir, newAnalyzer(Options{}), "./crlf")
	if len(results) != 1 {
		t.Fatalf("got %d results", len(results))
	}
	qs := results[0].Action.Result.([]*Query)
	if len(qs) != 1 {
		t.Fatalf("got %d queries, want 1", len(qs))
	}
	q := qs[0]
	for off := range len(q.Text) {
		if !q.InLiteral(off) {
			t.Fatalf("offset %d of %q is not in the literal", off, q.Text)
		}
	}
	off := strings.Index(q.Text, "deleted_at")
	p := results[0].Action.Package.Fset.Position(q.Pos(off))
	if p.Line != 10 || p.Column != 8 {
		t.Errorf("deleted_at: got %d:%d, want 10:8", p.Line, p.Column)
	}
	if p := results[0].Action.Package.Fset.Position(q.Pos(len(q.Text))); p.Line != 10 || p.Column != 26 {
		t.Errorf("end: got %d:%d, want 10:26", p.Line, p.Column)
	}
}

func TestFuncKey(t *testing.T) {
	for _, tc := range [][2]string{
		{"(*example.com/db.Store).Query", "example.com/db.Store.Query"},
		{"example.com/db.(*Store).Query", "example.com/db.Store.Query"},
		{"(example.com/db.Store[T]).Query", "example.com/db.Store.Query"},
		{"example.com/db.Query", "example.com/db.Query"},
		{"database/sql.(*DB).QueryContext", "database/sql.DB.QueryContext"},
	} {
		if got := funcKey(tc[0]); got != tc[1] {
			t.Errorf("funcKey(%q) = %q, want %q", tc[0], got, tc[1])
		}
	}
}

func TestSplitSinkName(t *testing.T) {
	for _, tc := range [][3]string{
		{"(*example.com/db.Store).Query", "example.com/db", "Store.Query"},
		{"example.com/db/v2.(*Store).Query", "example.com/db/v2", "Store.Query"},
		{"gopkg.in/x.v1.Query", "gopkg.in/x", "v1.Query"}, // a dot in the last element is ambiguous; the config form has none
		{"database/sql.(*DB).QueryContext", "database/sql", "DB.QueryContext"},
		{"example.com/db", "example.com/db", ""},
	} {
		if p, m := SplitSinkName(tc[0]); p != tc[1] || m != tc[2] {
			t.Errorf("SplitSinkName(%q) = %q, %q, want %q, %q", tc[0], p, m, tc[1], tc[2])
		}
	}
}
