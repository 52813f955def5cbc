package sqlextract

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/softdelete/softdelete/internal/opaqueid"
)

// OpaquePrefix starts the identifier that stands in the SQL text for a part
// whose value is not known statically. Each opaque part is spliced as
// OpaquePrefix+N, N counting from 1 within a Query, which is a valid SQL
// identifier wherever a column, table, literal or expression may stand.
const OpaquePrefix = opaqueid.Prefix

// A Sink is a function or method whose argument Arg (0-based, not
// counting the receiver) is SQL text.
//
// Func is types.Func.FullName(), e.g. "(*example.com/db.Store).Query", or
// the same name written "example.com/db.(*Store).Query" or
// "example.com/db.Store.Query"; a package-level function is
// "example.com/db.Query". Type parameters are not written.
type Sink struct {
	Func string
	Arg  int
}

// Options configure Extract.
type Options struct {
	// ExtraSinks are sinks beyond the built-in ones, typically from
	// user configuration.
	ExtraSinks []Sink
}

// WrapperFact is exported on a *types.Func that passes its string
// parameter number Arg (0-based, not counting the receiver) to a sink, so
// that calls to it from other packages are sinks too.
type WrapperFact struct{ Arg int }

// AFact implements analysis.Fact.
func (*WrapperFact) AFact() {}

func (f *WrapperFact) String() string { return "sqlwrapper(" + strconv.Itoa(f.Arg) + ")" }

// FactTypes lists the fact types that Extract imports and exports. An
// analyzer that calls Extract must include them in its FactTypes for
// wrappers to work across packages.
var FactTypes = []analysis.Fact{new(WrapperFact), new(BuilderFact), new(BuilderSendFact), new(TableNameFact), new(TextFact)}

// A Query is one SQL text that a package sends.
type Query struct {
	Call    *ast.CallExpr // the call that sends it (a sink or a wrapper)
	Expr    ast.Expr      // the SQL argument of Call
	Text    string        // the resolved SQL text; unknown parts are opaque identifiers
	Dynamic bool          // Text contains at least one opaque part
	Callee  string        // short name of the called function, e.g. "QueryContext"
	// Builder names the query builder or ORM whose calls Text was
	// reconstructed from ("squirrel", "gorm", "bun", "goqu"); "" for SQL
	// written as text. For a builder query, Call is the call that sends
	// or renders the query and Expr the builder expression; text the
	// library adds points at the builder call that caused it (the From,
	// Join, Update or Model call).
	Builder string
	// IncludesDeleted is set when the builder chain itself says that the
	// query means to see soft-deleted rows (gorm's Unscoped(), bun's
	// WhereAllWithDeleted() and ForceDelete()): the ORM would have added
	// the live-row filter, and the code turned it off by name. Rules
	// about a missing live-row filter do not apply to such a query.
	IncludesDeleted bool
	// Models lists the ORM model tables a gorm or bun query goes through
	// (the model of Model, Find, First, NewSelect().Model, ...), in order,
	// for the analyzer to fall back on when the migrations lack a table.
	Models []ModelTable
	// Alternative is set on each query after the first that Call sends:
	// the builder it sends is chosen on some paths only (a switch that
	// picks the query), and every alternative is judged. Counts of sends
	// skip them.
	Alternative bool
	// Omitted are the parts of the chain left out of Text, with why (a
	// join on some paths that PostgreSQL cannot parse): Text is judged
	// without them.
	Omitted []Omission

	segs []segment // sorted by start, covering Text
	// moved, when set, maps offsets to another file: the .sql source of
	// an sqlc-generated query.
	moved func(off int) (token.Pos, bool)
}

// A segment is a run of Text that comes from one source: a part of a
// string literal (exact positions), a constant value whose source is
// elsewhere (inexact), or an opaque part (inexact).
type segment struct {
	start int // offset of the run in Query.Text
	span
}

// Pos returns the position in the Go source of the byte at offset off of
// q.Text (for a query of sqlc-generated code, in its .sql source file,
// which Extract adds to the pass's FileSet): exact when the byte comes from a string literal of the current
// package; for text a query builder added, the builder call that added
// it; q.Expr.Pos() otherwise. Pos(len(q.Text)) is the position just
// after the last byte when that byte is exact, for insertions at the end.
func (q *Query) Pos(off int) token.Pos {
	if q.moved != nil {
		if p, ok := q.moved(off); ok {
			return p
		}
	}
	if p, ok := q.exactPos(off); ok {
		return p
	}
	if p := q.fallbackPos(off); p.IsValid() {
		return p
	}
	if q.Expr != nil {
		return q.Expr.Pos()
	}
	return token.NoPos
}

