package intent

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"
)

// A source is where a value of a function comes from: one of its
// parameters, the result of a call, or something not followed.
type source struct {
	param   int // the parameter's index, -1 when the source is not one
	callees []*types.Func
	unknown bool
}

// reads is what the functions a source's call may run return rows of.
func (s source) reads(e *engine) reads {
	out := reads{map[string]bool{}, map[string]bool{}}
	for i, fn := range s.callees {
		r := e.readsOf(fn)
		if i == 0 {
			for k := range r.live {
				out.live[k] = true
			}
			for k := range r.deleted {
				out.deleted[k] = true
			}
			continue
		}
		// Every implementation must agree.
		for k := range out.live {
			if !r.live[k] {
				delete(out.live, k)
			}
		}
		for k := range out.deleted {
			if !r.deleted[k] {
				delete(out.deleted, k)
			}
		}
	}
	return out
}

func allFrom(src []source, ok func(source) bool) bool {
	if len(src) == 0 {
		return false
	}
	for _, s := range src {
		if s.unknown || s.param >= 0 || !ok(s) {
			return false
		}
	}
	return true
}

// describeSources names the calls the sources are results of: "from
// Store.GetPAT".
func describeSources(src []source) string {
	var names []string
	for _, s := range src {
		if len(s.callees) > 0 {
			n := methodName(s.callees[0])
			if !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	if len(names) == 0 {
		return ""
	}
	return "from " + strings.Join(names, ", ")
}

// origins follows the values of one function back to their sources:
// through assignments, fields, elements, appends, ranges and conversions.
type origins struct {
	e       *engine
	g       *fn
	assigns map[types.Object][]ast.Expr
	memo    map[types.Object][]source
}

func (o *origins) index() {
	if o.assigns != nil {
		return
	}
	o.assigns = map[types.Object][]ast.Expr{}
	info := o.e.pass.TypesInfo
	add := func(lhs ast.Expr, rhs ast.Expr) {
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok || id.Name == "_" {
			return
		}
		if obj := info.ObjectOf(id); obj != nil {
			o.assigns[obj] = append(o.assigns[obj], rhs)
		}
	}
	// addAll pairs the names of one assignment or declaration with
	// their values; a multi-value call gives every name its origin.
	addAll := func(lhs, rhs []ast.Expr) {
		for i, l := range lhs {
			switch {
			case len(lhs) == len(rhs):
				add(l, rhs[i])
			case len(rhs) == 1:
				add(l, rhs[0])
			}
		}
	}
	ast.Inspect(o.g.decl.Body, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.AssignStmt:
			addAll(s.Lhs, s.Rhs)
		case *ast.ValueSpec:
			names := make([]ast.Expr, len(s.Names))
			for i, id := range s.Names {
				names[i] = id
			}
			addAll(names, s.Values)
		case *ast.RangeStmt:
			// The key of a range over a slice is an index: not a value
			// of the ranged rows.
			if s.Value != nil {
				add(s.Value, s.X)
			}
		}
		return true
	})
}

// of returns the sources of x; unknown when it is not followed.
func (o *origins) of(x ast.Expr) []source {
	o.index()
	info := o.e.pass.TypesInfo
	switch v := ast.Unparen(x).(type) {
	case *ast.BasicLit:
		return nil
	case *ast.Ident:
		obj := info.Uses[v]
		if obj == nil {
			obj = info.Defs[v]
		}
		if _, ok := obj.(*types.Const); ok {
			return nil
		}
		if obj == nil || v.Name == "nil" {
			return nil
		}
		return o.ofVar(obj)
	case *ast.SelectorExpr:
		if sel := info.Selections[v]; sel != nil && sel.Kind() == types.FieldVal {
			return o.of(v.X)
		}
		if sel := info.Selections[v]; sel != nil && sel.Kind() == types.MethodVal {
			// A getter of a row: p.GetID().
			return o.of(v.X)
		}
		return []source{{param: -1, unknown: true}}
	case *ast.IndexExpr:
		return o.of(v.X)
	case *ast.SliceExpr:
		return o.of(v.X)
	case *ast.StarExpr:
		return o.of(v.X)
	case *ast.UnaryExpr:
		if v.Op == token.AND {
			return o.of(v.X)
		}
	case *ast.CompositeLit:
		var out []source
		for _, elt := range v.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			out = append(out, o.of(elt)...)
		}
		return out
	case *ast.CallExpr:
		if tv, ok := info.Types[v.Fun]; ok && tv.IsType() && len(v.Args) == 1 {
			return o.of(v.Args[0]) // a conversion
		}
		if id, ok := ast.Unparen(v.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok {
				switch b.Name() {
				case "append":
					var out []source
					for _, a := range v.Args {
						out = append(out, o.of(a)...)
					}
					return out
				case "make", "new", "len", "cap":
					return nil
				}
			}
		}
		if sel, ok := ast.Unparen(v.Fun).(*ast.SelectorExpr); ok {
			if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal && len(v.Args) == 0 {
				if callees := o.e.callees(v); len(callees) > 0 && len(o.e.readsOf(callees[0]).live)+len(o.e.readsOf(callees[0]).deleted) == 0 {
					return o.of(sel.X) // a getter: row.GetID()
				}
			}
		}
		if callees := o.e.callees(v); len(callees) > 0 {
			if wraps := o.e.wrapped(callees); len(wraps) > 0 {
				// A wrapper returns what it is given: the rows in its
				// result are its arguments'.
				var out []source
				for _, j := range wraps {
					if j < len(v.Args) {
						out = append(out, o.of(v.Args[j])...)
					}
				}
				return out
			}
			return []source{{param: -1, callees: callees}}
		}
	}
	return []source{{param: -1, unknown: true}}
}

func (o *origins) ofVar(obj types.Object) []source {
	if src, ok := o.memo[obj]; ok {
		return src
	}
	o.memo[obj] = nil // a cycle adds nothing
	var out []source
	if i := paramIndex(o.g.obj, obj); i >= 0 {
		out = []source{{param: i}}
	} else if recv := o.g.obj.Signature().Recv(); recv != nil && recv == obj {
		out = []source{{param: -1, unknown: true}}
	} else if obj.Parent() == nil || obj.Pkg() == nil || obj.Parent() == obj.Pkg().Scope() {
		out = []source{{param: -1, unknown: true}} // a field, a package variable
	} else {
		for _, rhs := range o.assigns[obj] {
			out = append(out, o.of(rhs)...)
		}
	}
	o.memo[obj] = out
	return out
}

func paramIndex(fn *types.Func, obj types.Object) int {
	params := fn.Signature().Params()
	for i := 0; i < params.Len(); i++ {
		if params.At(i) == obj {
			return i
		}
	}
	return -1
}
