package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/internal/pgparse"
	"github.com/softdelete/softdelete/rules"
	"github.com/softdelete/softdelete/sqlextract"
)

// WritesFact is exported on a function that soft-deletes or deletes rows
// of tables, itself or through the functions it calls, so that a soft
// delete in another package that calls it counts those tables as handled
// (missing-cascade). Tables are named by rules.TableKey, sorted.
type WritesFact struct{ Tables []string }

// AFact implements analysis.Fact.
func (*WritesFact) AFact() {}

func (f *WritesFact) String() string { return "writes(" + strings.Join(f.Tables, ", ") + ")" }

// CallerCascadesFact is exported on a generated query method (sqlc and
// the like: one statement per method) that soft-deletes tables without
// their children. Such a method cannot cascade; the functions that call it
// can, so missing-cascade judges each caller instead, with everything the
// caller writes. Tables are named by rules.TableKey, sorted.
type CallerCascadesFact struct{ Tables []string }

// AFact implements analysis.Fact.
func (*CallerCascadesFact) AFact() {}

func (f *CallerCascadesFact) String() string {
	return "callercascades(" + strings.Join(f.Tables, ", ") + ")"
}

// cascadeFunc is one function as missing-cascade sees it: a declared
// function, with every function literal inside it (transaction closures
// run as part of it), or a function literal outside any declaration.
type cascadeFunc struct {
	node ast.Node    // *ast.FuncDecl or *ast.FuncLit
	obj  *types.Func // nil for a literal outside any declaration
	// queries are the SQL it sends, in source order, with their writes.
	queries []*cascadeQuery
	// calls are the functions it calls or refers to, in source order.
	calls []cascadeCall
	// writes are the tables it soft-deletes or deletes, itself or through
	// its calls (by rules.TableKey).
	writes map[string]bool
	// sites are its soft deletes, with what each leaves live.
	sites []cascadeSite
	// generated is set for functions in generated files, whose soft
	// deletes their callers answer for.
	generated bool
	// deferred are the tables whose cascade it leaves to its callers.
	deferred []string
}

type cascadeQuery struct {
	q      *sqlextract.Query
	parsed *pgparse.Query
	writes []cascadeWrite
}

type cascadeWrite struct {
	rules.Write
	raw *pgast.RawStmt
}

type cascadeCall struct {
	pos token.Pos
	fn  *types.Func
}

// cascadeSite is one soft delete and the foreign keys it leaves live.
type cascadeSite struct {
	pos       token.Pos
	query     *cascadeQuery // nil for a call to a generated query method
	write     cascadeWrite
	unhandled []rules.Child
	finding   rules.Finding // when unhandled is not empty
}

// cascadeHook, when set (by tests), sees each package's functions after
// the analysis.
var cascadeHook func(pass *analysis.Pass, cat *rules.Catalog, funcs []*cascadeFunc)

// cascades runs missing-cascade for one package: it groups the queries by
// function, computes which tables each function writes through its calls
// (to a fixed point within the package, through facts across packages),
// exports the facts, and reports each soft delete that leaves children
// live. cat is nil when the package sends no SQL: it may still call
// functions that write, and its facts then pass that on.
func cascades(pass *analysis.Pass, cat *rules.Catalog, queries []*sqlextract.Query, r *reporter) {
	funcs := cascadeFuncs(pass)
	if cat != nil {
		assignQueries(cat, funcs, queries)
	}
	propagateWrites(pass, funcs)
	exportWrites(pass, funcs)
	if cat != nil && r != nil {
		for _, f := range funcs {
			f.findSites(cat)
			for _, s := range f.sites {
				if len(s.unhandled) == 0 {
					continue
				}
				if f.generated && f.obj != nil {
					f.deferred = append(f.deferred, rules.TableKey(s.write.Table))
					continue
				}
				r.sqlFinding(s.query.q, s.query.parsed, s.write.raw, s.finding)
			}
			if len(f.deferred) > 0 {
				sort.Strings(f.deferred)
				f.deferred = slices.Compact(f.deferred)
				pass.ExportObjectFact(f.obj, &CallerCascadesFact{Tables: f.deferred})
			}
		}
		judgeCallers(pass, cat, funcs, r)
	}
	if cascadeHook != nil {
		cascadeHook(pass, cat, funcs)
	}
}

