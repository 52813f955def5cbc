package sqlextract

import (
	"go/token"
	"strings"

	"github.com/softdelete/softdelete/internal/libs"
	"github.com/softdelete/softdelete/internal/pgparse"
)

// squirrel: github.com/Masterminds/squirrel.

const (
	sqSelect    = "SelectBuilder"
	sqUpdate    = "UpdateBuilder"
	sqDelete    = "DeleteBuilder"
	sqInsert    = "InsertBuilder"
	sqStatement = "StatementBuilderType"
)

func init() {
	registerLibrary(&library{
		Library: libs.Squirrel,
		builder: func(name string) bool {
			switch name {
			case sqSelect, sqUpdate, sqDelete, sqInsert, sqStatement:
				return true
			}
			return false
		},
		root: func(name string) bool { return name == sqStatement },
		terminal: func(recv, name string) bool {
			if recv == sqStatement {
				return false
			}
			switch name {
			case "ToSql", "MustSql", "Exec", "ExecContext", "Query", "QueryContext",
				"QueryRow", "QueryRowContext", "Scan", "ScanContext":
				return true
			}
			return false
		},
		text: func(recv, name string) bool {
			return recv != sqStatement && (name == "ToSql" || name == "MustSql")
		},
		sqlizer: func(name string) bool { return name != sqStatement },
		render:  renderSquirrel,
	})
}

// sqStmt is the state of a squirrel builder while its chain is folded.
type sqStmt struct {
	kind                  string // "select", "insert", "update", "delete"; "" for a statement builder
	at                    token.Pos
	prefixes              [][]span
	options               [][]span
	columns               [][]span
	from                  []span
	fromAt                token.Pos
	joins                 [][]span
	where                 [][]span
	groupBy, orderBy      [][]span
	having                [][]span
	limit, offset         []span
	suffixes              [][]span
	table                 []span // UPDATE, DELETE, INSERT target
	tableAt               token.Pos
	sets                  [][]span
	insertCols            [][]span
	values                [][]span
	insertSelect          []span
	replace               bool
	hasLimit, hasOffset   bool
	limitText, offsetText string
}

// renderSquirrel folds a squirrel chain into the SQL its ToSql returns
// (with ? placeholders).
func renderSquirrel(r *bresolver, c *chain, at token.Pos) ([]span, bool) {
	st, ok := foldSquirrel(r, c, 0)
	if !ok {
		return nil, false
	}
	return st.sql(r, at, 0)
}

func foldSquirrel(r *bresolver, c *chain, depth int) (*sqStmt, bool) {
	if depth > 16 {
		return nil, false
	}
	st := &sqStmt{}
	ok := r.fold(libs.Squirrel, c, func(_ int, op bop) bool { return st.apply(r, op, depth) })
	return st, ok && st.kind != ""
}

func strArg(op bop, i int) ([]span, bool) {
	if i >= len(op.args) {
		return nil, false
	}
	a := op.args[i]
	switch a.kind {
	case vStr:
		return a.spans, true
	case vUnknown:
		return []span{opaqueAt(op.pos)}, true
	}
	return nil, false
}

