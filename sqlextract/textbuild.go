package sqlextract

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
)

// Text builders are values that accumulate SQL text piece by piece:
// a strings.Builder or bytes.Buffer kept in a local variable
// (sb.WriteString("SELECT …"); if x { sb.WriteString(" AND …") };
// db.Query(sb.String())), and a service's own small builder type around
// one (q := querybuilder.New("UPDATE t"); q.B("SET deleted_at = ?", now);
// tx.Exec(q.String(), q.Args...)). A local variable of such a type is
// followed like a string built with +=: its text is what its
// constructor and each append before the use put in it, in source order.
//
// A type of the package is a text builder when one of its methods
// returns the text of a strings.Builder or bytes.Buffer field (return
// q.sb.String()); its other methods are summarised by what they append
// to that field (literals and their own string parameters) or found not
// to touch it, and a function that returns a new value of it by what it
// puts in first. Summaries cross packages as TextFacts. A variable whose
// builder is handed to anything else (a helper, a closure that writes
// it, a method not summarised) is not followed: the helper may change
// the text, and a query missing what the helper adds would be judged
// wrongly. explain names that place.

// TextFact is exported on a function or method of a text builder type,
// saying what it does to the builder's text.
type TextFact struct {
	Op    TextOp
	Parts []TextPart // for TextNew and TextAppend
	// Into is, for a helper that appends to a builder it is passed
	// (paginate(q, …)), the 1-based index of that argument; 0 for the
	// receiver.
	Into int
}

// AFact implements analysis.Fact.
func (*TextFact) AFact() {}

func (f *TextFact) String() string {
	var b strings.Builder
	b.WriteString([...]string{"?", "new", "append", "text", "keep"}[f.Op])
	if f.Into > 0 {
		fmt.Fprintf(&b, " to $%d", f.Into)
	}
	b.WriteString("(")
	for i, p := range f.Parts {
		if i > 0 {
			b.WriteString(" + ")
		}
		switch {
		case p.Arg == 0:
			b.WriteString(strconv.Quote(p.Text))
		case p.Char:
			fmt.Fprintf(&b, "char($%d)", p.Arg)
		default:
			fmt.Fprintf(&b, "$%d", p.Arg)
		}
	}
	b.WriteString(")")
	return b.String()
}

// TextOp is what a text builder's function or method does to the text.
type TextOp uint8

const (
	// TextNew returns a new builder holding Parts.
	TextNew TextOp = iota + 1
	// TextAppend appends Parts to the receiver's text.
	TextAppend
	// TextString returns the receiver's text.
	TextString
	// TextKeep leaves the receiver's text as it is.
	TextKeep
)

// A TextPart is literal text, or the text of one of the call's
// arguments.
type TextPart struct {
	Text string
	Arg  int  // 1-based index of the call's argument; 0 for Text
	Char bool // the argument is a byte or rune (WriteByte, WriteRune)
}

// stdTextBuilders are the standard library's text accumulators, by
// package path and type name, and what their methods do. Methods not
// listed (Reset, Truncate, ReadFrom, …) are not followed.
var stdTextBuilders = map[[2]string]map[string]*TextFact{
	{"strings", "Builder"}: stdTextMethods,
	{"bytes", "Buffer"}:    stdTextMethods,
}

var stdTextMethods = map[string]*TextFact{
	"WriteString": {Op: TextAppend, Parts: []TextPart{{Arg: 1}}},
	"WriteByte":   {Op: TextAppend, Parts: []TextPart{{Arg: 1, Char: true}}},
	"WriteRune":   {Op: TextAppend, Parts: []TextPart{{Arg: 1, Char: true}}},
	"String":      {Op: TextString},
	"Len":         {Op: TextKeep},
	"Cap":         {Op: TextKeep},
	"Grow":        {Op: TextKeep},
}

