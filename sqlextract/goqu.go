package sqlextract

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/softdelete/softdelete/internal/libs"
)

// goqu: github.com/doug-martin/goqu/v9. goqu.From, goqu.Select,
// goqu.Update, goqu.Delete and goqu.Insert (also on a DialectWrapper, e.g.
// goqu.Dialect("postgres"), or a *goqu.Database) start a dataset; ToSQL
// renders it (the text flows on into a sink). Expressions are built by
// functions of the goqu package (C, I, T, L, On, And, Or, Ex, Record)
// whose types live in the exp package (IsNull, Eq, As, ...): both
// packages belong to the library. The reconstruction writes what goqu
// writes: quoted identifiers, every comparison in parentheses, a WHERE of
// several expressions as one parenthesized AND list, values as ?
// placeholders (Prepared(true) or not: constants and parameters are alike
// to the rules).

func init() {
	registerLibrary(&library{
		Library: libs.Goqu,
		builder: func(name string) bool {
			switch name {
			case "SelectDataset", "UpdateDataset", "DeleteDataset", "InsertDataset", "DialectWrapper", "Database", "TxDatabase":
				return true
			}
			return false
		},
		root: func(name string) bool { return name == "DialectWrapper" || name == "Database" || name == "TxDatabase" },
		terminal: func(recv, name string) bool {
			return name == "ToSQL" && strings.HasSuffix(recv, "Dataset")
		},
		text: func(recv, name string) bool {
			return name == "ToSQL" && strings.HasSuffix(recv, "Dataset")
		},
		partial: onlyWhere,
		render:  renderGoqu,
	})
}

// goquStmt is the state of a goqu dataset while its chain is folded.
type goquStmt struct {
	r        *bresolver
	depth    int
	kind     string // "select", "update", "delete", "insert"
	at       token.Pos
	distinct bool
	cols     [][]span
	from     [][]span
	fromAt   token.Pos
	joins    [][]span
	where    [][]span // the elements of goqu's AND list
	group    [][]span
	having   [][]span
	order    [][]span
	limit    []span
	offset   []span
	sets     [][]span
	asName   []span   // As(name): the dataset used as a subquery
	with     [][]span // With(name, dataset): "name AS (...)"
	unions   [][]span // Union/UnionAll(dataset): " UNION (...)"
	// returning is an update's, delete's or insert's Returning list.
	returning [][]span
	// An insert's columns (Cols, or the keys of its Rows records), its
	// rows of values, and its ON CONFLICT clause.
	insertCols [][]span
	rows       [][][]span
	conflict   []span
}

func renderGoqu(r *bresolver, c *chain, at token.Pos) ([]span, bool) {
	return goquRender(r, c, at, 0)
}

func goquRender(r *bresolver, c *chain, at token.Pos, depth int) ([]span, bool) {
	if c == nil || c.param >= 0 || c.self || depth > 8 {
		return nil, false
	}
	st := &goquStmt{r: r, depth: depth}
	if !r.fold(libs.Goqu, c, func(_ int, op bop) bool { return st.apply(op) }) {
		return nil, false
	}
	return st.sql(at)
}

// apply folds one op into the dataset, one clause at a time.
func (st *goquStmt) apply(op bop) bool {
	switch op.name {
	case "Dialect", "New", "Prepared", "WithDialect", "ToSQL":
		return true
	case "From", "Update", "Delete", "Table":
		return st.applyTarget(op)
	case "Select", "SelectAppend", "SelectDistinct", "Distinct", "ClearSelect":
		return st.applySelect(op)
	case "Where", "Having":
		return st.applyFilter(op)
	case "ClearWhere":
		st.where = nil
		return true
	case "Join", "InnerJoin", "LeftJoin", "LeftOuterJoin", "RightJoin", "RightOuterJoin", "FullJoin", "FullOuterJoin",
		"CrossJoin", "NaturalJoin":
		return st.applyJoin(op)
	case "GroupBy", "Order", "OrderAppend", "ClearOrder", "Limit", "Offset", "ClearLimit", "ClearOffset":
		return st.applyOrder(op)
	case "Set":
		return st.applySet(op)
	case "Insert", "Into", "Rows", "Cols", "Vals", "OnConflict":
		return st.applyInsert(op)
	case "Returning":
		if st.kind != "update" && st.kind != "delete" && st.kind != "insert" {
			return false
		}
		cols, ok := st.columnList(op)
		st.returning = cols
		return ok
	case "As":
		if len(op.args) != 1 || op.args[0].kind != vStr || !allKnown(op.args[0].spans) {
			return false
		}
		st.asName = goquIdent(op.args[0].spans, op.pos, false)
		return true
	case "With", "WithRecursive":
		// With(name, dataset): a CTE of the statement.
		if op.name != "With" || len(op.args) != 2 || op.args[0].kind != vStr || !allKnown(op.args[0].spans) {
			return false
		}
		sub, ok := st.subquery(op.args[1], op.pos)
		if !ok {
			return false
		}
		var t sqlText
		t.add(withAt(op.args[0].spans, op.pos), op.pos)
		t.kw(" AS ", op.pos)
		t.add(sub, op.pos)
		st.with = append(st.with, t.spans)
		return true
	case "Union", "UnionAll":
		if len(op.args) != 1 {
			return false
		}
		sub, ok := st.subquery(op.args[0], op.pos)
		if !ok {
			return false
		}
		var t sqlText
		if op.name == "Union" {
			t.kw(" UNION ", op.pos)
		} else {
			t.kw(" UNION ALL ", op.pos)
		}
		t.add(sub, op.pos)
		st.unions = append(st.unions, t.spans)
		return true
	}
	return false
}

