package sqlextract

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/softdelete/softdelete/internal/libs"
)

// Query builders (squirrel, gorm, ...) are interpreted abstractly: a
// builder expression evaluates to a chain, the list of library calls
// (ops) that made it, in order, with their arguments resolved as far as
// they can be (strings as spans, constants, maps, nested builders). The
// library's renderer then folds the ops into the SQL text the library
// would send, as spans: text that comes from a Go string literal keeps its
// exact position; keywords the library adds point at the call that
// caused them (the From, Join, Update, Model call).
//
// Evaluation follows builder values through local variables (writes in
// source order; a write in a block that does not enclose the use applies
// only on some paths and marks its ops conditional), package-level
// variables that are never reassigned, helper functions of the package
// (their body is interpreted with the arguments bound to the parameters)
// and helper functions of other packages through BuilderFacts. What it
// cannot follow makes the chain unknown, and no Query is produced for it.

// A bop is one library call in a chain.
type bop struct {
	lib  string // library name, e.g. libs.Squirrel.Name
	recv string // receiver type name; "" for a package-level function
	name string // function or method name
	args []*bval
	pos  token.Pos // position of the call's function name: synthesized text points here
	cond bool      // applied on some paths only
}

// A chain is the abstract value of a builder expression.
type chain struct {
	ops []bop
	// param >= 0: the chain starts from parameter number param of the
	// helper being summarized (see BuilderFact); -1 otherwise.
	param int
	// self: the chain starts from the variable being reassigned (the
	// delta of a conditional write).
	self bool
	// via, with param: the chain starts from parameter param of via, a
	// constructor that keeps it in a struct field (see fieldChain).
	via *types.Func
}

func (c *chain) with(op bop) *chain {
	return c.extended([]bop{op})
}

// extended returns a copy of c with ops appended.
func (c *chain) extended(ops []bop) *chain {
	n := &chain{param: c.param, self: c.self, via: c.via, ops: make([]bop, len(c.ops), len(c.ops)+len(ops))}
	copy(n.ops, c.ops)
	n.ops = append(n.ops, ops...)
	return n
}

// fresh reports whether c starts from a builder of its own, not from a
// parameter or the variable being reassigned: only such a chain renders.
func (c *chain) fresh() bool { return c.param < 0 && !c.self && c.via == nil }

// A bval is the abstract value of an argument of a builder call.
type bval struct {
	kind  vkind
	spans []span // vStr: the text; vExpr: the SQL fragment
	lit   string // vConst: the SQL literal ("0", "true", "'x'"); vModel: "literal" for a keyed struct literal (kv: its fields)
	typ   string // vMap, vList, vExpr: the library type or function ("Eq", "And", "Expr", "On", ...)
	kv    []bkv  // vMap, sorted by key
	list  []*bval
	chain *chain     // vBuilder
	gtype types.Type // the Go type of the argument, for models
	pos   token.Pos
}

type bkv struct {
	key []span
	val *bval
}

type vkind int

const (
	vUnknown vkind = iota
	vStr
	vConst
	vNil
	vMap
	vList
	vExpr
	vBuilder
	vModel // a pointer to a struct, a slice of structs: an ORM model
)

// A benv binds variables to chains during the interpretation of a helper
// or of a conditional write.
//
// An exact binding is the value of the variable at the point of use (the
// value before a write, while its right-hand side is evaluated); an
// initial binding is the value of a parameter on entry, to which the
// writes of the function body still apply.
type benv struct {
	parent  *benv
	v       *types.Var
	c       *chain
	initial bool
}

func (e *benv) lookup(v *types.Var) (c *chain, initial, ok bool) {
	for ; e != nil; e = e.parent {
		if e.v == v {
			return e.c, e.initial, e.c != nil
		}
	}
	return nil, false, false
}

func (e *benv) bind(v *types.Var, c *chain) *benv { return &benv{parent: e, v: v, c: c} }

func (e *benv) bindInitial(v *types.Var, c *chain) *benv {
	return &benv{parent: e, v: v, c: c, initial: true}
}

// A library describes one query builder to the interpreter: what
// libs knows of it, and how to read and render its chains.
type library struct {
	*libs.Library
	// builder reports whether a named type of the library is a builder
	// value (its methods extend the chain).
	builder func(name string) bool
	// root reports whether a value of that type, when its origin is not
	// known (a field, a parameter), may be taken as a fresh builder: a
	// connection or a statement builder that carries no SQL.
	root func(name string) bool
	// terminal reports whether a method call on a builder sends the
	// query (or renders it): the chain ending there is a Query.
	terminal func(recv, name string) bool
	// text reports whether a method renders the query as SQL text for
	// the caller to send (ToSql, String): if that text flows into a sink,
	// the sink's query has it.
	text func(recv, name string) bool
	// sqlizer reports whether a builder type is executed by whoever it is
	// handed to as an interface value.
	sqlizer func(name string) bool
	// partial reports whether an op applied on some paths only (a
	// conditional write b = b.Where(...)) can be folded; nil if any can.
	partial func(name string) bool
	// render folds a chain into SQL text; ok is false when it cannot.
	render func(r *bresolver, c *chain, at token.Pos) ([]span, bool)
	// callbacks reports whether a method calls its function arguments
	// with the builder and goes on with what they return: splice, the
	// chain goes on with the ops they add (bun's Apply, gorm's Scopes);
	// group, the ops they add are one argument of the op, a builder
	// value from the receiver's zero state (bun's WhereGroup). nil if
	// none does.
	callbacks func(recv, name string) (splice, group bool)

	// sinks are the library's sink methods (sinks.go) by receiver type
	// name: calls that send SQL text written in the code.
	sinks map[string]map[string]int
}

var (
	libraries []*library
	libraryOf = map[*libs.Library]*library{}
)

func registerLibrary(l *library) {
	l.sinks = map[string]map[string]int{}
	for typ, methods := range methodSinks {
		if recv, ok := strings.CutPrefix(typ, l.Paths[0]+"."); ok {
			l.sinks[recv] = methods
		}
	}
	libraries = append(libraries, l)
	libraryOf[l.Library] = l
}

