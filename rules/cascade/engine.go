package cascade

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/softdelete/softdelete/internal/ifaces"
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

// CallerCascadesFact is exported on a function whose only write is the
// soft delete of tables without their children (a store method, or a
// generated query method: see Func.defers). Such a function cannot
// cascade; the functions that call it can, so each caller is judged
// instead, with everything the caller writes. Tables are named by
// rules.TableKey, sorted; At[i] is where Tables[i] is soft-deleted (the
// first such statement, file:line), for the callers' messages.
type CallerCascadesFact struct{ Tables, At []string }

// AFact implements analysis.Fact.
func (*CallerCascadesFact) AFact() {}

func (f *CallerCascadesFact) String() string {
	return "callercascades(" + strings.Join(f.Tables, ", ") + ")"
}

// ChecksFact is exported on a function that checks whether rows exist
// (SELECT count(*), EXISTS, SELECT 1), itself or through its calls, so
// that a function in another package that checks a parent's children
// through it before the soft delete counts them as handled. Tables are
// the rows checked, by rules.Write.Keys, sorted.
type ChecksFact struct{ Tables []string }

// AFact implements analysis.Fact.
func (*ChecksFact) AFact() {}

func (f *ChecksFact) String() string { return "checks(" + strings.Join(f.Tables, ", ") + ")" }

// FactTypes are the facts the engine exports and imports, for the
// analyzer's FactTypes.
var FactTypes = []analysis.Fact{new(WritesFact), new(CallerCascadesFact), new(ChecksFact)}

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
	// guards are the rows whose existence it checks, itself or through
	// the functions of its package it calls (by rules.Write.Keys): a soft
	// delete after such a check of its children is refused while they are
	// live. ChecksFact carries them across packages.
	guards map[string]bool
	// Sites are its soft deletes, with what each leaves live.
	Sites []*Site
	// generated is set for functions in generated files, whose soft
	// deletes their callers answer for (as for any function whose only
	// write is the soft delete: see defers).
	generated bool
	// deferred are the tables whose cascade it leaves to its callers, and
	// where it soft-deletes each.
	deferred []deferredCascade
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
// statement of a query the function sends, or a call of a function that
// passes its cascade to its callers (Query nil).
// deferredCascade is a table whose cascade a function leaves to its
// callers, and where (file:line) the function soft-deletes it.
type deferredCascade struct{ table, at string }

type Site struct {
	Pos       token.Pos
	Query     *Query // nil for a call of a function that passes its cascade on
	Write     Write  // Stmt nil for such a call
	Unhandled []rules.Child
	Finding   rules.Finding // when Unhandled is not empty
	// At is, for a call, where (file:line) the called function
	// soft-deletes the parent.
	At string
	// Left, on a site whose children are left live but that is not
	// reported, says to whom its function passes the cascade (for
	// softdelete explain).
	Left string
}

// Trace, when set (by tests), sees each package's functions after the
// analysis.
var Trace func(pass *analysis.Pass, cat *rules.Checker, funcs []*Func)

// Run runs missing-cascade for one package: it groups the queries by
// function, computes which tables each function writes through its calls
// (to a fixed point within the package, through facts across packages),
// exports the facts, and calls report with each soft delete that leaves
// children live, where naming a soft delete for callers' messages (file:line).
// cat is nil when the package sends no SQL: it may still
// call functions that write, and its facts then pass that on; report is
// then not called and may be nil. It returns every soft delete found, the
// handled ones included.
func Run(pass *analysis.Pass, cat *rules.Checker, queries []*sqlextract.Query, where func(token.Pos) string, report func(*Site)) []*Site {
	funcs := packageFuncs(pass)
	if cat != nil {
		assignQueries(cat, funcs, queries)
	}
	propagateWrites(pass, funcs)
	exportWrites(pass, funcs)
	if cat != nil && report != nil {
		callers := localCallers(funcs)
		for _, f := range funcs {
			f.findSites(cat)
			defers := f.defers()
			for _, s := range f.Sites {
				if len(s.Unhandled) == 0 {
					continue
				}
				if defers {
					if f.generated || f.Obj.Exported() || callers[f.Obj] {
						f.deferred = append(f.deferred, deferredCascade{rules.TableKey(s.Write.Table), where(s.Pos)})
						s.Left = leftTo(pass, f, callers[f.Obj])
						continue
					}
					// Nothing can call it but this package, and nothing
					// here does: judged in itself, and the message says so.
					s.Finding, s.Unhandled = cat.MissingCascadeAdvice(s.Write.Write, f.handled(), rules.NoCallersAdvice)
				}
				report(s)
			}
			if len(f.deferred) > 0 {
				// One per table, the first soft delete of it.
				slices.SortStableFunc(f.deferred, func(a, b deferredCascade) int { return strings.Compare(a.table, b.table) })
				f.deferred = slices.CompactFunc(f.deferred, func(a, b deferredCascade) bool { return a.table == b.table })
				fact := &CallerCascadesFact{}
				for _, d := range f.deferred {
					fact.Tables = append(fact.Tables, d.table)
					fact.At = append(fact.At, d.at)
				}
				pass.ExportObjectFact(f.Obj, fact)
			}
		}
		judgeCallers(pass, cat, funcs, report)
	}
	if Trace != nil {
		Trace(pass, cat, funcs)
	}
	var sites []*Site
	for _, f := range funcs {
		sites = append(sites, f.Sites...)
	}
	return sites
}

