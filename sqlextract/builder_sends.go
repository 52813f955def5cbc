package sqlextract

import (
	"go/ast"
	"go/token"
	"go/types"
)

// BuilderSendFact is exported on a function that sends a query builder it
// takes as a parameter (func list(ctx, q sq.SelectBuilder) { q.RunWith(db).Query() },
// a pagination helper): each call of it is a query, the chain of the
// argument extended by what the function adds. Chain.Param is the index
// of that parameter; Lib names the library whose terminal sends it.
type BuilderSendFact struct {
	Lib   string
	Chain *BuilderFact
}

// AFact implements analysis.Fact.
func (*BuilderSendFact) AFact() {}

func (f *BuilderSendFact) String() string {
	return "sends(" + f.Lib + ", " + f.Chain.String() + ")"
}

// A builderSend is a function, of this package or another, that sends its
// builder parameter param after adding ops.
type builderSend struct {
	lib   *library
	param int
	ops   []bop
	chain *chain // this package's: the chain with positions in it, for the fact
}

// findBuilderSends records in x.sends the functions of the package whose
// builder parameter reaches a terminal (directly, or through another such
// function), iterating to a fixed point as wrappers do; the terminals
// inside them are not queries of their own (x.sendTerms).
func (x *extractor) findBuilderSends() {
	if !x.usesBuilders() {
		return
	}
	type candidate struct {
		fn    *types.Func
		env   *benv
		calls []*ast.CallExpr
	}
	var cands []candidate
	for _, f := range x.files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn, ok := x.info.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			var env *benv
			params := fn.Signature().Params()
			for i := 0; i < params.Len(); i++ {
				// A connection or statement builder (a root) carries no
				// SQL: a function given one builds its own query.
				l, name := builderType(params.At(i).Type())
				if l != nil && !(l.root != nil && l.root(name)) && !(fn.Signature().Variadic() && i == params.Len()-1) {
					env = env.bindInitial(params.At(i), &chain{param: i})
				}
			}
			if env == nil {
				continue
			}
			c := candidate{fn: fn, env: env}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					c.calls = append(c.calls, call)
				}
				return true
			})
			cands = append(cands, c)
		}
	}
	for changed := true; changed; {
		changed = false
		for _, c := range cands {
			if x.sends[c.fn] != nil {
				continue
			}
			for _, call := range c.calls {
				l, expr, ok := x.terminal(call)
				if !ok {
					continue
				}
				r := x.newBResolver()
				r.active[c.fn] = true
				ch, ok := r.eval(expr, c.env, 0)
				if !ok || ch.param < 0 || ch.self || ch.via != nil {
					continue
				}
				if s := x.sendOf(call); s != nil {
					ch = ch.extended(s.ops)
					l = s.lib
				}
				x.sendTerms[call] = true
				if x.sends[c.fn] == nil {
					x.sends[c.fn] = &builderSend{lib: l, param: ch.param, ops: ch.ops, chain: ch}
					changed = true
				}
			}
		}
	}
}

// sendOf returns what the function call calls does with its builder
// argument, if it sends it.
func (x *extractor) sendOf(call *ast.CallExpr) *builderSend {
	fn, shift := x.callee(call)
	if fn == nil || shift != 0 {
		return nil
	}
	if s := x.sends[fn]; s != nil {
		return s
	}
	if x.importBuilderSend == nil || fn.Pkg() == nil || fn.Pkg() == x.pkg {
		return nil
	}
	f, ok := x.importBuilderSend(fn)
	if !ok || f.Chain == nil {
		return nil
	}
	var l *library
	for _, lib := range libraries {
		if lib.Name == f.Lib {
			l = lib
		}
	}
	if l == nil {
		return nil
	}
	at := call.Fun.Pos()
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		at = sel.Sel.Pos()
	}
	c := factToChain(f.Chain, at, 0)
	return &builderSend{lib: l, param: f.Chain.Param, ops: c.ops}
}

// sendTerminal reports whether call passes a builder to a function that
// sends it: the argument is the chain's start.
func (x *extractor) sendTerminal(call *ast.CallExpr) (*library, ast.Expr, bool) {
	s := x.sendOf(call)
	if s == nil || s.param >= len(call.Args) {
		return nil, nil, false
	}
	return s.lib, call.Args[s.param], true
}