// subquery renders a dataset argument in parentheses (its As, if any,
// left to the caller).
func (st *goquStmt) subquery(v *bval, at token.Pos) ([]span, bool) {
	if v.kind != vBuilder || v.chain == nil {
		return nil, false
	}
	c := v.chain
	if n := len(c.ops); n > 0 && c.ops[n-1].name == "As" {
		c = &chain{param: c.param, self: c.self, via: c.via, ops: c.ops[:n-1]}
	}
	sub, ok := goquRender(st.r, c, at, st.depth+1)
	if !ok {
		return nil, false
	}
	var t sqlText
	t.kw("(", at)
	t.add(sub, at)
	t.kw(")", at)
	return t.spans, true
}

// applyTarget applies the statement's kind and its tables: goqu.From(t),
// goqu.Update(t), a select dataset's Update() or Delete(), Table(t).
func (st *goquStmt) applyTarget(op bop) bool {
	switch op.name {
	case "From":
		if st.kind == "" {
			st.kind, st.at = "select", op.pos
		}
		if st.kind != "select" && st.kind != "delete" {
			return false
		}
		st.from, st.fromAt = nil, op.pos
		for _, a := range op.args {
			t, ok := st.table(a, op.pos)
			if !ok {
				return false
			}
			st.from = append(st.from, t)
		}
		if st.kind == "delete" && len(st.from) != 1 {
			return false
		}
		return true
	case "Update", "Delete":
		kind := strings.ToLower(op.name)
		switch {
		case st.kind == "" && len(op.args) == 1:
			t, ok := st.table(op.args[0], op.pos)
			if !ok {
				return false
			}
			st.kind, st.at, st.from, st.fromAt = kind, op.pos, [][]span{t}, op.pos
			return true
		case st.kind == "select" && len(op.args) == 0:
			// ds.Update(), ds.Delete(): the first FROM table and the
			// WHERE of the select.
			if len(st.from) == 0 {
				return false
			}
			st.kind, st.at = kind, op.pos
			st.from = st.from[:1]
			st.cols, st.joins, st.group, st.having, st.distinct = nil, nil, nil, nil, false
			st.order, st.limit, st.offset = nil, nil, nil
			return true
		}
		return false
	case "Table":
		if (st.kind != "update" && st.kind != "delete") || len(op.args) != 1 {
			return false
		}
		t, ok := st.table(op.args[0], op.pos)
		st.from, st.fromAt = [][]span{t}, op.pos
		return ok
	}
	return false
}

// applySelect applies the columns of a select.
func (st *goquStmt) applySelect(op bop) bool {
	switch op.name {
	case "Select", "SelectAppend", "SelectDistinct":
		if st.kind == "" {
			st.kind, st.at = "select", op.pos
		}
		if st.kind != "select" {
			return false
		}
		if op.name != "SelectAppend" {
			st.cols = nil
			st.distinct = op.name == "SelectDistinct"
		}
		cols, ok := st.columnList(op)
		st.cols = append(st.cols, cols...)
		return ok
	case "Distinct":
		if st.kind != "select" || len(op.args) != 0 {
			return false
		}
		st.distinct = true
		return true
	case "ClearSelect":
		st.cols, st.distinct = nil, false
		return true
	}
	return false
}

// applyFilter applies the expressions of a Where or Having.
func (st *goquStmt) applyFilter(op bop) bool {
	for _, a := range op.args {
		p, ok := st.expr(a, op.pos, 0)
		if !ok {
			return false
		}
		if p == nil {
			continue // an empty Ex or list: goqu leaves it out
		}
		if op.cond {
			p = conditional(p, op.pos)
		}
		if op.name == "Where" {
			st.where = append(st.where, p)
		} else {
			st.having = append(st.having, p)
		}
	}
	return true
}

