package intent

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/softdelete/softdelete/internal/ifaces"
	"github.com/softdelete/softdelete/internal/libs"
	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/internal/pgparse"
	"github.com/softdelete/softdelete/internal/testcode"
	"github.com/softdelete/softdelete/rules"
	"github.com/softdelete/softdelete/sqlextract"
)

// Deferred is a finding on rows a function's callers choose.
type Deferred struct {
	Rule    string // rule ID
	Message string // the finding at the statement, without the rule suffix
	Where   string // module-relative file:line of the statement
	Table   string // rules.TableKey of the finding's table
	Column  string // its soft-delete column
	Lookup  bool   // a SELECT that returns the rows
	Update  bool   // an UPDATE of the rows' content
	Via     string // the function that sends the statement: Queries.GetUserByID
	// Params are the indices of the parameters whose arguments choose the
	// rows (the key, or the values it is built from).
	Params []int
}

func (d Deferred) key() string { return d.Rule + "\x00" + d.Where + "\x00" + d.Table }

// DeferredFact is exported on a function whose callers judge findings on
// rows they choose.
type DeferredFact struct{ Findings []Deferred }

// AFact implements analysis.Fact.
func (*DeferredFact) AFact() {}

func (f *DeferredFact) String() string {
	var parts []string
	for _, d := range f.Findings {
		parts = append(parts, fmt.Sprintf("%s %s %s%v", d.Rule, d.Table, d.Where, d.Params))
	}
	return "deferred(" + strings.Join(parts, ", ") + ")"
}

// ReadsFact is exported on a function that returns rows of soft-delete
// tables read live or deleted only.
type ReadsFact struct{ Live, Deleted []string }

// AFact implements analysis.Fact.
func (*ReadsFact) AFact() {}

func (f *ReadsFact) String() string {
	return "reads(live: " + strings.Join(f.Live, ", ") + "; deleted: " + strings.Join(f.Deleted, ", ") + ")"
}

// Keyed is a finding of this package's SQL whose rows are chosen by key
// (rules.Finding.Row.ByKey).
type Keyed struct {
	Pos     token.Pos // the finding, in the SQL
	Query   *sqlextract.Query
	Finding rules.Finding
	Where   string // module-relative file:line of Pos
}

// Candidate reports whether a finding is judged with its callers: a
// lookup, an update of content, a soft delete or a DELETE, of rows chosen
// by key.
func Candidate(f rules.Finding) bool {
	if !f.Row.ByKey || f.Table == nil {
		return false
	}
	switch f.Rule {
	case rules.MissingFilter:
		return f.Row.Lookup || f.Row.Update
	case rules.Redelete, rules.HardDelete:
		return true
	}
	return false
}

// Note says what was decided about one keyed finding, for explain.
type Note struct {
	Pos   token.Pos
	Rule  string
	Table string
	Why   string
}

// Reporter receives the engine's decisions.
type Reporter struct {
	// Here reports keyed[i] where it is: its callers cannot all be judged
	// (call NoPos), or call, in this package, chose its rows with nothing
	// to show they are live (or deleted, for a purge). Reported once.
	Here func(i int, call token.Pos)
	// AtCall reports a deferred finding of another package at the first
	// call of this package that chose its rows with nothing to show they
	// are live (or deleted, for a purge); others are the package's other
	// such calls, for related information.
	AtCall func(call token.Pos, f rules.Finding, others []token.Pos)
}

// Run judges the package's keyed findings and the calls of functions that
// pass theirs to their callers, and exports the facts. cat may be nil
// when the package sends no SQL: its calls are still judged (through
// facts), and report decisions reach rep.
func Run(pass *analysis.Pass, cat *rules.Checker, queries []*sqlextract.Query, keyed []Keyed, rep Reporter) []Note {
	e := newEngine(pass, cat)
	e.collectReads(queries)
	e.place(keyed, rep)
	e.judgeCalls(rep)
	e.export()
	return e.notes
}

type fn struct {
	obj  *types.Func
	decl *ast.FuncDecl
	test bool
	// escapes is set when code of the package takes the function as a
	// value: its callers are not known.
	escapes bool
	called  bool // some function of the package calls it
	live    map[string]bool
	deleted map[string]bool
	// deferred are the findings its callers judge.
	deferred []Deferred
	// returned holds the calls the function returns the result of, and
	// returnedVars the variables it returns (see returnsResult).
	returned     map[ast.Node]bool
	returnedVars []types.Object
	calls        []*ast.CallExpr // the calls in its body, closures included
	inserts      []insertSend    // its INSERTs of live rows
	// wraps are the parameters its results are built from (return
	// &conn{Row: *row, svc: s}, return wrap(row)): a wrapper of a row
	// read live returns a live row (see propagateWraps).
	wraps map[int]bool
}

// insertSend is an INSERT of live rows a function sends: the table, where
// the send ends, and the values it passes (see valueRefs).
type insertSend struct {
	table string
	end   token.Pos
	refs  map[string]bool
}