// textOp returns what fn does to a text builder's text, if it is one of
// a text builder type's functions or methods that are followed.
func (x *extractor) textOp(fn *types.Func) (*TextFact, bool) {
	if fn == nil || fn.Pkg() == nil {
		return nil, false
	}
	if recv := fn.Signature().Recv(); recv != nil {
		if n := namedOf(recv.Type()); n != nil && n.Obj().Pkg() != nil {
			if methods, ok := stdTextBuilders[[2]string{n.Obj().Pkg().Path(), n.Obj().Name()}]; ok {
				f, ok := methods[fn.Name()]
				return f, ok
			}
		}
	}
	if fn.Pkg() == x.pkg {
		f, ok := x.localTextOps()[fn]
		return f, ok
	}
	if x.importText == nil {
		return nil, false
	}
	if f, ok := x.textFactCache[fn]; ok {
		return f, f != nil
	}
	f, _ := x.importText(fn)
	if x.textFactCache == nil {
		x.textFactCache = map[*types.Func]*TextFact{}
	}
	x.textFactCache[fn] = f
	return f, f != nil
}

// isTextBuilder reports whether t (or the type it points to) is a text
// builder type: one with a method that returns its text.
func (x *extractor) isTextBuilder(t types.Type) bool {
	n := namedOf(t)
	if n == nil || n.Obj().Pkg() == nil {
		return false
	}
	n = n.Origin()
	if is, ok := x.textTypes[n]; ok {
		return is
	}
	is := false
	if _, ok := stdTextBuilders[[2]string{n.Obj().Pkg().Path(), n.Obj().Name()}]; ok {
		is = true
	} else if n.Obj().Pkg() == x.pkg || x.importText != nil {
		for i := range n.NumMethods() {
			m := n.Method(i)
			if sig := m.Signature(); sig.Params().Len() != 0 || sig.Results().Len() != 1 || !isString(sig.Results().At(0).Type()) {
				continue
			}
			if f, ok := x.textOp(m); ok && f.Op == TextString {
				is = true
				break
			}
		}
	}
	if x.textTypes == nil {
		x.textTypes = map[*types.Named]bool{}
	}
	x.textTypes[n] = is
	return is
}

// localTextOps summarises the text builder types declared in this
// package (see the package's text builder notes above).
func (x *extractor) localTextOps() map[*types.Func]*TextFact {
	if x.textOps != nil {
		return x.textOps
	}
	x.textOps = map[*types.Func]*TextFact{}
	// The text field of each type: the field its text method returns.
	fields := map[*types.Named]*types.Var{}
	var methods, funcs []*ast.FuncDecl
	for _, f := range x.files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			if fd.Recv == nil {
				funcs = append(funcs, fd)
				continue
			}
			methods = append(methods, fd)
			fn, recv := x.method(fd)
			if fn == nil || len(fd.Body.List) != 1 {
				continue
			}
			ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
			if !ok || len(ret.Results) != 1 {
				continue
			}
			call, ok := ast.Unparen(ret.Results[0]).(*ast.CallExpr)
			if !ok {
				continue
			}
			field, op := x.fieldCall(call, recv)
			if field != nil && op != nil && op.Op == TextString {
				fields[namedOf(recv.Type())] = field
				x.textOps[fn] = &TextFact{Op: TextString}
			}
		}
	}
	// A method of a text builder type appends to its receiver; any
	// function with a *T parameter of a text builder type may append to
	// it (a helper that paginates or adds a filter). Functions calling
	// one another are summarised in rounds, until no new summary appears.
	type candidate struct {
		fd    *ast.FuncDecl
		fn    *types.Func
		v     *types.Var
		into  int
		field *types.Var
	}
	var cands []candidate
	for _, fd := range slices.Concat(methods, funcs) {
		fn, ok := x.info.Defs[fd.Name].(*types.Func)
		if !ok || x.textOps[fn] != nil {
			continue
		}
		if fd.Recv != nil {
			if _, recv := x.method(fd); recv != nil && fields[namedOf(recv.Type())] != nil {
				cands = append(cands, candidate{fd, fn, recv, 0, fields[namedOf(recv.Type())]})
				continue
			}
		}
		params := fn.Signature().Params()
		for i := range params.Len() {
			p := params.At(i)
			if _, ptr := types.Unalias(p.Type()).(*types.Pointer); ptr && x.isTextBuilder(p.Type()) {
				cands = append(cands, candidate{fd, fn, p, i + 1, fields[namedOf(p.Type())]})
				break
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, c := range cands {
			if x.textOps[c.fn] != nil {
				continue
			}
			parts, ok := x.appendedBy(c.fd, c.fd.Body.List, c.v, c.field)
			if !ok || c.into > 0 && parts == nil {
				continue
			}
			op := TextAppend
			if parts == nil {
				op = TextKeep
			}
			x.textOps[c.fn] = &TextFact{Op: op, Parts: parts, Into: c.into}
			changed = true
		}
	}
	for _, fd := range funcs {
		if f, ok := x.constructor(fd, fields); ok {
			x.textOps[x.info.Defs[fd.Name].(*types.Func)] = f
		}
	}
	return x.textOps
}

// method returns the method declared by fd and its receiver variable.
func (x *extractor) method(fd *ast.FuncDecl) (*types.Func, *types.Var) {
	fn, ok := x.info.Defs[fd.Name].(*types.Func)
	if !ok || len(fd.Recv.List) != 1 || len(fd.Recv.List[0].Names) != 1 {
		return nil, nil
	}
	recv, _ := x.info.Defs[fd.Recv.List[0].Names[0]].(*types.Var)
	if recv == nil || namedOf(recv.Type()) == nil {
		return nil, nil
	}
	return fn, recv
}

// fieldCall reports whether call is a call of a text builder method on
// a field of v (v.sb.WriteString(…)), and returns the field and what the
// method does.
func (x *extractor) fieldCall(call *ast.CallExpr, v *types.Var) (*types.Var, *TextFact) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, nil
	}
	inner, ok := ast.Unparen(sel.X).(*ast.SelectorExpr)
	if !ok || !x.isVar(inner.X, v) {
		return nil, nil
	}
	s, ok := x.info.Selections[inner]
	if !ok || s.Kind() != types.FieldVal {
		return nil, nil
	}
	fn, _ := x.callee(call)
	op, ok := x.textOp(fn)
	if !ok {
		return nil, nil
	}
	return s.Obj().(*types.Var), op
}