// applyJoin applies a join: Join(table, goqu.On(...)) and its kinds,
// CrossJoin(table), NaturalJoin(table).
func (st *goquStmt) applyJoin(op bop) bool {
	if st.kind != "select" {
		return false
	}
	var j sqlText
	switch op.name {
	case "CrossJoin", "NaturalJoin":
		if len(op.args) != 1 {
			return false
		}
		t, ok := st.table(op.args[0], op.pos)
		if !ok {
			return false
		}
		j.kw(map[string]string{"CrossJoin": "CROSS JOIN ", "NaturalJoin": "NATURAL JOIN "}[op.name], op.pos)
		j.add(t, op.pos)
	default:
		if len(op.args) != 2 {
			return false
		}
		kw := map[string]string{"Join": "INNER JOIN ", "InnerJoin": "INNER JOIN ", "LeftJoin": "LEFT JOIN ",
			"LeftOuterJoin": "LEFT OUTER JOIN ", "RightJoin": "RIGHT JOIN ", "RightOuterJoin": "RIGHT OUTER JOIN ",
			"FullJoin": "FULL JOIN ", "FullOuterJoin": "FULL OUTER JOIN "}[op.name]
		t, ok := st.table(op.args[0], op.pos)
		if !ok {
			return false
		}
		cond := op.args[1]
		if cond.kind != vExpr || cond.typ != "On" {
			return false // Using, or a condition not known
		}
		on, ok := st.list(cond.list, " AND ", op.pos, 0)
		if !ok || on == nil {
			return false // goqu: a join condition is required
		}
		j.kw(kw, op.pos)
		j.add(t, op.pos)
		j.kw(" ON ", op.pos)
		j.add(on, op.pos)
	}
	st.joins = append(st.joins, j.spans)
	return true
}

// applyOrder applies GROUP BY, ORDER BY, LIMIT and OFFSET.
func (st *goquStmt) applyOrder(op bop) bool {
	switch op.name {
	case "GroupBy", "Order", "OrderAppend":
		var parts [][]span
		for _, a := range op.args {
			c, ok := st.column(a, op.pos)
			if !ok {
				return false
			}
			parts = append(parts, c)
		}
		switch op.name {
		case "GroupBy":
			st.group = parts
		case "Order":
			st.order = parts
		default:
			st.order = append(st.order, parts...)
		}
		return true
	case "ClearOrder":
		st.order = nil
		return true
	case "Limit", "Offset":
		if len(op.args) != 1 {
			return false
		}
		v := []span{{text: "?", known: true, at: op.pos}}
		if a := op.args[0]; a.kind == vConst {
			if a.lit == "0" {
				v = nil // goqu writes no LIMIT 0 / OFFSET 0
			} else {
				v = []span{{text: a.lit, known: true, at: op.pos}}
			}
		}
		if op.name == "Limit" {
			st.limit = v
		} else {
			st.offset = v
		}
		return true
	case "ClearLimit":
		st.limit = nil
		return true
	case "ClearOffset":
		st.offset = nil
		return true
	}
	return false
}

// applySet applies an update's Set(goqu.Record{...}).
func (st *goquStmt) applySet(op bop) bool {
	if st.kind != "update" || len(op.args) != 1 {
		return false
	}
	m := op.args[0]
	if !goquRecord(m) {
		return false // a struct: its columns come from db tags
	}
	st.sets = nil
	for _, kv := range m.kv {
		var s sqlText
		s.add(goquIdent(kv.key, op.pos, false), op.pos)
		v, ok := st.value(kv.val, op.pos, 0)
		if !ok {
			return false
		}
		if strings.HasPrefix(joined(v), "?") {
			s.kw("= ", op.pos) // "=?" would be one operator
		} else {
			s.kw("=", op.pos)
		}
		s.add(v, op.pos)
		st.sets = append(st.sets, s.spans)
	}
	return true
}