// judgeCallers reports, for each function that calls a generated query
// method that soft-deletes a parent, the children that neither it nor any
// function it calls handles, once per parent, at the first such call.
func judgeCallers(pass *analysis.Pass, cat *rules.Catalog, funcs []*cascadeFunc, r *reporter) {
	local := map[*types.Func][]string{}
	for _, f := range funcs {
		if len(f.deferred) > 0 {
			local[f.obj] = f.deferred
		}
	}
	for _, f := range funcs {
		if f.generated {
			continue
		}
		judged := map[string]bool{}
		for _, c := range f.calls {
			tables, ok := local[c.fn]
			if !ok && c.fn.Pkg() != nil && c.fn.Pkg() != pass.Pkg {
				var fact CallerCascadesFact
				if pass.ImportObjectFact(c.fn, &fact) {
					tables = fact.Tables
				}
			}
			for _, key := range tables {
				parent := cat.Schema.Tables[key]
				if parent == nil || judged[key] {
					continue
				}
				judged[key] = true
				finding, unhandled := cat.MissingCascadeThrough(parent, methodName(c.fn), f.writes)
				if len(unhandled) > 0 {
					r.reportFinding(c.pos, nil, finding)
				}
				// The call is this function's soft delete: a site like its own.
				f.sites = append(f.sites, cascadeSite{pos: c.pos, unhandled: unhandled, finding: finding,
					write: cascadeWrite{Write: rules.Write{Table: parent, Kind: rules.SoftDeletes}}})
			}
		}
	}
}

// callsCallerCascades reports whether a package calls a query method of
// another package whose soft deletes it must cascade: such a package needs
// the schema even if it sends no SQL itself.
func callsCallerCascades(pass *analysis.Pass) bool {
	for _, obj := range pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg() == pass.Pkg {
			continue
		}
		var fact CallerCascadesFact
		if pass.ImportObjectFact(fn.Origin(), &fact) {
			return true
		}
	}
	return false
}

// methodName is how a message names a function: Queries.DeleteProject.
func methodName(fn *types.Func) string {
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := t.(*types.Named); ok {
			return n.Obj().Name() + "." + fn.Name()
		}
	}
	return fn.Name()
}

// cascadeFuncs returns the package's functions in source order, with the
// functions each calls or refers to (a method value passed to a
// transaction helper runs as surely as a call).
func cascadeFuncs(pass *analysis.Pass) []*cascadeFunc {
	var funcs []*cascadeFunc
	generated := map[*ast.File]bool{}
	for _, file := range pass.Files {
		generated[file] = ast.IsGenerated(file)
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Body == nil {
					continue
				}
				fn, _ := pass.TypesInfo.Defs[d.Name].(*types.Func)
				f := newCascadeFunc(pass, d, fn, d.Body)
				f.generated = generated[file]
				funcs = append(funcs, f)
			case *ast.GenDecl:
				ast.Inspect(d, func(n ast.Node) bool {
					if lit, ok := n.(*ast.FuncLit); ok {
						funcs = append(funcs, newCascadeFunc(pass, lit, nil, lit.Body))
						return false
					}
					return true
				})
			}
		}
	}
	sort.SliceStable(funcs, func(i, j int) bool { return funcs[i].node.Pos() < funcs[j].node.Pos() })
	return funcs
}

