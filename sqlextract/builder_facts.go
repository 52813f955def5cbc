package sqlextract

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// BuilderFact is exported on a function that returns a query builder
// (squirrel, goqu, bun, gorm): what it does to the builder, so that
// callers in other packages see the tables and filters it adds. Param is
// the index of the builder parameter the result extends, or -1 when the
// function builds a fresh one.
type BuilderFact struct {
	Param int
	Ops   []FactOp
	// Field, when set, names the exported field of the function's result
	// (a struct or a pointer to one) that holds the builder: a pagination
	// helper returning &Paginator{Query: query.Order(...)}.
	Field string
}

// AFact implements analysis.Fact.
func (*BuilderFact) AFact() {}

func (f *BuilderFact) String() string {
	var b strings.Builder
	b.WriteString("builder(")
	if f.Field != "" {
		b.WriteString(f.Field + ": ")
	}
	for i, op := range f.Ops {
		if i > 0 {
			b.WriteString(".")
		}
		b.WriteString(op.Name)
	}
	b.WriteString(")")
	return b.String()
}

// FactOp is one library call of a BuilderFact. Text carries no positions:
// in the caller's package it points at the call of the helper.
type FactOp struct {
	Lib, Recv, Name string
	Args            []*FactVal
	Cond            bool
}

// FactVal is an argument of a FactOp (see bval).
type FactVal struct {
	Kind  int
	Text  []FactSpan
	Lit   string
	Typ   string
	Keys  [][]FactSpan
	Vals  []*FactVal
	List  []*FactVal
	Chain *BuilderFact
}

// FactSpan is a piece of text; Known is false for an opaque part.
type FactSpan struct {
	Text  string
	Known bool
}

const maxFactOps = 256

func spansToFact(spans []span) []FactSpan {
	out := make([]FactSpan, len(spans))
	for i, s := range spans {
		out[i] = FactSpan{Text: s.text, Known: s.known}
	}
	return out
}

func factToSpans(fs []FactSpan, at token.Pos) []span {
	out := make([]span, len(fs))
	for i, s := range fs {
		out[i] = span{text: s.Text, known: s.Known, at: at}
	}
	return out
}

func chainToFact(c *chain, depth int) *BuilderFact {
	if depth > 8 || len(c.ops) > maxFactOps {
		return nil
	}
	f := &BuilderFact{Param: c.param}
	for _, op := range c.ops {
		fo := FactOp{Lib: op.lib, Recv: op.recv, Name: op.name, Cond: op.cond}
		for _, a := range op.args {
			fo.Args = append(fo.Args, valToFact(a, depth+1))
		}
		f.Ops = append(f.Ops, fo)
	}
	return f
}

func valToFact(v *bval, depth int) *FactVal {
	fv := &FactVal{Kind: int(v.kind), Text: spansToFact(v.spans), Lit: v.lit, Typ: v.typ}
	if depth > 8 {
		fv.Kind = int(vUnknown)
		return fv
	}
	for _, kv := range v.kv {
		fv.Keys = append(fv.Keys, spansToFact(kv.key))
		fv.Vals = append(fv.Vals, valToFact(kv.val, depth+1))
	}
	for _, e := range v.list {
		fv.List = append(fv.List, valToFact(e, depth+1))
	}
	if v.chain != nil {
		if fv.Chain = chainToFact(v.chain, depth+1); fv.Chain == nil {
			fv.Kind = int(vUnknown)
		}
	}
	if v.kind == vModel {
		fv.Kind = int(vUnknown) // the model type does not cross packages
	}
	return fv
}

func factToChain(f *BuilderFact, at token.Pos, depth int) *chain {
	c := &chain{param: f.Param}
	if depth > 8 {
		return c
	}
	for _, fo := range f.Ops {
		op := bop{lib: fo.Lib, recv: fo.Recv, name: fo.Name, pos: at, cond: fo.Cond}
		for _, a := range fo.Args {
			op.args = append(op.args, factToVal(a, at, depth+1))
		}
		c.ops = append(c.ops, op)
	}
	return c
}