// applyInsert folds the parts of an insert: Insert(table) or Into(table),
// the rows as goqu.Record values (Rows: goqu writes their keys in order
// as the columns) or as Cols and Vals lists, and OnConflict. A row given
// as a struct takes its columns from db tags: not followed.
func (st *goquStmt) applyInsert(op bop) bool {
	switch op.name {
	case "Insert":
		if st.kind != "" || len(op.args) != 1 {
			return false
		}
		t, ok := st.table(op.args[0], op.pos)
		st.kind, st.at, st.from, st.fromAt = "insert", op.pos, [][]span{t}, op.pos
		return ok
	case "Into":
		if st.kind != "insert" || len(op.args) != 1 {
			return false
		}
		t, ok := st.table(op.args[0], op.pos)
		st.from, st.fromAt = [][]span{t}, op.pos
		return ok
	case "Rows":
		if st.kind != "insert" || len(op.args) == 0 {
			return false
		}
		st.insertCols, st.rows = nil, nil
		for i, rec := range op.args {
			if !goquRecord(rec) || len(rec.kv) == 0 {
				return false
			}
			if i == 0 {
				for _, kv := range rec.kv {
					st.insertCols = append(st.insertCols, goquIdent(kv.key, op.pos, false))
				}
			} else if len(rec.kv) != len(st.insertCols) {
				return false // goqu refuses rows with other keys
			}
			vals := make([]*bval, len(rec.kv))
			for j, kv := range rec.kv {
				vals[j] = kv.val
			}
			if !st.addRow(vals, op.pos) {
				return false
			}
		}
		return true
	case "Cols":
		if st.kind != "insert" {
			return false
		}
		cols, ok := st.columnList(op)
		st.insertCols = cols
		return ok
	case "Vals":
		if st.kind != "insert" || len(op.args) == 0 {
			return false
		}
		for _, vals := range op.args {
			if vals.kind != vList || len(vals.list) == 0 || !st.addRow(vals.list, op.pos) {
				return false
			}
		}
		return true
	case "OnConflict":
		if st.kind != "insert" || len(op.args) != 1 {
			return false
		}
		c, ok := st.onConflict(op.args[0], op.pos)
		st.conflict = c
		return ok
	}
	return false
}

// addRow renders one row of an insert's values.
func (st *goquStmt) addRow(vals []*bval, at token.Pos) bool {
	row := make([][]span, 0, len(vals))
	for _, e := range vals {
		v, ok := st.value(e, at, 0)
		if !ok {
			return false
		}
		row = append(row, v)
	}
	st.rows = append(st.rows, row)
	return true
}

// goquRecord reports whether v is a goqu.Record (or a plain map): a
// struct's columns come from its db tags, which are not followed.
func goquRecord(v *bval) bool {
	return v.kind == vMap && (slices.Contains(libs.Goqu.Records, v.typ) || v.typ == "")
}

// onConflict renders goqu.DoNothing() and goqu.DoUpdate(target, record),
// with its Where: goqu writes the target as given, in parentheses unless
// it is "ON CONSTRAINT name".
func (st *goquStmt) onConflict(v *bval, at token.Pos) ([]span, bool) {
	if v.kind != vExpr {
		return nil, false
	}
	var where []*bval
	if v.typ == "Where" && len(v.list) >= 2 {
		v, where = v.list[0], v.list[1:]
	}
	var t sqlText
	t.kw(" ON CONFLICT", at)
	switch {
	case v.typ == "DoNothing" && len(v.list) == 0 && where == nil:
		t.kw(" DO NOTHING", at)
		return t.spans, true
	case v.typ == "DoUpdate" && len(v.list) == 2 && v.list[0].kind == vStr && allKnown(v.list[0].spans):
	default:
		return nil, false
	}
	if target := joined(v.list[0].spans); target != "" {
		t.kw(" ", at)
		if strings.HasPrefix(strings.ToLower(target), "on constraint") {
			t.add(withAt(v.list[0].spans, at), at)
		} else {
			t.kw("(", at)
			t.add(withAt(v.list[0].spans, at), at)
			t.kw(")", at)
		}
	}
	rec := v.list[1]
	if !goquRecord(rec) || len(rec.kv) == 0 {
		return nil, false
	}
	t.kw(" DO UPDATE SET ", at)
	for i, kv := range rec.kv {
		if i > 0 {
			t.kw(",", at)
		}
		val, ok := st.value(kv.val, at, 0)
		if !ok {
			return nil, false
		}
		t.add(goquIdent(kv.key, at, false), at)
		t.kw("= ", at)
		t.add(val, at)
	}
	if where != nil {
		cond, ok := st.list(where, " AND ", at, 1)
		if !ok {
			return nil, false
		}
		t.kw(" WHERE ", at)
		t.add(cond, at)
	}
	return t.spans, true
}

// table renders a table argument: a string (parsed as schema.table), an
// identifier or aliased expression, or a dataset (a subquery).
func (st *goquStmt) table(v *bval, at token.Pos) ([]span, bool) {
	switch v.kind {
	case vStr:
		return goquIdent(v.spans, at, true), true
	case vExpr:
		return st.expr(v, at, 0)
	case vBuilder:
		// From(ds.As("x")): a subquery with its alias.
		n := len(v.chain.ops)
		if n == 0 || v.chain.ops[n-1].name != "As" {
			return nil, false
		}
		sub, ok := st.subquery(v, at)
		if !ok {
			return nil, false
		}
		as := v.chain.ops[n-1]
		if len(as.args) != 1 || as.args[0].kind != vStr || !allKnown(as.args[0].spans) {
			return nil, false
		}
		var t sqlText
		t.add(sub, at)
		t.kw(" AS ", at)
		t.add(goquIdent(as.args[0].spans, at, false), at)
		return t.spans, true
	}
	return nil, false
}

