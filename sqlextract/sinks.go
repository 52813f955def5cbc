package sqlextract

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/softdelete/softdelete/internal/libs"
)

// Method names of database/sql and their SQL argument index.
var sqlMethods = map[string]int{
	"Query": 0, "QueryRow": 0, "Exec": 0, "Prepare": 0,
	"QueryContext": 1, "QueryRowContext": 1, "ExecContext": 1, "PrepareContext": 1,
}

// Method names of sqlx's DB, Tx and Conn (beyond those promoted from
// database/sql) and their SQL argument index.
var sqlxMethods = map[string]int{
	"Select": 1, "Get": 1,
	"Queryx": 0, "QueryRowx": 0, "MustExec": 0, "NamedExec": 0, "NamedQuery": 0,
	"Preparex": 0, "PrepareNamed": 0,
	"SelectContext": 2, "GetContext": 2,
	"QueryxContext": 1, "QueryRowxContext": 1, "MustExecContext": 1,
	"NamedExecContext": 1, "NamedQueryContext": 1, "PreparexContext": 1, "PrepareNamedContext": 1,
}

// Method names of pgx connections, pools and transactions.
var pgxMethods = map[string]int{"Query": 1, "QueryRow": 1, "Exec": 1, "Prepare": 2}

// methodSinks maps "pkgpath.Type" to the sink methods of that type.
var methodSinks = map[string]map[string]int{
	libs.SQLPath + ".DB":       sqlMethods,
	libs.SQLPath + ".Tx":       sqlMethods,
	libs.SQLPath + ".Conn":     sqlMethods,
	libs.SqlxPath + ".DB":      sqlxMethods,
	libs.SqlxPath + ".Tx":      sqlxMethods,
	libs.SqlxPath + ".Conn":    sqlxMethods,
	libs.PgxPath + ".Conn":     pgxMethods,
	libs.PgxPath + ".Tx":       pgxMethods,
	libs.PgxPath + ".Batch":    {"Queue": 0},
	libs.PgxPoolPath + ".Pool": pgxMethods,
	libs.PgxPoolPath + ".Conn": pgxMethods,
	libs.PgxPoolPath + ".Tx":   pgxMethods,
	// gorm's raw SQL: Raw(sql, values...) and Exec(sql, values...).
	libs.GormPath + ".DB": {"Raw": 0, "Exec": 0},
	// bun's raw SQL: NewRaw(query, args...), and database/sql's methods
	// that bun.DB, Tx and Conn redefine.
	libs.BunPath + ".DB":   bunMethods,
	libs.BunPath + ".Tx":   bunMethods,
	libs.BunPath + ".Conn": bunMethods,
	libs.BunPath + ".IDB":  bunMethods,
}

var bunMethods = func() map[string]int {
	m := map[string]int{"NewRaw": 0}
	for k, v := range sqlMethods {
		m[k] = v
	}
	return m
}()

// funcSinks maps the full name of package-level sink functions to their
// SQL argument index.
var funcSinks = map[string]int{
	libs.SqlxPath + ".Select": 2, libs.SqlxPath + ".Get": 2,
	libs.SqlxPath + ".SelectContext": 3, libs.SqlxPath + ".GetContext": 3,
	libs.SqlxPath + ".NamedExec": 1, libs.SqlxPath + ".NamedQuery": 1,
	libs.SqlxPath + ".NamedExecContext": 2, libs.SqlxPath + ".NamedQueryContext": 2,
	libs.SqlxPath + ".MustExec": 1, libs.SqlxPath + ".MustExecContext": 2,
	libs.SqlxPath + ".Preparex": 1, libs.SqlxPath + ".PreparexContext": 2,
}

// transforms are functions that return their SQL argument rewritten in a
// way that does not matter to the rules (bind variables, IN expansion):
// their result is treated as the text of that argument. The result of
// interest is always the first one.
var transforms = map[string]int{
	"(*" + libs.SqlxPath + ".DB).Rebind":    0,
	"(*" + libs.SqlxPath + ".Tx).Rebind":    0,
	"(*" + libs.SqlxPath + ".Conn).Rebind":  0,
	"(*" + libs.SqlxPath + ".DB).BindNamed": 0,
	"(*" + libs.SqlxPath + ".Tx).BindNamed": 0,
	libs.SqlxPath + ".Rebind":               1,
	libs.SqlxPath + ".In":                   0,
	libs.SqlxPath + ".Named":                0,
	libs.SqlxPath + ".BindNamed":            1,
	// Tidying for a log line (getfider/fider's dbx) keeps the query.
	"strings.TrimSpace":           0,
	"(*strings.Replacer).Replace": 0,
}