// strArgs returns the variadic string arguments from i on.
func strArgs(op bop, i int) ([][]span, bool) {
	var out [][]span
	for ; i < len(op.args); i++ {
		s, ok := strArg(op, i)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// apply folds one op into the statement: a method that starts it (on a
// statement builder), then one clause at a time.
func (st *sqStmt) apply(r *bresolver, op bop, depth int) bool {
	switch op.name {
	case "PlaceholderFormat", "RunWith", "ToSql", "MustSql", "Exec", "ExecContext", "Query", "QueryContext",
		"QueryRow", "QueryRowContext", "Scan", "ScanContext":
		return true
	}
	if st.kind == "" {
		return st.start(r, op, depth)
	}
	switch op.name {
	case "Prefix", "Suffix", "PrefixExpr", "SuffixExpr", "Distinct", "Options":
		return st.applyModifier(r, op, depth)
	case "Columns", "RemoveColumns", "Column":
		return st.applyColumns(r, op, depth)
	case "From", "Table", "Into", "FromSelect", "JoinClause",
		"Join", "LeftJoin", "RightJoin", "InnerJoin", "CrossJoin", "FullJoin":
		return st.applyFrom(r, op, depth)
	case "Where", "Having", "GroupBy", "OrderBy", "OrderByClause",
		"Limit", "Offset", "RemoveLimit", "RemoveOffset":
		return st.applyFilter(r, op, depth)
	case "Set", "SetMap", "Values", "Select":
		return st.applyValues(r, op, depth)
	}
	return false
}

// start applies the op that makes a statement builder a statement:
// Select(columns...), Insert(table), Update(table), ...; a Where before
// it is kept for the statement.
func (st *sqStmt) start(r *bresolver, op bop, depth int) bool {
	kind, target := "", true
	switch op.name {
	case "Select":
		kind, target = "select", false
	case "Insert":
		kind = "insert"
	case "Replace":
		kind, st.replace = "insert", true
	case "Update":
		kind = "update"
	case "Delete":
		kind = "delete"
	case "Where":
		return st.addWhere(r, op, depth)
	default:
		return false
	}
	st.kind, st.at = kind, op.pos
	if kind == "select" {
		cols, ok := strArgs(op, 0)
		if !ok {
			return false
		}
		st.columns = append(st.columns, cols...)
		return true
	}
	if target {
		t, ok := strArg(op, 0)
		if !ok {
			return false
		}
		st.table, st.tableAt = t, op.pos
	}
	return true
}

// applyModifier applies the text around the statement: Prefix, Suffix,
// and the options after its verb (DISTINCT).
func (st *sqStmt) applyModifier(r *bresolver, op bop, depth int) bool {
	switch op.name {
	case "Prefix", "Suffix":
		s, ok := strArg(op, 0)
		if !ok {
			return false
		}
		if op.name == "Prefix" {
			st.prefixes = append(st.prefixes, withAt(s, op.pos))
		} else {
			st.suffixes = append(st.suffixes, withAt(s, op.pos))
		}
		return true
	case "PrefixExpr", "SuffixExpr":
		if len(op.args) != 1 {
			return false
		}
		s := sqPred(r, op.args[0], op.pos, depth)
		if op.name == "PrefixExpr" {
			st.prefixes = append(st.prefixes, s)
		} else {
			st.suffixes = append(st.suffixes, s)
		}
		return true
	case "Distinct":
		st.options = append(st.options, []span{{text: "DISTINCT", known: true, at: op.pos}})
		return true
	case "Options":
		o, ok := strArgs(op, 0)
		st.options = append(st.options, o...)
		return ok
	}
	return false
}

// applyColumns applies the columns a SELECT returns or an INSERT fills.
func (st *sqStmt) applyColumns(r *bresolver, op bop, depth int) bool {
	switch op.name {
	case "Columns":
		cols, ok := strArgs(op, 0)
		if st.kind == "insert" {
			st.insertCols = append(st.insertCols, cols...)
		} else {
			st.columns = append(st.columns, cols...)
		}
		return ok
	case "RemoveColumns":
		st.columns = nil
		return true
	case "Column":
		if len(op.args) == 0 {
			return false
		}
		st.columns = append(st.columns, sqPred(r, op.args[0], op.pos, depth))
		return true
	}
	return false
}

// applyFrom applies the tables: the statement's target, a SELECT's (or
// an UPDATE's) FROM, and joins.
func (st *sqStmt) applyFrom(r *bresolver, op bop, depth int) bool {
	switch op.name {
	case "From", "Table", "Into":
		s, ok := strArg(op, 0)
		if !ok {
			return false
		}
		if st.kind == "select" || (st.kind == "update" && op.name == "From") {
			st.from, st.fromAt = s, op.pos
		} else {
			st.table, st.tableAt = s, op.pos
		}
		return true
	case "FromSelect":
		if len(op.args) != 2 || op.args[0].kind != vBuilder {
			return false
		}
		sub, ok := renderSub(r, op.args[0].chain, op.pos, depth)
		alias, ok2 := strArg(op, 1)
		if !ok || !ok2 {
			return false
		}
		var t sqlText
		t.kw("(", op.pos)
		t.add(sub, op.pos)
		t.kw(") AS ", op.pos)
		t.add(alias, op.pos)
		st.from, st.fromAt = t.spans, op.pos
		return true
	case "JoinClause":
		if len(op.args) == 0 {
			return false
		}
		st.joins = append(st.joins, sqPred(r, op.args[0], op.pos, depth))
		return true
	case "Join", "LeftJoin", "RightJoin", "InnerJoin", "CrossJoin", "FullJoin":
		s, ok := strArg(op, 0)
		if !ok {
			return false
		}
		kw := map[string]string{"Join": "JOIN ", "LeftJoin": "LEFT JOIN ", "RightJoin": "RIGHT JOIN ",
			"InnerJoin": "INNER JOIN ", "CrossJoin": "CROSS JOIN ", "FullJoin": "FULL OUTER JOIN "}[op.name]
		if op.cond && !parsesAsJoin(kw, s) {
			// A join that some paths add and PostgreSQL cannot run (a
			// SQLite json_each without ON, in the branch for that
			// driver) is another database's path: the query of the
			// PostgreSQL paths is judged without it.
			r.omitted = append(r.omitted, Omission{Pos: op.pos, Reason: "its " + op.name + " is on some paths only and is not PostgreSQL (another database's branch): the query is judged without it"})
			return true
		}
		var t sqlText
		t.kw(kw, op.pos)
		t.add(s, op.pos)
		st.joins = append(st.joins, t.spans)
		return true
	}
	return false
}

// parsesAsJoin reports whether kw and the join text s (unknown parts as an
// identifier) parse as a join clause of PostgreSQL.
func parsesAsJoin(kw string, s []span) bool {
	var b strings.Builder
	b.WriteString("SELECT 1 FROM t ")
	b.WriteString(kw)
	for _, sp := range s {
		if sp.known {
			b.WriteString(sp.text)
		} else {
			b.WriteString(" x ")
		}
	}
	return pgparse.ParseQuery(b.String()).Err == nil
}

// applyFilter applies what selects and orders the rows: WHERE, HAVING,
// GROUP BY, ORDER BY, LIMIT and OFFSET.
func (st *sqStmt) applyFilter(r *bresolver, op bop, depth int) bool {
	switch op.name {
	case "Where":
		return st.addWhere(r, op, depth)
	case "Having":
		if len(op.args) == 0 {
			return false
		}
		if p := sqPred(r, op.args[0], op.pos, depth); !isEmptyText(p) {
			st.having = append(st.having, p)
		}
		return true
	case "GroupBy":
		g, ok := strArgs(op, 0)
		st.groupBy = append(st.groupBy, g...)
		return ok
	case "OrderBy":
		o, ok := strArgs(op, 0)
		st.orderBy = append(st.orderBy, o...)
		return ok
	case "OrderByClause":
		if len(op.args) == 0 {
			return false
		}
		st.orderBy = append(st.orderBy, sqPred(r, op.args[0], op.pos, depth))
		return true
	case "Limit", "Offset":
		text := "1"
		if len(op.args) == 1 && op.args[0].kind == vConst {
			text = op.args[0].lit
		}
		if op.name == "Limit" {
			st.hasLimit, st.limitText = true, text
		} else {
			st.hasOffset, st.offsetText = true, text
		}
		return true
	case "RemoveLimit":
		st.hasLimit = false
		return true
	case "RemoveOffset":
		st.hasOffset = false
		return true
	}
	return false
}

// applyValues applies what an UPDATE sets or an INSERT inserts.
func (st *sqStmt) applyValues(r *bresolver, op bop, depth int) bool {
	switch op.name {
	case "Set":
		col, ok := strArg(op, 0)
		if !ok || len(op.args) != 2 {
			return false
		}
		st.sets = append(st.sets, sqSet(r, col, op.args[1], op.pos, depth))
		return true
	case "SetMap":
		if len(op.args) != 1 {
			return false
		}
		m := op.args[0]
		if m.kind != vMap {
			st.sets = append(st.sets, []span{opaqueAt(op.pos), {text: " = ?", known: true, at: op.pos}})
			return true
		}
		if st.kind == "insert" {
			var vals []span
			for i, kv := range m.kv {
				st.insertCols = append(st.insertCols, kv.key)
				if i > 0 {
					vals = append(vals, span{text: ",", known: true, at: op.pos})
				}
				vals = append(vals, sqValue(r, kv.val, op.pos, depth)...)
			}
			st.values = [][]span{vals}
			return true
		}
		for _, kv := range m.kv {
			st.sets = append(st.sets, sqSet(r, kv.key, kv.val, op.pos, depth))
		}
		return true
	case "Values":
		var vals []span
		for i, a := range op.args {
			if i > 0 {
				vals = append(vals, span{text: ",", known: true, at: op.pos})
			}
			vals = append(vals, sqValue(r, a, op.pos, depth)...)
		}
		st.values = append(st.values, vals)
		return true
	case "Select":
		if st.kind != "insert" || len(op.args) != 1 || op.args[0].kind != vBuilder {
			return false
		}
		sub, ok := renderSub(r, op.args[0].chain, op.pos, depth)
		st.insertSelect = sub
		return ok
	}
	return false
}

// withAt sets the fallback position of inexact spans.
func withAt(spans []span, at token.Pos) []span {
	out := make([]span, len(spans))
	for i, s := range spans {
		if !s.exact && !s.at.IsValid() {
			s.at = at
		}
		out[i] = s
	}
	return out
}

func (st *sqStmt) addWhere(r *bresolver, op bop, depth int) bool {
	if len(op.args) == 0 {
		return false
	}
	p := sqPred(r, op.args[0], op.pos, depth)
	if isEmptyText(p) {
		return true
	}
	if op.cond {
		p = conditional(p, op.pos)
	}
	st.where = append(st.where, p)
	return true
}

// conditional renders a filter that only some paths add as "(p OR NOT
// (p))": true either way, so the rows it reads do not depend on it, yet
// the filter's columns are named, so the query reads as a deliberate
// choice about them.
func conditional(p []span, at token.Pos) []span {
	var t sqlText
	t.kw("(", at)
	t.add(p, at)
	t.kw(" OR NOT (", at)
	t.add(p, at)
	t.kw("))", at)
	return t.spans
}

func renderSub(r *bresolver, c *chain, at token.Pos, depth int) ([]span, bool) {
	if c == nil || c.param >= 0 || c.self {
		return nil, false
	}
	st, ok := foldSquirrel(r, c, depth+1)
	if !ok {
		return nil, false
	}
	return st.sql(r, at, depth+1)
}

// sqSet renders "col = value" of an UPDATE.
func sqSet(r *bresolver, col []span, v *bval, at token.Pos, depth int) []span {
	var t sqlText
	t.add(col, at)
	t.kw(" = ", at)
	switch v.kind {
	case vBuilder:
		sub, ok := renderSub(r, v.chain, at, depth)
		if !ok {
			t.add([]span{opaqueAt(at)}, at)
			break
		}
		t.kw("(", at)
		t.add(sub, at)
		t.kw(")", at)
	case vExpr, vList, vMap:
		t.add(sqPred(r, v, at, depth), at)
	default:
		t.kw(boundValue(v), at)
	}
	return t.spans
}

// sqValue renders one value of an INSERT: an expression or a placeholder.
func sqValue(r *bresolver, v *bval, at token.Pos, depth int) []span {
	switch v.kind {
	case vBuilder:
		sub, ok := renderSub(r, v.chain, at, depth)
		if !ok {
			return []span{opaqueAt(at)}
		}
		var t sqlText
		t.kw("(", at)
		t.add(sub, at)
		t.kw(")", at)
		return t.spans
	case vExpr:
		return sqPred(r, v, at, depth)
	}
	return []span{{text: boundValue(v), known: true, at: at}}
}

// sqPred renders a predicate or expression argument the way squirrel's
// Sqlizers do.
func sqPred(r *bresolver, v *bval, at token.Pos, depth int) []span {
	if depth > 16 {
		return []span{opaqueAt(at)}
	}
	switch v.kind {
	case vNil:
		return nil
	case vStr:
		return withAt(v.spans, at)
	case vBuilder:
		sub, ok := renderSub(r, v.chain, at, depth)
		if !ok {
			return []span{opaqueAt(at)}
		}
		return sub
	case vMap:
		return sqMap(r, v, at, depth)
	case vList:
		sep, empty := "", ""
		switch v.typ {
		case "And":
			sep, empty = " AND ", "(1=1)"
		case "Or":
			sep, empty = " OR ", "(1=0)"
		default:
			return []span{opaqueAt(at)}
		}
		var parts [][]span
		for _, e := range v.list {
			if p := sqPred(r, e, at, depth+1); !isEmptyText(p) {
				parts = append(parts, p)
			}
		}
		if len(parts) == 0 {
			var t sqlText
			t.kw(empty, at)
			return t.spans
		}
		return parenList(parts, sep, at)
	case vExpr:
		return sqExpr(r, v, at, depth)
	}
	return []span{opaqueAt(at)}
}

// sqExpr renders sq.Expr(sql, args...) (Sqlizer arguments are spliced in
// place of their ?), sq.Alias and sq.ConcatExpr.
func sqExpr(r *bresolver, v *bval, at token.Pos, depth int) []span {
	switch v.typ {
	case "Expr":
		if len(v.list) == 0 || v.list[0].kind != vStr {
			return []span{opaqueAt(at)}
		}
		text := withAt(v.list[0].spans, at)
		args := v.list[1:]
		splice := false
		for _, a := range args {
			if a.kind == vBuilder || a.kind == vExpr || a.kind == vUnknown && isSqlizerType(a) {
				splice = true
			}
		}
		if !splice {
			return text
		}
		for _, s := range text {
			if !s.known {
				return []span{opaqueAt(at)}
			}
		}
		var t sqlText
		full := joined(text)
		pos := 0
		for _, a := range args {
			i := strings.Index(full[pos:], "?")
			for i >= 0 && pos+i+1 < len(full) && full[pos+i+1] == '?' {
				next := strings.Index(full[pos+i+2:], "?")
				if next < 0 {
					i = -1
					break
				}
				i += 2 + next
			}
			if i < 0 {
				break
			}
			switch {
			case a.kind == vBuilder || a.kind == vExpr:
				t.add(sliceSpans(text, pos, pos+i), at)
				t.add(sqPred(r, a, at, depth+1), at)
			case a.kind == vUnknown && isSqlizerType(a):
				t.add(sliceSpans(text, pos, pos+i), at)
				t.add([]span{opaqueAt(at)}, at)
			default:
				t.add(sliceSpans(text, pos, pos+i+1), at)
			}
			pos += i + 1
		}
		t.add(sliceSpans(text, pos, len(full)), at)
		return t.spans
	case "Alias":
		if len(v.list) != 2 {
			return []span{opaqueAt(at)}
		}
		var t sqlText
		t.kw("(", at)
		t.add(sqPred(r, v.list[0], at, depth+1), at)
		t.kw(") AS ", at)
		t.add(sqPred(r, v.list[1], at, depth+1), at)
		return t.spans
	case "ConcatExpr":
		var t sqlText
		for _, a := range v.list {
			t.add(sqPred(r, a, at, depth+1), at)
		}
		return t.spans
	case "Case", "When", "Else":
		return sqCase(r, v, at, depth)
	}
	return []span{opaqueAt(at)}
}

// sqCase renders a CaseBuilder, sq.Case(what).When(cond, value)...
// .Else(value): each method's value holds its receiver first.
func sqCase(r *bresolver, v *bval, at token.Pos, depth int) []span {
	var whens [][2]*bval
	var what, els *bval
	for cur := v; ; {
		if cur == nil || cur.kind != vExpr {
			return []span{opaqueAt(at)}
		}
		switch {
		case cur.typ == "When" && len(cur.list) == 3:
			whens = append([][2]*bval{{cur.list[1], cur.list[2]}}, whens...)
			cur = cur.list[0]
			continue
		case cur.typ == "Else" && len(cur.list) == 2 && els == nil:
			els = cur.list[1]
			cur = cur.list[0]
			continue
		case cur.typ == "Case" && len(cur.list) <= 1:
			if len(cur.list) == 1 {
				what = cur.list[0]
			}
		default:
			return []span{opaqueAt(at)}
		}
		break
	}
	if len(whens) == 0 {
		return []span{opaqueAt(at)}
	}
	var t sqlText
	t.kw("CASE ", at)
	if what != nil {
		t.add(sqPred(r, what, at, depth+1), at)
		t.kw(" ", at)
	}
	for _, w := range whens {
		t.kw("WHEN ", at)
		t.add(sqPred(r, w[0], at, depth+1), at)
		t.kw(" THEN ", at)
		t.add(sqPred(r, w[1], at, depth+1), at)
		t.kw(" ", at)
	}
	if els != nil {
		t.kw("ELSE ", at)
		t.add(sqPred(r, els, at, depth+1), at)
		t.kw(" ", at)
	}
	t.kw("END", at)
	return t.spans
}

func isSqlizerType(v *bval) bool {
	n := namedOf(v.gtype)
	return n != nil && n.Obj().Name() == "Sqlizer"
}

// sqMap renders Eq, NotEq, Lt, ... and plain map predicates: one test per
// key, in key order, joined by AND.
func sqMap(r *bresolver, v *bval, at token.Pos, depth int) []span {
	type ops struct{ eq, null, in, empty string }
	var o ops
	switch v.typ {
	case "Eq", "":
		o = ops{" = ", " IS NULL", " IN ", "(1=0)"}
	case "NotEq":
		o = ops{" <> ", " IS NOT NULL", " NOT IN ", "(1=1)"}
	case "Lt":
		o = ops{eq: " < "}
	case "LtOrEq":
		o = ops{eq: " <= "}
	case "Gt":
		o = ops{eq: " > "}
	case "GtOrEq":
		o = ops{eq: " >= "}
	case "Like":
		o = ops{eq: " LIKE "}
	case "NotLike":
		o = ops{eq: " NOT LIKE "}
	case "ILike":
		o = ops{eq: " ILIKE "}
	case "NotILike":
		o = ops{eq: " NOT ILIKE "}
	default:
		return []span{opaqueAt(at)}
	}
	var t sqlText
	if len(v.kv) == 0 {
		if o.empty == "" {
			return []span{opaqueAt(at)}
		}
		t.kw("(1=1)", at)
		return t.spans
	}
	for i, kv := range v.kv {
		if i > 0 {
			t.kw(" AND ", at)
		}
		t.add(kv.key, at)
		val := kv.val
		switch {
		case val.kind == vNil && o.null != "":
			t.kw(o.null, at)
		case val.kind == vConst:
			t.kw(o.eq+val.lit, at)
		case val.kind == vList && val.typ == "" && o.in != "":
			t.kw(o.in+"(", at)
			for j := range val.list {
				if j > 0 {
					t.kw(",", at)
				}
				t.kw("?", at)
			}
			if len(val.list) == 0 {
				return []span{opaqueAt(at)} // squirrel writes (1=0) for the whole key
			}
			t.kw(")", at)
		default:
			t.kw(o.eq+"?", at)
		}
	}
	return t.spans
}

// sql renders the statement.
func (st *sqStmt) sql(r *bresolver, at token.Pos, depth int) ([]span, bool) {
	var t sqlText
	kwAt := st.at
	if st.fromAt.IsValid() {
		kwAt = st.fromAt
	}
	if st.tableAt.IsValid() {
		kwAt = st.tableAt
	}
	t.join(st.prefixes, " ", kwAt)
	if len(st.prefixes) > 0 {
		t.kw(" ", kwAt)
	}
	where := func() {
		t.clause(" WHERE ", st.where, " AND ", kwAt)
	}
	tail := func() {
		t.clause(" ORDER BY ", st.orderBy, ", ", kwAt)
		if st.hasLimit {
			t.kw(" LIMIT "+st.limitText, kwAt)
		}
		if st.hasOffset {
			t.kw(" OFFSET "+st.offsetText, kwAt)
		}
		t.clause(" ", st.suffixes, " ", kwAt)
	}
	switch st.kind {
	case "select":
		t.kw("SELECT ", kwAt)
		if len(st.options) > 0 {
			t.join(st.options, " ", kwAt)
			t.kw(" ", kwAt)
		}
		if len(st.columns) == 0 {
			return nil, false // squirrel: "select statements must have at least one result column"
		}
		t.join(st.columns, ", ", kwAt)
		if st.from != nil {
			t.kw(" FROM ", kwAt)
			t.add(st.from, kwAt)
		}
		t.clause(" ", st.joins, " ", kwAt)
		where()
		t.clause(" GROUP BY ", st.groupBy, ", ", kwAt)
		t.clause(" HAVING ", st.having, " AND ", kwAt)
		tail()
	case "update":
		if st.table == nil || len(st.sets) == 0 {
			return nil, false
		}
		t.kw("UPDATE ", kwAt)
		t.add(st.table, kwAt)
		t.kw(" SET ", kwAt)
		t.join(st.sets, ", ", kwAt)
		if st.from != nil {
			t.kw(" FROM ", kwAt)
			t.add(st.from, kwAt)
		}
		where()
		tail()
	case "delete":
		if st.table == nil || isEmptyText(st.table) {
			return nil, false
		}
		t.kw("DELETE FROM ", kwAt)
		t.add(st.table, kwAt)
		where()
		tail()
	case "insert":
		if st.table == nil {
			return nil, false
		}
		if st.replace {
			t.kw("REPLACE ", kwAt)
		} else {
			t.kw("INSERT ", kwAt)
		}
		if len(st.options) > 0 {
			t.join(st.options, " ", kwAt)
			t.kw(" ", kwAt)
		}
		t.kw("INTO ", kwAt)
		t.add(st.table, kwAt)
		t.kw(" ", kwAt)
		if len(st.insertCols) > 0 {
			t.kw("(", kwAt)
			t.join(st.insertCols, ",", kwAt)
			t.kw(") ", kwAt)
		}
		switch {
		case st.insertSelect != nil:
			t.add(st.insertSelect, kwAt)
		case len(st.values) > 0:
			t.kw("VALUES ", kwAt)
			for i, row := range st.values {
				if i > 0 {
					t.kw(",", kwAt)
				}
				t.kw("(", kwAt)
				t.add(row, kwAt)
				t.kw(")", kwAt)
			}
		default:
			return nil, false
		}
		t.clause(" ", st.suffixes, " ", kwAt)
	default:
		return nil, false
	}
	return t.spans, true
}
