package analyzer_test

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/token"
	"os/exec"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/softdelete/softdelete/analyzer"
	"github.com/softdelete/softdelete/internal/pgparse"
	"github.com/softdelete/softdelete/internal/sqlwant"
	"github.com/softdelete/softdelete/sqlextract"
)

// TestBuilders runs the query-builder and ORM cases (squirrel, gorm, bun,
// goqu) of the builders module, which requires the real libraries.
func TestBuilders(t *testing.T) {
	sqlwant.Run(t, testdata(t, "builders"), analyzer.New(), "./...")
}

// TestBuilderRendering checks the reconstruction against the libraries:
// testdata/builders/render runs every method of the test stores against a
// recording connection, so each library renders its own chains; the SQL
// that sqlextract reconstructed for the same methods must have the same
// statement structure: tables, joins, predicates and filters, with
// parameters and constants left out of the comparison. A filter added
// under a flag is reconstructed as "(p OR NOT (p))", which the renderer
// (called with the flag set) writes as p: the comparison takes that
// branch. Reconstructions with opaque parts are compared by tables only.
func TestBuilderRendering(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the builder test module")
	}
	dir := testdata(t, "builders")
	cmd := exec.Command("go", "run", "./render")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go run ./render: %v\n%s", err, stderr.Bytes())
	}
	var rendered map[string][]string
	if err := json.Unmarshal(out, &rendered); err != nil {
		t.Fatal(err)
	}

	reconstructed := map[string][]*sqlextract.Query{}
	var stats sqlextract.BuilderStats
	var mu sync.Mutex // the checker runs packages in parallel
	a := &analysis.Analyzer{
		Name:      "reconstruct",
		Doc:       "records the builder queries sqlextract reconstructs",
		FactTypes: sqlextract.FactTypes,
		Run: func(pass *analysis.Pass) (any, error) {
			qs := sqlextract.Extract(pass, sqlextract.Options{})
			if !strings.HasPrefix(pass.Pkg.Path(), "example.com/builders/") {
				return nil, nil
			}
			st := sqlextract.Stats(pass, sqlextract.Options{})
			mu.Lock()
			defer mu.Unlock()
			stats.Resolved += st.Resolved
			stats.GaveUp += st.GaveUp
			for _, p := range st.GaveUpAt {
				t.Logf("gave up: %s", pass.Fset.Position(p))
			}
			for _, q := range qs {
				// Builder queries, and the raw SQL of the ORM stores
				// (gorm's Raw and Exec), which the libraries send too.
				if q.Builder == "" && pass.Pkg.Name() == "sqstore" {
					continue
				}
				name := enclosingFunc(pass, q.Call.Pos())
				key := pass.Pkg.Name() + "." + name
				reconstructed[key] = append(reconstructed[key], q)
			}
			return nil, nil
		},
	}
	analysistest.Run(ignoreT{}, dir, a, "./...")
	t.Logf("builder chains in testdata: %d resolved, %d given up", stats.Resolved, stats.GaveUp)

	keys := make([]string, 0, len(reconstructed))
	for k := range reconstructed {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	compared := 0
	perLib := map[string]int{}
	for _, key := range keys {
		qs := reconstructed[key]
		libs, ok := rendered[key]
		if !ok {
			// Helpers that do not run on their own (unexported, or
			// package-level builders) are compared through their callers.
			t.Logf("%s: not rendered by the library (not an exported method)", key)
			continue
		}
		if len(libs) != len(qs) {
			t.Errorf("%s: the library sent %d statements, the reconstruction has %d", key, len(libs), len(qs))
			continue
		}
		for i, q := range qs {
			compared++
			perLib[q.Builder]++
			lib := libs[i]
			if m := starList.FindStringSubmatch(q.Text); m != nil {
				// The ORMs list a model's columns; the reconstruction
				// writes alias.* for them (see sqlextract's bun.go).
				lib = columnList(lib, m[1])
			}
			got, want := shape(t, q.Text, q.Dynamic), shape(t, lib, q.Dynamic)
			if got != want {
				t.Errorf("%s: reconstruction differs from the library's SQL\nreconstructed: %s\nlibrary:       %s\nshape: %s\nwant:  %s", key, q.Text, libs[i], got, want)
			}
		}
	}
	if compared == 0 {
		t.Fatal("no builder chain compared")
	}
	t.Logf("compared %d reconstructed statements with the libraries' SQL (by builder, \"\" for raw SQL: %v)", compared, perLib)
}

