package cascade

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
// delete in another package that calls it counts those tables as handled.
// Tables are the writes by rules.Write.Keys (the table, and which of its
// rows: table:column for a column the WHERE constrains, table<other for a
// table it joins), sorted.
type WritesFact struct{ Tables []string }

// AFact implements analysis.Fact.
func (*WritesFact) AFact() {}

func (f *WritesFact) String() string { return "writes(" + strings.Join(f.Tables, ", ") + ")" }

// CallerCascadesFact is exported on a generated query method (sqlc and
// the like: one statement per method) that soft-deletes tables without
// their children. Such a method cannot cascade; the functions that call it
// can, so each caller is judged instead, with everything the caller
// writes. Tables are named by rules.TableKey, sorted.
type CallerCascadesFact struct{ Tables []string }

// AFact implements analysis.Fact.
func (*CallerCascadesFact) AFact() {}

func (f *CallerCascadesFact) String() string {
	return "callercascades(" + strings.Join(f.Tables, ", ") + ")"
}

// FactTypes are the facts the engine exports and imports, for the
// analyzer's FactTypes.
var FactTypes = []analysis.Fact{new(WritesFact), new(CallerCascadesFact)}

// Func is one function as the engine sees it: a declared function, with
// every function literal inside it (transaction closures run as part of
// it), or a function literal outside any declaration.
type Func struct {
	Node ast.Node    // *ast.FuncDecl or *ast.FuncLit
	Obj  *types.Func // nil for a literal outside any declaration
	// Queries are the SQL it sends, in source order, with their writes.
	Queries []*Query
	// Calls are the functions it calls or refers to, in source order.
	Calls []Call
	// Writes are the rows it soft-deletes or deletes, itself or through
	// its calls (by rules.Write.Keys).
	Writes map[string]bool
	// Sites are its soft deletes, with what each leaves live.
	Sites []*Site
	// generated is set for functions in generated files, whose soft
	// deletes their callers answer for.
	generated bool
	// deferred are the tables whose cascade it leaves to its callers.
	deferred []string
}

// Query is one query a function sends.
type Query struct {
	SQL    *sqlextract.Query
	Parsed *pgparse.Query
	Writes []Write
}

// Write is one table a statement of a query writes.
type Write struct {
	rules.Write
	Stmt *pgast.RawStmt
}

// Call is a function called, or referred to, at Pos.
type Call struct {
	Pos token.Pos
	Fn  *types.Func
}

// Site is one soft delete and the foreign keys it leaves live: a
// statement of a query the function sends, or a call of a generated query
// method (Query nil).
type Site struct {
	Pos       token.Pos
	Query     *Query // nil for a call of a generated query method
	Write     Write  // Stmt nil for a call of a generated query method
	Unhandled []rules.Child
	Finding   rules.Finding // when Unhandled is not empty
}

// Trace, when set (by tests), sees each package's functions after the
// analysis.
var Trace func(pass *analysis.Pass, cat *rules.Catalog, funcs []*Func)

// Run runs missing-cascade for one package: it groups the queries by
// function, computes which tables each function writes through its calls
// (to a fixed point within the package, through facts across packages),
// exports the facts, and calls report with each soft delete that leaves
// children live. cat is nil when the package sends no SQL: it may still
// call functions that write, and its facts then pass that on; report is
// then not called and may be nil.
func Run(pass *analysis.Pass, cat *rules.Catalog, queries []*sqlextract.Query, report func(*Site)) {
	funcs := packageFuncs(pass)
	if cat != nil {
		assignQueries(cat, funcs, queries)
	}
	propagateWrites(pass, funcs)
	exportWrites(pass, funcs)
	if cat != nil && report != nil {
		for _, f := range funcs {
			f.findSites(cat)
			for _, s := range f.Sites {
				if len(s.Unhandled) == 0 {
					continue
				}
				if f.generated && f.Obj != nil {
					f.deferred = append(f.deferred, rules.TableKey(s.Write.Table))
					continue
				}
				report(s)
			}
			if len(f.deferred) > 0 {
				sort.Strings(f.deferred)
				f.deferred = slices.Compact(f.deferred)
				pass.ExportObjectFact(f.Obj, &CallerCascadesFact{Tables: f.deferred})
			}
		}
		judgeCallers(pass, cat, funcs, report)
	}
	if Trace != nil {
		Trace(pass, cat, funcs)
	}
}

// judgeCallers reports, for each function that calls a generated query
// method that soft-deletes a parent, the children that neither it nor any
// function it calls handles, once per parent, at the first such call.
func judgeCallers(pass *analysis.Pass, cat *rules.Catalog, funcs []*Func, report func(*Site)) {
	local := map[*types.Func][]string{}
	for _, f := range funcs {
		if len(f.deferred) > 0 {
			local[f.Obj] = f.deferred
		}
	}
	for _, f := range funcs {
		if f.generated {
			continue
		}
		judged := map[string]bool{}
		for _, c := range f.Calls {
			tables, ok := local[c.Fn]
			if !ok && c.Fn.Pkg() != nil && c.Fn.Pkg() != pass.Pkg {
				var fact CallerCascadesFact
				if pass.ImportObjectFact(c.Fn, &fact) {
					tables = fact.Tables
				}
			}
			for _, key := range tables {
				parent := cat.Schema.Tables[key]
				if parent == nil || judged[key] {
					continue
				}
				judged[key] = true
				finding, unhandled := cat.MissingCascadeThrough(parent, methodName(c.Fn), f.Writes)
				// The call is this function's soft delete: a site like its own.
				s := &Site{Pos: c.Pos, Unhandled: unhandled, Finding: finding,
					Write: Write{Write: rules.Write{Table: parent, Kind: rules.SoftDeletes}}}
				if len(unhandled) > 0 {
					report(s)
				}
				f.Sites = append(f.Sites, s)
			}
		}
	}
}