// isVar reports whether e is the identifier of v.
func (x *extractor) isVar(e ast.Expr, v *types.Var) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && x.info.Uses[id] == v
}

// appendedBy summarises stmts, the body of fd (or its part after a
// constructor's first statement), as what they append to the text
// field of v: calls on v.field, methods of v and helpers v is passed to
// whose summaries say they append, with arguments made of literals and
// fd's string parameters. Statements that do not use v (a guard that
// returns early, arguments computed) are passed over; appends under an
// if are included, as the caller's own are (see the package notes), but
// not in a loop, in a branch that returns, or in both branches of an
// if/else (one of two texts). Any other use of v than
// its other fields fails; so does a return of anything but v. nil parts
// and true: the text is untouched.
func (x *extractor) appendedBy(fd *ast.FuncDecl, stmts []ast.Stmt, v, field *types.Var) ([]TextPart, bool) {
	var parts []TextPart
	for _, st := range stmts {
		if !x.mentions(st, v, field) {
			continue
		}
		switch st := st.(type) {
		case *ast.ReturnStmt:
			if len(st.Results) != 1 || !x.isVar(st.Results[0], v) {
				return nil, false
			}
		case *ast.ExprStmt:
			call, ok := ast.Unparen(st.X).(*ast.CallExpr)
			if !ok {
				return nil, false
			}
			op, builder := x.opOn(call, v, field)
			if op == nil || op.Op != TextAppend && op.Op != TextKeep {
				return nil, false
			}
			for i, arg := range call.Args {
				if i != builder-1 && x.mentions(arg, v, field) {
					return nil, false
				}
			}
			p, ok := x.substitute(op.Parts, call, fd)
			if !ok {
				return nil, false
			}
			parts = append(parts, p...)
		case *ast.IfStmt:
			if x.mentions(st.Cond, v, field) || st.Init != nil && x.mentions(st.Init, v, field) || returns(st) {
				return nil, false
			}
			p, ok := x.appendedBy(fd, st.Body.List, v, field)
			if !ok {
				return nil, false
			}
			if st.Else != nil {
				q, ok := x.appendedBy(fd, []ast.Stmt{st.Else}, v, field)
				if !ok || p != nil && q != nil {
					return nil, false // one of two texts: not one text
				}
				p = append(p, q...)
			}
			parts = append(parts, p...)
		case *ast.BlockStmt:
			p, ok := x.appendedBy(fd, st.List, v, field)
			if !ok {
				return nil, false
			}
			parts = append(parts, p...)
		default:
			return nil, false
		}
	}
	return parts, true
}

// returns reports whether n contains a return statement.
func returns(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if _, ok := n.(*ast.ReturnStmt); ok {
			found = true
		}
		_, lit := n.(*ast.FuncLit)
		return !found && !lit
	})
	return found
}

