package sqlextract

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"
)

// A write is one statement that sets or extends a variable.
type write struct {
	kind  writeKind
	rhs   ast.Expr   // the value (set) or the appended part (appendTo); nil if unknown
	rest  []ast.Expr // more appended parts, for v = v + a + b
	multi bool       // rhs is a multi-value call whose first result is assigned
	block ast.Node   // innermost enclosing block (for sets)
	end   token.Pos  // end of the statement: it affects uses after this
	// text is a text builder method call that appends parts to the
	// variable (appendTo; rhs is nil).
	text  *ast.CallExpr
	parts []TextPart
	// ptrCall is a call of a function of the package that is handed the
	// builder variable's address as argument ptrArg (applyFilter(&q,
	// opts)): the writes it makes through the pointer are writes of the
	// variable (setVar; rhs is nil).
	ptrCall *ast.CallExpr
	ptrArg  int
	// exits are the blocks around the statement that end in a return:
	// a use outside one of them is not reached by the write.
	exits []ast.Node
}

type writeKind int

const (
	setVar   writeKind = iota // v := x, var v = x, v = x
	zeroVar                   // var v T
	appendTo                  // v += x, v = v + x
)

// declVars records, for one top-level declaration, the writes to each
// local variable declared in it, and the variables that cannot be followed.
type declVars struct {
	writes   map[*types.Var][]write // in source order
	defs     map[*types.Var]bool    // has a declaring write (:= or var)
	captured map[*types.Var]bool    // used in a closure
	bad      map[*types.Var]bool    // address taken, written by a closure, or written in ways not followed
	// escapes is where a text builder variable is handed to code that
	// may change its text (it is bad too).
	escapes  map[*types.Var]escape
	closures []*ast.FuncLit
}

// lost reports whether the value of v at ref cannot be followed: its
// address is taken, a closure writes it, or ref is inside a closure that
// captures it and it is written (other than by its declaration) after
// the closure begins: the closure may run after any such write. Writes
// that all come before the closure (a condition chosen, then a
// transaction run with a closure that uses it) leave the value the
// closure sees one they set. Closures that only read v do not change its
// value where it is declared.
func (dv *declVars) lost(v *types.Var, ref token.Pos) bool {
	if dv.bad[v] {
		return true
	}
	if !dv.captured[v] {
		return false
	}
	lit := dv.closureOf(v, ref)
	if lit == nil {
		return false
	}
	for i, w := range dv.writes[v] {
		if i == 0 && dv.defs[v] {
			continue
		}
		if w.end > lit.Pos() {
			return true
		}
	}
	return false
}

// closureOf returns the outermost function literal around ref that v is
// declared outside of, or nil.
func (dv *declVars) closureOf(v *types.Var, ref token.Pos) *ast.FuncLit {
	var out *ast.FuncLit
	for _, lit := range dv.closures {
		if lit.Pos() <= ref && ref < lit.End() && (v.Pos() < lit.Pos() || v.Pos() >= lit.End()) {
			if out == nil || lit.Pos() < out.Pos() {
				out = lit
			}
		}
	}
	return out
}

// A pkgVar is a package-level variable: its initializer, and whether it
// is ever written after initialization.
type pkgVar struct {
	value   ast.Expr
	multi   bool
	written bool
}