// builderSendFacts are the facts of this package's exported builder
// sends.
func (x *extractor) builderSendFacts() map[*types.Func]*BuilderSendFact {
	out := map[*types.Func]*BuilderSendFact{}
	for fn, s := range x.sends {
		if !fn.Exported() || fn.Signature().TypeParams().Len() > 0 {
			continue
		}
		if f := chainToFact(s.chain, 0); f != nil {
			out[fn] = &BuilderSendFact{Lib: s.lib.Name, Chain: f}
		}
	}
	return out
}

// fieldWrite is one value given to a struct field in the package.
type fieldWrite struct {
	rhs ast.Expr // nil: a write that cannot be followed (f, err = ..., &s.f)
}

// fieldWrites indexes, once per package, the values its code gives to the
// unexported struct fields of builder type declared in it: keyed
// composite literals, positional ones, and assignments s.f = v.
func (x *extractor) fieldWrites() map[*types.Var][]fieldWrite {
	if x.fields != nil {
		return x.fields
	}
	x.fields = map[*types.Var][]fieldWrite{}
	tracked := func(v *types.Var) bool {
		if v == nil || !v.IsField() || v.Exported() || v.Pkg() != x.pkg {
			return false
		}
		l, _ := builderType(v.Type())
		return l != nil
	}
	field := func(e ast.Expr) *types.Var {
		sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		v, _ := x.info.Uses[sel.Sel].(*types.Var)
		return v
	}
	for _, f := range x.files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CompositeLit:
				t := x.info.Types[n].Type
				if t == nil {
					return true
				}
				st, ok := t.Underlying().(*types.Struct)
				if !ok {
					return true
				}
				for i, el := range n.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if id, ok := kv.Key.(*ast.Ident); ok {
							if v, _ := x.info.Uses[id].(*types.Var); tracked(v) {
								x.fields[v] = append(x.fields[v], fieldWrite{rhs: kv.Value})
							}
						}
					} else if i < st.NumFields() && tracked(st.Field(i)) {
						x.fields[st.Field(i)] = append(x.fields[st.Field(i)], fieldWrite{rhs: el})
					}
				}
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					v := field(lhs)
					if !tracked(v) {
						continue
					}
					w := fieldWrite{}
					if len(n.Lhs) == len(n.Rhs) && n.Tok == token.ASSIGN {
						w.rhs = n.Rhs[i]
					}
					x.fields[v] = append(x.fields[v], w)
				}
			case *ast.UnaryExpr:
				if v := field(n.X); n.Op == token.AND && tracked(v) {
					x.fields[v] = append(x.fields[v], fieldWrite{})
				}
			}
			return true
		})
	}
	return x.fields
}

// fieldChain returns the chain an unexported struct field holds when the
// package gives it one value, built from scratch (s.items = sq.Select(...).From("items")
// in a constructor, extended by the methods that read it).
func (r *bresolver) fieldChain(v *types.Var, ref token.Pos, depth int) (*chain, bool) {
	writes, ok := r.x.fieldWrites()[v]
	if !ok {
		return r.giveUp(ref, "the struct field %s holds it, and the package never sets it", v.Name())
	}
	if len(writes) != 1 || writes[0].rhs == nil {
		return r.giveUp(ref, "the struct field %s holds it, set in %d places", v.Name(), len(writes))
	}
	rhs := writes[0].rhs
	// The function that sets the field: its builder parameters are where
	// the field's chain may start (a constructor given the builder).
	var env *benv
	var ctor *types.Func
	if fd, ok := r.x.topDecl(rhs.Pos()).(*ast.FuncDecl); ok {
		if fn, ok := r.x.info.Defs[fd.Name].(*types.Func); ok {
			ctor = fn
			params := fn.Signature().Params()
			for i := 0; i < params.Len(); i++ {
				if l, _ := builderType(params.At(i).Type()); l != nil {
					env = env.bindInitial(params.At(i), &chain{param: i, via: fn})
				}
			}
		}
	}
	c, ok := r.eval(rhs, env, depth+1)
	if !ok {
		return nil, false
	}
	if c.self || c.param >= 0 && (c.via != ctor || ctor == nil) {
		return r.giveUp(ref, "the struct field %s holds a builder given to it where it cannot be followed", v.Name())
	}
	return c, true
}