// column renders a column argument: strings are identifiers.
// columnList renders the columns an op lists (Select, Returning).
func (st *goquStmt) columnList(op bop) ([][]span, bool) {
	var cols [][]span
	for _, a := range op.args {
		c, ok := st.column(a, op.pos)
		if !ok {
			return nil, false
		}
		cols = append(cols, c)
	}
	return cols, true
}

func (st *goquStmt) column(v *bval, at token.Pos) ([]span, bool) {
	if v.kind == vStr {
		return goquIdent(v.spans, at, true), true
	}
	if v.kind == vExpr {
		return st.expr(v, at, 0)
	}
	if _, fields := structOf(v.gtype); fields != nil {
		// Select(&Row{}), Returning(&Row{}): goqu lists the struct's db
		// columns, written * here so that a deleted_at among them is not
		// taken for a deliberate mention of it (as for the ORMs' models).
		return []span{{text: "*", known: true, at: at}}, true
	}
	return nil, false
}

// goquQuote writes one quoted identifier; the opening quote is reported
// at the literal the name comes from.
func goquQuote(t *sqlText, name []span, at token.Pos) {
	qat := at
	if len(name) > 0 && name[0].exact && name[0].text != "" {
		qat = name[0].pos(0)
	}
	t.kw(`"`, qat)
	t.add(name, at)
	t.kw(`"`, at)
}

// goquIdent renders a name as goqu's identifiers do: parse splits it at
// dots into schema, table and column (ParseIdentifier, I); a column part
// "*" is written bare.
func goquIdent(name []span, at token.Pos, parse bool) []span {
	if !allKnown(name) {
		return withAt(name, at)
	}
	full := joined(name)
	var parts [][]span
	if parse && strings.Count(full, ".") >= 1 && strings.Count(full, ".") <= 2 {
		start := 0
		for i := 0; i <= len(full); i++ {
			if i == len(full) || full[i] == '.' {
				parts = append(parts, sliceSpans(name, start, i))
				start = i + 1
			}
		}
	} else {
		parts = [][]span{name}
	}
	var t sqlText
	for i, p := range parts {
		if i > 0 {
			t.kw(".", at)
		}
		if i == len(parts)-1 && joined(p) == "*" {
			t.add(p, at)
			continue
		}
		goquQuote(&t, p, at)
	}
	return t.spans
}

// goquCompare maps goqu's comparison methods to SQL operators.
var goquCompare = map[string]string{
	"Eq": " = ", "Neq": " != ", "Gt": " > ", "Gte": " >= ", "Lt": " < ", "Lte": " <= ",
	"Like": " LIKE ", "NotLike": " NOT LIKE ", "ILike": " ILIKE ", "NotILike": " NOT ILIKE ",
	"In": " IN ", "NotIn": " NOT IN ", "Is": " IS ", "IsNot": " IS NOT ",
}

// goquOps maps the keys of a goqu.Op map to comparison methods.
var goquOps = map[string]string{
	"eq": "Eq", "neq": "Neq", "gt": "Gt", "gte": "Gte", "lt": "Lt", "lte": "Lte", "like": "Like",
	"notlike": "NotLike", "ilike": "ILike", "notilike": "NotILike", "in": "In", "notin": "NotIn",
	"is": "Is", "isnot": "IsNot",
}

// expr renders an expression; nil (and ok) for an empty one, which goqu
// leaves out of its lists.
func (st *goquStmt) expr(v *bval, at token.Pos, depth int) ([]span, bool) {
	if depth > 16 {
		return nil, false
	}
	switch v.kind {
	case vUnknown:
		return []span{opaqueAt(at)}, true
	case vBuilder:
		return st.subquery(v, at)
	case vMap:
		return st.exMap(v, at, depth)
	case vExpr:
	default:
		return nil, false
	}
	switch v.typ {
	case "C", "T", "I":
		if len(v.list) != 1 || v.list[0].kind != vStr {
			return nil, false
		}
		return goquIdent(v.list[0].spans, at, v.typ == "I"), true
	case "L", "Literal":
		return st.literal(v, at, depth)
	case "And", "Or":
		return st.list(v.list, " "+strings.ToUpper(v.typ)+" ", at, depth+1)
	case "On":
		return st.list(v.list, " AND ", at, depth+1)
	case "As":
		return st.alias(v, at, depth)
	case "Asc", "Desc", "IsNull", "IsNotNull", "IsTrue", "IsNotTrue", "IsFalse", "IsNotFalse":
		return st.postfix(v, at, depth)
	case "Star":
		return []span{{text: "*", known: true, at: at}}, true
	case "COUNT", "SUM", "MIN", "MAX", "AVG", "FIRST", "LAST", "DISTINCT", "COALESCE", "Func":
		return st.function(v, at, depth)
	}
	if _, ok := goquCompare[v.typ]; ok && len(v.list) >= 2 {
		return st.compare(v, at, depth)
	}
	return nil, false
}