func newCascadeFunc(pass *analysis.Pass, node ast.Node, obj *types.Func, body *ast.BlockStmt) *cascadeFunc {
	f := &cascadeFunc{node: node, obj: obj, writes: map[string]bool{}}
	ast.Inspect(body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if fn, ok := pass.TypesInfo.Uses[id].(*types.Func); ok {
				f.calls = append(f.calls, cascadeCall{pos: id.Pos(), fn: fn.Origin()})
			}
		}
		return true
	})
	return f
}

// assignQueries gives each query to the function that contains its call
// and records the tables it soft-deletes or deletes.
func assignQueries(cat *rules.Catalog, funcs []*cascadeFunc, queries []*sqlextract.Query) {
	for _, q := range queries {
		f := enclosing(funcs, q.Call.Pos())
		if f == nil {
			continue
		}
		pq := pgparse.ParseQuery(q.Text)
		if pq.Err != nil {
			continue
		}
		cq := &cascadeQuery{q: q, parsed: pq}
		for _, raw := range pq.Tree.Stmts {
			for _, w := range cat.Writes(raw) {
				cq.writes = append(cq.writes, cascadeWrite{Write: w, raw: raw})
				if w.Kind != rules.Restores {
					f.writes[rules.TableKey(w.Table)] = true
				}
			}
		}
		f.queries = append(f.queries, cq)
	}
}

// enclosing returns the function whose source contains pos.
func enclosing(funcs []*cascadeFunc, pos token.Pos) *cascadeFunc {
	i := sort.Search(len(funcs), func(i int) bool { return funcs[i].node.Pos() > pos }) - 1
	if i >= 0 && pos < funcs[i].node.End() {
		return funcs[i]
	}
	return nil
}

// propagateWrites adds to each function the tables its callees write:
// callees of this package to a fixed point, others from their facts.
func propagateWrites(pass *analysis.Pass, funcs []*cascadeFunc) {
	local := map[*types.Func]*cascadeFunc{}
	for _, f := range funcs {
		if f.obj != nil {
			local[f.obj] = f
		}
	}
	imported := map[*types.Func][]string{} // a package calls the same few functions often
	for _, f := range funcs {
		for _, c := range f.calls {
			if _, ok := local[c.fn]; ok || c.fn.Pkg() == nil || c.fn.Pkg() == pass.Pkg {
				continue
			}
			tables, ok := imported[c.fn]
			if !ok {
				var fact WritesFact
				if pass.ImportObjectFact(c.fn, &fact) {
					tables = fact.Tables
				}
				imported[c.fn] = tables
			}
			for _, t := range tables {
				f.writes[t] = true
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, f := range funcs {
			for _, c := range f.calls {
				if g := local[c.fn]; g != nil && g != f {
					for t := range g.writes {
						if !f.writes[t] {
							f.writes[t] = true
							changed = true
						}
					}
				}
			}
		}
	}
}

// exportWrites exports a fact for each function that other packages can
// call and that writes.
func exportWrites(pass *analysis.Pass, funcs []*cascadeFunc) {
	for _, f := range funcs {
		if f.obj == nil || !f.obj.Exported() || len(f.writes) == 0 {
			continue
		}
		tables := make([]string, 0, len(f.writes))
		for t := range f.writes {
			tables = append(tables, t)
		}
		sort.Strings(tables)
		pass.ExportObjectFact(f.obj, &WritesFact{Tables: tables})
	}
}

// findSites records the function's soft deletes and, for each, the
// foreign keys it leaves live.
func (f *cascadeFunc) findSites(cat *rules.Catalog) {
	for _, cq := range f.queries {
		for _, w := range cq.writes {
			if w.Kind != rules.SoftDeletes {
				continue
			}
			finding, unhandled := cat.MissingCascade(w.Write, f.writes)
			f.sites = append(f.sites, cascadeSite{
				pos:       cq.q.Pos(cq.parsed.Offset(w.Offset)),
				query:     cq,
				write:     w,
				unhandled: unhandled,
				finding:   finding,
			})
		}
	}
}