// variable resolves the value that variable v has at position ref.
func (r *resolver) variable(v *types.Var, ref token.Pos, depth int) []span {
	bound, isBound := r.strArgs[v]
	x := r.x
	if v.Pkg() != x.pkg || v.IsField() {
		return []span{opaque}
	}
	if v.Parent() == x.pkg.Scope() {
		return r.packageVar(v, depth)
	}
	dv := x.declVarsAt(v.Pos())
	if dv == nil {
		return []span{opaque}
	}
	if dv.lost(v, ref) {
		if e, ok := dv.escapes[v]; ok && r.escaped == nil {
			r.escaped = &e
		}
		return []span{opaque}
	}
	var base []span
	if isBound {
		base = slices.Clone(bound) // a parameter of the helper followed
	}
	var appends []write
	var defBlock ast.Node
	hasDef, seenDef := dv.defs[v], false
	for _, w := range dv.writes[v] {
		if w.end > ref {
			break
		}
		if w.returnsBefore(ref) {
			continue
		}
		switch w.kind {
		case zeroVar, setVar:
			if hasDef && !seenDef {
				seenDef, defBlock = true, w.block // the declaring write comes first
			} else if !hasDef {
				return []span{opaque} // a parameter given another value
			} else if w.block != defBlock && !r.x.mentions(w.rhs, v, nil) {
				// Another query on some paths only (under an if, in a
				// case): one query takes it, another does not, and each
				// is judged (see resolver.choices). A rewrite of the
				// query itself (q = fmt.Sprintf("%s UNION …", q)) is
				// taken like an append under an if.
				at := w.end
				if !slices.Contains(r.choices, at) {
					if len(r.choices) >= maxChoices {
						return []span{opaque}
					}
					r.choices = append(r.choices, at)
				}
				if !r.picks[at] {
					continue
				}
			}
			base = r.writeValue(w, depth)
			appends = appends[:0]
		case appendTo:
			appends = append(appends, w)
		}
	}
	if base == nil && !hasDef {
		base = []span{opaque} // a parameter, range variable, ...
	}
	for _, w := range appends {
		if w.text != nil {
			base = append(base, r.textSpans(w.parts, w.text, depth)...)
			continue
		}
		base = append(base, r.resolve(w.rhs, depth+1)...)
		for _, e := range w.rest {
			base = append(base, r.resolve(e, depth+1)...)
		}
	}
	if len(base) == 0 {
		return []span{textSpan("")}
	}
	return base
}

// returnsBefore reports whether a block around w returns before ref: ref
// is outside it.
func (w write) returnsBefore(ref token.Pos) bool {
	for _, b := range w.exits {
		if ref < b.Pos() || ref >= b.End() {
			return true
		}
	}
	return false
}

// writeValue resolves the value set by a write.
func (r *resolver) writeValue(w write, depth int) []span {
	switch {
	case w.kind == zeroVar:
		return []span{textSpan("")}
	case w.rhs == nil:
		return []span{opaque}
	case w.multi:
		if call, ok := ast.Unparen(w.rhs).(*ast.CallExpr); ok {
			if arg, ok := r.x.transformArg(call); ok {
				return r.resolve(arg, depth+1)
			}
			if spans, ok := r.builderText(call); ok {
				return spans
			}
			if fn, _ := r.x.callee(call); fn != nil && fn.Pkg() == r.x.pkg {
				if spans, ok := r.funcResult(fn, call, depth); ok {
					return spans
				}
			}
		}
		return []span{opaque}
	}
	return r.resolve(w.rhs, depth+1)
}

// packageVar resolves a package-level variable that is never reassigned.
func (r *resolver) packageVar(v *types.Var, depth int) []span {
	pv := r.x.packageVars()[v]
	if pv == nil || pv.written || pv.value == nil {
		return []span{opaque}
	}
	return r.writeValue(write{kind: setVar, rhs: pv.value, multi: pv.multi}, depth)
}

// packageVars indexes the package-level variables of the package: their
// initializers, and whether any statement of the package writes them.
func (x *extractor) packageVars() map[*types.Var]*pkgVar {
	if x.pkgVars != nil {
		return x.pkgVars
	}
	x.pkgVars = make(map[*types.Var]*pkgVar)
	scope := x.pkg.Scope()
	get := func(id *ast.Ident) *pkgVar {
		v, ok := x.info.Uses[id].(*types.Var)
		if !ok || v.Parent() != scope {
			return nil
		}
		return x.pkgVars[v]
	}
	for _, f := range x.files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, s := range gd.Specs {
				vs := s.(*ast.ValueSpec)
				for i, name := range vs.Names {
					v, ok := x.info.Defs[name].(*types.Var)
					if !ok {
						continue
					}
					pv := &pkgVar{}
					switch {
					case len(vs.Values) == len(vs.Names):
						pv.value = vs.Values[i]
					case len(vs.Values) == 1 && i == 0:
						pv.value, pv.multi = vs.Values[0], true
					}
					x.pkgVars[v] = pv
				}
			}
		}
	}
	for _, f := range x.files {
		ast.Inspect(f, func(n ast.Node) bool {
			for _, id := range writtenIdents(n) {
				if pv := get(id); pv != nil {
					pv.written = true
				}
			}
			return true
		})
	}
	return x.pkgVars
}