// Candidate SQL argument indexes, by method name, for methods of
// interfaces that have the shape of a known sink. Where libraries differ
// (Exec(query, ...) in database/sql, Exec(ctx, sql, ...) in pgx), the
// signature decides.
var shapeMethods = func() map[string][]int {
	m := make(map[string][]int)
	for _, tbl := range []map[string]int{sqlMethods, sqlxMethods, pgxMethods} {
		for name, i := range tbl {
			if !containsInt(m[name], i) {
				m[name] = append(m[name], i)
			}
		}
	}
	return m
}()

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// A sinkCall is a call whose argument arg is SQL text.
type sinkCall struct {
	arg    ast.Expr
	callee string
}

// callee returns the function or method statically called by call, with
// the offset to add to parameter indexes to get argument indexes (1 for a
// method expression such as (*sql.DB).Query(db, q), whose first argument
// is the receiver).
func (x *extractor) callee(call *ast.CallExpr) (*types.Func, int) {
	fn, _ := typeutil.Callee(x.info, call).(*types.Func)
	if fn == nil {
		return nil, 0
	}
	shift := 0
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := x.info.Selections[sel]; ok && s.Kind() == types.MethodExpr {
			shift = 1
		}
	}
	return fn.Origin(), shift
}

// sinkCall reports whether call sends SQL, and which argument is the SQL.
func (x *extractor) sinkCall(call *ast.CallExpr) (sinkCall, bool) {
	fn, shift := x.callee(call)
	if fn == nil {
		return sinkCall{}, false
	}
	i, ok := x.sinkArg(fn)
	if !ok {
		return sinkCall{}, false
	}
	arg, ok := argAt(call, fn, i, shift)
	if !ok {
		return sinkCall{}, false
	}
	return sinkCall{arg: arg, callee: fn.Name()}, true
}

// argAt returns the argument of call for parameter i of fn, unless it is
// part of a spread variadic argument (f(xs...)).
func argAt(call *ast.CallExpr, fn *types.Func, i, shift int) (ast.Expr, bool) {
	sig := fn.Signature()
	if i < 0 || i >= sig.Params().Len() {
		return nil, false
	}
	if sig.Variadic() && i == sig.Params().Len()-1 {
		return nil, false
	}
	j := i + shift
	if j >= len(call.Args) {
		return nil, false
	}
	if call.Ellipsis.IsValid() && j == len(call.Args)-1 {
		return nil, false
	}
	return call.Args[j], true
}

// sinkArg returns the index of the SQL parameter of fn if fn is a sink.
func (x *extractor) sinkArg(fn *types.Func) (int, bool) {
	if len(x.extra) > 0 {
		if i, ok := x.extra[funcKey(fn.FullName())]; ok {
			return i, true
		}
	}
	if i, ok := x.wrappers[fn]; ok {
		return i, true
	}
	if i, ok := x.importedWrapper(fn); ok {
		return i, true
	}
	sig := fn.Signature()
	recv := sig.Recv()
	if recv == nil {
		if fn.Pkg() != nil && fn.Pkg().Path() == libs.SqlxPath {
			i, ok := funcSinks[fn.FullName()]
			return i, ok
		}
		return 0, false
	}
	if key := typeKey(recv.Type()); key != "" {
		if m, ok := methodSinks[key]; ok {
			i, ok := m[fn.Name()]
			return i, ok
		}
	}
	if isInterface(recv.Type()) {
		return shapeArg(fn.Name(), sig)
	}
	return 0, false
}

// importedWrapper reports a WrapperFact of a function of another package.
func (x *extractor) importedWrapper(fn *types.Func) (int, bool) {
	if x.importFact == nil || fn.Pkg() == nil || fn.Pkg() == x.pkg {
		return 0, false
	}
	if i, ok := x.factCache[fn]; ok {
		return i, i >= 0
	}
	i, ok := x.importFact(fn)
	if !ok {
		i = -1
	}
	x.factCache[fn] = i
	return i, ok
}