// opOn returns what call does to the text of v's field: a call of a
// method on v.field, of a text builder method on v, or of a helper that
// v is passed to; and which argument v is (0: the receiver). nil for any
// other call.
func (x *extractor) opOn(call *ast.CallExpr, v, field *types.Var) (*TextFact, int) {
	if f, op := x.fieldCall(call, v); f != nil {
		if f != field {
			return nil, 0
		}
		return op, 0
	}
	fn, _ := x.callee(call)
	op, ok := x.textOp(fn)
	if !ok {
		return nil, 0
	}
	if sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr); isSel && x.isVar(sel.X, v) && op.Into == 0 {
		return op, 0
	}
	if op.Into > 0 && op.Into <= len(call.Args) && x.isVar(call.Args[op.Into-1], v) {
		return op, op.Into
	}
	return nil, 0
}

// mentions reports whether n uses v other than through a field that is
// not the text field: v itself escapes, or the text is used.
func (x *extractor) mentions(n ast.Node, v, field *types.Var) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if found {
			return false
		}
		if sel, ok := n.(*ast.SelectorExpr); ok && x.isVar(sel.X, v) {
			if s, ok := x.info.Selections[sel]; ok && s.Kind() == types.FieldVal && s.Obj() != field {
				return false
			}
		}
		if id, ok := n.(*ast.Ident); ok && x.info.Uses[id] == v {
			found = true
		}
		return true
	})
	return found
}

// substitute returns parts, the callee's summary, with each argument
// written as literal text or as a parameter of fd; false if an argument
// is neither.
func (x *extractor) substitute(parts []TextPart, call *ast.CallExpr, fd *ast.FuncDecl) ([]TextPart, bool) {
	var out []TextPart
	for _, p := range parts {
		if p.Arg == 0 {
			out = append(out, p)
			continue
		}
		if p.Arg > len(call.Args) {
			return nil, false
		}
		arg := call.Args[p.Arg-1]
		if p.Char {
			s, ok := x.charText(arg)
			if !ok {
				return nil, false
			}
			out = append(out, TextPart{Text: s})
			continue
		}
		t, ok := x.template(arg, fd)
		if !ok {
			return nil, false
		}
		out = append(out, t...)
	}
	return out, true
}

// template writes a string expression of fd as literal text and fd's
// parameters: constants, parameters and their concatenations.
func (x *extractor) template(e ast.Expr, fd *ast.FuncDecl) ([]TextPart, bool) {
	e = ast.Unparen(e)
	if tv, ok := x.info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return []TextPart{{Text: constant.StringVal(tv.Value)}}, true
	}
	switch e := e.(type) {
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return nil, false
		}
		l, ok := x.template(e.X, fd)
		if !ok {
			return nil, false
		}
		r, ok := x.template(e.Y, fd)
		return append(l, r...), ok
	case *ast.Ident:
		v, ok := x.info.Uses[e].(*types.Var)
		if !ok || !isString(v.Type()) {
			return nil, false
		}
		i := 0
		for _, field := range fd.Type.Params.List {
			for _, name := range field.Names {
				i++
				if x.info.Defs[name] == v {
					return []TextPart{{Arg: i}}, true
				}
			}
			if len(field.Names) == 0 {
				i++
			}
		}
	}
	return nil, false
}

// charText returns the text of a constant byte or rune argument.
func (x *extractor) charText(e ast.Expr) (string, bool) {
	tv, ok := x.info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return "", false
	}
	c, ok := constant.Int64Val(tv.Value)
	if !ok || c < 0 || c > 0x10ffff {
		return "", false
	}
	return string(rune(c)), true
}