type engine struct {
	pass   *analysis.Pass
	cat    *rules.Checker
	funcs  []*fn
	byObj  map[*types.Func]*fn
	impls  *ifaces.Implementations
	notes  []Note
	judged map[string]bool // call position + deferred key
	// local maps the key of each of the package's own deferred findings
	// to its index in the keyed findings; reported marks those reported.
	local    map[string]int
	reported map[int]bool
	foreign  map[*types.Func]string // see foreignInterface
	// calleesOf caches callees.
	calleesOf map[*ast.CallExpr][]*types.Func
	imports   map[*types.Func]importedFacts
}

type importedFacts struct {
	reads    ReadsFact
	deferred []Deferred
}

func newEngine(pass *analysis.Pass, cat *rules.Checker) *engine {
	e := &engine{pass: pass, cat: cat, byObj: map[*types.Func]*fn{}, judged: map[string]bool{}, local: map[string]int{}, reported: map[int]bool{}, foreign: map[*types.Func]string{}, calleesOf: map[*ast.CallExpr][]*types.Func{}, imports: map[*types.Func]importedFacts{}}
	var objs []*types.Func
	helpers := testcode.Package(pass.Pkg)
	for _, file := range pass.Files {
		test := helpers || testcode.File(pass.Fset, file)
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			obj, _ := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if obj == nil {
				continue
			}
			f := &fn{obj: obj, decl: fd, test: test, live: map[string]bool{}, deleted: map[string]bool{}}
			e.funcs = append(e.funcs, f)
			e.byObj[obj] = f
			objs = append(objs, obj)
		}
	}
	e.impls = ifaces.New(pass, objs, func(f analysis.Fact) bool {
		switch f.(type) {
		case *DeferredFact, *ReadsFact:
			return true
		}
		return false
	})
	for _, f := range e.funcs {
		if f.test {
			continue
		}
		calls := map[*ast.Ident]bool{}
		ast.Inspect(f.decl.Body, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				f.calls = append(f.calls, c)
				if id := calleeIdent(c.Fun); id != nil {
					calls[id] = true
				}
			}
			return true
		})
		ast.Inspect(f.decl.Body, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			obj, _ := pass.TypesInfo.Uses[id].(*types.Func)
			if g := e.byObj[originOf(obj)]; g != nil && g != f {
				if calls[id] {
					g.called = true
				} else {
					g.escapes = true
				}
			}
			return true
		})
	}
	// A function named at package level (a handler table) escapes too.
	for _, file := range pass.Files {
		for _, d := range file.Decls {
			if gd, ok := d.(*ast.GenDecl); ok {
				ast.Inspect(gd, func(n ast.Node) bool {
					if id, ok := n.(*ast.Ident); ok {
						if obj, _ := pass.TypesInfo.Uses[id].(*types.Func); obj != nil {
							if g := e.byObj[originOf(obj)]; g != nil {
								g.escapes = true
							}
						}
					}
					return true
				})
			}
		}
	}
	return e
}

func originOf(obj *types.Func) *types.Func {
	if obj == nil {
		return nil
	}
	return obj.Origin()
}

// calleeIdent is the identifier that names a call's function: f in f(),
// M in x.M().
func calleeIdent(fun ast.Expr) *ast.Ident {
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		return f
	case *ast.SelectorExpr:
		return f.Sel
	case *ast.IndexExpr:
		return calleeIdent(f.X)
	case *ast.IndexListExpr:
		return calleeIdent(f.X)
	}
	return nil
}

// enclosing returns the declared function whose body holds pos.
func (e *engine) enclosing(pos token.Pos) *fn {
	for _, f := range e.funcs {
		if f.decl.Pos() <= pos && pos < f.decl.End() {
			return f
		}
	}
	return nil
}

// collectReads records, for each function, the soft-delete tables its
// SELECTs read live or deleted only. A table read both ways is neither.
func (e *engine) collectReads(queries []*sqlextract.Query) {
	if e.cat == nil {
		return
	}
	mixed := map[*fn]map[string]bool{}
	for _, q := range queries {
		f := e.enclosing(q.Call.Pos())
		if f == nil {
			continue
		}
		for _, raw := range parsed(q) {
			if t := e.cat.InsertsLive(raw); t != nil {
				// The rows it adds are live: a key it returns is too.
				k := rules.TableKey(t)
				f.live[k] = true
				f.inserts = append(f.inserts, insertSend{table: k, end: q.Call.End(), refs: e.valueRefs(q)})
			}
			for _, r := range e.cat.Reads(raw) {
				k := rules.TableKey(r.Table)
				switch {
				case r.Live:
					f.live[k] = true
				case r.Deleted:
					f.deleted[k] = true
				default:
					if mixed[f] == nil {
						mixed[f] = map[string]bool{}
					}
					mixed[f][k] = true
				}
			}
		}
	}
	for f, m := range mixed {
		for k := range m {
			delete(f.live, k)
			delete(f.deleted, k)
		}
	}
}