// InLiteral reports whether Pos(off) is exact, that is the byte at off
// comes from a string literal of the current package.
//
// It is false throughout a query reconstructed from a builder chain
// (Builder set) and a query of sqlc-generated code: there the literals are
// pieces the library puts together, so an edit made where the SQL text
// needs it would land in the wrong place of the Go source.
func (q *Query) InLiteral(off int) bool {
	if q.moved != nil || q.Builder != "" {
		return false
	}
	_, ok := q.exactPos(off)
	return ok
}

// fallbackPos returns the builder position of the inexact byte at off, or
// NoPos.
func (q *Query) fallbackPos(off int) token.Pos {
	if off < 0 || off >= len(q.Text) || len(q.segs) == 0 {
		return token.NoPos
	}
	i := sort.Search(len(q.segs), func(i int) bool { return q.segs[i].start > off }) - 1
	if i < 0 {
		return token.NoPos
	}
	return q.segs[i].at
}

func (q *Query) exactPos(off int) (token.Pos, bool) {
	if off < 0 || off > len(q.Text) || len(q.segs) == 0 {
		return token.NoPos, false
	}
	if off == len(q.Text) {
		last := q.segs[len(q.segs)-1]
		if !last.exact {
			return token.NoPos, false
		}
		return last.pos(len(last.text)), true
	}
	// The last segment starting at or before off; empty segments are
	// skipped naturally because a later one shares their start.
	i := sort.Search(len(q.segs), func(i int) bool { return q.segs[i].start > off }) - 1
	if i < 0 {
		return token.NoPos, false
	}
	s := q.segs[i]
	k := off - s.start
	if !s.exact || k >= len(s.text) {
		return token.NoPos, false
	}
	return s.pos(k), true
}

// An Omission is a part of a query left out of its text.
type Omission struct {
	Pos    token.Pos
	Reason string
}

// Unresolved is a call that sends SQL (a sink, a wrapper, a builder's
// terminal call) whose SQL the extraction could not follow: no rule sees
// it, and `softdelete explain` says why.
type Unresolved struct {
	Pos    token.Pos
	Callee string // short name of the called function
	Reason string
	// Builder is the query builder whose chain could not be rebuilt, or
	// "" for SQL text.
	Builder string
}

// ExtractExplained is Extract, also returning the sinks whose SQL could not
// be followed, in source order.
func ExtractExplained(pass *analysis.Pass, opts Options) ([]*Query, []Unresolved) {
	queries, x := extractPass(pass, opts)
	un := x.unresolved
	sort.SliceStable(un, func(i, j int) bool { return un[i].Pos < un[j].Pos })
	return queries, un
}

// Extract returns the SQL queries that the package of pass sends, sorted
// by the position of their call. If pass.Analyzer lists WrapperFact in its
// FactTypes, Extract also imports wrapper facts of dependencies and exports
// them for the wrappers it finds in this package.
func Extract(pass *analysis.Pass, opts Options) []*Query {
	queries, _ := extractPass(pass, opts)
	return queries
}

func extractPass(pass *analysis.Pass, opts Options) ([]*Query, *extractor) {
	u, facts, bfacts, tfacts := newUnit(pass)
	queries, wrappers, x := extract(u, opts)
	if facts {
		for _, fn := range sortedFuncs(wrappers) {
			pass.ExportObjectFact(fn, &WrapperFact{Arg: wrappers[fn]})
		}
	}
	if bfacts {
		exportFacts(pass, x.builderFacts())
		exportFacts(pass, x.builderSendFacts())
	}
	if u.importText != nil {
		exportFacts(pass, x.localTextOps())
	}
	if tfacts {
		tf := x.tableNameFacts()
		facts := make(map[*types.Func]*TableNameFact, len(tf))
		for fn, name := range tf {
			facts[fn] = &TableNameFact{Name: name}
		}
		exportFacts(pass, facts)
	}
	return queries, x
}

// Stats returns the builder chain counts of the package of pass, as
// Extract finds them (for tests and reports). It exports no facts.
func Stats(pass *analysis.Pass, opts Options) BuilderStats {
	u, _, _, _ := newUnit(pass)
	_, _, x := extract(u, opts)
	return x.stats
}