func factToVal(fv *FactVal, at token.Pos, depth int) *bval {
	if fv == nil || depth > 8 {
		return &bval{pos: at}
	}
	v := &bval{kind: vkind(fv.Kind), spans: factToSpans(fv.Text, at), lit: fv.Lit, typ: fv.Typ, pos: at}
	for i, k := range fv.Keys {
		var val *bval
		if i < len(fv.Vals) {
			val = factToVal(fv.Vals[i], at, depth+1)
		} else {
			val = &bval{pos: at}
		}
		v.kv = append(v.kv, bkv{key: factToSpans(k, at), val: val})
	}
	for _, e := range fv.List {
		v.list = append(v.list, factToVal(e, at, depth+1))
	}
	if fv.Chain != nil {
		v.chain = factToChain(fv.Chain, at, depth+1)
		v.chain.param = -1
	} else if v.kind == vBuilder {
		v.kind = vUnknown
	}
	return v
}

// factHelper applies the BuilderFact of a function of another package.
func (r *bresolver) factHelper(fn *types.Func, call *ast.CallExpr, env *benv, depth int) (*chain, bool) {
	if r.x.importBuilder == nil || fn.Pkg() == nil || !builderResult(fn) {
		return nil, false
	}
	f, ok := r.x.importBuilder(fn)
	if !ok {
		return r.giveUp(call.Pos(), "%s.%s builds it in a way its package could not summarize", fn.Pkg().Name(), fn.Name())
	}
	return r.applyFact(f, call, env, depth)
}

// applyFact is the chain a call of a summarized function gives: the
// builder argument the summary starts from (or a fresh one), extended by
// the summary's ops, which point at the call.
func (r *bresolver) applyFact(f *BuilderFact, call *ast.CallExpr, env *benv, depth int) (*chain, bool) {
	at := call.Fun.Pos()
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		at = sel.Sel.Pos()
	}
	delta := factToChain(f, at, 0)
	base := &chain{param: -1}
	if f.Param >= 0 {
		if f.Param >= len(call.Args) {
			return nil, false
		}
		b, ok := r.eval(call.Args[f.Param], env, depth+1)
		if !ok {
			return nil, false
		}
		base = b
	}
	return base.extended(delta.ops), true
}

// summarizer returns a resolver for summarizing fn, and the environment
// that binds fn's builder parameters to chains starting from them.
func (x *extractor) summarizer(fn *types.Func) (*bresolver, *benv) {
	var env *benv
	params := fn.Signature().Params()
	for i := 0; i < params.Len(); i++ {
		if l, _ := builderType(params.At(i).Type()); l != nil {
			env = env.bindInitial(params.At(i), &chain{param: i})
		}
	}
	r := x.newBResolver()
	r.active[fn] = true
	return r, env
}

// builderFacts summarizes the functions of this package that return a
// builder, for callers in other packages.
func (x *extractor) builderFacts() map[*types.Func]*BuilderFact {
	out := map[*types.Func]*BuilderFact{}
	if !x.usesBuilders() {
		return out
	}
	for _, f := range x.files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn, ok := x.info.Defs[fd.Name].(*types.Func)
			if !ok || !fn.Exported() || fn.Signature().TypeParams().Len() > 0 {
				continue
			}
			if !builderResult(fn) {
				if fact := x.fieldSummary(fn, fd); fact != nil {
					out[fn] = fact
				}
				continue
			}
			r, env := x.summarizer(fn)
			c, ok := r.returned(fd.Body, fd.Name.Name, fd.Name.Pos(), env, 0)
			if !ok || c.self || c.via != nil {
				continue
			}
			if fact := chainToFact(c, 0); fact != nil {
				out[fn] = fact
			}
		}
	}
	return out
}

// resultField returns the exported builder field of the struct fn's first
// result is (or points to), or nil.
func resultField(fn *types.Func) *types.Var {
	res := fn.Signature().Results()
	if res.Len() == 0 {
		return nil
	}
	_, st := structOf(res.At(0).Type())
	if st == nil {
		return nil
	}
	for i := 0; i < st.NumFields(); i++ {
		if f := st.Field(i); f.Exported() {
			if l, _ := builderType(f.Type()); l != nil {
				return f
			}
		}
	}
	return nil
}