// place decides, for each keyed finding, whether its function's callers
// judge it.
func (e *engine) place(keyed []Keyed, rep Reporter) {
	for i, k := range keyed {
		f := e.enclosing(k.Query.Call.Pos())
		if f != nil && k.Finding.Rule.ID != rules.HardDelete.ID {
			if at, ok := e.insertedBefore(f, k.Query, rules.TableKey(k.Finding.Table.Table)); ok {
				e.notes = append(e.notes, Note{Pos: k.Pos, Rule: k.Finding.Rule.ID, Table: rules.TableKey(k.Finding.Table.Table),
					Why: "not reported: the function inserted the row at " + e.position(at) + ", with the values that choose it"})
				continue
			}
		}
		why := e.cannotDefer(f)
		if why != "" {
			rep.Here(i, token.NoPos)
			continue
		}
		d := Deferred{Rule: k.Finding.Rule.ID, Message: k.Finding.Message, Where: k.Where,
			Table: rules.TableKey(k.Finding.Table.Table), Column: k.Finding.Table.Column,
			Lookup: k.Finding.Row.Lookup, Update: k.Finding.Row.Update, Via: methodName(f.obj), Params: e.paramsReaching(f, k.Query)}
		if _, ok := e.local[d.key()]; !ok {
			e.local[d.key()] = i
		}
		e.deferTo(f, d, k.Pos, true)
	}
}

// cannotDefer says why a function cannot pass a finding to its callers,
// or "" when it can.
func (e *engine) cannotDefer(f *fn) string {
	switch {
	case f == nil:
		return "not in a declared function"
	case f.test:
		return "in test code"
	case f.escapes:
		return "taken as a value"
	case len(dataParams(f.obj)) == 0:
		return "no parameter chooses the rows"
	}
	return ""
}

// deferTo passes d to f's callers; an unexported function nothing calls
// is dead code and d is dropped. With note, explain is told.
func (e *engine) deferTo(f *fn, d Deferred, at token.Pos, note bool) {
	for _, have := range f.deferred {
		if have.key() == d.key() {
			return
		}
	}
	f.deferred = append(f.deferred, d)
	if !note {
		return
	}
	switch iface := e.foreignInterface(f.obj); {
	case iface != "":
		// Callers through the interface may be in packages that do not
		// import this one: they cannot see the finding, and whether
		// the rows can be deleted ones is theirs to know, not this
		// statement's.
		e.note(at, d, "left to the callers of "+methodName(f.obj)+"; calls through "+iface+" from packages that do not import this one are not judged")
	case !f.obj.Exported() && !f.called:
		e.note(at, d, "not reported: "+f.obj.Name()+" has no caller")
	case f.obj.Exported() && !f.called:
		e.note(at, d, "left to the callers of "+methodName(f.obj)+" in other packages")
	default:
		e.note(at, d, "left to the callers of "+methodName(f.obj))
	}
}

func (e *engine) note(pos token.Pos, d Deferred, why string) {
	e.notes = append(e.notes, Note{Pos: pos, Rule: d.Rule, Table: d.Table, Why: why})
}

// foreignInterface is ifaces.Foreign, once per method.
func (e *engine) foreignInterface(m *types.Func) string {
	name, ok := e.foreign[m]
	if !ok {
		name = ifaces.Foreign(e.pass, m)
		e.foreign[m] = name
	}
	return name
}

// dataParams are the indices of fn's parameters that can carry a key:
// not a handle (an interface: a context, a pgx.Tx; or a pointer to a
// struct of database/sql or a library in libs: a *sql.Tx, a *gorm.DB).
func dataParams(obj *types.Func) []int {
	params := obj.Signature().Params()
	var out []int
	for i := 0; i < params.Len(); i++ {
		if isHandle(params.At(i).Type()) {
			continue
		}
		out = append(out, i)
	}
	return out
}

func isHandle(t types.Type) bool {
	if types.IsInterface(t) {
		return true
	}
	if p, ok := t.(*types.Pointer); ok {
		if n, ok := p.Elem().(*types.Named); ok {
			if _, ok := n.Underlying().(*types.Struct); ok && n.Obj().Pkg() != nil {
				path := n.Obj().Pkg().Path()
				return path == libs.SQLPath || slices.ContainsFunc(libs.All, func(l *libs.Library) bool { return l.Owns(path) })
			}
		}
	}
	return false
}

