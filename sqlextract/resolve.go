package sqlextract

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
)

// Limits that keep resolution cheap and finite on any input: maxDepth
// bounds the nesting of constants, variables and calls followed from one
// argument (and so cycles), maxSteps the total work for one argument
// (constant chains like c2 = c1 + c1 double at each step).
// maxText bounds the length of one query's text (a variable doubled by
// q += q in a few statements would otherwise exhaust memory).
const (
	maxDepth = 64
	maxSteps = 10000
	maxText  = 16 << 20
)

// An extractor holds what one package's extraction needs and caches.
type extractor struct {
	// summarizing are the functions whose field summaries are being
	// computed (a guard against functions returning each other's results).
	summarizing map[*types.Func]bool

	*unit
	extra     map[string]int      // ExtraSinks by full name
	wrappers  map[*types.Func]int // wrappers declared in this package
	factCache map[*types.Func]int // imported wrapper facts; -1 for none

	consts  map[*types.Const]ast.Expr // declaring expression of local consts
	pkgVars map[*types.Var]*pkgVar    // package-level variables, built lazily
	decls   map[ast.Node]*declVars    // local variables per top-level decl, built lazily
	tops    [][]ast.Decl              // top-level decls of each file, for lookups by position
	sources map[*token.File][]byte    // file contents read by litSpan

	funcs    map[*types.Func]*ast.FuncDecl // functions of the package, built lazily
	consumed map[*ast.CallExpr]bool        // builder renderings whose text a sink sends
	// sends are the functions of the package that send a builder
	// parameter; sendTerms the terminals inside them that do.
	sends     map[*types.Func]*builderSend
	sendTerms map[*ast.CallExpr]bool
	fields    map[*types.Var][]fieldWrite // see fieldWrites
	// viaSends are the constructors found to send the builder they keep
	// in a field while the terminals were rendered: their calls are
	// queries too.
	viaSends []*types.Func
	stats    BuilderStats
	builders int // usesBuilders: 0 unknown, 1 yes, -1 no
	// unresolved are the sinks whose SQL could not be followed.
	unresolved []Unresolved
	// wrapperSends are the sinks inside wrappers that send the wrapper's
	// SQL parameter: not unresolved, judged at the wrapper's calls.
	wrapperSends map[*ast.CallExpr]bool

	// Text builders (textbuild.go): the summaries of this package's,
	// imported ones, and which types are text builders.
	textOps       map[*types.Func]*TextFact
	textFactCache map[*types.Func]*TextFact
	textTypes     map[*types.Named]bool
}

func newExtractor(u *unit, opts Options) *extractor {
	x := &extractor{
		unit:      u,
		extra:     make(map[string]int),
		wrappers:  make(map[*types.Func]int),
		factCache: make(map[*types.Func]int),
		decls:     make(map[ast.Node]*declVars),
		sources:   make(map[*token.File][]byte),
		consumed:  make(map[*ast.CallExpr]bool),
		sends:     make(map[*types.Func]*builderSend),
		sendTerms: make(map[*ast.CallExpr]bool),

		wrapperSends: make(map[*ast.CallExpr]bool),
	}
	for _, s := range opts.ExtraSinks {
		x.extra[funcKey(s.Func)] = s.Arg
	}
	return x
}

// A resolver resolves one argument; it carries the step budget.
type resolver struct {
	x     *extractor
	steps int
	// builder is the library whose rendered text (ToSql) the argument
	// includes, if any.
	builder string
	// includesDeleted is set by a renderer whose chain asks for deleted
	// rows too (gorm's Unscoped, bun's WhereAllWithDeleted).
	includesDeleted bool
	// omitted are the parts a renderer left out of the text (see
	// Query.Omitted).
	omitted []Omission
	// models are the ORM model tables the reconstructed chains go
	// through (Query.Models).
	models []ModelTable
	// choices are the writes met that give a builder variable another
	// builder on some paths only (the branches of a switch that picks the
	// query), in order; picks are the ones this pass takes. Each choice
	// taken or not is one alternative of the query (see alternatives).
	choices []token.Pos
	picks   map[token.Pos]bool
	// escaped is the first text builder variable met that could not be
	// followed, and where it was handed on.
	escaped *escape
	// strArgs are the string parameters of the helper being interpreted
	// for the condition it returns (bresolver.helperValue), bound to the
	// text of the call's arguments.
	strArgs map[*types.Var][]span
	// calling are the functions whose result is being followed
	// (funcResult), against recursion.
	calling map[*types.Func]bool
}