// leftTo says to whom f passes the cascade of its soft deletes: its
// callers, in the package (called) or in others; and, for a method an
// interface of an imported package names, that calls through it from
// packages that do not import f's are not judged (no fact reaches them).
func leftTo(pass *analysis.Pass, f *Func, called bool) string {
	why := "left to the callers of " + methodName(f.Obj)
	if !called {
		why += " in other packages"
	}
	if iface := ifaces.Foreign(pass, f.Obj); iface != "" {
		why += "; calls through " + iface + " from packages that do not import this one are not judged"
	}
	return why
}

// defers reports whether the function passes the cascade of its soft
// deletes to its callers: a declared function whose only writes are its
// own soft deletes (a store, DAO or repository method, or a generated
// query method), which cannot cascade, where its callers can.
func (f *Func) defers() bool {
	if f.Obj == nil {
		return false
	}
	if f.generated {
		return true
	}
	if len(f.Sites) == 0 {
		return false
	}
	table := rules.TableKey(f.Sites[0].Write.Table)
	for k := range f.Writes {
		if rules.KeyTable(k) != table {
			return false
		}
	}
	return len(f.guards) == 0
}

// handled is what the function writes, and checks, through its calls.
func (f *Func) handled() map[string]bool {
	if len(f.guards) == 0 {
		return f.Writes
	}
	h := maps.Clone(f.Writes)
	maps.Copy(h, f.guards)
	return h
}

// localCallers returns the package's functions that some function of the
// package calls or refers to.
func localCallers(funcs []*Func) map[*types.Func]bool {
	called := map[*types.Func]bool{}
	for _, f := range funcs {
		for _, c := range f.Calls {
			if c.Fn != f.Obj {
				called[c.Fn] = true
			}
		}
	}
	return called
}

// judgeCallers reports, for each function that calls a function that
// passes the cascade of its soft deletes to its callers (see defers), the
// children that neither it nor any function it calls handles, once per
// parent, at the first such call. A call of an interface method is a call
// of each implementation the analysis has seen (see implementations): the
// caller is judged if any of them passes its cascade on.
func judgeCallers(pass *analysis.Pass, cat *rules.Checker, funcs []*Func, report func(*Site)) {
	local := map[*types.Func][]deferredCascade{}
	for _, f := range funcs {
		if len(f.deferred) > 0 {
			local[f.Obj] = f.deferred
		}
	}
	deferredBy := func(fn *types.Func) []deferredCascade {
		if tables, ok := local[fn]; ok {
			return tables
		}
		var fact CallerCascadesFact
		if fn.Pkg() != nil && fn.Pkg() != pass.Pkg && pass.ImportObjectFact(fn, &fact) {
			out := make([]deferredCascade, len(fact.Tables))
			for i, t := range fact.Tables {
				out[i].table = t
				if i < len(fact.At) {
					out[i].at = fact.At[i]
				}
			}
			return out
		}
		return nil
	}
	impls := newImplementations(pass, funcs)
	for _, f := range funcs {
		if f.generated {
			continue
		}
		judged := map[string]bool{}
		for _, c := range f.Calls {
			if c.Fn == f.Obj {
				continue
			}
			tables := deferredBy(c.Fn)
			for _, m := range impls.Of(c.Fn) {
				tables = append(tables, deferredBy(m)...)
			}
			for _, d := range tables {
				parent := cat.Schema.Tables[d.table]
				if parent == nil || judged[d.table] {
					continue
				}
				judged[d.table] = true
				finding, unhandled := cat.MissingCascadeThrough(parent, methodName(c.Fn), f.handled())
				// The call is this function's soft delete: a site like its own.
				s := &Site{Pos: c.Pos, At: d.at, Unhandled: unhandled, Finding: finding,
					Write: Write{Write: rules.Write{Table: parent, Kind: rules.SoftDeletes}}}
				if len(unhandled) > 0 {
					report(s)
				}
				f.Sites = append(f.Sites, s)
			}
		}
	}
}