// onlyWhere is the partial of a library whose renderer folds a
// conditional Where (as "(p OR NOT (p))") and no other conditional op.
func onlyWhere(name string) bool { return name == "Where" }

// fold applies the ops of chain c in order, through apply, to the
// statement that a renderer of library lib builds: the loop every renderer
// shares. It fails at an op of another library; at a call that sends SQL
// text written in the code (gorm's Raw, bun's NewRaw), which also marks
// the chain as no query of its own (r.sent: the sink reports the text);
// at an op applied on some paths only that the library cannot fold; and
// where apply fails.
func (r *bresolver) fold(lib *libs.Library, c *chain, apply func(i int, op bop) bool) bool {
	l := libraryOf[lib]
	for i, op := range c.ops {
		if op.lib != l.Name {
			return false
		}
		if _, ok := l.sinks[op.recv][op.name]; ok {
			r.sent = true
			return false
		}
		if op.cond && l.partial != nil && !l.partial(op.name) {
			r.giveUp(op.pos, "its %s is applied on some paths only", op.name)
			return false
		}
		if !apply(i, op) {
			r.giveUp(op.pos, "its %s call is not one softdelete can render", op.name)
			return false
		}
	}
	return true
}

func libraryOfPkg(p *types.Package) *library {
	if p == nil {
		return nil
	}
	for _, l := range libraries {
		if l.Owns(p.Path()) {
			return l
		}
	}
	return nil
}

// namedOf returns the named type of t or *t.
func namedOf(t types.Type) *types.Named {
	if t == nil {
		return nil
	}
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, _ := t.(*types.Named)
	return n
}

// builderType returns the library and type name of a builder type.
func builderType(t types.Type) (*library, string) {
	n := namedOf(t)
	if n == nil {
		return nil, ""
	}
	obj := n.Origin().Obj()
	l := libraryOfPkg(obj.Pkg())
	if l == nil || !l.builder(obj.Name()) {
		return nil, ""
	}
	return l, obj.Name()
}

// onSomePaths returns copies of ops marked as applied on some paths only.
func onSomePaths(ops []bop) []bop {
	out := make([]bop, len(ops))
	for i, op := range ops {
		op.cond = true
		out[i] = op
	}
	return out
}

// unfoldable reports whether the library of op cannot fold it as applied
// on some paths only (library.partial).
func unfoldable(op bop) bool {
	for _, l := range libraries {
		if l.Name == op.lib {
			return l.partial != nil && !l.partial(op.name)
		}
	}
	return false
}

// A bresolver evaluates builder expressions of one package; it carries the
// step budget of one query.
type bresolver struct {
	*resolver
	active map[*types.Func]bool // helpers being interpreted (recursion guard)
	// sent is set by a renderer whose chain sends SQL text written in the
	// code (gorm's Raw): a sink reports that text, the chain is no query
	// of its own.
	sent bool
	// lostAt and lost say where and why a chain was first lost, for the
	// reason an unresolved query gives (a later success makes it moot).
	lostAt token.Pos
	lost   string
	// typeArgs are the type arguments of the generic function whose send
	// is being rendered for one of its instantiations.
	typeArgs map[*types.TypeParam]types.Type
}

// subst returns t with the type parameters of typeArgs replaced, through
// pointers and slices (a model *[]T, new(T)).
func (r *bresolver) subst(t types.Type) types.Type {
	if len(r.typeArgs) == 0 || t == nil {
		return t
	}
	switch u := types.Unalias(t).(type) {
	case *types.TypeParam:
		if a, ok := r.typeArgs[u]; ok {
			return a
		}
	case *types.Pointer:
		if e := r.subst(u.Elem()); e != u.Elem() {
			return types.NewPointer(e)
		}
	case *types.Slice:
		if e := r.subst(u.Elem()); e != u.Elem() {
			return types.NewSlice(e)
		}
	}
	return t
}

// An instantiation is a call of a generic function of the package with
// type arguments that are not type parameters themselves.
type instantiation struct {
	fn   *types.Func
	call *ast.CallExpr
	args map[*types.TypeParam]types.Type
}

// instantiations returns, for a call inside a generic function of the
// package, the calls of that function in the package, in source order;
// nil for a call in a function that is not generic.
func (x *extractor) instantiations(call *ast.CallExpr) []instantiation {
	fd, ok := x.topDecl(call.Pos()).(*ast.FuncDecl)
	if !ok || fd.Type.TypeParams == nil {
		return nil
	}
	fn, ok := x.info.Defs[fd.Name].(*types.Func)
	if !ok || fn.Signature().TypeParams().Len() == 0 {
		return nil
	}
	tps := fn.Signature().TypeParams()
	var out []instantiation
	for _, f := range x.files {
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fun := ast.Unparen(c.Fun)
			switch e := fun.(type) {
			case *ast.IndexExpr:
				fun = e.X
			case *ast.IndexListExpr:
				fun = e.X
			}
			id := identOf(fun)
			if id == nil || x.info.Uses[id] != fn {
				return true
			}
			inst, ok := x.info.Instances[id]
			if !ok || inst.TypeArgs.Len() != tps.Len() {
				return true
			}
			m := map[*types.TypeParam]types.Type{}
			for i := 0; i < tps.Len(); i++ {
				a := inst.TypeArgs.At(i)
				if _, ok := a.(*types.TypeParam); ok {
					return true // list[T] inside another generic function
				}
				m[tps.At(i)] = a
			}
			out = append(out, instantiation{fn: fn, call: c, args: m})
			return true
		})
	}
	return out
}

// giveUp records why the chain could not be followed at pos, unless an
// earlier, deeper cause is already known, and fails.
func (r *bresolver) giveUp(pos token.Pos, format string, args ...any) (*chain, bool) {
	if r.lost == "" {
		r.lostAt, r.lost = pos, fmt.Sprintf(format, args...)
	}
	return nil, false
}