// judgeCalls judges each call of a function that passes findings to its
// callers. First, to a fixed point within the package, what the calls
// pass on and which functions return live rows (a checked lookup); then
// each call is judged once with all of it known.
func (e *engine) judgeCalls(rep Reporter) {
	each := func(fn func(g *fn, c *ast.CallExpr, d Deferred)) {
		for _, g := range e.funcs {
			if g.test {
				continue
			}
			for _, c := range g.calls {
				for _, d := range e.deferredBy(c) {
					fn(g, c, d)
				}
			}
		}
	}
	e.propagateWraps()
	for changed := true; changed; {
		changed = e.propagateReads()
		each(func(g *fn, c *ast.CallExpr, d Deferred) {
			v := e.decide(g, c, d)
			switch v.kind {
			case forward:
				before := len(g.deferred)
				nd := d
				nd.Params = v.params
				e.deferTo(g, nd, c.Pos(), false)
				changed = changed || len(g.deferred) > before
			case checked:
				if v.returns && !g.live[d.Table] {
					g.live[d.Table], changed = true, true
				}
			}
		})
	}
	atCalls := map[string][]token.Pos{}
	var order []Deferred
	each(func(g *fn, c *ast.CallExpr, d Deferred) {
		key := fmt.Sprint(c.Pos()) + "\x00" + d.key()
		if e.judged[key] {
			return
		}
		e.judged[key] = true
		v := e.decide(g, c, d)
		switch v.kind {
		case silent, checked:
			e.note(c.Pos(), d, v.why)
		case forward:
			nd := d
			nd.Params = v.params
			e.deferTo(g, nd, c.Pos(), true)
		case report:
			if i, ok := e.local[d.key()]; ok {
				// The statement is in this package: reported there,
				// with its fix, once.
				if !e.reported[i] {
					e.reported[i] = true
					rep.Here(i, c.Pos())
				}
				e.note(c.Pos(), d, "reported at "+d.Where+": this call chooses the rows with nothing to show")
				return
			}
			if _, ok := atCalls[d.key()]; !ok {
				order = append(order, d)
			}
			atCalls[d.key()] = append(atCalls[d.key()], c.Pos())
		}
	})
	// Once per statement and package, as the statement itself would be.
	for _, d := range order {
		calls := atCalls[d.key()]
		f := e.callFinding(d)
		switch n := len(calls) - 1; {
		case n == 1:
			f.Message += " (and 1 other call here)"
		case n > 1:
			f.Message += fmt.Sprintf(" (and %d other calls here)", n)
		}
		rep.AtCall(calls[0], f, calls[1:])
	}
}

// callees are the functions a call may run: the function it names and,
// for an interface method, each implementation seen.
func (e *engine) callees(c *ast.CallExpr) []*types.Func {
	if fns, ok := e.calleesOf[c]; ok {
		return fns
	}
	fns := e.resolveCallees(c)
	e.calleesOf[c] = fns
	return fns
}

func (e *engine) resolveCallees(c *ast.CallExpr) []*types.Func {
	id := calleeIdent(c.Fun)
	if id == nil {
		return nil
	}
	obj := originOf(typesFunc(e.pass.TypesInfo.Uses[id]))
	if obj == nil {
		return nil
	}
	if impls := e.impls.Of(obj); len(impls) > 0 {
		return impls // an interface method has no facts of its own
	}
	return []*types.Func{obj}
}

func typesFunc(o types.Object) *types.Func {
	f, _ := o.(*types.Func)
	return f
}

func (e *engine) deferredBy(c *ast.CallExpr) []Deferred {
	var out []Deferred
	for _, obj := range e.callees(c) {
		if f := e.byObj[obj]; f != nil {
			out = append(out, f.deferred...)
			continue
		}
		out = append(out, e.imported(obj).deferred...)
	}
	return out
}

func (e *engine) imported(obj *types.Func) importedFacts {
	if obj.Pkg() == nil || obj.Pkg() == e.pass.Pkg {
		return importedFacts{}
	}
	facts, ok := e.imports[obj]
	if !ok {
		var d DeferredFact
		e.pass.ImportObjectFact(obj, &d)
		e.pass.ImportObjectFact(obj, &facts.reads)
		facts.deferred = d.Findings
		e.imports[obj] = facts
	}
	return facts
}

type verdictKind int

const (
	report  verdictKind = iota
	silent              // the key is of a row read live, or deleted for a purge
	checked             // the caller checks the looked-up row in Go
	forward             // the caller passes the finding to its own callers
)

type verdict struct {
	kind    verdictKind
	why     string
	params  []int // forward: the caller's parameters that choose the rows
	returns bool  // checked: the caller returns the row it checked
}