var starList = regexp.MustCompile(`^SELECT "(\w+)"\.\* FROM `)

// columnList replaces the select list of a library's SELECT by alias.*
// when it lists only columns of alias.
func columnList(sql, alias string) string {
	m := regexp.MustCompile(`^SELECT ((?:"` + regexp.QuoteMeta(alias) + `"\."\w+"(?:, ?)?)+) FROM `).FindStringSubmatch(sql)
	if m == nil {
		return sql
	}
	return `SELECT "` + alias + `".* FROM ` + sql[len(m[0]):]
}

type ignoreT struct{}

func (ignoreT) Errorf(string, ...any) {}

// enclosingFunc names the function declaration around pos.
func enclosingFunc(pass *analysis.Pass, pos token.Pos) string {
	for _, f := range pass.Files {
		if pos < f.Pos() || pos >= f.End() {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Pos() <= pos && pos < fd.End() {
				return fd.Name.Name
			}
		}
	}
	return "?"
}

// shape returns the statement structure of SQL text: its parse tree with
// locations cleared, constants and parameters made alike, and the
// conditional-filter form "(p OR NOT (p))" reduced to p. tablesOnly keeps
// just the table names, in order.
func shape(t *testing.T, text string, tablesOnly bool) string {
	t.Helper()
	pq := pgparse.ParseQuery(text)
	if pq.Err != nil {
		return "parse error: " + pq.Err.Error()
	}
	// A copy in pg_query_go's protobuf types, for protobuf's reflection
	// and JSON (the cached tree is shared, and stays as it is).
	tree := &pg_query.ParseResult{}
	if err := proto.Unmarshal(pq.Tree.Marshal(), tree); err != nil {
		t.Fatal(err)
	}
	if tablesOnly {
		var names []string
		walkNodes(tree.ProtoReflect(), func(n *pg_query.Node) {
			if rv := n.GetRangeVar(); rv != nil {
				names = append(names, rv.Relname)
			}
		})
		return strings.Join(names, ",")
	}
	for _, s := range tree.Stmts {
		s.StmtLocation, s.StmtLen = 0, 0
	}
	walkNodes(tree.ProtoReflect(), func(n *pg_query.Node) {
		if n.GetParamRef() != nil || n.GetAConst() != nil {
			n.Node = &pg_query.Node_ParamRef{ParamRef: &pg_query.ParamRef{Number: 1}}
		}
		if b := n.GetBoolExpr(); b != nil && b.Boolop == pg_query.BoolExprType_OR_EXPR && len(b.Args) == 2 {
			if not := b.Args[1].GetBoolExpr(); not != nil && not.Boolop == pg_query.BoolExprType_NOT_EXPR &&
				len(not.Args) == 1 && proto.Equal(not.Args[0], b.Args[0]) {
				n.Node = proto.Clone(b.Args[0]).(*pg_query.Node).Node
			}
		}
	})
	out, err := protojson.Marshal(tree)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// walkNodes calls fn on every Node of m, children first, and clears the
// location fields.
func walkNodes(m protoreflect.Message, fn func(*pg_query.Node)) {
	var clear []protoreflect.FieldDescriptor
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.Name() == "location":
			clear = append(clear, fd)
		case fd.IsList() && fd.Message() != nil:
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				walkNodes(l.Get(i).Message(), fn)
			}
		case fd.Message() != nil && !fd.IsMap():
			walkNodes(v.Message(), fn)
		}
		return true
	})
	for _, fd := range clear {
		m.Clear(fd)
	}
	if n, ok := m.Interface().(*pg_query.Node); ok {
		fn(n)
	}
}

// TestSqlcSource runs sqlc-generated code whose findings belong in the
// query file it names: they are reported there (-- want in query.sql),
// none in the generated Go.
func TestSqlcSource(t *testing.T) {
	sqlwant.Run(t, testdata(t, "sqlcgen"), analyzer.New(), "./...")
}