func (x *extractor) newBResolver() *bresolver {
	return &bresolver{resolver: x.newResolver(), active: map[*types.Func]bool{}}
}

func (r *bresolver) budget(depth int) bool {
	r.steps++
	return depth <= maxDepth && r.steps <= maxSteps
}

// eval returns the chain of the builder expression e. Why an attempt
// inside it failed is forgotten when another way succeeds.
func (r *bresolver) eval(e ast.Expr, env *benv, depth int) (*chain, bool) {
	lost, lostAt := r.lost, r.lostAt
	c, ok := r.evalExpr(e, env, depth)
	if ok {
		r.lost, r.lostAt = lost, lostAt
	}
	return c, ok
}

func (r *bresolver) evalExpr(e ast.Expr, env *benv, depth int) (*chain, bool) {
	if !r.budget(depth) || e == nil {
		return nil, false
	}
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.CallExpr:
		if c, ok := r.evalCall(e, env, depth); ok {
			return c, true
		}
	case *ast.Ident:
		if v, ok := r.x.info.Uses[e].(*types.Var); ok {
			if c, ok := r.variableChain(v, e.Pos(), env, depth); ok {
				return c, true
			}
		}
	case *ast.SelectorExpr:
		if v, ok := r.x.info.Uses[e.Sel].(*types.Var); ok && !v.IsField() && v.Pkg() == r.x.pkg {
			if c, ok := r.variableChain(v, e.Pos(), env, depth); ok {
				return c, true
			}
		}
		if c, ok := r.rootChain(e); ok {
			return c, true
		}
		if v, ok := r.x.info.Uses[e.Sel].(*types.Var); ok && v.IsField() {
			if v.Pkg() == r.x.pkg && !v.Exported() {
				return r.fieldChain(v, e.Pos(), depth)
			}
			if c, ok := r.heldChain(e, env, depth); ok {
				return c, true
			}
			return r.giveUp(e.Pos(), "the struct field %s holds it", v.Name())
		}
	case *ast.StarExpr:
		return r.eval(e.X, env, depth+1)
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return r.eval(e.X, env, depth+1)
		}
	}
	return r.rootChain(e)
}

// rootChain returns a fresh chain for an expression of a root type (a
// connection, a statement builder) whose origin is not followed.
func (r *bresolver) rootChain(e ast.Expr) (*chain, bool) {
	tv, ok := r.x.info.Types[e]
	if !ok {
		return nil, false
	}
	l, name := builderType(tv.Type)
	if l == nil || l.root == nil || !l.root(name) {
		return nil, false
	}
	return &chain{param: -1}, true
}

// evalCall evaluates a call that returns a builder: a library call, a
// helper of this package, or a helper of another package with a fact.
func (r *bresolver) evalCall(call *ast.CallExpr, env *benv, depth int) (*chain, bool) {
	fn, shift := r.x.callee(call)
	if fn == nil || shift != 0 {
		return r.giveUp(call.Pos(), "it comes from a call of a function value or an interface method")
	}
	if l := libraryOfPkg(fn.Pkg()); l != nil {
		return r.libraryCall(l, fn, call, env, depth)
	}
	if fn.Pkg() == r.x.pkg {
		return r.helper(fn, call, env, depth)
	}
	return r.factHelper(fn, call, env, depth)
}

func (r *bresolver) libraryCall(l *library, fn *types.Func, call *ast.CallExpr, env *benv, depth int) (*chain, bool) {
	op := bop{lib: l.Name, name: fn.Name(), pos: call.Fun.Pos()}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		op.pos = sel.Sel.Pos()
	}
	base := &chain{param: -1}
	if recv := fn.Signature().Recv(); recv != nil {
		rl, name := builderType(recv.Type())
		if rl == nil {
			return nil, false
		}
		op.recv = name
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil, false
		}
		b, ok := r.eval(sel.X, env, depth+1)
		if !ok {
			return nil, false
		}
		base = b
	}
	if l.callbacks != nil {
		if splice, group := l.callbacks(op.recv, op.name); splice || group {
			return r.callbackCall(base, op, call, group, env, depth)
		}
	}
	op.args = r.evalArgs(call, fn, env, depth)
	return base.with(op), true
}

// callbackCall evaluates a library call whose function arguments the
// library calls with the builder (see library.callbacks): each function
// argument is read as the ops it adds to the builder it is given.
func (r *bresolver) callbackCall(base *chain, op bop, call *ast.CallExpr, group bool, env *benv, depth int) (*chain, bool) {
	if call.Ellipsis.IsValid() {
		return r.giveUp(call.Pos(), "its %s functions come from a slice", op.name)
	}
	var added []bop
	for _, a := range call.Args {
		tv := r.x.info.Types[a]
		if tv.IsNil() {
			continue // bun's Apply skips nil
		}
		if tv.Type == nil {
			return r.giveUp(a.Pos(), "its %s argument has no type", op.name)
		}
		if _, ok := tv.Type.Underlying().(*types.Signature); !ok {
			op.args = append(op.args, r.value(a, env, depth+1))
			continue
		}
		d, ok := r.callbackChain(a, env, depth+1)
		if !ok {
			return nil, false
		}
		if group {
			op.args = append(op.args, &bval{kind: vBuilder, chain: d, pos: a.Pos()})
			continue
		}
		added = append(added, d.ops...)
	}
	if group {
		return base.with(op), true
	}
	return base.extended(added), true
}