// constructor summarises fd as a function that returns a new value of a
// text builder type of this package: it declares a variable of the type
// (&T{}, new(T), T{} or var v T), appends to it, and returns it.
func (x *extractor) constructor(fd *ast.FuncDecl, fields map[*types.Named]*types.Var) (*TextFact, bool) {
	res := fd.Type.Results
	if res == nil || len(res.List) != 1 || len(res.List[0].Names) > 1 || len(fd.Body.List) == 0 {
		return nil, false
	}
	tv, ok := x.info.Types[res.List[0].Type]
	if !ok {
		return nil, false
	}
	field := fields[namedOf(tv.Type)]
	if field == nil {
		return nil, false
	}
	body := fd.Body.List
	if ret, ok := body[0].(*ast.ReturnStmt); ok && len(body) == 1 && len(ret.Results) == 1 && x.emptyBuilder(ret.Results[0]) {
		return &TextFact{Op: TextNew}, true
	}
	v := x.declaredEmpty(body[0])
	if v == nil {
		return nil, false
	}
	ret, ok := body[len(body)-1].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return nil, false
	}
	switch r := ast.Unparen(ret.Results[0]).(type) {
	case *ast.UnaryExpr:
		if r.Op != token.AND || !x.isVar(r.X, v) {
			return nil, false
		}
	case *ast.StarExpr:
		if !x.isVar(r.X, v) {
			return nil, false
		}
	default:
		if !x.isVar(r, v) {
			return nil, false
		}
	}
	parts, ok := x.appendedBy(fd, body[1:len(body)-1], v, field)
	if !ok {
		return nil, false
	}
	return &TextFact{Op: TextNew, Parts: parts}, true
}

// declaredEmpty returns the variable st declares holding a new, empty
// text builder (v := &T{}, v := new(T), v := T{}, var v T).
func (x *extractor) declaredEmpty(st ast.Stmt) *types.Var {
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok != token.DEFINE || len(st.Lhs) != 1 || len(st.Rhs) != 1 || !x.emptyBuilder(st.Rhs[0]) {
			return nil
		}
		id, _ := st.Lhs[0].(*ast.Ident)
		if id == nil {
			return nil
		}
		v, _ := x.info.Defs[id].(*types.Var)
		return v
	case *ast.DeclStmt:
		gd, ok := st.Decl.(*ast.GenDecl)
		if !ok || len(gd.Specs) != 1 {
			return nil
		}
		vs, ok := gd.Specs[0].(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || len(vs.Values) != 0 {
			return nil
		}
		v, _ := x.info.Defs[vs.Names[0]].(*types.Var)
		if v == nil || !x.isTextBuilder(v.Type()) {
			return nil
		}
		return v
	}
	return nil
}

// emptyBuilder reports whether e is a new, empty text builder: &T{},
// T{} (no elements) or new(T).
func (x *extractor) emptyBuilder(e ast.Expr) bool {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		return len(e.Elts) == 0 && x.isTextBuilder(x.info.TypeOf(e))
	case *ast.CallExpr:
		id, ok := ast.Unparen(e.Fun).(*ast.Ident)
		if !ok || len(e.Args) != 1 {
			return false
		}
		if _, ok := x.info.Uses[id].(*types.Builtin); !ok || id.Name != "new" {
			return false
		}
		return x.isTextBuilder(x.info.TypeOf(e.Args[0]))
	}
	return false
}

// textSpans resolves the parts of a text builder call's summary with
// the call's arguments. Text the summary adds points at the query's
// argument, as other text without a literal does.
func (r *resolver) textSpans(parts []TextPart, call *ast.CallExpr, depth int) []span {
	var out []span
	for _, p := range parts {
		switch {
		case p.Arg == 0:
			out = append(out, textSpan(p.Text))
		case p.Arg > len(call.Args):
			out = append(out, opaque)
		case p.Char:
			if s, ok := r.x.charText(call.Args[p.Arg-1]); ok {
				out = append(out, textSpan(s))
			} else {
				out = append(out, opaque)
			}
		default:
			out = append(out, r.resolve(call.Args[p.Arg-1], depth+1)...)
		}
	}
	return out
}

// textCall resolves a call of a text builder's function or method: a
// constructor's text, or the text of the builder a String method is
// called on. ok is false for any other call.
func (r *resolver) textCall(call *ast.CallExpr, depth int) ([]span, bool) {
	if id, isID := ast.Unparen(call.Fun).(*ast.Ident); isID && r.x.emptyBuilder(call) && id.Name == "new" {
		return []span{textSpan("")}, true
	}
	fn, _ := r.x.callee(call)
	op, ok := r.x.textOp(fn)
	if !ok {
		return nil, false
	}
	switch op.Op {
	case TextNew:
		return r.textSpans(op.Parts, call, depth), true
	case TextString:
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil, false
		}
		return r.resolve(sel.X, depth+1), true
	}
	return nil, false
}