// An escape is a text builder variable handed to code that may change
// its text.
type escape struct {
	name string
	at   token.Pos
	to   string // the function it is handed to, when known
}

// maxChoices bounds the writes a query's alternatives are enumerated
// over (2^maxChoices passes at most).
const maxChoices = 3

func (x *extractor) newResolver() *resolver { return &resolver{x: x} }

// resolve returns the text of the string expression e as spans. A value
// that is not known statically is one opaque span.
func (r *resolver) resolve(e ast.Expr, depth int) []span {
	r.steps++
	if depth > maxDepth || r.steps > maxSteps || e == nil {
		return []span{opaque}
	}
	e = ast.Unparen(e)
	if tv, ok := r.x.info.Types[e]; ok && tv.Value != nil {
		return r.constant(e, tv.Value, depth)
	}
	switch e := e.(type) {
	case *ast.BinaryExpr:
		if e.Op == token.ADD && r.isStringExpr(e) {
			return append(r.resolve(e.X, depth+1), r.resolve(e.Y, depth+1)...)
		}
	case *ast.CallExpr:
		return r.call(e, depth)
	case *ast.CompositeLit, *ast.UnaryExpr:
		if r.x.emptyBuilder(e) {
			return []span{textSpan("")}
		}
	case *ast.Ident:
		if v, ok := r.x.info.Uses[e].(*types.Var); ok {
			return r.variable(v, e.Pos(), depth)
		}
	}
	return []span{opaque}
}

func (r *resolver) isStringExpr(e ast.Expr) bool {
	tv, ok := r.x.info.Types[e]
	return ok && tv.Type != nil && isString(tv.Type)
}

// constant returns the spans of a constant string expression: exact
// positions where its value can be followed to literals of this package,
// otherwise the value alone. Non-string constants yield their text only
// when used as strings, which does not happen for valid SQL arguments.
func (r *resolver) constant(e ast.Expr, val constant.Value, depth int) []span {
	if val.Kind() != constant.String {
		return []span{opaque}
	}
	want := constant.StringVal(val)
	if spans := r.constSpans(e, false, depth); spans != nil && textLen(spans) == len(want) && joined(spans) == want {
		return spans
	}
	return []span{textSpan(want)}
}

// constSpans follows a constant expression to its literals, or returns
// nil; inDecl is set once it follows a constant to its declaration.
func (r *resolver) constSpans(e ast.Expr, inDecl bool, depth int) []span {
	r.steps++
	if depth > maxDepth || r.steps > maxSteps {
		return nil
	}
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return nil
		}
		tv := r.x.info.Types[e]
		if tv.Value == nil || tv.Value.Kind() != constant.String {
			return nil
		}
		return []span{r.x.litSpan(e, constant.StringVal(tv.Value))}
	case *ast.Ident, *ast.SelectorExpr:
		var id *ast.Ident
		if sel, ok := e.(*ast.SelectorExpr); ok {
			id = sel.Sel
		} else {
			id = e.(*ast.Ident)
		}
		c, ok := r.x.info.Uses[id].(*types.Const)
		if !ok || c.Pkg() != r.x.pkg {
			return nil // constant of another package: its value, no position
		}
		if name := constant.StringVal(c.Val()); !inDecl && isBareName(name) {
			// A table or column name kept in a constant (From(TableUsers)):
			// what names it in the query is the use, not the declaration
			// every query shares.
			return []span{{text: name, known: true, at: id.Pos()}}
		}
		decl := r.x.constDecl(c)
		if decl == nil {
			return nil
		}
		return r.constSpans(decl, true, depth+1)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return nil
		}
		x := r.constSpans(e.X, inDecl, depth+1)
		if x == nil {
			return nil
		}
		y := r.constSpans(e.Y, inDecl, depth+1)
		if y == nil {
			return nil
		}
		return append(x, y...)
	case *ast.CallExpr:
		if arg, ok := r.conversionArg(e); ok {
			return r.constSpans(arg, inDecl, depth+1)
		}
	}
	return nil
}

