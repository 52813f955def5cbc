package analyzer_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/token"
	"maps"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
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
	var rendering struct {
		Sent    map[string][]renderedStatement `json:"sent"`
		Stopped map[string]bool                `json:"stopped"`
	}
	if err := json.Unmarshal(out, &rendering); err != nil {
		t.Fatal(err)
	}
	rendered := rendering.Sent

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
				if q.Builder == "" && (pass.Pkg.Name() == "sqstore" || pass.Pkg.Name() == "gomigrations") {
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
	for k := range rendered {
		if reconstructed[k] == nil {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	compared := 0
	perLib := map[string]int{}
	for _, key := range keys {
		qs := reconstructed[key]
		libs := rendered[key]
		switch {
		case len(qs) == 0:
			t.Errorf("%s: the library sent %d statements, nothing was reconstructed:\n%s", key, len(libs), libs[0].SQL)
			continue
		case len(libs) == 0:
			// Every method of the test stores is exported and run by the
			// renderer: a reconstruction it cannot check is a test gap.
			t.Errorf("%s: reconstructed, but the library sent nothing for it: %s", key, qs[0].Text)
			continue
		}
		// A send whose builder is picked on some paths has a query per
		// alternative; the library, on the renderer's path, sends one of
		// them.
		sends := alternativesByCall(qs)
		if rendering.Stopped[key] && len(libs) < len(sends) {
			// The method returned at a read the recording connection
			// failed: the statements after it were not sent.
			sends = sends[:len(libs)]
		}
		if len(libs) != len(sends) {
			t.Errorf("%s: the library sent %d statements, the reconstruction has %d", key, len(libs), len(sends))
			continue
		}
		for i, alts := range sends {
			compared++
			perLib[alts[0].Builder]++
			matches := func(q *sqlextract.Query) bool {
				lib := libs[i].SQL
				if m := starList.FindStringSubmatch(q.Text); m != nil {
					// The ORMs list a model's columns; the reconstruction
					// writes alias.* for them (see sqlextract's bun.go).
					lib = columnList(lib, m[1], m[2])
				}
				got, want := shape(t, q.Text, nil, q.Dynamic), shape(t, lib, libs[i].Args, q.Dynamic)
				return slices.ContainsFunc(pathVariants(got), func(v any) bool { return sameShape(v, want) })
			}
			if !slices.ContainsFunc(alts, matches) {
				q := alts[0]
				got, want := shape(t, q.Text, nil, q.Dynamic), shape(t, libs[i].SQL, libs[i].Args, q.Dynamic)
				t.Errorf("%s: reconstruction differs from the library's SQL (%d alternatives)\nreconstructed: %s\nlibrary:       %s %v\nshape: %s\nwant:  %s", key, len(alts), q.Text, libs[i].SQL, libs[i].Args, jsonText(got), jsonText(want))
			}
		}
	}
	if compared == 0 {
		t.Fatal("no builder chain compared")
	}
	t.Logf("compared %d reconstructed statements with the libraries' SQL (by builder, \"\" for raw SQL: %v)", compared, perLib)
}

// alternativesByCall groups the queries of one function by the call that
// sends them: one group per send, with each alternative of its builder.
func alternativesByCall(qs []*sqlextract.Query) [][]*sqlextract.Query {
	var out [][]*sqlextract.Query
	for _, q := range qs {
		if n := len(out); n > 0 && out[n-1][0].Call == q.Call {
			out[n-1] = append(out[n-1], q)
			continue
		}
		out = append(out, []*sqlextract.Query{q})
	}
	return out
}

// renderedStatement is one statement a library sent (testdata/builders/render).
type renderedStatement struct {
	SQL  string `json:"sql"`
	Args []any  `json:"args"`
}

var starList = regexp.MustCompile(`^SELECT ((?:DISTINCT (?:ON \([^)]*\) )?)?)"(\w+)"\.\* FROM `)

// columnList replaces the select list of a library's SELECT by alias.*
// when it lists only columns of alias (after distinct, the DISTINCT
// clause both write).
func columnList(sql, distinct, alias string) string {
	m := regexp.MustCompile(`^SELECT ` + regexp.QuoteMeta(distinct) + `((?:"` + regexp.QuoteMeta(alias) + `"\."\w+"(?:, ?)?)+) FROM `).FindStringSubmatch(sql)
	if m == nil {
		return sql
	}
	return `SELECT ` + distinct + `"` + alias + `".* FROM ` + sql[len(m[0]):]
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

// shape returns the statement structure of SQL text as generic JSON: its
// parse tree with locations cleared, each parameter $n that has an
// argument replaced by the argument as a constant, and the
// conditional-filter form "(p OR NOT (p))" reduced to p. tablesOnly keeps
// just the table names, in order.
func shape(t *testing.T, text string, args []any, tablesOnly bool) any {
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
		if p := n.GetParamRef(); p != nil && int(p.Number) <= len(args) && p.Number > 0 {
			if c := constantOf(args[p.Number-1]); c != nil {
				n.Node = &pg_query.Node_AConst{AConst: c}
			}
		}
		if b := n.GetBoolExpr(); b != nil && b.Boolop == pg_query.BoolExprType_OR_EXPR && len(b.Args) == 2 {
			if not := b.Args[1].GetBoolExpr(); not != nil && not.Boolop == pg_query.BoolExprType_NOT_EXPR &&
				len(not.Args) == 1 && equalButParams(not.Args[0], b.Args[0]) {
				// p on some paths only: marked for pathVariants.
				n.Node = &pg_query.Node_BoolExpr{BoolExpr: &pg_query.BoolExpr{Boolop: pg_query.BoolExprType_OR_EXPR,
					Args: []*pg_query.Node{proto.Clone(b.Args[0]).(*pg_query.Node), pg_query.MakeStrNode(onSomePaths)}}}
			}
		}
	})
	out, err := protojson.Marshal(tree)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// isStarList reports whether a target list is the single item *.
func isStarList(list []any) bool {
	if len(list) != 1 {
		return false
	}
	fields, ok := plainColumn(list[0])
	return ok && len(fields) == 1 && fields[0].(map[string]any)["A_Star"] != nil
}

// isColumnList reports whether a target list names plain columns only.
func isColumnList(list []any) bool {
	for _, item := range list {
		fields, ok := plainColumn(item)
		if !ok || len(fields) != 1 || fields[0].(map[string]any)["String"] == nil {
			return false
		}
	}
	return len(list) > 0
}

// plainColumn returns the fields of a ResTarget that is a column reference
// without an alias.
func plainColumn(item any) ([]any, bool) {
	m, _ := item.(map[string]any)
	rt, _ := m["ResTarget"].(map[string]any)
	if rt == nil || rt["name"] != nil {
		return nil, false
	}
	val, _ := rt["val"].(map[string]any)
	cr, _ := val["ColumnRef"].(map[string]any)
	fields, _ := cr["fields"].([]any)
	for _, f := range fields {
		if _, ok := f.(map[string]any); !ok {
			return nil, false
		}
	}
	return fields, cr != nil
}

// onSomePaths marks, in a shape, a filter the reconstruction wrote as
// "(p OR NOT (p))": added on some paths only.
const onSomePaths = "\x00on some paths"

// pathVariants returns the shapes of the paths through a reconstruction's
// shape: each filter added on some paths only is either there (p: the
// renderer, called with every flag set, takes that path) or not (a helper
// that returns one of two filtered builders adds only one of them). A
// filter left out leaves its AND, or the WHERE clause itself. An OR may
// also stand for one of its arguments (a condition set in branches).
func pathVariants(v any) []any {
	var out []any
	const maxVariants = 1 << 10
	var walk func(v any, k func(any))
	walk = func(v any, k func(any)) {
		if len(out) >= maxVariants {
			return
		}
		switch x := v.(type) {
		case map[string]any:
			if p, ok := onSomePathsFilter(x); ok {
				walk(p, k)
				k(excluded{})
				return
			}
			if alts, ok := disjuncts(x); ok {
				// A condition chosen in branches is reconstructed as the
				// OR of its values; the library, on one path, sends one.
				for _, a := range alts {
					walk(a, k)
				}
			}
			keys := make([]string, 0, len(x))
			for key := range x {
				keys = append(keys, key)
			}
			sort.Strings(keys)
			var build func(i int, acc map[string]any)
			build = func(i int, acc map[string]any) {
				if i == len(keys) {
					k(acc)
					return
				}
				walk(x[keys[i]], func(c any) {
					n := maps.Clone(acc)
					if _, gone := c.(excluded); !gone {
						n[keys[i]] = c
					}
					build(i+1, n)
				})
			}
			build(0, map[string]any{})
		case []any:
			var build func(i int, acc []any)
			build = func(i int, acc []any) {
				if i == len(x) {
					k(acc)
					return
				}
				walk(x[i], func(c any) {
					n := slices.Clone(acc)
					if _, gone := c.(excluded); !gone {
						n = append(n, c)
					}
					build(i+1, n)
				})
			}
			build(0, nil)
		default:
			k(v)
		}
	}
	walk(v, func(c any) { out = append(out, collapseAnd(c)) })
	return out
}

type excluded struct{}

// disjuncts returns the arguments of an OR.
func disjuncts(m map[string]any) ([]any, bool) {
	b, ok := m["BoolExpr"].(map[string]any)
	if !ok || len(m) != 1 || b["boolop"] != "OR_EXPR" {
		return nil, false
	}
	args, ok := b["args"].([]any)
	return args, ok
}

// onSomePathsFilter returns p of a node marked by shape as on some paths.
func onSomePathsFilter(m map[string]any) (any, bool) {
	b, ok := m["BoolExpr"].(map[string]any)
	if !ok || len(m) != 1 || b["boolop"] != "OR_EXPR" {
		return nil, false
	}
	args, ok := b["args"].([]any)
	if !ok || len(args) != 2 {
		return nil, false
	}
	if s, ok := args[1].(map[string]any)["String"].(map[string]any); ok && s["sval"] == onSomePaths {
		return args[0], true
	}
	return nil, false
}

// collapseAnd rewrites an AND left with one argument as that argument,
// and drops one left with none.
func collapseAnd(v any) any {
	switch x := v.(type) {
	case map[string]any:
		n := map[string]any{}
		for k, c := range x {
			if c = collapseAnd(c); c != (excluded{}) {
				n[k] = c
			}
		}
		if b, ok := n["BoolExpr"].(map[string]any); ok && len(n) == 1 && b["boolop"] == "AND_EXPR" {
			args, _ := b["args"].([]any)
			switch len(args) {
			case 0:
				return excluded{}
			case 1:
				return args[0]
			}
		}
		return n
	case []any:
		n := make([]any, 0, len(x))
		for _, c := range x {
			if c = collapseAnd(c); c != (excluded{}) {
				n = append(n, c)
			}
		}
		return n
	}
	return v
}

// equalButParams compares two expressions with parameter numbers left
// out: the reconstruction numbers each occurrence of a repeated predicate.
func equalButParams(a, b *pg_query.Node) bool {
	a, b = proto.Clone(a).(*pg_query.Node), proto.Clone(b).(*pg_query.Node)
	for _, n := range []*pg_query.Node{a, b} {
		walkNodes(n.ProtoReflect(), func(n *pg_query.Node) {
			if p := n.GetParamRef(); p != nil {
				p.Number = 0
			}
		})
	}
	return proto.Equal(a, b)
}

// constantOf is the SQL constant for an argument a library sent (as JSON
// decodes it), nil for arguments that are no plain constant.
func constantOf(arg any) *pg_query.A_Const {
	switch v := arg.(type) {
	case nil:
		return &pg_query.A_Const{Isnull: true}
	case bool:
		return &pg_query.A_Const{Val: &pg_query.A_Const_Boolval{Boolval: &pg_query.Boolean{Boolval: v}}}
	case string:
		return &pg_query.A_Const{Val: &pg_query.A_Const_Sval{Sval: &pg_query.String{Sval: v}}}
	case float64:
		if v == float64(int32(v)) {
			return &pg_query.A_Const{Val: &pg_query.A_Const_Ival{Ival: &pg_query.Integer{Ival: int32(v)}}}
		}
	}
	return nil
}

// sameShape compares a reconstruction's shape with the library's: equal,
// except that a parameter of the reconstruction (a Go value the analyzer
// does not know) stands for any parameter or constant of the library's.
// A constant of the reconstruction must be the same constant.
func sameShape(got, want any) bool {
	switch g := got.(type) {
	case map[string]any:
		w, ok := want.(map[string]any)
		if !ok {
			return false
		}
		if _, isParam := g["ParamRef"]; isParam && len(g) == 1 {
			// A value: a parameter, a constant, or DEFAULT, which bun
			// writes in an INSERT for a field that is zero at run time.
			_, wParam := w["ParamRef"]
			_, wConst := w["A_Const"]
			_, wDefault := w["SetToDefault"]
			return len(w) == 1 && (wParam || wConst || wDefault)
		}
		if _, insert := g["cols"]; insert {
			// bun's INSERT returns the fields it wrote as DEFAULT, which
			// depends on the values at run time: the reconstruction has
			// only the RETURNING the code asks for.
			if _, ok := g["returningList"]; !ok {
				w = maps.Clone(w)
				delete(w, "returningList")
			}
		}
		if len(g) != len(w) {
			return false
		}
		for k, gv := range g {
			wv, ok := w[k]
			if !ok || !sameShape(gv, wv) {
				return false
			}
		}
		return true
	case []any:
		w, ok := want.([]any)
		if ok && isStarList(g) && isColumnList(w) {
			// goqu lists a struct's db columns (Select(&row{}),
			// Returning(&row{})), which the reconstruction writes *.
			return true
		}
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range g {
			if !sameShape(g[i], w[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(got, want)
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
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

// TestOmittedJoin: a join that only another database's branch adds is
// left out of the query, and explain's report says where and why.
func TestOmittedJoin(t *testing.T) {
	var notes []string
	for _, r := range analysistest.Run(quiet{}, testdata(t, "builders"), analyzer.New(), "./sqrepo") {
		rep, ok := r.Result.(*analyzer.Report)
		if !ok {
			t.Fatalf("result %T, want *analyzer.Report", r.Result)
		}
		for _, n := range rep.NotReported {
			if n.Rule == "" {
				notes = append(notes, fmt.Sprintf("%s:%d: %s", filepath.Base(n.Pos.Filename), n.Pos.Line, n.Why))
			}
		}
	}
	want := []string{"orderfilter.go:38: its InnerJoin is on some paths only and is not PostgreSQL (another database's branch): the query is judged without it"}
	if !slices.Equal(notes, want) {
		t.Errorf("parts left out: %q\nwant %q", notes, want)
	}
}