// callbackChain returns the ops a function value adds to the builder it is
// called with: a function literal, a function of the package, or a call of
// a function of the package that returns a function literal (a gorm scope
// factory: byTeam(id) returning func(db *gorm.DB) *gorm.DB). The chain
// starts from self; ok is false for anything else.
func (r *bresolver) callbackChain(e ast.Expr, env *benv, depth int) (*chain, bool) {
	if !r.budget(depth) {
		return nil, false
	}
	e = ast.Unparen(e)
	var (
		typ  *ast.FuncType
		body *ast.BlockStmt
		name string
	)
	switch f := e.(type) {
	case *ast.FuncLit:
		typ, body, name = f.Type, f.Body, "the function literal"
	case *ast.Ident, *ast.SelectorExpr:
		fn, _ := r.x.info.Uses[identOf(f)].(*types.Func)
		if fn == nil || fn.Pkg() != r.x.pkg {
			return r.giveUp(e.Pos(), "its callback is not a function of this package")
		}
		fd := r.x.funcDecl(fn)
		if fd == nil || fd.Recv != nil {
			return r.giveUp(e.Pos(), "its callback %s is not followed", fn.Name())
		}
		typ, body, name = fd.Type, fd.Body, fn.Name()
	case *ast.CallExpr:
		fn, shift := r.x.callee(f)
		if fn == nil || shift != 0 || fn.Pkg() != r.x.pkg {
			return r.giveUp(e.Pos(), "its callback comes from a call softdelete does not follow")
		}
		fd := r.x.funcDecl(fn)
		if fd == nil || r.active[fn] {
			return r.giveUp(e.Pos(), "its callback comes from %s, which is not followed", fn.Name())
		}
		lit, ok := soleReturn(fd.Body).(*ast.FuncLit)
		if !ok {
			return r.giveUp(e.Pos(), "its callback comes from %s, which does not return one function literal", fn.Name())
		}
		r.active[fn] = true
		defer delete(r.active, fn)
		return r.callbackChain(lit, env, depth+1)
	default:
		return r.giveUp(e.Pos(), "its callback is a function value softdelete does not follow")
	}
	var param *types.Var
	if typ.Params != nil && len(typ.Params.List) == 1 && len(typ.Params.List[0].Names) == 1 {
		param, _ = r.x.info.Defs[typ.Params.List[0].Names[0]].(*types.Var)
	}
	if param == nil {
		return r.giveUp(e.Pos(), "its callback does not take the builder as its one parameter")
	}
	c, ok := r.returned(body, name, e.Pos(), env.bindInitial(param, &chain{param: -1, self: true}), depth)
	if !ok {
		return nil, false
	}
	if !c.self {
		return r.giveUp(e.Pos(), "its callback returns another builder than the one it is given")
	}
	return c, true
}

// identOf returns the identifier that names e (x or pkg.x).
func identOf(e ast.Expr) *ast.Ident {
	switch e := e.(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	}
	return nil
}

// evalArgs evaluates the arguments of a library call; a spread variadic
// argument (xs...) becomes one unknown value.
func (r *bresolver) evalArgs(call *ast.CallExpr, fn *types.Func, env *benv, depth int) []*bval {
	var out []*bval
	for i, a := range call.Args {
		if call.Ellipsis.IsValid() && i == len(call.Args)-1 {
			out = append(out, r.spreadValue(a))
			continue
		}
		out = append(out, r.value(a, env, depth+1))
	}
	return out
}

// spreadValue is the value of a spread argument xs...: for a local
// []string variable built from constants (a literal, then appends of
// constants, on any path: the columns an update sets when its input
// has them), a vList typed "spread" of every string it may hold;
// unknown otherwise.
func (r *bresolver) spreadValue(e ast.Expr) *bval {
	unknown := &bval{kind: vUnknown, pos: e.Pos()}
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return unknown
	}
	v, ok := r.x.info.Uses[id].(*types.Var)
	if !ok || v.Pkg() != r.x.pkg || v.IsField() || v.Parent() == r.x.pkg.Scope() {
		return unknown
	}
	if sl, ok := v.Type().Underlying().(*types.Slice); !ok || !isString(sl.Elem()) {
		return unknown
	}
	dv := r.x.declVarsAt(v.Pos())
	if dv == nil || !dv.defs[v] || dv.lost(v, id.Pos()) {
		return unknown
	}
	out := &bval{kind: vList, typ: "spread", pos: e.Pos()}
	seen := map[string]bool{}
	add := func(elems []ast.Expr) bool {
		for _, el := range elems {
			tv := r.x.info.Types[el]
			if tv.Value == nil || tv.Value.Kind() != constant.String {
				return false
			}
			text := constant.StringVal(tv.Value)
			if !seen[text] {
				seen[text] = true
				out.list = append(out.list, &bval{kind: vStr, spans: []span{{text: text, known: true, at: el.Pos()}}, pos: el.Pos()})
			}
		}
		return true
	}
	for _, w := range dv.writes[v] {
		if w.end > id.Pos() {
			break
		}
		if w.kind == zeroVar {
			continue
		}
		if w.kind != setVar || w.rhs == nil || w.multi {
			return unknown
		}
		switch rhs := ast.Unparen(w.rhs).(type) {
		case *ast.CompositeLit:
			if !add(rhs.Elts) {
				return unknown
			}
		case *ast.CallExpr:
			b, ok := r.x.info.Uses[identOf(rhs.Fun)].(*types.Builtin)
			switch {
			case !ok:
				return unknown
			case b.Name() == "make":
			case b.Name() == "append" && len(rhs.Args) > 0 && !rhs.Ellipsis.IsValid() && r.x.info.Uses[identOf(rhs.Args[0])] == v:
				if !add(rhs.Args[1:]) {
					return unknown
				}
			default:
				return unknown
			}
		default:
			return unknown
		}
	}
	return out
}