// NeedsSchema reports whether a package calls a function of another
// package whose soft deletes it must cascade, directly or through an
// interface: such a package needs the schema even if it sends no SQL
// itself.
func NeedsSchema(pass *analysis.Pass) bool {
	var impls *ifaces.Implementations
	for _, obj := range pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if !ok || fn.Pkg() == nil {
			continue
		}
		fn = fn.Origin()
		var fact CallerCascadesFact
		if fn.Pkg() != pass.Pkg && pass.ImportObjectFact(fn, &fact) {
			return true
		}
		if ifaces.IsInterfaceMethod(fn) && !ifaces.Standard(pass, fn.Pkg()) {
			if impls == nil {
				impls = newImplementations(pass, nil)
			}
			for _, m := range impls.Of(fn) {
				if pass.ImportObjectFact(m, &fact) {
					return true
				}
			}
		}
	}
	return false
}

// newImplementations resolves the interface method calls of the package's
// functions, to them and to the methods of other packages with a fact of
// the engine.
func newImplementations(pass *analysis.Pass, funcs []*Func) *ifaces.Implementations {
	var local []*types.Func
	for _, f := range funcs {
		local = append(local, f.Obj)
	}
	return ifaces.New(pass, local, func(f analysis.Fact) bool {
		switch f.(type) {
		case *WritesFact, *CallerCascadesFact, *ChecksFact:
			return true
		}
		return false
	})
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
	f := &Func{Node: node, Obj: obj, Writes: map[string]bool{}, guards: map[string]bool{}}
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
func assignQueries(cat *rules.Checker, funcs []*Func, queries []*sqlextract.Query) {
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
			// A check that children exist guards the delete: the
			// function refuses it while they do.
			for _, g := range cat.ExistenceChecks(raw) {
				if g.Reach.All {
					continue // a count of every row is no check of a parent's children
				}
				for _, k := range g.Keys() {
					f.guards[k] = true
				}
			}
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
	// A call of an interface method is a call of each implementation: the
	// writes of any of them count (the caller may rely on the one it
	// gets).
	impls := newImplementations(pass, funcs)
	callees := func(c Call) []*types.Func {
		return append([]*types.Func{c.Fn}, impls.Of(c.Fn)...)
	}
	type importedFacts struct{ writes, checks []string }
	imported := map[*types.Func]importedFacts{} // a package calls the same few functions often
	for _, f := range funcs {
		for _, c := range f.Calls {
			for _, fn := range callees(c) {
				if _, ok := local[fn]; ok || fn.Pkg() == nil || fn.Pkg() == pass.Pkg {
					continue
				}
				facts, ok := imported[fn]
				if !ok {
					var writes WritesFact
					var checks ChecksFact
					pass.ImportObjectFact(fn, &writes)
					pass.ImportObjectFact(fn, &checks)
					facts = importedFacts{writes.Tables, checks.Tables}
					imported[fn] = facts
				}
				for _, t := range facts.writes {
					f.Writes[t] = true
				}
				for _, t := range facts.checks {
					f.guards[t] = true
				}
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, f := range funcs {
			for _, c := range f.Calls {
				for _, fn := range callees(c) {
					if g := local[fn]; g != nil && g != f {
						for t := range g.Writes {
							if !f.Writes[t] {
								f.Writes[t] = true
								changed = true
							}
						}
						for t := range g.guards {
							if !f.guards[t] {
								f.guards[t] = true
								changed = true
							}
						}
					}
				}
			}
		}
	}
}

// exportWrites exports the facts of each function that other packages can
// call and that writes or checks rows.
func exportWrites(pass *analysis.Pass, funcs []*Func) {
	for _, f := range funcs {
		if f.Obj == nil || !f.Obj.Exported() {
			continue
		}
		if len(f.Writes) > 0 {
			pass.ExportObjectFact(f.Obj, &WritesFact{Tables: slices.Sorted(maps.Keys(f.Writes))})
		}
		if len(f.guards) > 0 {
			pass.ExportObjectFact(f.Obj, &ChecksFact{Tables: slices.Sorted(maps.Keys(f.guards))})
		}
	}
}

// findSites records the function's soft deletes and, for each, the
// foreign keys it leaves live.
func (f *Func) findSites(cat *rules.Checker) {
	for _, cq := range f.Queries {
		for _, w := range cq.Writes {
			if w.Kind != rules.SoftDeletes {
				continue
			}
			finding, unhandled := cat.MissingCascade(w.Write, f.handled())
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