// typeKey returns "pkgpath.Name" of the named type t or *t, or "".
func typeKey(t types.Type) string {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, ok := t.(*types.Named)
	if !ok {
		return ""
	}
	obj := n.Origin().Obj()
	if obj.Pkg() == nil {
		return ""
	}
	return obj.Pkg().Path() + "." + obj.Name()
}

// isInterface reports whether a method receiver of type t is an interface
// (or a type parameter, whose methods come from its constraint).
func isInterface(t types.Type) bool {
	t = types.Unalias(t)
	if _, ok := t.(*types.TypeParam); ok {
		return true
	}
	return types.IsInterface(t)
}

// shapeArg reports whether the interface method name(sig) has the shape of
// a known sink: the parameter at the sink's SQL index has underlying type
// string and, for query and exec methods, the last parameter is ...any.
func shapeArg(name string, sig *types.Signature) (int, bool) {
	params := sig.Params()
	for _, i := range shapeMethods[name] {
		if i >= params.Len() || !isString(params.At(i).Type()) {
			continue
		}
		switch {
		case strings.HasPrefix(name, "Prepare"):
			if params.Len() != i+1 || sig.Variadic() {
				continue
			}
		case strings.HasPrefix(name, "Named"):
			if params.Len() != i+2 || sig.Variadic() {
				continue
			}
		default:
			if !sig.Variadic() || params.Len() != i+2 || !isAnySlice(params.At(i+1).Type()) {
				continue
			}
		}
		return i, true
	}
	return 0, false
}

func isString(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// isAnySlice reports whether t is []any (the type of a ...any parameter).
func isAnySlice(t types.Type) bool {
	s, ok := t.Underlying().(*types.Slice)
	if !ok {
		return false
	}
	i, ok := s.Elem().Underlying().(*types.Interface)
	return ok && i.Empty()
}

// transformArg returns the index of the SQL argument of call if call is a
// transparent transform (see transforms).
func (x *extractor) transformArg(call *ast.CallExpr) (ast.Expr, bool) {
	fn, shift := x.callee(call)
	if fn == nil {
		return nil, false
	}
	i, ok := transforms[fn.FullName()]
	if !ok && !shapeTransform(fn) {
		return nil, false
	}
	return argAt(call, fn, i, shift)
}

// shapeTransforms are the sqlx methods that, on any receiver (an
// interface a store keeps over *sqlx.DB and *sqlx.Tx, a wrapper type),
// rewrite their first argument as sqlx's do; they are known by name and
// by shape: a string first parameter and a string first result.
var shapeTransforms = map[string]bool{"Rebind": true, "BindNamed": true}

func shapeTransform(fn *types.Func) bool {
	sig := fn.Signature()
	return sig.Recv() != nil && shapeTransforms[fn.Name()] &&
		sig.Params().Len() >= 1 && isString(sig.Params().At(0).Type()) &&
		sig.Results().Len() >= 1 && isString(sig.Results().At(0).Type())
}

// funcKey normalizes the name of a function or method so that the forms
// users write match types.Func.FullName: "(*example.com/db.Store).Query"
// (FullName), "example.com/db.(*Store).Query" (as in profiles and the
// config examples) and "example.com/db.Store.Query" all become the last
// one, as do the names of generic types with their type parameters.
func funcKey(name string) string {
	var b strings.Builder
	depth := 0 // inside [...]
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c == '[':
			depth++
		case c == ']':
			depth = max(depth-1, 0)
		case depth > 0, c == '(', c == ')', c == '*':
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// SinkMember returns the member a Sink's Func, in any of the forms it
// accepts, names in the package pkgPath ("Query" for a function,
// "Store.Query" for a method), or false if it names none there.
func SinkMember(name, pkgPath string) (string, bool) {
	return strings.CutPrefix(funcKey(name), pkgPath+".")
}

// SplitSinkName splits a Sink's Func into the import path of its package
// and the member it names there, reading the first dot after the last
// slash as the separator (a path whose last element has a dot, like
// gopkg.in/yaml.v3, is split wrongly: use SinkMember when the package is
// known).
func SplitSinkName(name string) (pkgPath, member string) {
	key := funcKey(name)
	slash := strings.LastIndexByte(key, '/')
	dot := strings.IndexByte(key[slash+1:], '.')
	if dot < 0 {
		return key, ""
	}
	return key[:slash+1+dot], key[slash+1+dot+1:]
}