// newUnit returns the unit of pass, with fact imports when pass's
// analyzer declares the fact types.
func newUnit(pass *analysis.Pass) (u *unit, facts, bfacts, tfacts bool) {
	u = &unit{
		fset:     pass.Fset,
		files:    pass.Files,
		pkg:      pass.Pkg,
		info:     pass.TypesInfo,
		readFile: pass.ReadFile,
	}
	has := func(want analysis.Fact) bool {
		return pass.Analyzer != nil && slices.ContainsFunc(pass.Analyzer.FactTypes, func(f analysis.Fact) bool {
			return reflect.TypeOf(f) == reflect.TypeOf(want)
		})
	}
	facts, bfacts, tfacts = has(new(WrapperFact)), has(new(BuilderFact)), has(new(TableNameFact))
	if tfacts {
		u.importTableName = func(fn *types.Func) (string, bool) {
			var f TableNameFact
			if pass.ImportObjectFact(fn, &f) {
				return f.Name, true
			}
			return "", false
		}
	}
	if has(new(TextFact)) {
		u.importText = func(fn *types.Func) (*TextFact, bool) {
			var f TextFact
			if pass.ImportObjectFact(fn, &f) {
				return &f, true
			}
			return nil, false
		}
	}
	if facts {
		u.importFact = func(fn *types.Func) (int, bool) {
			var f WrapperFact
			if pass.ImportObjectFact(fn, &f) {
				return f.Arg, true
			}
			return 0, false
		}
	}
	if bfacts {
		u.importBuilder = func(fn *types.Func) (*BuilderFact, bool) {
			var f BuilderFact
			if pass.ImportObjectFact(fn, &f) {
				return &f, true
			}
			return nil, false
		}
		u.importBuilderSend = func(fn *types.Func) (*BuilderSendFact, bool) {
			var f BuilderSendFact
			if pass.ImportObjectFact(fn, &f) {
				return &f, true
			}
			return nil, false
		}
	}
	return u, facts, bfacts, tfacts
}

// A unit is what the extraction needs of a type-checked package; it lets
// the core run without an analysis.Pass (see the fuzz test).
type unit struct {
	fset       *token.FileSet
	files      []*ast.File
	pkg        *types.Package
	info       *types.Info
	importFact func(*types.Func) (arg int, ok bool)  // may be nil
	readFile   func(filename string) ([]byte, error) // may be nil
	// importBuilder returns the BuilderFact of a function of another
	// package; may be nil.
	importBuilder func(*types.Func) (*BuilderFact, bool)
	// importBuilderSend returns the BuilderSendFact of a function of
	// another package; may be nil.
	importBuilderSend func(*types.Func) (*BuilderSendFact, bool)
	// importTableName returns the TableNameFact of a model's TableName
	// method of another package; may be nil.
	importTableName func(*types.Func) (string, bool)
	// importText returns the TextFact of a text builder's function of
	// another package; may be nil.
	importText func(*types.Func) (*TextFact, bool)
}

// extract is the core of Extract: it returns the queries and the wrappers
// declared in u's package (with the index of their SQL parameter).
func extract(u *unit, opts Options) ([]*Query, map[*types.Func]int, *extractor) {
	x := newExtractor(u, opts)
	x.findWrappers()
	x.findBuilderSends()

	var queries []*Query
	type term struct {
		call *ast.CallExpr
		lib  *library
		expr ast.Expr
	}
	var terms []term
	for _, f := range u.files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if qs := x.query(call); qs != nil {
				queries = append(queries, qs...)
			} else if l, e, ok := x.terminal(call); ok {
				terms = append(terms, term{call, l, e})
			}
			return true
		})
	}
	x.sqlcPositions(queries)
	// Builder chains last: a rendering (ToSql) whose text a sink sent is
	// that sink's query already.
	for _, t := range terms {
		if x.consumed[t.call] || x.sendTerms[t.call] {
			continue
		}
		if insts := x.instantiations(t.call); len(insts) > 0 {
			// A send in a generic helper (list[T any](db) ... Find(&out))
			// is a query at each call of the helper, with the model of
			// its type argument.
			for _, inst := range insts {
				r := x.newBResolver()
				r.typeArgs = inst.args
				r.strArgs = r.stringArgs(inst.fn, inst.call)
				if q := x.builderQueryWith(r, t.call, t.lib, t.expr); q != nil {
					q.Call, q.Expr = inst.call, inst.call
					for i := range q.segs {
						q.segs[i].at = inst.call.Pos()
					}
					queries = append(queries, q)
				}
			}
			continue
		}
		queries = append(queries, x.builderQueries(t.call, t.lib, t.expr)...)
	}
	if len(x.viaSends) > 0 {
		// Constructors that keep a builder in a field a method sends:
		// their calls, found only now, are queries.
		for _, f := range u.files {
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				if fn, _ := x.callee(call); fn != nil && slices.Contains(x.viaSends, fn) {
					if l, e, ok := x.sendTerminal(call); ok {
						queries = append(queries, x.builderQueries(call, l, e)...)
					}
				}
				return true
			})
		}
	}
	sort.SliceStable(queries, func(i, j int) bool { return queries[i].Call.Pos() < queries[j].Call.Pos() })
	return queries, x.wrappers, x
}