// function renders goqu's SQL functions: the aggregates and DISTINCT,
// whose argument is a column (a string is an identifier, "*" bare), and
// COALESCE and Func(name, args...), whose arguments are values.
func (st *goquStmt) function(v *bval, at token.Pos, depth int) ([]span, bool) {
	name, args := v.typ, v.list
	if name == "Func" {
		if len(args) == 0 || args[0].kind != vStr || !allKnown(args[0].spans) {
			return nil, false
		}
		name, args = joined(args[0].spans), args[1:]
	}
	var t sqlText
	t.kw(name+"(", at)
	for i, a := range args {
		if i > 0 {
			t.kw(", ", at)
		}
		var p []span
		var ok bool
		switch name {
		case "COALESCE":
			p, ok = st.value(a, at, depth+1)
		case "COUNT", "SUM", "MIN", "MAX", "AVG", "FIRST", "LAST", "DISTINCT":
			if v.typ != "Func" {
				p, ok = st.column(a, at)
				break
			}
			fallthrough
		default:
			p, ok = st.value(a, at, depth+1)
		}
		if !ok {
			return nil, false
		}
		t.add(p, at)
	}
	t.kw(")", at)
	return t.spans, true
}

// goquArg returns argument i of an expression call, or an unknown value.
func goquArg(v *bval, i int, at token.Pos) *bval {
	if i < len(v.list) {
		return v.list[i]
	}
	return &bval{pos: at}
}

// exMap renders goqu.Ex{...} (an AND of its keys) and goqu.ExOr{...}
// (an OR): one comparison per key, in key order.
func (st *goquStmt) exMap(v *bval, at token.Pos, depth int) ([]span, bool) {
	sep := ""
	switch v.typ {
	case "Ex":
		sep = " AND "
	case "ExOr":
		sep = " OR "
	default:
		return nil, false
	}
	var elems []*bval
	for _, kv := range v.kv {
		elems = append(elems, &bval{kind: vExpr, typ: "Eq", pos: v.pos,
			list: []*bval{{kind: vExpr, typ: "I", list: []*bval{{kind: vStr, spans: kv.key}}}, kv.val}})
	}
	return st.list(elems, sep, at, depth+1)
}

// literal renders goqu.L(sql, args...): the text with each ? replaced by
// its argument, interpolated.
func (st *goquStmt) literal(v *bval, at token.Pos, depth int) ([]span, bool) {
	if len(v.list) == 0 || v.list[0].kind != vStr {
		return nil, false
	}
	text := withAt(v.list[0].spans, at)
	if len(v.list) == 1 {
		return text, true
	}
	if !allKnown(text) {
		return nil, false
	}
	return fillPlaceholders(text, len(v.list)-1, at, func(i int) ([]span, bool) {
		val, ok := st.value(v.list[i+1], at, depth+1)
		if !ok {
			return nil, false
		}
		// goqu interpolates; a placeholder must not join an operator.
		var t sqlText
		t.kw(" ", at)
		t.add(val, at)
		t.kw(" ", at)
		return t.spans, true
	})
}

// alias renders expr.As(alias).
func (st *goquStmt) alias(v *bval, at token.Pos, depth int) ([]span, bool) {
	if len(v.list) != 2 {
		return nil, false
	}
	lhs, ok := st.expr(goquArg(v, 0, at), at, depth+1)
	if !ok || lhs == nil {
		return nil, false
	}
	var alias []span
	switch a := goquArg(v, 1, at); a.kind {
	case vStr:
		alias = goquIdent(a.spans, at, false)
	default:
		if alias, ok = st.expr(a, at, depth+1); !ok {
			return nil, false
		}
	}
	var t sqlText
	t.add(lhs, at)
	t.kw(" AS ", at)
	t.add(alias, at)
	return t.spans, true
}

// goquTests are the IS tests goqu writes, in parentheses, after an
// expression.
var goquTests = map[string]string{"IsNull": " IS NULL", "IsNotNull": " IS NOT NULL", "IsTrue": " IS TRUE",
	"IsNotTrue": " IS NOT TRUE", "IsFalse": " IS FALSE", "IsNotFalse": " IS NOT FALSE"}