// writtenIdents returns the identifiers that node n assigns or whose
// address it takes (other than by declaring them).
func writtenIdents(n ast.Node) []*ast.Ident {
	var ids []*ast.Ident
	add := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			ids = append(ids, id)
		}
	}
	switch n := n.(type) {
	case *ast.AssignStmt:
		for _, l := range n.Lhs {
			add(l)
		}
	case *ast.IncDecStmt:
		add(n.X)
	case *ast.UnaryExpr:
		if n.Op == token.AND {
			add(n.X)
		}
	case *ast.RangeStmt:
		add(n.Key)
		add(n.Value)
	}
	return ids
}

// declVarsAt returns the local variable index of the top-level
// declaration that contains pos.
func (x *extractor) declVarsAt(pos token.Pos) *declVars {
	d := x.topDecl(pos)
	if d == nil {
		return nil
	}
	dv, ok := x.decls[d]
	if !ok {
		dv = x.indexDecl(d)
		x.decls[d] = dv
	}
	return dv
}

// topDecl returns the top-level declaration containing pos.
func (x *extractor) topDecl(pos token.Pos) ast.Decl {
	if x.tops == nil {
		for _, f := range x.files {
			x.tops = append(x.tops, f.Decls)
		}
	}
	for _, decls := range x.tops {
		i := sort.Search(len(decls), func(i int) bool { return decls[i].End() > pos })
		if i < len(decls) && decls[i].Pos() <= pos {
			return decls[i]
		}
	}
	return nil
}

// indexDecl walks a top-level declaration and records the writes to its
// local variables, in source order.
func (x *extractor) indexDecl(d ast.Decl) *declVars {
	dv := &declVars{
		writes:   make(map[*types.Var][]write),
		defs:     make(map[*types.Var]bool),
		captured: make(map[*types.Var]bool),
		bad:      make(map[*types.Var]bool),
		escapes:  make(map[*types.Var]escape),
	}
	w := &declWalker{x: x, dv: dv, textUses: make(map[*ast.Ident]bool), ptrArgs: make(map[*ast.UnaryExpr]bool)}
	ast.Walk(w, d)
	return dv
}

// declWalker is the ast.Visitor of indexDecl. It tracks the stack of
// enclosing functions (to find variables captured by closures) and the
// innermost enclosing block.
type declWalker struct {
	x     *extractor
	dv    *declVars
	funcs []ast.Node // enclosing FuncDecl/FuncLit
	block ast.Node
	// exits are the enclosing blocks that end in a return (write.exits).
	exits []ast.Node
	// textUses are the uses of text builder variables that are followed
	// (see textCall and textField); any other use lets the builder
	// escape.
	textUses map[*ast.Ident]bool
	// ptrArgs are the &v arguments that builderPtrCall follows.
	ptrArgs map[*ast.UnaryExpr]bool
}

func (w *declWalker) local(e ast.Expr, defs bool) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	var obj types.Object
	if defs {
		obj = w.x.info.Defs[id]
	}
	if obj == nil {
		obj = w.x.info.Uses[id]
	}
	v, ok := obj.(*types.Var)
	if !ok || v.Pkg() != w.x.pkg || v.Parent() == w.x.pkg.Scope() || v.IsField() {
		return nil
	}
	return v
}

func (w *declWalker) add(v *types.Var, wr write) {
	if v == nil {
		return
	}
	wr.block = w.block
	wr.exits = w.exits
	w.dv.writes[v] = append(w.dv.writes[v], wr)
}