// decide judges one deferred finding at one call of g.
func (e *engine) decide(g *fn, c *ast.CallExpr, d Deferred) verdict {
	o := &origins{e: e, g: g, memo: map[types.Object][]source{}}
	args := argsFor(c, d.Params)
	// The key is a field of a row read live, or of rows read deleted.
	for _, a := range args {
		src := o.of(a)
		if d.Rule == rules.HardDelete.ID {
			if allFrom(src, func(s source) bool { return s.reads(e).deleted[d.Table] }) {
				return verdict{kind: silent, why: "not reported: the keys are of rows " + describeSources(src) + " read deleted (a purge)"}
			}
			continue
		}
		if allFrom(src, func(s source) bool { return s.reads(e).live[d.Table] }) {
			return verdict{kind: silent, why: "not reported: the key is of a row " + describeSources(src) + " read live"}
		}
	}
	if d.Rule != rules.HardDelete.ID {
		if at, ok := e.readLiveBefore(g, c, args, d.Table); ok {
			return verdict{kind: silent, why: "not reported: the caller read the row live by the same key at " + e.position(at)}
		}
	}
	if d.Lookup {
		if at, ok := e.checksDeleted(g, c, d); ok {
			return verdict{kind: checked, why: "not reported: the caller checks the row's " + d.Column + " at " + e.position(at),
				returns: e.returnsResult(g, c)}
		}
	}
	// Passed on: the key is g's own parameter, or the lookup is g's result.
	var forwarded []int
	for _, a := range args {
		for _, s := range o.of(a) {
			if s.param >= 0 && !slices.Contains(forwarded, s.param) {
				forwarded = append(forwarded, s.param)
			}
		}
	}
	if d.Lookup && len(forwarded) == 0 && e.returnsResult(g, c) {
		forwarded = dataParams(g.obj)
	}
	if len(forwarded) > 0 && e.cannotDefer(g) == "" {
		sort.Ints(forwarded)
		return verdict{kind: forward, params: forwarded}
	}
	return verdict{kind: report}
}

func (e *engine) position(pos token.Pos) string {
	p := e.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// callFinding is the finding reported at a call.
func (e *engine) callFinding(d Deferred) rules.Finding {
	var sd *rules.SoftDelete
	if e.cat != nil {
		if t := e.cat.Schema.Tables[d.Table]; t != nil {
			sd = e.cat.SoftDelete(t)
		}
	}
	table := d.Table
	if sd != nil {
		table = sd.Table.Name
	}
	var msg string
	switch {
	case d.Lookup:
		msg = fmt.Sprintf("%s (%s) reads %s by key without filtering deleted rows, and this call neither checks the row's %s nor passes the key of a live row: filter the query or check %s",
			d.Via, d.Where, table, d.Column, d.Column)
	case d.Rule == rules.HardDelete.ID:
		msg = fmt.Sprintf("%s (%s) deletes %s rows for good by key, and this call's keys are not of rows read deleted (a purge): soft-delete them instead",
			d.Via, d.Where, table)
	case d.Rule == rules.Redelete.ID:
		msg = fmt.Sprintf("%s (%s) soft-deletes %s by key without a live-row guard, and this call's key is not of a row read live: a deleted row gets deleted again",
			d.Via, d.Where, table)
	default:
		msg = fmt.Sprintf("%s (%s) updates %s by key without filtering deleted rows, and this call's key is not of a row read live",
			d.Via, d.Where, table)
	}
	return rules.Finding{Rule: rules.ByID(d.Rule), Message: msg, Table: sd}
}

// argsFor returns the arguments of c for the parameters idx.
func argsFor(c *ast.CallExpr, idx []int) []ast.Expr {
	var out []ast.Expr
	for _, i := range idx {
		if i < len(c.Args) {
			out = append(out, c.Args[i])
		}
	}
	if n := len(idx); n > 0 && idx[n-1] < len(c.Args)-1 && c.Ellipsis == token.NoPos {
		// Variadic tail: the values after the last parameter too.
		out = append(out, c.Args[idx[n-1]+1:]...)
	}
	return out
}

// returnsResult reports whether g returns what call c returns: return
// c(...), or a variable assigned from c returned.
func (e *engine) returnsResult(g *fn, c *ast.CallExpr) bool {
	if g.returned == nil {
		g.returned = map[ast.Node]bool{}
		ast.Inspect(g.decl.Body, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			ret, ok := n.(*ast.ReturnStmt)
			if !ok {
				return true
			}
			for _, r := range ret.Results {
				switch r := ast.Unparen(r).(type) {
				case *ast.CallExpr:
					if returnsValue(e.pass.TypesInfo.Types[r].Type) {
						g.returned[r] = true
					}
				case *ast.Ident:
					if obj := e.pass.TypesInfo.Uses[r]; obj != nil && !isError(obj.Type()) {
						g.returnedVars = append(g.returnedVars, obj)
					}
				}
			}
			return true
		})
	}
	if g.returned[c] {
		return true
	}
	if len(g.returnedVars) == 0 {
		return false
	}
	vars := e.resultVars(g, c)
	for _, v := range g.returnedVars {
		if vars[v] {
			return true
		}
	}
	return false
}

