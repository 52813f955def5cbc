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
}

// AFact implements analysis.Fact.
func (*BuilderFact) AFact() {}

func (f *BuilderFact) String() string {
	var b strings.Builder
	b.WriteString("builder(")
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
			if !ok || !fn.Exported() || !builderResult(fn) || fn.Signature().TypeParams().Len() > 0 {
				continue
			}
			var env *benv
			params := fn.Signature().Params()
			for i := 0; i < params.Len(); i++ {
				if l, _ := builderType(params.At(i).Type()); l != nil {
					env = env.bindInitial(params.At(i), &chain{param: i})
				}
			}
			r := x.newBResolver()
			r.active[fn] = true
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
