package sqlextract

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
)

// BuilderStats counts the builder chains of a package: those whose
// statement was reconstructed and those given up on (an origin or a
// call the interpreter cannot follow). It is for tests and reports.
type BuilderStats struct {
	Resolved, GaveUp int
	// GaveUpAt lists the positions of the terminal calls given up on.
	GaveUpAt []token.Pos
}

// terminal reports whether call ends a builder chain: a method that sends
// or renders the query, or a builder handed as an interface value (a
// squirrel Sqlizer) to a function outside the library. It returns the
// library and the builder expression.
func (x *extractor) terminal(call *ast.CallExpr) (*library, ast.Expr, bool) {
	if !x.usesBuilders() {
		return nil, nil, false
	}
	fn, shift := x.callee(call)
	if fn == nil || shift != 0 {
		return nil, nil, false
	}
	if recv := fn.Signature().Recv(); recv != nil {
		if l, name := builderType(recv.Type()); l != nil && l.terminal(name, fn.Name()) {
			return l, call, true
		}
	}
	if libraryOfPkg(fn.Pkg()) != nil {
		return nil, nil, false
	}
	if l, e, ok := x.sendTerminal(call); ok {
		return l, e, true
	}
	// A builder passed where an interface is expected (func run(q
	// sq.Sqlizer)): it is executed there.
	sig := fn.Signature()
	for i, a := range call.Args {
		pi := i
		if sig.Variadic() && pi >= sig.Params().Len()-1 {
			continue
		}
		if pi >= sig.Params().Len() || !types.IsInterface(sig.Params().At(pi).Type()) {
			continue
		}
		tv, ok := x.info.Types[a]
		if !ok {
			continue
		}
		if l, name := builderType(tv.Type); l != nil && l.sqlizer != nil && l.sqlizer(name) {
			return l, a, true
		}
	}
	return nil, nil, false
}

// usesBuilders reports whether the package depends on a builder library
// (and is not one): only then can it hold builder chains.
func (x *extractor) usesBuilders() bool {
	if x.builders != 0 {
		return x.builders > 0
	}
	x.builders = -1
	if x.pkg == nil || libraryOfPkg(x.pkg) != nil {
		return false
	}
	seen := map[*types.Package]bool{}
	var visit func(p *types.Package) bool
	visit = func(p *types.Package) bool {
		if seen[p] {
			return false
		}
		seen[p] = true
		if libraryOfPkg(p) != nil {
			return true
		}
		for _, q := range p.Imports() {
			if visit(q) {
				return true
			}
		}
		return false
	}
	for _, p := range x.pkg.Imports() {
		if visit(p) {
			x.builders = 1
			break
		}
	}
	return x.builders > 0
}

// builderQueries reconstructs the query a terminal call sends, one per
// alternative of its builder.
func (x *extractor) builderQueries(call *ast.CallExpr, l *library, expr ast.Expr) []*Query {
	q, choices := x.builderQuery(call, l, expr, nil)
	return x.alternatives(q, choices, func(picks map[token.Pos]bool) *Query {
		q, _ := x.builderQuery(call, l, expr, picks)
		return q
	})
}

// builderQuery reconstructs the query a terminal call sends, taking the
// picked writes of a builder variable (see resolver.picks).
func (x *extractor) builderQuery(call *ast.CallExpr, l *library, expr ast.Expr, picks map[token.Pos]bool) (*Query, []token.Pos) {
	r := x.newBResolver()
	r.picks = picks
	q := x.builderQueryWith(r, call, l, expr)
	return q, r.choices
}

