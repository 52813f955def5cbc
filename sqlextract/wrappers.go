package sqlextract

import (
	"go/ast"
	"go/token"
	"go/types"
)

// A funcCalls is a function declared in the package with the calls in
// its body, including those in closures (which may use its parameters).
type funcCalls struct {
	fn    *types.Func
	calls []*ast.CallExpr
}

// findWrappers records in x.wrappers the functions of the package that
// pass one of their string parameters directly (or through a transform)
// as the SQL argument of a sink. Wrappers of wrappers are found by
// iterating to a fixed point.
func (x *extractor) findWrappers() {
	var funcs []funcCalls
	for _, f := range x.files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn, ok := x.info.Defs[fd.Name].(*types.Func)
			if !ok || !hasStringParam(fn.Signature()) {
				continue
			}
			fc := funcCalls{fn: fn}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					fc.calls = append(fc.calls, call)
				}
				return true
			})
			if len(fc.calls) > 0 {
				funcs = append(funcs, fc)
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, fc := range funcs {
			if _, done := x.wrappers[fc.fn]; done {
				continue
			}
			if i, ok := x.wrapperParam(fc); ok {
				x.wrappers[fc.fn] = i
				changed = true
			}
		}
	}
}

func hasStringParam(sig *types.Signature) bool {
	for i := range sig.Params().Len() {
		if isString(sig.Params().At(i).Type()) {
			return true
		}
	}
	return false
}

// wrapperParam returns the index of the parameter of fc.fn that one of
// its calls sends as SQL, if any (the lowest, for determinism).
func (x *extractor) wrapperParam(fc funcCalls) (int, bool) {
	best := -1
	for _, call := range fc.calls {
		s, ok := x.sinkCall(call)
		if !ok {
			continue
		}
		if i, ok := x.paramOf(fc.fn, s.arg, s.arg.Pos(), 0); ok {
			// The wrapper's own send: its SQL is judged at each call.
			x.wrapperSends[call] = true
			if best < 0 || i < best {
				best = i
			}
		}
	}
	return best, best >= 0
}

// paramOf reports whether the value of e at position ref is exactly the
// string parameter number i of fn, possibly through conversions,
// transforms and local variables that copy it.
func (x *extractor) paramOf(fn *types.Func, e ast.Expr, ref token.Pos, depth int) (int, bool) {
	if depth > maxDepth {
		return 0, false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		r := x.newResolver()
		if arg, ok := r.conversionArg(e); ok {
			return x.paramOf(fn, arg, arg.Pos(), depth+1)
		}
		if arg, ok := x.transformArg(e); ok {
			return x.paramOf(fn, arg, arg.Pos(), depth+1)
		}
	case *ast.Ident:
		v, ok := x.info.Uses[e].(*types.Var)
		if !ok || v.Pkg() != x.pkg || v.Parent() == x.pkg.Scope() {
			return 0, false
		}
		dv := x.declVarsAt(v.Pos())
		if dv == nil || dv.lost(v, ref) {
			return 0, false
		}
		// The last write before ref must be a set; follow it.
		var last *write
		for _, w := range dv.writes[v] {
			if w.end > ref {
				break
			}
			last = &w
		}
		switch {
		case last == nil:
			return paramIndex(fn, v)
		case last.kind == setVar && last.rhs != nil && !last.multi:
			return x.paramOf(fn, last.rhs, last.rhs.Pos(), depth+1)
		case last.kind == setVar && last.multi:
			if call, ok := ast.Unparen(last.rhs).(*ast.CallExpr); ok {
				if arg, ok := x.transformArg(call); ok {
					return x.paramOf(fn, arg, arg.Pos(), depth+1)
				}
			}
		}
	}
	return 0, false
}

// paramIndex returns the index of v among the non-variadic string
// parameters of fn.
func paramIndex(fn *types.Func, v *types.Var) (int, bool) {
	sig := fn.Signature()
	for i := range sig.Params().Len() {
		if sig.Params().At(i) != v {
			continue
		}
		if sig.Variadic() && i == sig.Params().Len()-1 || !isString(v.Type()) {
			return 0, false
		}
		return i, true
	}
	return 0, false
}