// postfix renders an expression followed by a keyword: an ordering
// (expr.Asc()) or an IS test (expr.IsNull()).
func (st *goquStmt) postfix(v *bval, at token.Pos, depth int) ([]span, bool) {
	if len(v.list) != 1 {
		return nil, false
	}
	lhs, ok := st.expr(goquArg(v, 0, at), at, depth+1)
	if !ok {
		return nil, false
	}
	var t sqlText
	if test, ok := goquTests[v.typ]; ok {
		t.kw("(", at)
		t.add(lhs, at)
		t.kw(test, at)
		t.kw(")", at)
		return t.spans, true
	}
	t.add(lhs, at)
	t.kw(" "+strings.ToUpper(v.typ), at)
	return t.spans, true
}

// compare renders a comparison (expr.Eq(x), an Ex key): goqu turns Eq
// and Neq of nil or a boolean into IS, of a slice or a dataset into IN,
// and an Op map into one comparison per key.
func (st *goquStmt) compare(v *bval, at token.Pos, depth int) ([]span, bool) {
	lhs, ok := st.expr(goquArg(v, 0, at), at, depth+1)
	if !ok {
		return nil, false
	}
	op := v.typ
	rhs := goquArg(v, 1, at)
	if rhs.kind == vMap && rhs.typ == "Op" {
		// Ex{"col": Op{"neq": nil}}: one comparison per key, ORed.
		var ors []*bval
		for _, kv := range rhs.kv {
			name, ok := goquOps[strings.ToLower(joined(kv.key))]
			if !ok || !allKnown(kv.key) {
				return nil, false
			}
			ors = append(ors, &bval{kind: vExpr, typ: name, list: []*bval{goquArg(v, 0, at), kv.val}, pos: v.pos})
		}
		return st.list(ors, " OR ", at, depth+1)
	}
	if op == "In" || op == "NotIn" {
		// in(): a single slice is the list, anything else a list of
		// the arguments (a dataset is written ((SELECT ...))).
		if len(v.list) > 2 || !goquSlice(rhs) {
			rhs = &bval{kind: vList, list: v.list[1:], pos: v.pos}
		}
	} else if len(v.list) != 2 {
		return nil, false
	}
	// checkBoolExpType: nil and booleans are IS tests, slices and
	// datasets IN.
	switch {
	case (op == "Eq" || op == "Neq") && (rhs.kind == vNil || goquBool(rhs)):
		op = map[string]string{"Eq": "Is", "Neq": "IsNot"}[op]
	case (op == "Eq" || op == "Neq") && (goquSlice(rhs) || rhs.kind == vBuilder):
		op = map[string]string{"Eq": "In", "Neq": "NotIn"}[op]
	}
	var val []span
	switch {
	case (op == "Is" || op == "IsNot") && rhs.kind == vNil:
		val = []span{{text: "NULL", known: true, at: at}}
	case (op == "Is" || op == "IsNot") && rhs.kind == vConst:
		val = []span{{text: strings.ToUpper(rhs.lit), known: true, at: at}}
	case op == "Is" || op == "IsNot":
		val = []span{{text: "TRUE", known: true, at: at}} // a bool variable: interpolated
	default:
		if val, ok = st.value(rhs, at, depth+1); !ok {
			return nil, false
		}
	}
	var t sqlText
	t.kw("(", at)
	t.add(lhs, at)
	t.kw(goquCompare[op], at)
	t.add(val, at)
	t.kw(")", at)
	return t.spans, true
}

// list renders goqu's expression list: the empty elements left out, one
// element as itself, several in parentheses joined by sep.
func (st *goquStmt) list(elems []*bval, sep string, at token.Pos, depth int) ([]span, bool) {
	var parts [][]span
	for _, e := range elems {
		p, ok := st.expr(e, at, depth+1)
		if !ok {
			return nil, false
		}
		if p != nil {
			parts = append(parts, p)
		}
	}
	return goquJoin(parts, sep, at), true
}

func goquJoin(parts [][]span, sep string, at token.Pos) []span {
	switch len(parts) {
	case 0:
		return nil
	case 1:
		return parts[0]
	}
	return parenList(parts, sep, at)
}

// parenList renders "(p1 sep p2 …)", the way the builders group a
// conjunction or disjunction.
func parenList(parts [][]span, sep string, at token.Pos) []span {
	var t sqlText
	t.kw("(", at)
	t.join(parts, sep, at)
	t.kw(")", at)
	return t.spans
}