// value evaluates one argument.
func (r *bresolver) value(e ast.Expr, env *benv, depth int) *bval {
	v := &bval{kind: vUnknown, pos: e.Pos()}
	if !r.budget(depth) {
		return v
	}
	e = ast.Unparen(e)
	tv := r.x.info.Types[e]
	v.gtype = r.subst(tv.Type)
	if tv.IsNil() {
		v.kind = vNil
		return v
	}
	if tv.Value != nil {
		switch tv.Value.Kind() {
		case constant.String:
			v.kind, v.spans = vStr, r.resolve(e, depth+1)
		case constant.Bool:
			v.kind, v.lit = vConst, strconv.FormatBool(constant.BoolVal(tv.Value))
		case constant.Int, constant.Float:
			v.kind, v.lit = vConst, tv.Value.ExactString()
		}
		return v
	}
	if tv.Type != nil {
		if l, _ := builderType(tv.Type); l != nil {
			if c, ok := r.eval(e, env, depth+1); ok {
				v.kind, v.chain = vBuilder, c
			}
			return v
		}
		if isString(tv.Type) {
			v.kind, v.spans = vStr, r.resolve(e, depth+1)
			return v
		}
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		r.compositeValue(v, e, env, depth)
	case *ast.CallExpr:
		r.callValue(v, e, env, depth)
	case *ast.UnaryExpr:
		if cl, ok := ast.Unparen(e.X).(*ast.CompositeLit); ok && e.Op == token.AND {
			r.compositeValue(v, cl, env, depth)
			v.gtype = tv.Type
		}
		if v.kind == vUnknown && modelStruct(tv.Type) != nil {
			v.kind = vModel
		}
	case *ast.Ident, *ast.SelectorExpr:
		if id, ok := e.(*ast.Ident); ok {
			if lv, ok := r.x.info.Uses[id].(*types.Var); ok {
				if val := r.localValue(lv, id.Pos(), env, depth); val != nil {
					return val
				}
			}
		}
		if modelStruct(tv.Type) != nil {
			v.kind = vModel
		}
	}
	return v
}

// localValue is the value of a local variable that is not a builder (a
// condition: var cond sq.Eq; if byID { cond = sq.Eq{...} } else { ... })
// at ref: the value of its one write, or, when branches give it
// different values, a squirrel Or of them (it holds one of them; the
// live filter is there only if every one has it). nil when it cannot be
// followed.
func (r *bresolver) localValue(v *types.Var, ref token.Pos, env *benv, depth int) *bval {
	x := r.x
	if v.Pkg() != x.pkg || v.IsField() || v.Parent() == x.pkg.Scope() {
		return nil
	}
	dv := x.declVarsAt(v.Pos())
	if dv == nil || dv.lost(v, ref) {
		return nil
	}
	var alts []*bval
	zero := false
	branches := map[ast.Node]bool{} // blocks of the writes on some paths only
	for _, w := range dv.writes[v] {
		if w.end > ref {
			break
		}
		switch {
		case w.kind == zeroVar:
			zero, alts = true, nil
			clear(branches)
			continue
		case w.kind != setVar || w.rhs == nil:
			return nil
		}
		if w.multi {
			call, ok := ast.Unparen(w.rhs).(*ast.CallExpr)
			if !ok {
				return nil
			}
			if fn, _ := x.callee(call); fn == nil || fn.Pkg() != x.pkg {
				return nil
			}
		}
		// f, err := filterFor(q): the first result of a call.
		val := r.value(w.rhs, env, depth+1)
		if val.kind == vUnknown {
			return nil
		}
		if w.block == nil || (w.block.Pos() <= ref && ref < w.block.End()) {
			zero, alts = false, nil // set on every path to ref
			clear(branches)
		} else {
			branches[w.block] = true
		}
		alts = append(alts, val)
	}
	if zero && len(alts) > 0 && everyBranch(x.topDecl(ref), branches) {
		zero = false // if/else or switch with default: set on every path
	}
	switch {
	case len(alts) == 0 || zero:
		return nil
	case len(alts) == 1:
		return alts[0]
	}
	n := namedOf(v.Type())
	if n == nil || libraryOfPkg(n.Obj().Pkg()) != libraryOf[libs.Squirrel] {
		return nil
	}
	return &bval{kind: vList, typ: "Or", list: alts, gtype: v.Type(), pos: ref}
}

// isStructType reports whether t is a pointer to a named struct type.
func isStructType(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	_, ok = p.Elem().Underlying().(*types.Struct)
	return ok
}

// modelStruct returns the named struct type of a model value: *T, *[]T,
// *[]*T, []T, T.
func modelStruct(t types.Type) *types.Named {
	for i := 0; i < 4 && t != nil; i++ {
		t = types.Unalias(t)
		switch u := t.(type) {
		case *types.Pointer:
			t = u.Elem()
			continue
		case *types.Slice:
			t = u.Elem()
			continue
		case *types.Named:
			if _, ok := u.Underlying().(*types.Struct); ok {
				return u
			}
			if s, ok := u.Underlying().(*types.Slice); ok {
				t = s.Elem()
				continue
			}
		}
		return nil
	}
	return nil
}

func (r *bresolver) compositeValue(v *bval, cl *ast.CompositeLit, env *benv, depth int) {
	t := r.x.info.Types[cl].Type
	if t == nil {
		return
	}
	typ := ""
	if n := namedOf(t); n != nil && libraryOfPkg(n.Obj().Pkg()) != nil {
		typ = n.Obj().Name()
	}
	switch u := t.Underlying().(type) {
	case *types.Map:
		if !isString(u.Key()) {
			return
		}
		v.kind, v.typ = vMap, typ
		for _, el := range cl.Elts {
			kve, ok := el.(*ast.KeyValueExpr)
			if !ok {
				v.kind = vUnknown
				return
			}
			v.kv = append(v.kv, bkv{key: r.resolve(kve.Key, depth+1), val: r.value(kve.Value, env, depth+1)})
		}
		sort.SliceStable(v.kv, func(i, j int) bool { return joined(v.kv[i].key) < joined(v.kv[j].key) })
	case *types.Slice:
		v.kind, v.typ = vList, typ
		for _, el := range cl.Elts {
			if _, ok := el.(*ast.KeyValueExpr); ok {
				v.kind = vUnknown
				return
			}
			v.list = append(v.list, r.value(el, env, depth+1))
		}
	case *types.Struct:
		if !isStructType(types.NewPointer(t)) {
			return
		}
		// A model literal: its keyed fields, for the ORMs that read the
		// non-zero fields of a struct (gorm's Where(&User{Name: n})).
		v.kind, v.lit = vModel, "literal"
		for _, el := range cl.Elts {
			kve, ok := el.(*ast.KeyValueExpr)
			if !ok {
				v.lit = "" // positional: the fields are not recorded
				v.kv = nil
				return
			}
			id, ok := kve.Key.(*ast.Ident)
			if !ok {
				return
			}
			v.kv = append(v.kv, bkv{key: []span{{text: id.Name, known: true}}, val: r.value(kve.Value, env, depth+1)})
		}
	}
}