// isBareName reports whether a constant's text is one name, possibly
// qualified or quoted (users, public.users, "Users"): no SQL around it.
func isBareName(text string) bool {
	if text == "" {
		return false
	}
	for _, c := range text {
		if !(c == '_' || c == '.' || c == '"' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// conversionArg returns x for a conversion T(x) between string types.
func (r *resolver) conversionArg(call *ast.CallExpr) (ast.Expr, bool) {
	if len(call.Args) != 1 || call.Ellipsis.IsValid() {
		return nil, false
	}
	tv, ok := r.x.info.Types[call.Fun]
	if !ok || !tv.IsType() || !isString(tv.Type) || !r.isStringExpr(call.Args[0]) {
		return nil, false
	}
	return call.Args[0], true
}

// call resolves a call that is not constant: conversions and transforms
// are transparent, fmt.Sprintf, builders, text builders and functions of
// the package that return a constant are interpreted, anything else is
// opaque.
func (r *resolver) call(call *ast.CallExpr, depth int) []span {
	if arg, ok := r.conversionArg(call); ok {
		return r.resolve(arg, depth+1)
	}
	if arg, ok := r.x.transformArg(call); ok {
		return r.resolve(arg, depth+1)
	}
	if fn, _ := r.x.callee(call); fn != nil && fn.FullName() == "fmt.Sprintf" {
		return r.sprintf(call, depth)
	}
	if spans, ok := r.builderText(call); ok {
		return spans
	}
	if spans, ok := r.textCall(call, depth); ok {
		return spans
	}
	if fn, _ := r.x.callee(call); fn != nil && fn.Pkg() == r.x.pkg {
		// A function of the package that returns a constant: a
		// table's name kept in a method (accessKeys{}.Table()).
		if text, ok := r.x.constResult(fn); ok {
			return []span{textSpan(text)}
		}
		if spans, ok := r.funcResult(fn, call, depth); ok {
			return spans
		}
	}
	return []span{opaque}
}

// funcResult returns the text that fn, a function of the package whose
// first result is a string, returns for call: the expression of its one
// return statement, or the local variable that every return statement
// returns (a query built up in a helper, with early returns on guard
// paths), read at the last one, the path that runs to the end. Appends
// made in a block that returns are not on that path (see write.exits).
// The function's string parameters are the call's arguments. Any other
// function is not followed.
func (r *resolver) funcResult(fn *types.Func, call *ast.CallExpr, depth int) ([]span, bool) {
	sig := fn.Signature()
	if sig.Results().Len() == 0 || !isString(sig.Results().At(0).Type()) || r.calling[fn] {
		return nil, false
	}
	fd := r.x.funcDecl(fn)
	if fd == nil {
		return nil, false
	}
	var rets []*ast.ReturnStmt
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			rets = append(rets, n)
		}
		return true
	})
	if len(rets) == 0 {
		return nil, false
	}
	for _, ret := range rets {
		if len(ret.Results) != sig.Results().Len() {
			return nil, false // a bare return of named results
		}
	}
	result := rets[len(rets)-1].Results[0]
	if len(rets) > 1 {
		v := r.localVar(result)
		if v == nil {
			return nil, false
		}
		for _, ret := range rets {
			if r.localVar(ret.Results[0]) != v {
				return nil, false
			}
		}
	}
	binds := r.stringArgs(fn, call)
	saved := r.strArgs
	r.strArgs = binds
	if r.calling == nil {
		r.calling = map[*types.Func]bool{}
	}
	r.calling[fn] = true
	defer func() {
		r.strArgs = saved
		delete(r.calling, fn)
	}()
	return r.resolve(result, depth+1), true
}

// localVar returns the local variable e names, or nil.
func (r *resolver) localVar(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := r.x.info.Uses[id].(*types.Var)
	if !ok || v.Parent() == nil || v.Parent() == r.x.pkg.Scope() || v.IsField() {
		return nil
	}
	return v
}

// textLen returns the length of the text of spans.
func textLen(spans []span) int {
	n := 0
	for _, s := range spans {
		n += len(s.text)
	}
	return n
}

// joined returns the concatenated text of known spans.
func joined(spans []span) string {
	if len(spans) == 1 {
		return spans[0].text
	}
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(s.text)
	}
	return b.String()
}

// constDecl returns the expression that declares the local constant c, or
// nil (implicit repetition in a const group, or not found).
func (x *extractor) constDecl(c *types.Const) ast.Expr {
	if x.consts == nil {
		x.consts = make(map[*types.Const]ast.Expr)
		for _, f := range x.files {
			ast.Inspect(f, func(n ast.Node) bool {
				gd, ok := n.(*ast.GenDecl)
				if !ok || gd.Tok != token.CONST {
					return true
				}
				for _, s := range gd.Specs {
					vs, ok := s.(*ast.ValueSpec)
					if !ok || len(vs.Values) != len(vs.Names) {
						continue
					}
					for i, name := range vs.Names {
						if obj, ok := x.info.Defs[name].(*types.Const); ok {
							x.consts[obj] = vs.Values[i]
						}
					}
				}
				return false
			})
		}
	}
	return x.consts[c]
}