// NeedsSchema reports whether a package calls a query method of another
// package whose soft deletes it must cascade: such a package needs the
// schema even if it sends no SQL itself.
func NeedsSchema(pass *analysis.Pass) bool {
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

// packageFuncs returns the package's functions in source order, with the
// functions each calls or refers to (a method value passed to a
// transaction helper runs as surely as a call).
func packageFuncs(pass *analysis.Pass) []*Func {
	var funcs []*Func
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
				f := newFunc(pass, d, fn, d.Body)
				f.generated = generated[file]
				funcs = append(funcs, f)
			case *ast.GenDecl:
				ast.Inspect(d, func(n ast.Node) bool {
					if lit, ok := n.(*ast.FuncLit); ok {
						funcs = append(funcs, newFunc(pass, lit, nil, lit.Body))
						return false
					}
					return true
				})
			}
		}
	}
	sort.SliceStable(funcs, func(i, j int) bool { return funcs[i].Node.Pos() < funcs[j].Node.Pos() })
	return funcs
}

func newFunc(pass *analysis.Pass, node ast.Node, obj *types.Func, body *ast.BlockStmt) *Func {
	f := &Func{Node: node, Obj: obj, Writes: map[string]bool{}}
	ast.Inspect(body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if fn, ok := pass.TypesInfo.Uses[id].(*types.Func); ok {
				f.Calls = append(f.Calls, Call{Pos: id.Pos(), Fn: fn.Origin()})
			}
		}
		return true
	})
	return f
}

// assignQueries gives each query to the function that contains its call
// and records the tables it soft-deletes or deletes.
func assignQueries(cat *rules.Catalog, funcs []*Func, queries []*sqlextract.Query) {
	for _, q := range queries {
		f := enclosing(funcs, q.Call.Pos())
		if f == nil {
			continue
		}
		pq := pgparse.ParseQuery(q.Text)
		if pq.Err != nil {
			continue
		}
		cq := &Query{SQL: q, Parsed: pq}
		for _, raw := range pq.Tree.Stmts {
			for _, w := range cat.Writes(raw) {
				cq.Writes = append(cq.Writes, Write{Write: w, Stmt: raw})
				if w.Kind == rules.Restores {
					continue
				}
				if q.Dynamic {
					// Part of the WHERE is built at run time: which rows
					// it reaches is not known, so it may be the cascade.
					f.Writes[rules.TableKey(w.Table)] = true
				}
				for _, k := range w.Keys() {
					f.Writes[k] = true
				}
			}
		}
		f.Queries = append(f.Queries, cq)
	}
}

// enclosing returns the function whose source contains pos.
func enclosing(funcs []*Func, pos token.Pos) *Func {
	i := sort.Search(len(funcs), func(i int) bool { return funcs[i].Node.Pos() > pos }) - 1
	if i >= 0 && pos < funcs[i].Node.End() {
		return funcs[i]
	}
	return nil
}

// propagateWrites adds to each function the tables its callees write:
// callees of this package to a fixed point, others from their facts.
func propagateWrites(pass *analysis.Pass, funcs []*Func) {
	local := map[*types.Func]*Func{}
	for _, f := range funcs {
		if f.Obj != nil {
			local[f.Obj] = f
		}
	}
	imported := map[*types.Func][]string{} // a package calls the same few functions often
	for _, f := range funcs {
		for _, c := range f.Calls {
			if _, ok := local[c.Fn]; ok || c.Fn.Pkg() == nil || c.Fn.Pkg() == pass.Pkg {
				continue
			}
			tables, ok := imported[c.Fn]
			if !ok {
				var fact WritesFact
				if pass.ImportObjectFact(c.Fn, &fact) {
					tables = fact.Tables
				}
				imported[c.Fn] = tables
			}
			for _, t := range tables {
				f.Writes[t] = true
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, f := range funcs {
			for _, c := range f.Calls {
				if g := local[c.Fn]; g != nil && g != f {
					for t := range g.Writes {
						if !f.Writes[t] {
							f.Writes[t] = true
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
func exportWrites(pass *analysis.Pass, funcs []*Func) {
	for _, f := range funcs {
		if f.Obj == nil || !f.Obj.Exported() || len(f.Writes) == 0 {
			continue
		}
		tables := make([]string, 0, len(f.Writes))
		for t := range f.Writes {
			tables = append(tables, t)
		}
		sort.Strings(tables)
		pass.ExportObjectFact(f.Obj, &WritesFact{Tables: tables})
	}
}

// findSites records the function's soft deletes and, for each, the
// foreign keys it leaves live.
func (f *Func) findSites(cat *rules.Catalog) {
	for _, cq := range f.Queries {
		for _, w := range cq.Writes {
			if w.Kind != rules.SoftDeletes {
				continue
			}
			finding, unhandled := cat.MissingCascade(w.Write, f.Writes)
			f.Sites = append(f.Sites, &Site{
				Pos:       cq.SQL.Pos(cq.Parsed.Offset(w.Offset)),
				Query:     cq,
				Write:     w,
				Unhandled: unhandled,
				Finding:   finding,
			})
		}
	}
}