func (x *extractor) builderQueryWith(r *bresolver, call *ast.CallExpr, l *library, expr ast.Expr) *Query {
	c, ok := r.eval(expr, nil, 0)
	if s := x.sendOf(call); ok && s != nil {
		// A call of a function that sends the builder: what it adds too.
		c = c.extended(s.ops)
	}
	if ok && c.via != nil && c.param >= 0 && x.sends[c.via] == nil {
		// Sent from a struct field its constructor fills: each call of
		// the constructor is the query (extract follows them).
		x.sends[c.via] = &builderSend{lib: l, param: c.param, ops: c.ops, chain: &chain{param: c.param, ops: c.ops}}
		x.sendTerms[call] = true
		x.viaSends = append(x.viaSends, c.via)
		return nil
	}
	if ok && c.fresh() {
		var spans []span
		spans, ok = l.render(r, c, call.Pos())
		if r.sent {
			// Raw SQL (gorm's Raw, bun's NewRaw): the sink that took the
			// text reports it.
			return nil
		}
		if ok && len(spans) > 0 && textLen(spans) <= maxText {
			q := assemble(call, expr, calleeName(x, call), spans)
			q.Builder = l.Name
			q.IncludesDeleted = r.includesDeleted
			q.Models = r.models
			q.Omitted = r.omitted
			x.stats.Resolved++
			return q
		}
	}
	x.stats.GaveUp++
	x.stats.GaveUpAt = append(x.stats.GaveUpAt, call.Pos())
	reason := "the " + l.Name + " chain could not be rebuilt"
	if r.lost != "" {
		reason += ": " + r.lost
		if p := x.fset.Position(r.lostAt); p.IsValid() && r.lostAt != call.Pos() {
			reason += fmt.Sprintf(" (%s:%d)", filepath.Base(p.Filename), p.Line)
		}
	} else {
		reason += " (a part of it is built where it cannot be followed)"
	}
	x.unresolved = append(x.unresolved, Unresolved{Pos: call.Pos(), Callee: calleeName(x, call), Reason: reason, Builder: l.Name})
	return nil
}

func calleeName(x *extractor, call *ast.CallExpr) string {
	if fn, _ := x.callee(call); fn != nil {
		return fn.Name()
	}
	return ""
}

// builderText resolves a call that renders a builder to SQL text (ToSql,
// String, ...) for the string resolver: the text flows on into a sink,
// which then reports it, so the call is not a Query of its own.
func (r *resolver) builderText(call *ast.CallExpr) ([]span, bool) {
	x := r.x
	fn, shift := x.callee(call)
	if fn == nil || shift != 0 {
		return nil, false
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return nil, false
	}
	l, name := builderType(recv.Type())
	if l == nil || l.text == nil || !l.text(name, fn.Name()) {
		return nil, false
	}
	br := &bresolver{resolver: r, active: map[*types.Func]bool{}}
	c, ok := br.eval(call, nil, 0)
	if !ok || c.param >= 0 || c.self {
		return nil, false
	}
	spans, ok := l.render(br, c, call.Pos())
	if !ok || len(spans) == 0 || br.sent {
		return nil, false
	}
	x.consumed[call] = true
	x.stats.Resolved++
	r.builder = l.Name
	return spans, true
}

// Helpers for renderers: text built from spans and keywords.

// sqlText accumulates the spans of a rendered statement.
type sqlText struct{ spans []span }

// kw adds text the library writes, reported at at.
func (t *sqlText) kw(s string, at token.Pos) {
	if s != "" {
		t.spans = append(t.spans, span{text: s, known: true, at: at})
	}
}

// add adds spans from the code; inexact ones are reported at at.
func (t *sqlText) add(spans []span, at token.Pos) {
	for _, s := range spans {
		if !s.exact && !s.at.IsValid() {
			s.at = at
		}
		t.spans = append(t.spans, s)
	}
}

// join adds parts separated by sep, which is reported at at.
func (t *sqlText) join(parts [][]span, sep string, at token.Pos) {
	for i, p := range parts {
		if i > 0 {
			t.kw(sep, at)
		}
		t.add(p, at)
	}
}

// clause adds kw and parts separated by sep, if there are parts: a
// clause written only when it has something in it (GROUP BY a, b).
func (t *sqlText) clause(kw string, parts [][]span, sep string, at token.Pos) {
	if len(parts) > 0 {
		t.kw(kw, at)
		t.join(parts, sep, at)
	}
}

// isEmptyText reports whether spans are known to be the empty string.
func isEmptyText(spans []span) bool {
	for _, s := range spans {
		if !s.known || s.text != "" {
			return false
		}
	}
	return true
}

// opaqueAt is an opaque part reported at at.
func opaqueAt(at token.Pos) span { return span{at: at} }