// query returns the Queries sent by call (one, or one per alternative of
// the builder it renders), or nil if call is no sink or its SQL argument
// is entirely unknown.
func (x *extractor) query(call *ast.CallExpr) []*Query {
	q, choices := x.queryWith(call, nil)
	return x.alternatives(q, choices, func(picks map[token.Pos]bool) *Query {
		q, _ := x.queryWith(call, picks)
		return q
	})
}

// alternatives returns q and, when its builder variable was given another
// builder on some paths only, the query of each other combination of
// those writes (again renders one), each once.
func (x *extractor) alternatives(q *Query, choices []token.Pos, again func(map[token.Pos]bool) *Query) []*Query {
	var out []*Query
	seen := map[string]bool{}
	if q != nil {
		out, seen[q.Text] = append(out, q), true
	} else if len(choices) == 0 {
		return nil
	}
	for mask := 1; mask < 1<<len(choices); mask++ {
		picks := map[token.Pos]bool{}
		for i, at := range choices {
			picks[at] = mask&(1<<i) != 0
		}
		// An alternative adds no count and no reason of its own.
		unresolved, stats := len(x.unresolved), x.stats
		a := again(picks)
		x.unresolved, x.stats = x.unresolved[:unresolved], stats
		if a != nil && !seen[a.Text] {
			seen[a.Text] = true
			a.Alternative = len(out) > 0
			out = append(out, a)
		}
	}
	return out
}

func (x *extractor) queryWith(call *ast.CallExpr, picks map[token.Pos]bool) (*Query, []token.Pos) {
	s, ok := x.sinkCall(call)
	if !ok {
		return nil, nil
	}
	r := x.newResolver()
	r.picks = picks
	spans := r.resolve(s.arg, 0)
	switch {
	case !slices.ContainsFunc(spans, func(s span) bool { return s.known }):
		if x.wrapperSends[call] {
			return nil, nil
		}
		reason := "its SQL argument is not known at compile time (no part of it is a constant)"
		if e := r.escaped; e != nil {
			to := "code"
			if e.to != "" {
				to = e.to
			}
			reason = fmt.Sprintf("its SQL is built in %s, which is handed at line %d to %s, which may change it", e.name, x.fset.Position(e.at).Line, to)
		}
		x.unresolved = append(x.unresolved, Unresolved{Pos: call.Pos(), Callee: s.callee, Reason: reason})
		return nil, nil
	case textLen(spans) > maxText:
		x.unresolved = append(x.unresolved, Unresolved{Pos: call.Pos(), Callee: s.callee, Reason: "its SQL text is too long"})
		return nil, nil
	case !slices.ContainsFunc(spans, func(s span) bool { return !s.known || strings.TrimSpace(s.text) != "" }):
		return nil, r.choices // no SQL on this path (var q string, set under an if)
	}
	q := assemble(call, s.arg, s.callee, spans)
	q.Builder = r.builder
	q.IncludesDeleted = r.includesDeleted
	q.Models = r.models
	q.Omitted = r.omitted
	return q, r.choices
}

// assemble builds a Query from resolved spans, numbering opaque parts.
func assemble(call *ast.CallExpr, expr ast.Expr, callee string, spans []span) *Query {
	q := &Query{Call: call, Expr: expr, Callee: callee}
	var b strings.Builder
	n := 0
	for _, s := range spans {
		if !s.known {
			n++
			s = span{text: OpaquePrefix + strconv.Itoa(n), at: s.at}
			q.Dynamic = true
		}
		if s.text == "" {
			continue
		}
		q.segs = append(q.segs, segment{start: b.Len(), span: s})
		b.WriteString(s.text)
	}
	q.Text = b.String()
	return q
}

// exportFacts exports the facts of m, in a deterministic order.
func exportFacts[F analysis.Fact](pass *analysis.Pass, m map[*types.Func]F) {
	fns := make([]*types.Func, 0, len(m))
	for fn := range m {
		fns = append(fns, fn)
	}
	sort.Slice(fns, func(i, j int) bool { return fns[i].Pos() < fns[j].Pos() })
	for _, fn := range fns {
		pass.ExportObjectFact(fn, m[fn])
	}
}

// sortedFuncs returns the keys of m in a deterministic order.
func sortedFuncs(m map[*types.Func]int) []*types.Func {
	fns := make([]*types.Func, 0, len(m))
	for fn := range m {
		fns = append(fns, fn)
	}
	sort.Slice(fns, func(i, j int) bool { return fns[i].Pos() < fns[j].Pos() })
	return fns
}

// String is for debugging and tests.
func (q *Query) String() string {
	return fmt.Sprintf("%s(%q)", q.Callee, q.Text)
}