// resultVars are the variables a call's results are assigned to.
func (e *engine) resultVars(g *fn, c *ast.CallExpr) map[types.Object]bool {
	vars := map[types.Object]bool{}
	path, _ := astutil.PathEnclosingInterval(fileOf(e.pass, g.decl), c.Pos(), c.End())
	for _, n := range path {
		switch s := n.(type) {
		case *ast.AssignStmt:
			if len(s.Rhs) == 1 && ast.Unparen(s.Rhs[0]) == c {
				for _, l := range s.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
						if obj := e.pass.TypesInfo.ObjectOf(id); obj != nil {
							vars[obj] = true
						}
					}
				}
			}
			return vars
		case *ast.ValueSpec:
			if len(s.Values) == 1 && ast.Unparen(s.Values[0]) == c {
				for _, id := range s.Names {
					if obj := e.pass.TypesInfo.ObjectOf(id); obj != nil {
						vars[obj] = true
					}
				}
			}
			return vars
		}
	}
	return vars
}

func fileOf(pass *analysis.Pass, n ast.Node) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= n.Pos() && n.Pos() <= f.FileEnd {
			return f
		}
	}
	return nil
}

// checksDeleted finds, in g, an if statement that tests the soft-delete
// field of what c returned and leaves (returns, or breaks out) when it
// holds: if u.DeletedAt.Valid { return nil, ErrDeleted }.
func (e *engine) checksDeleted(g *fn, c *ast.CallExpr, d Deferred) (token.Pos, bool) {
	vars := e.resultVars(g, c)
	if len(vars) == 0 {
		return token.NoPos, false
	}
	var at token.Pos
	ast.Inspect(g.decl.Body, func(n ast.Node) bool {
		ifs, ok := n.(*ast.IfStmt)
		if !ok || at.IsValid() || ifs.Pos() < c.End() {
			return at == token.NoPos
		}
		if e.testsField(ifs.Cond, vars, d.Column) && leaves(ifs.Body) {
			at = ifs.Pos()
		}
		return true
	})
	return at, at.IsValid()
}

// testsField reports whether cond reads field column (as Go spells it:
// DeletedAt for deleted_at) of one of vars.
func (e *engine) testsField(cond ast.Expr, vars map[types.Object]bool, column string) bool {
	want := fold(column)
	found := false
	ast.Inspect(cond, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok || found {
			return !found
		}
		if fold(sel.Sel.Name) == want {
			if root := rootIdent(sel.X); root != nil && vars[e.pass.TypesInfo.Uses[root]] {
				found = true
			}
		}
		return true
	})
	return found
}

// fold spells a name the way Go and SQL names of one column agree on:
// lower case without underscores (DeletedAt, deleted_at).
func fold(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }

func rootIdent(x ast.Expr) *ast.Ident {
	for {
		switch v := ast.Unparen(x).(type) {
		case *ast.Ident:
			return v
		case *ast.SelectorExpr:
			x = v.X
		case *ast.IndexExpr:
			x = v.X
		case *ast.StarExpr:
			x = v.X
		default:
			return nil
		}
	}
}

// leaves reports whether a block ends the path through it: a return, a
// panic, or a branch (continue, break, goto).
func leaves(b *ast.BlockStmt) bool {
	found := false
	ast.Inspect(b, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt, *ast.BranchStmt:
			found = true
		case *ast.CallExpr:
			if id, ok := s.Fun.(*ast.Ident); ok && id.Name == "panic" {
				found = true
			}
		}
		return !found
	})
	return found
}

// propagateWraps finds, to a fixed point, the parameters each function
// of the package returns values built from.
func (e *engine) propagateWraps() {
	for changed := true; changed; {
		changed = false
		for _, f := range e.funcs {
			if f.test || !returnsValue(f.obj.Signature().Results()) {
				continue
			}
			o := &origins{e: e, g: f, memo: map[types.Object][]source{}}
			for _, r := range e.returnedExprs(f) {
				for _, src := range o.of(r) {
					if src.param >= 0 && !f.wraps[src.param] {
						if f.wraps == nil {
							f.wraps = map[int]bool{}
						}
						f.wraps[src.param], changed = true, true
					}
				}
			}
		}
	}
}

// returnedExprs are the values f's return statements return, errors
// left out.
func (e *engine) returnedExprs(f *fn) []ast.Expr {
	var out []ast.Expr
	ast.Inspect(f.decl.Body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if ret, ok := n.(*ast.ReturnStmt); ok {
			for _, r := range ret.Results {
				if t := e.pass.TypesInfo.TypeOf(r); t != nil && !isError(t) {
					out = append(out, r)
				}
			}
		}
		return true
	})
	return out
}

// wrapped returns the parameters that every one of callees, functions
// of this package, wraps (see fn.wraps); nil if any wraps none.
func (e *engine) wrapped(callees []*types.Func) []int {
	var out []int
	for i, obj := range callees {
		f := e.byObj[obj]
		if f == nil || len(f.wraps) == 0 {
			return nil
		}
		var these []int
		for j := range f.wraps {
			if i == 0 || slices.Contains(out, j) {
				these = append(these, j)
			}
		}
		out = these
	}
	sort.Ints(out)
	return out
}