// value renders a value: constants inline, expressions as SQL, lists in
// parentheses, anything else a placeholder.
func (st *goquStmt) value(v *bval, at token.Pos, depth int) ([]span, bool) {
	switch v.kind {
	case vNil:
		return []span{{text: "NULL", known: true, at: at}}, true
	case vConst:
		return []span{{text: strings.ToUpper(v.lit), known: true, at: at}}, true
	case vExpr, vBuilder:
		return st.expr(v, at, depth+1)
	case vList:
		var t sqlText
		t.kw("(", at)
		for i, e := range v.list {
			if i > 0 {
				t.kw(", ", at)
			}
			p, ok := st.value(e, at, depth+1)
			if !ok {
				return nil, false
			}
			t.add(p, at)
		}
		t.kw(")", at)
		if len(v.list) == 0 {
			return nil, false
		}
		return t.spans, true
	}
	if goquSlice(v) {
		// A slice variable: goqu writes one value per element, a
		// number not known here; one stands for them.
		return []span{{text: "(?)", known: true, at: at}}, true
	}
	return []span{{text: "?", known: true, at: at}}, true
}

// goquBool reports whether v is a boolean, which goqu compares with IS.
func goquBool(v *bval) bool {
	if v.kind == vConst {
		return v.lit == "true" || v.lit == "false"
	}
	if v.gtype == nil {
		return false
	}
	t := v.gtype.Underlying()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem().Underlying()
	}
	b, ok := t.(*types.Basic)
	return ok && b.Info()&types.IsBoolean != 0
}

// goquSlice reports whether v is a slice (not []byte), which goqu
// compares with IN.
func goquSlice(v *bval) bool {
	if v.kind == vList && v.typ == "" {
		return true
	}
	if v.gtype == nil || v.kind == vExpr || v.kind == vBuilder {
		return false
	}
	s, ok := v.gtype.Underlying().(*types.Slice)
	if !ok {
		return false
	}
	b, ok := s.Elem().Underlying().(*types.Basic)
	return !ok || b.Kind() != types.Byte
}

// sql renders the statement.
func (st *goquStmt) sql(at token.Pos) ([]span, bool) {
	kwAt := st.at
	if st.fromAt.IsValid() {
		kwAt = st.fromAt
	}
	var t sqlText
	where := func() {
		if p := goquJoin(st.where, " AND ", kwAt); p != nil {
			t.kw(" WHERE ", kwAt)
			t.add(p, kwAt)
		}
	}
	if len(st.with) > 0 {
		t.kw("WITH ", kwAt)
		t.join(st.with, ", ", kwAt)
		t.kw(" ", kwAt)
	}
	switch st.kind {
	case "select":
		t.kw("SELECT ", kwAt)
		if st.distinct {
			t.kw("DISTINCT ", kwAt)
		}
		if len(st.cols) == 0 {
			t.kw("*", kwAt)
		} else {
			t.join(st.cols, ", ", kwAt)
		}
		t.clause(" FROM ", st.from, ", ", kwAt)
		for _, j := range st.joins {
			t.kw(" ", kwAt)
			t.add(j, kwAt)
		}
		where()
		t.clause(" GROUP BY ", st.group, ", ", kwAt)
		if p := goquJoin(st.having, " AND ", kwAt); p != nil {
			t.kw(" HAVING ", kwAt)
			t.add(p, kwAt)
		}
		t.clause(" ORDER BY ", st.order, ", ", kwAt)
		if st.limit != nil {
			t.kw(" LIMIT ", kwAt)
			t.add(st.limit, kwAt)
		}
		if st.offset != nil {
			t.kw(" OFFSET ", kwAt)
			t.add(st.offset, kwAt)
		}
		for _, u := range st.unions {
			t.add(u, kwAt)
		}
	case "update":
		if len(st.from) != 1 || len(st.sets) == 0 {
			return nil, false
		}
		t.kw("UPDATE ", kwAt)
		t.add(st.from[0], kwAt)
		t.kw(" SET ", kwAt)
		t.join(st.sets, ",", kwAt)
		where()
		t.clause(" RETURNING ", st.returning, ", ", kwAt)
	case "delete":
		if len(st.from) != 1 {
			return nil, false
		}
		t.kw("DELETE FROM ", kwAt)
		t.add(st.from[0], kwAt)
		where()
		t.clause(" RETURNING ", st.returning, ", ", kwAt)
	case "insert":
		if len(st.from) != 1 || len(st.rows) == 0 || len(st.where) > 0 {
			return nil, false
		}
		t.kw("INSERT INTO ", kwAt)
		t.add(st.from[0], kwAt)
		if len(st.insertCols) > 0 {
			t.kw(" ", kwAt)
			t.add(parenList(st.insertCols, ", ", kwAt), kwAt)
		}
		t.kw(" VALUES ", kwAt)
		for i, row := range st.rows {
			if len(st.insertCols) > 0 && len(row) != len(st.insertCols) {
				return nil, false
			}
			if i > 0 {
				t.kw(", ", kwAt)
			}
			t.add(parenList(row, ", ", kwAt), kwAt)
		}
		t.add(st.conflict, kwAt)
		t.clause(" RETURNING ", st.returning, ", ", kwAt)
	default:
		return nil, false
	}
	return t.spans, true
}