// fieldSummary is the BuilderFact of a function whose result holds a
// builder in an exported field (a pagination helper: p := &Paginator{Query:
// query}, then p.Query = query.Order(...) for each order asked for): every
// value the function gives the field, merged as a helper's returns are (the
// ops they share, then the others on some paths only). nil when a value
// cannot be followed or the values start from different builders.
func (x *extractor) fieldSummary(fn *types.Func, fd *ast.FuncDecl) *BuilderFact {
	field := resultField(fn)
	if field == nil || x.summarizing[fn] {
		return nil
	}
	if x.summarizing == nil {
		x.summarizing = map[*types.Func]bool{}
	}
	x.summarizing[fn] = true
	defer delete(x.summarizing, fn)
	var rhs []ast.Expr
	bad := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok && x.info.Uses[id] == field {
				rhs = append(rhs, n.Value)
			}
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if sel, ok := ast.Unparen(l).(*ast.SelectorExpr); ok && x.info.Uses[sel.Sel] == field {
					if len(n.Lhs) != len(n.Rhs) {
						bad = true
						continue
					}
					rhs = append(rhs, n.Rhs[i])
				}
			}
		}
		return true
	})
	r, env := x.summarizer(fn)
	if !bad && len(rhs) == 0 {
		// return newPaginatorMulti(ctx, query, ...): the summary of the
		// function it returns the result of, from this one's parameters.
		if call, ok := soleReturn(fd.Body).(*ast.CallExpr); ok {
			if g, shift := x.callee(call); g != nil && shift == 0 && g.Pkg() == x.pkg && g != fn {
				if gd := x.funcDecl(g); gd != nil {
					if f := x.fieldSummary(g, gd); f != nil && f.Param >= 0 && f.Param < len(call.Args) {
						if c, ok := r.eval(call.Args[f.Param], env, 0); ok && !c.self && c.via == nil {
							if fact := chainToFact(c.extended(factToChain(f, call.Pos(), 0).ops), 0); fact != nil {
								fact.Field = f.Field
								return fact
							}
						}
					}
				}
			}
		}
	}
	if bad || len(rhs) == 0 {
		return nil
	}
	var cs []*chain
	for _, e := range rhs {
		c, ok := r.eval(e, env, 0)
		if !ok || c.self || c.via != nil {
			return nil
		}
		cs = append(cs, c)
	}
	c, ok := mergeReturns(cs)
	if !ok {
		return nil
	}
	fact := chainToFact(c, 0)
	if fact != nil {
		fact.Field = field.Name()
	}
	return fact
}

// heldChain returns the chain that the exported field sel.Sel of a local
// variable holds, when the variable is the result of a call of a function
// whose summary says what the field holds (p, err :=
// paginator.New(ctx, query, page); p.Query.Limit(...).Scan(ctx)).
func (r *bresolver) heldChain(sel *ast.SelectorExpr, env *benv, depth int) (*chain, bool) {
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return nil, false
	}
	v, ok := r.x.info.Uses[id].(*types.Var)
	if !ok || v.Pkg() != r.x.pkg || v.IsField() || v.Parent() == r.x.pkg.Scope() {
		return nil, false
	}
	dv := r.x.declVarsAt(v.Pos())
	if dv == nil || dv.lost(v, id.Pos()) || len(dv.writes[v]) != 1 || !dv.defs[v] {
		return nil, false
	}
	call, ok := ast.Unparen(dv.writes[v][0].rhs).(*ast.CallExpr)
	if !ok {
		return nil, false
	}
	fn, shift := r.x.callee(call)
	if fn == nil || shift != 0 || fn.Pkg() == nil {
		return nil, false
	}
	var f *BuilderFact
	switch {
	case fn.Pkg() == r.x.pkg:
		if fd := r.x.funcDecl(fn); fd != nil && !r.active[fn] {
			f = r.x.fieldSummary(fn, fd)
		}
	case r.x.importBuilder != nil:
		f, _ = r.x.importBuilder(fn)
	}
	if f == nil || f.Field != sel.Sel.Name {
		return nil, false
	}
	return r.applyFact(f, call, env, depth)
}

// soleReturn returns the one result expression of fd's only return
// statement (function literals aside), or nil when fd has several returns
// or its return has several results.
func soleReturn(body *ast.BlockStmt) ast.Expr {
	var res ast.Expr
	n := 0
	ast.Inspect(body, func(nd ast.Node) bool {
		switch nd := nd.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			n++
			if len(nd.Results) == 1 {
				res = ast.Unparen(nd.Results[0])
			}
		}
		return true
	})
	if n != 1 {
		return nil
	}
	return res
}