// propagateReads gives each function the reads of the functions whose
// results it returns; it reports whether anything changed.
func (e *engine) propagateReads() bool {
	any := false
	for changed := true; changed; {
		changed = false
		for _, f := range e.funcs {
			if f.test {
				continue
			}
			for _, c := range f.calls {
				callees := e.callees(c)
				wrapper := len(e.wrapped(callees)) > 0
				reading := slices.ContainsFunc(callees, func(obj *types.Func) bool {
					r := e.readsOf(obj)
					return len(r.live)+len(r.deleted) > 0
				})
				if !wrapper && !reading || !e.returnsResult(f, c) {
					continue
				}
				if wrapper {
					// The rows a wrapper returns are those of the
					// arguments it wraps.
					o := &origins{e: e, g: f, memo: map[types.Object][]source{}}
					for _, src := range o.of(c) {
						changed = f.addReads(src.reads(e)) || changed
					}
				}
				for _, obj := range callees {
					changed = f.addReads(e.readsOf(obj)) || changed
				}
			}
		}
		any = any || changed
	}
	return any
}

// addReads adds r to the tables f returns rows of, unless f already
// returns the other kind of rows of a table; it reports a change.
func (f *fn) addReads(r reads) bool {
	changed := false
	for k := range r.live {
		if !f.live[k] && !f.deleted[k] {
			f.live[k], changed = true, true
		}
	}
	for k := range r.deleted {
		if !f.deleted[k] && !f.live[k] {
			f.deleted[k], changed = true, true
		}
	}
	return changed
}

// export passes the package's findings and reads on.
func (e *engine) export() {
	for _, f := range e.funcs {
		if f.test || !f.obj.Exported() {
			continue // no other package can call it
		}
		if len(f.deferred) > 0 {
			e.pass.ExportObjectFact(f.obj, &DeferredFact{Findings: f.deferred})
		}
		if len(f.live)+len(f.deleted) > 0 && returnsValue(f.obj.Signature().Results()) {
			e.pass.ExportObjectFact(f.obj, &ReadsFact{Live: sortedKeys(f.live), Deleted: sortedKeys(f.deleted)})
		}
	}
}

type reads struct{ live, deleted map[string]bool }

func (e *engine) readsOf(obj *types.Func) reads {
	if f := e.byObj[obj]; f != nil {
		return reads{f.live, f.deleted}
	}
	r := e.imported(obj).reads
	return reads{setOf(r.Live), setOf(r.Deleted)}
}

func setOf(keys []string) map[string]bool {
	m := map[string]bool{}
	for _, k := range keys {
		m[k] = true
	}
	return m
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k, v := range m {
		if v {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// methodName is how a message names a function: Queries.GetUserByID.
func methodName(fn *types.Func) string {
	if recv := fn.Signature().Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := t.(*types.Named); ok {
			return n.Obj().Name() + "." + fn.Name()
		}
	}
	return fn.Name()
}

// parsed returns the statements of q PostgreSQL's parser accepts (the
// parse is cached per text).
func parsed(q *sqlextract.Query) []*pgast.RawStmt {
	pq := pgparse.ParseQuery(q.Text)
	if pq.Err != nil || pq.Tree == nil {
		return nil
	}
	return pq.Tree.Stmts
}

// NeedsSchema reports whether a package calls a function of another
// package that leaves findings to its callers: such a package is judged
// even if it sends no SQL itself.
func NeedsSchema(pass *analysis.Pass) bool {
	var impls *ifaces.Implementations
	for _, obj := range pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg() == pass.Pkg {
			continue
		}
		fn = fn.Origin()
		var fact DeferredFact
		if pass.ImportObjectFact(fn, &fact) {
			return true
		}
		if ifaces.IsInterfaceMethod(fn) && !ifaces.Standard(pass, fn.Pkg()) {
			if impls == nil {
				impls = ifaces.New(pass, nil, func(f analysis.Fact) bool { _, ok := f.(*DeferredFact); return ok })
			}
			if len(impls.Of(fn)) > 0 {
				return true
			}
		}
	}
	return false
}

// FactTypes are the facts the engine exports.
var FactTypes = []analysis.Fact{new(DeferredFact), new(ReadsFact)}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// paramsReaching returns the data parameters of f whose values reach the
// call that sends q (its arguments, the builder chain), through the local
// variables they are assigned to; all of f's data parameters when none is
// seen to.
func (e *engine) paramsReaching(f *fn, q *sqlextract.Query) []int {
	data := dataParams(f.obj)
	o := &origins{e: e, g: f, memo: map[types.Object][]source{}}
	o.index()
	seen := map[types.Object]bool{}
	var reach []int
	var visit func(n ast.Node)
	visit = func(n ast.Node) {
		ast.Inspect(n, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			obj := e.pass.TypesInfo.Uses[id]
			if obj == nil || seen[obj] {
				return true
			}
			seen[obj] = true
			if i := paramIndex(f.obj, obj); i >= 0 {
				if slices.Contains(data, i) && !slices.Contains(reach, i) {
					reach = append(reach, i)
				}
				return true
			}
			for _, rhs := range o.assigns[obj] {
				visit(rhs)
			}
			return true
		})
	}
	for _, a := range q.Call.Args {
		visit(a)
	}
	visit(q.Expr)
	if len(reach) == 0 {
		return data
	}
	sort.Ints(reach)
	return reach
}