// callValue evaluates a call argument: a library expression function
// (sq.Expr, goqu.C(...).IsNull(), ...) becomes a vExpr whose fragments
// are the call's arguments.
func (r *bresolver) callValue(v *bval, call *ast.CallExpr, env *benv, depth int) {
	fn, shift := r.x.callee(call)
	if fn != nil && shift == 0 && fn.Pkg() == r.x.pkg {
		if hv := r.helperValue(fn, call, depth); hv != nil {
			*v = *hv
			return
		}
	}
	if fn == nil || shift != 0 || libraryOfPkg(fn.Pkg()) == nil {
		if arg, ok := r.conversionLike(call); ok {
			gtype := v.gtype
			*v = *r.value(arg, env, depth+1)
			if v.kind == vNil {
				v.gtype = gtype // (*User)(nil): a model type
			}
		}
		return
	}
	v.kind, v.typ = vExpr, fn.Name()
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && fn.Signature().Recv() != nil {
		// a method of an expression value: goqu.C("x").IsNull()
		v.list = append(v.list, r.value(sel.X, env, depth+1))
	}
	for i, a := range call.Args {
		if call.Ellipsis.IsValid() && i == len(call.Args)-1 {
			v.list = append(v.list, &bval{kind: vUnknown, pos: a.Pos()})
			continue
		}
		v.list = append(v.list, r.value(a, env, depth+1))
	}
}

// helperValue is the value a function of the package returns for a call
// (a condition helper: Where(ContainsFold("name", q)) with ContainsFold
// returning sq.Expr("lower("+col+") LIKE ?", ...)), its string
// parameters bound to the text of the call's arguments. Only a function
// with one return statement whose first result is not nil is read (a
// (Sqlizer, error) pair returns nil with its errors); nil otherwise.
func (r *bresolver) helperValue(fn *types.Func, call *ast.CallExpr, depth int) *bval {
	fd := r.x.funcDecl(fn)
	if fd == nil || r.active[fn] || call.Ellipsis.IsValid() || !r.budget(depth) {
		return nil
	}
	var ret ast.Expr
	n := 0
	ast.Inspect(fd.Body, func(nd ast.Node) bool {
		switch nd := nd.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(nd.Results) == 0 {
				n += 2
				return false
			}
			if id, ok := ast.Unparen(nd.Results[0]).(*ast.Ident); ok && id.Name == "nil" {
				return false
			}
			n++
			ret = nd.Results[0]
		}
		return true
	})
	if n != 1 {
		return nil
	}
	binds := r.stringArgs(fn, call)
	saved := r.strArgs
	r.strArgs = binds
	r.active[fn] = true
	defer func() {
		r.strArgs = saved
		delete(r.active, fn)
	}()
	hv := r.value(ret, nil, depth+1)
	if hv.kind == vUnknown {
		return nil
	}
	return hv
}

// stringArgs binds the string parameters of fn to the text of the
// arguments of call (see resolver.strArgs).
func (r *resolver) stringArgs(fn *types.Func, call *ast.CallExpr) map[*types.Var][]span {
	binds := map[*types.Var][]span{}
	params := fn.Signature().Params()
	for i := 0; i < params.Len() && i < len(call.Args); i++ {
		if p := params.At(i); isString(p.Type()) && !(fn.Signature().Variadic() && i == params.Len()-1) {
			binds[p] = r.resolve(call.Args[i], 1)
		}
	}
	return binds
}

// conversionLike returns x for a conversion T(x) to a library type
// (sq.Eq(m)).
func (r *bresolver) conversionLike(call *ast.CallExpr) (ast.Expr, bool) {
	if len(call.Args) != 1 {
		return nil, false
	}
	tv, ok := r.x.info.Types[call.Fun]
	if !ok || !tv.IsType() {
		return nil, false
	}
	return call.Args[0], true
}

// variableChain returns the chain a variable holds at position ref.
func (r *bresolver) variableChain(v *types.Var, ref token.Pos, env *benv, depth int) (*chain, bool) {
	bound, initial, ok := env.lookup(v)
	if ok && !initial {
		return bound, true
	}
	x := r.x
	if v.Pkg() != x.pkg || v.IsField() {
		return nil, false
	}
	if v.Parent() == x.pkg.Scope() {
		pv := x.packageVars()[v]
		if pv == nil || pv.written || pv.value == nil || pv.multi {
			return r.giveUp(ref, "the package variable %s is assigned where it cannot be followed", v.Name())
		}
		return r.eval(pv.value, nil, depth+1)
	}
	dv := x.declVarsAt(v.Pos())
	if dv == nil || dv.lost(v, ref) {
		return r.giveUp(ref, "the variable %s is changed where it cannot be followed (its address is taken, or a closure writes it)", v.Name())
	}
	cur := bound // a parameter's value on entry, or nil
	hasDef, seenDef := dv.defs[v], false
	for _, w := range dv.writes[v] {
		if w.end > ref {
			break
		}
		if w.kind == appendTo {
			return r.giveUp(ref, "the variable %s is appended to", v.Name())
		}
		first := hasDef && !seenDef
		seenDef = true
		if w.kind == zeroVar || w.rhs == nil && w.ptrCall == nil {
			cur = nil
			continue
		}
		if w.ptrCall != nil {
			// applyFilter(&q, opts): the helper's writes through the
			// pointer, on some paths only when the call is.
			if cur == nil {
				return nil, false
			}
			always := w.block == nil || (w.block.Pos() <= ref && ref < w.block.End())
			base := cur
			if !always {
				base = &chain{param: -1, self: true}
			}
			d, ok := r.ptrHelper(w.ptrCall, w.ptrArg, base, env, depth+1)
			if !ok {
				return nil, false
			}
			if always {
				cur = d
				continue
			}
			cur = cur.extended(onSomePaths(d.ops))
			continue
		}
		rhs := w.rhs
		if first || cur == nil || w.block == nil || (w.block.Pos() <= ref && ref < w.block.End()) {
			c, ok := r.evalResult(rhs, w.multi, env.bind(v, cur), depth+1)
			if !ok {
				return nil, false
			}
			cur = c
			continue
		}
		// A write on some paths only: b = b.Where(...) under an if.
		d, ok := r.evalResult(rhs, w.multi, env.bind(v, &chain{param: -1, self: true}), depth+1)
		if !ok {
			return nil, false
		}
		if !d.self || slices.ContainsFunc(d.ops, unfoldable) {
			// Another query on some paths, or ops the library cannot fold
			// as applied on some paths only (a join for one sort order):
			// one alternative takes this write, another does not; each is
			// judged on its own.
			at := rhs.Pos()
			if d.self {
				// The writes of one block go together: they are on the
				// same paths.
				d, at = cur.extended(d.ops), w.block.Pos()
			}
			if !slices.Contains(r.choices, at) {
				if len(r.choices) >= maxChoices {
					return r.giveUp(at, "the variable %s is given another builder on more paths than softdelete follows", v.Name())
				}
				r.choices = append(r.choices, at)
			}
			if r.picks[at] {
				cur = d
			}
			continue
		}
		cur = cur.extended(onSomePaths(d.ops))
	}
	if cur == nil {
		if _, ok := v.Type().(*types.Pointer); !ok && v.Parent() != nil && v.Parent().Parent() != nil {
			return r.giveUp(ref, "the parameter %s is not followed to its callers", v.Name())
		}
		return nil, false
	}
	return cur, true
}