func (w *declWalker) Visit(n ast.Node) ast.Visitor {
	switch n := n.(type) {
	case nil:
		return nil
	case *ast.FuncDecl, *ast.FuncLit:
		if lit, ok := n.(*ast.FuncLit); ok {
			w.dv.closures = append(w.dv.closures, lit)
		}
		inner := *w
		inner.funcs = append(w.funcs[:len(w.funcs):len(w.funcs)], n)
		return &inner
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
		inner := *w
		inner.block = n
		if endsInReturn(n) {
			inner.exits = append(w.exits[:len(w.exits):len(w.exits)], n)
		}
		return &inner
	case *ast.Ident:
		w.use(n)
	case *ast.CallExpr:
		w.builderPtrCall(n)
		w.textCall(n)
	case *ast.SelectorExpr:
		w.textField(n)
	case *ast.AssignStmt:
		w.assign(n)
	case *ast.ValueSpec:
		w.valueSpec(n)
	case *ast.IncDecStmt:
		if v := w.local(n.X, false); v != nil {
			w.dv.bad[v] = true
		}
	case *ast.UnaryExpr:
		if n.Op == token.AND && !w.ptrArgs[n] {
			if v := w.local(n.X, false); v != nil {
				w.dv.bad[v] = true
			}
		}
	case *ast.RangeStmt:
		for _, e := range []ast.Expr{n.Key, n.Value} {
			if v := w.local(e, true); v != nil {
				w.dv.bad[v] = true
			}
		}
	}
	return w
}

// builderPtrCall records a call that hands the address of a local builder
// variable to a function or a method of the package (applyFilter(&q,
// opts), s.applyFilter(&q, opts)) as a write of the variable: the
// function's writes through the pointer are followed
// (bresolver.ptrHelper). Only a call in the function that declares the
// variable, as a statement of its own, is followed; a method called
// through an interface is not (its body is not known).
func (w *declWalker) builderPtrCall(call *ast.CallExpr) {
	fn, shift := w.x.callee(call)
	if fn == nil || shift != 0 || fn.Pkg() != w.x.pkg || call.Ellipsis.IsValid() {
		return
	}
	if recv := fn.Signature().Recv(); recv != nil && types.IsInterface(recv.Type()) {
		return
	}
	for i, a := range call.Args {
		u, ok := ast.Unparen(a).(*ast.UnaryExpr)
		if !ok || u.Op != token.AND {
			continue
		}
		v := w.local(u.X, false)
		if v == nil {
			continue
		}
		if l, _ := builderType(v.Type()); l == nil {
			continue
		}
		if n := len(w.funcs); n == 0 || v.Pos() < w.funcs[n-1].Pos() || v.Pos() >= w.funcs[n-1].End() {
			continue // a closure's call: it may run at any time
		}
		w.ptrArgs[u] = true
		wr := write{kind: setVar, end: call.End(), ptrCall: call, ptrArg: i}
		w.add(v, wr)
	}
}

// use marks a variable referenced from a function other than the one
// that declares it.
func (w *declWalker) use(id *ast.Ident) {
	v, ok := w.x.info.Uses[id].(*types.Var)
	if !ok || len(w.funcs) == 0 || v.Pkg() != w.x.pkg || v.Parent() == w.x.pkg.Scope() {
		return
	}
	fn := w.funcs[len(w.funcs)-1]
	if v.Pos() < fn.Pos() || v.Pos() >= fn.End() {
		w.dv.captured[v] = true
	}
	if !w.textUses[id] && w.x.isTextBuilder(v.Type()) {
		w.escape(v, id.Pos(), "")
	}
}

// escape records that text builder v is handed, at pos, to code that
// may change its text: the function to, when known.
func (w *declWalker) escape(v *types.Var, pos token.Pos, to string) {
	w.dv.bad[v] = true
	if _, ok := w.dv.escapes[v]; !ok {
		w.dv.escapes[v] = escape{name: v.Name(), at: pos, to: to}
	}
}

// textCall follows a call on a text builder variable: an append (by a
// method of the builder, or by a helper the variable is passed to) is a
// write of the variable; reading its text or a method that keeps it is
// a use that is followed. Other calls let it escape (see use).
func (w *declWalker) textCall(call *ast.CallExpr) {
	builder := func(e ast.Expr) (*ast.Ident, *types.Var) {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return nil, nil
		}
		if v := w.local(id, false); v != nil && w.x.isTextBuilder(v.Type()) {
			return id, v
		}
		return nil, nil
	}
	var id *ast.Ident
	var v *types.Var
	into := 0
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		id, v = builder(sel.X)
	}
	for i := 0; v == nil && i < len(call.Args); i++ {
		id, v = builder(call.Args[i])
		into = i + 1
	}
	if v == nil {
		return
	}
	fn, _ := w.x.callee(call)
	op, ok := w.x.textOp(fn)
	if !ok || op.Into != into {
		if fn != nil {
			w.escape(v, call.Pos(), fn.Name()) // the use below escapes too; this says to what
		}
		return
	}
	w.textUses[id] = true
	if op.Op != TextAppend {
		return
	}
	if n := len(w.funcs); n > 0 && (v.Pos() < w.funcs[n-1].Pos() || v.Pos() >= w.funcs[n-1].End()) {
		w.escape(v, call.Pos(), "a closure") // appended to by a closure: it may run at any time
	}
	w.add(v, write{kind: appendTo, text: call, parts: op.Parts, end: call.End()})
}