// returnsValue reports whether a call's result type holds a value beside
// an error.
func returnsValue(t types.Type) bool {
	if tuple, ok := t.(*types.Tuple); ok {
		for i := 0; i < tuple.Len(); i++ {
			if !isError(tuple.At(i).Type()) {
				return true
			}
		}
		return false
	}
	return t != nil && !isError(t)
}

// readLiveBefore finds, in g before call c, a call that reads table live
// with one of c's key variables as an argument: the handler loaded the row
// live by its id, then updates it by the same id.
func (e *engine) readLiveBefore(g *fn, c *ast.CallExpr, args []ast.Expr, table string) (token.Pos, bool) {
	keys := map[types.Object]bool{}
	for _, a := range args {
		if id, ok := ast.Unparen(a).(*ast.Ident); ok {
			if obj := e.pass.TypesInfo.Uses[id]; obj != nil {
				keys[obj] = true
			}
		}
	}
	if len(keys) == 0 {
		return token.NoPos, false
	}
	var at token.Pos
	ast.Inspect(g.decl.Body, func(n ast.Node) bool {
		prev, ok := n.(*ast.CallExpr)
		if at.IsValid() || !ok || prev.End() > c.Pos() {
			return !at.IsValid()
		}
		usesKey := false
		for _, a := range prev.Args {
			if id, ok := ast.Unparen(a).(*ast.Ident); ok && keys[e.pass.TypesInfo.Uses[id]] {
				usesKey = true
			}
		}
		if !usesKey {
			return true
		}
		callees := e.callees(prev)
		if len(callees) == 0 {
			return true
		}
		for _, fn := range callees {
			if !e.readsOf(fn).live[table] {
				return true
			}
		}
		at = prev.Pos()
		return false
	})
	return at, at.IsValid()
}

// insertedBefore finds an INSERT of live rows into table that f sends
// before q and that passes every value q passes: q then acts on the row f
// has just inserted (INSERT … VALUES ($1, …) with id, then SELECT … WHERE
// id = $1 with id), which is live.
func (e *engine) insertedBefore(f *fn, q *sqlextract.Query, table string) (token.Pos, bool) {
	refs := e.valueRefs(q)
	if len(refs) == 0 {
		return token.NoPos, false
	}
	for _, ins := range f.inserts {
		if ins.table != table || ins.end > q.Call.Pos() {
			continue
		}
		all := true
		for r := range refs {
			all = all && ins.refs[r]
		}
		if all {
			return ins.end, true
		}
	}
	return token.NoPos, false
}

// valueRefs are the values a send passes to its statement, spelled as in
// the source: local variables and parameters, their fields and getters
// (id, u.ID, store.GetId()), in the call's arguments and the builder
// chain's. Constants, package-level names and handles (a context, a
// transaction) are not values of the rows.
func (e *engine) valueRefs(q *sqlextract.Query) map[string]bool {
	refs := map[string]bool{}
	info := e.pass.TypesInfo
	var value func(x ast.Expr) bool
	value = func(x ast.Expr) bool {
		switch x := ast.Unparen(x).(type) {
		case *ast.Ident:
			v, ok := info.Uses[x].(*types.Var)
			return ok && !v.IsField() && v.Parent() != nil && v.Parent() != v.Pkg().Scope()
		case *ast.SelectorExpr:
			return value(x.X)
		case *ast.CallExpr:
			sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
			return ok && len(x.Args) == 0 && info.Selections[sel] != nil && value(sel.X)
		}
		return false
	}
	record := func(x ast.Expr) {
		if x == q.Expr {
			return // the SQL text, not a value
		}
		if tv, ok := info.Types[x]; ok && (tv.Value != nil || isHandle(tv.Type)) {
			return
		}
		if value(x) {
			refs[types.ExprString(x)] = true
		}
	}
	visit := func(n ast.Node) {
		if n == nil {
			return
		}
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				for _, a := range n.Args {
					record(a)
				}
			case *ast.KeyValueExpr:
				record(n.Value)
			case *ast.CompositeLit:
				for _, el := range n.Elts {
					if _, ok := el.(*ast.KeyValueExpr); !ok {
						record(el)
					}
				}
			}
			return true
		})
	}
	for _, a := range q.Call.Args {
		record(a)
	}
	visit(q.Call)
	visit(q.Expr)
	return refs
}