// evalResult evaluates the right-hand side of a write; multi is set when
// the first of several results is assigned (b, err := helper()).
func (r *bresolver) evalResult(rhs ast.Expr, multi bool, env *benv, depth int) (*chain, bool) {
	if multi {
		call, ok := ast.Unparen(rhs).(*ast.CallExpr)
		if !ok {
			return nil, false
		}
		return r.evalCall(call, env, depth)
	}
	return r.eval(rhs, env, depth)
}

// funcDecl returns the declaration of a function of this package.
func (x *extractor) funcDecl(fn *types.Func) *ast.FuncDecl {
	if x.funcs == nil {
		x.funcs = map[*types.Func]*ast.FuncDecl{}
		for _, f := range x.files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
					if obj, ok := x.info.Defs[fd.Name].(*types.Func); ok {
						x.funcs[obj] = fd
					}
				}
			}
		}
	}
	return x.funcs[fn]
}

// helper interprets a function of this package that returns a builder,
// with its builder parameters bound to the call's arguments.
func (r *bresolver) helper(fn *types.Func, call *ast.CallExpr, env *benv, depth int) (*chain, bool) {
	fd := r.x.funcDecl(fn)
	if fd == nil {
		if recv := fn.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) {
			return r.giveUp(call.Pos(), "it comes from the interface method %s, which each implementation builds its own way", fn.Name())
		}
		return r.giveUp(call.Pos(), "%s has no body here", fn.Name())
	}
	if r.active[fn] {
		return r.giveUp(call.Pos(), "%s calls itself", fn.Name())
	}
	var inner *benv
	params := fn.Signature().Params()
	for i := 0; i < params.Len(); i++ {
		p := params.At(i)
		if l, _ := builderType(p.Type()); l == nil {
			continue
		}
		if fn.Signature().Variadic() && i == params.Len()-1 {
			continue
		}
		if i >= len(call.Args) {
			return nil, false
		}
		c, ok := r.eval(call.Args[i], env, depth+1)
		if !ok {
			return nil, false
		}
		inner = inner.bindInitial(p, c)
	}
	r.active[fn] = true
	defer delete(r.active, fn)
	return r.returned(fd.Body, fd.Name.Name, fd.Name.Pos(), inner, depth)
}

// ptrHelper returns the chain of a builder variable after a call hands
// its address to a function of the package (applyFilter(&q, opts)), from
// base, its chain before the call. The function's statements *p = expr
// are followed in order, each evaluated with p holding the chain so far;
// one inside a branch, or after a return, applies on some paths only. A
// function that uses p otherwise (hands it on, keeps it, assigns p) is
// not followed.
func (r *bresolver) ptrHelper(call *ast.CallExpr, arg int, base *chain, env *benv, depth int) (*chain, bool) {
	fn, _ := r.x.callee(call)
	fd := r.x.funcDecl(fn)
	if fd == nil || r.active[fn] || !r.budget(depth) {
		return r.giveUp(call.Pos(), "its builder is handed by pointer to %s, which is not followed", fn.Name())
	}
	params := fn.Signature().Params()
	if arg >= params.Len() {
		return nil, false
	}
	p := params.At(arg)
	type ptrWrite struct {
		rhs  ast.Expr
		cond bool
	}
	isP := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && r.x.info.Uses[id] == p
	}
	// One walk of the body's statements in order: a write *p = rhs among
	// them applies on every path unless a return came before it; one
	// nested in a branch or loop, on some paths. p may be read only as *p
	// or as a method's receiver (p.Where); reads are allowed as their
	// parent is met, before the identifier.
	var writes []ptrWrite
	allowed := map[ast.Expr]bool{}
	returned, bad := false, false
	for _, stmt := range fd.Body.List {
		ast.Inspect(stmt, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				ast.Inspect(n, func(m ast.Node) bool {
					if e, ok := m.(ast.Expr); ok && isP(e) {
						bad = true
					}
					return true
				})
				return false
			case *ast.ReturnStmt:
				returned = true
			case *ast.AssignStmt:
				if st, ok := ast.Unparen(n.Lhs[0]).(*ast.StarExpr); ok && len(n.Lhs) == 1 && len(n.Rhs) == 1 && isP(st.X) {
					allowed[ast.Unparen(st.X)] = true
					writes = append(writes, ptrWrite{rhs: n.Rhs[0], cond: ast.Node(n) != stmt || returned})
				}
			case *ast.StarExpr:
				allowed[ast.Unparen(n.X)] = true
			case *ast.SelectorExpr:
				allowed[ast.Unparen(n.X)] = true
			case *ast.Ident:
				if r.x.info.Uses[n] == p && !allowed[n] {
					bad = true
				}
			}
			return true
		})
	}
	if bad {
		return r.giveUp(call.Pos(), "its builder is handed by pointer to %s, which hands the pointer on", fn.Name())
	}
	r.active[fn] = true
	defer delete(r.active, fn)
	cur := base
	for _, w := range writes {
		if !w.cond {
			c, ok := r.eval(w.rhs, env.bind(p, cur), depth+1)
			if !ok {
				return nil, false
			}
			cur = c
			continue
		}
		d, ok := r.eval(w.rhs, env.bind(p, &chain{param: -1, self: true}), depth+1)
		if !ok {
			return nil, false
		}
		if !d.self {
			return r.giveUp(w.rhs.Pos(), "%s gives the builder it is handed another query on some paths", fn.Name())
		}
		cur = cur.extended(onSomePaths(d.ops))
	}
	return cur, true
}