// textField follows a use of a text builder variable's field other than
// its text (q.Args).
func (w *declWalker) textField(sel *ast.SelectorExpr) {
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return
	}
	s, ok := w.x.info.Selections[sel]
	if !ok || s.Kind() != types.FieldVal || w.x.isTextBuilder(s.Obj().Type()) {
		return
	}
	w.textUses[id] = true
}

func (w *declWalker) assign(n *ast.AssignStmt) {
	multi := len(n.Lhs) != len(n.Rhs)
	for i, l := range n.Lhs {
		v := w.local(l, n.Tok == token.DEFINE)
		if v == nil {
			continue
		}
		if id, ok := ast.Unparen(l).(*ast.Ident); ok {
			w.textUses[id] = true
		}
		if n := len(w.funcs); n > 0 && (v.Pos() < w.funcs[n-1].Pos() || v.Pos() >= w.funcs[n-1].End()) {
			// Written by a closure: it may run at any time.
			w.dv.bad[v] = true
		}
		if n.Tok == token.DEFINE && w.x.info.Defs[ast.Unparen(l).(*ast.Ident)] != nil {
			w.dv.defs[v] = true
		}
		wr := write{kind: setVar, end: n.End()}
		switch {
		case multi && i == 0:
			wr.rhs, wr.multi = n.Rhs[0], true
		case !multi:
			wr.rhs = n.Rhs[i]
		}
		switch n.Tok {
		case token.DEFINE, token.ASSIGN:
			if !multi {
				if rest, ok := selfAppend(w.x.info, v, wr.rhs); ok {
					wr = write{kind: appendTo, rhs: rest[0], rest: rest[1:], end: n.End()}
				}
			}
		case token.ADD_ASSIGN:
			wr = write{kind: appendTo, rhs: n.Rhs[0], end: n.End()}
		default:
			w.dv.bad[v] = true
			continue
		}
		w.add(v, wr)
	}
}

func (w *declWalker) valueSpec(n *ast.ValueSpec) {
	for i, name := range n.Names {
		v := w.local(name, true)
		if v == nil {
			continue
		}
		w.dv.defs[v] = true
		wr := write{kind: setVar, end: n.End()}
		switch {
		case len(n.Values) == 0:
			wr.kind = zeroVar
		case len(n.Values) == len(n.Names):
			wr.rhs = n.Values[i]
		case i == 0:
			wr.rhs, wr.multi = n.Values[0], true
		}
		w.add(v, wr)
	}
}

// selfAppend reports whether rhs is v + a + b...: then the assignment
// v = rhs appends a, b, ... to v.
func selfAppend(info *types.Info, v *types.Var, rhs ast.Expr) ([]ast.Expr, bool) {
	var operands []ast.Expr
	e := ast.Unparen(rhs)
	for {
		b, ok := e.(*ast.BinaryExpr)
		if !ok || b.Op != token.ADD {
			break
		}
		operands = append(operands, b.Y)
		e = ast.Unparen(b.X)
	}
	id, ok := e.(*ast.Ident)
	if !ok || len(operands) == 0 || info.Uses[id] != v {
		return nil, false
	}
	for i, j := 0, len(operands)-1; i < j; i, j = i+1, j-1 {
		operands[i], operands[j] = operands[j], operands[i]
	}
	return operands, true
}

// endsInReturn reports whether the block's last statement is a return.
func endsInReturn(n ast.Node) bool {
	var list []ast.Stmt
	switch n := n.(type) {
	case *ast.BlockStmt:
		list = n.List
	case *ast.CaseClause:
		list = n.Body
	case *ast.CommClause:
		list = n.Body
	}
	if len(list) == 0 {
		return false
	}
	_, ok := list[len(list)-1].(*ast.ReturnStmt)
	return ok
}