// returned evaluates the builder a function body returns (its first
// result): the one return statement that does not return a zero value.
func (r *bresolver) returned(body *ast.BlockStmt, name string, namePos token.Pos, env *benv, depth int) (*chain, bool) {
	var rets []ast.Expr
	bad := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) == 0 {
				bad = true
				return false
			}
			res := ast.Unparen(n.Results[0])
			if cl, ok := res.(*ast.CompositeLit); ok && len(cl.Elts) == 0 {
				return false // return sq.SelectBuilder{}, err
			}
			if id, ok := res.(*ast.Ident); ok && id.Name == "nil" {
				return false
			}
			rets = append(rets, n.Results[0])
		}
		return true
	})
	if bad || len(rets) == 0 {
		return r.giveUp(namePos, "%s does not return a builder it builds", name)
	}
	var results []*chain
	for _, ret := range rets {
		c, ok := r.eval(ret, env, depth+1)
		if !ok {
			return nil, false
		}
		results = append(results, c)
	}
	if c, ok := mergeReturns(results); ok {
		return c, true
	}
	return r.giveUp(namePos, "%s returns different builders from %d places", name, len(rets))
}

// mergeReturns is the chain of a helper that returns its builder from
// several places (an early return, one branch adding a filter and another
// a different one): the ops all returns share, then the ops each return
// adds, as applied on some paths only. Returns that start from different
// builders (alternative queries) do not merge.
func mergeReturns(cs []*chain) (*chain, bool) {
	first := cs[0]
	if len(cs) == 1 {
		return first, true
	}
	prefix := len(first.ops)
	for _, c := range cs[1:] {
		if c.param != first.param || c.self != first.self || c.via != first.via {
			return nil, false
		}
		n := 0
		for n < prefix && n < len(c.ops) && sameOp(c.ops[n], first.ops[n]) {
			n++
		}
		prefix = n
	}
	if prefix == 0 && first.param < 0 && !first.self && !allEmpty(cs) {
		return nil, false
	}
	out := &chain{param: first.param, self: first.self, via: first.via, ops: append([]bop(nil), first.ops[:prefix]...)}
	for _, c := range cs {
		out.ops = append(out.ops, onSomePaths(c.ops[prefix:])...)
	}
	return out, true
}

// allEmpty reports whether no chain of cs has ops: returns of one
// connection or another (a transaction if there is one, else the
// database) start the same query.
func allEmpty(cs []*chain) bool {
	for _, c := range cs {
		if len(c.ops) > 0 {
			return false
		}
	}
	return true
}

// sameOp reports whether a and b are the same call of the same chain: ops
// that two returns share come from the same source.
func sameOp(a, b bop) bool {
	return a.pos == b.pos && a.name == b.name && a.recv == b.recv && a.lib == b.lib && a.cond == b.cond
}

// everyBranch reports whether blocks holds every branch of one if/else
// chain ending in else, or of one switch with a default, in decl.
func everyBranch(decl ast.Node, blocks map[ast.Node]bool) bool {
	if decl == nil || len(blocks) < 2 {
		return false
	}
	found := false
	ast.Inspect(decl, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.IfStmt:
			all := true
			for cur := n; ; {
				all = all && blocks[cur.Body]
				if e, ok := cur.Else.(*ast.IfStmt); ok {
					cur = e
					continue
				}
				e, ok := cur.Else.(*ast.BlockStmt)
				all = all && ok && blocks[e]
				break
			}
			found = all
		case *ast.SwitchStmt:
			all, def := true, false
			for _, c := range n.Body.List {
				cc := c.(*ast.CaseClause)
				def = def || cc.List == nil
				all = all && blocks[cc]
			}
			found = all && def
		}
		return true
	})
	return found
}

// builderResult reports whether fn's first result is a builder type.
func builderResult(fn *types.Func) bool {
	res := fn.Signature().Results()
	if res.Len() == 0 {
		return false
	}
	l, _ := builderType(res.At(0).Type())
	return l != nil
}

// boundValue renders a value a library binds as a parameter. nil and
// boolean or integer constants are written as the literal the parameter
// carries, so that the rules see what is set (SET deleted_at = NULL
// restores a row, SET deleted_at = ? may delete it).
func boundValue(v *bval) string {
	switch {
	case v == nil:
		return "?"
	case v.kind == vNil:
		return "NULL"
	case v.kind == vConst && isIntOrBool(v.lit):
		return v.lit
	}
	return "?"
}

// isIntOrBool reports whether lit, a constant's text, is an integer or a
// boolean: the literals PostgreSQL reads as the Go value.
func isIntOrBool(lit string) bool {
	if lit == "true" || lit == "false" {
		return true
	}
	digits := strings.TrimPrefix(lit, "-")
	return digits != "" && strings.Trim(digits, "0123456789") == ""
}
