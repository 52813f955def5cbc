package sqlextract

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/softdelete/softdelete/internal/libs"
)

// bun: github.com/uptrace/bun. db.NewSelect(), NewUpdate() and
// NewDelete() start a query; Scan, Exec, Count, Exists and Rows send it,
// String renders it. A model whose struct has a `bun:",soft_delete"`
// field makes bun add `"alias"."deleted_at" IS NULL` to the statement
// (and turn a DELETE into an UPDATE of that column); the reconstruction
// writes it too. WhereAllWithDeleted drops it (IncludesDeleted),
// WhereDeleted asks for deleted rows only (IS NOT NULL), ForceDelete is
// a hard DELETE (IncludesDeleted). NewRaw is a sink (sinks.go).

func init() {
	registerLibrary(&library{
		Library: libs.Bun,
		builder: func(name string) bool {
			switch name {
			case "DB", "Tx", "Conn", "IDB", "SelectQuery", "UpdateQuery", "DeleteQuery", "InsertQuery", "RawQuery":
				return true
			}
			return false
		},
		root: func(name string) bool { return name == "DB" || name == "Tx" || name == "Conn" || name == "IDB" },
		terminal: func(recv, name string) bool {
			switch recv {
			case "SelectQuery", "UpdateQuery", "DeleteQuery", "RawQuery":
				switch name {
				case "Scan", "Exec", "Count", "Exists", "Rows":
					return true
				}
			case "InsertQuery":
				return name == "Scan" || name == "Exec"
			}
			return false
		},
		text: func(recv, name string) bool {
			return name == "String" && (recv == "SelectQuery" || recv == "UpdateQuery" || recv == "DeleteQuery" || recv == "InsertQuery")
		},
		// Ops on some paths only: a condition is folded as "(p OR NOT
		// (p))"; the ops that leave the rows' liveness as it is (a column,
		// an order, a page, a lock, a relation bun joins or loads itself)
		// and SETs are taken as applied. A join is not: joins chosen in
		// exclusive branches (one per sort order) would make one statement
		// that never runs.
		partial: func(name string) bool {
			switch name {
			case "Where", "WhereOr", "WhereGroup", "Relation", "Column", "ColumnExpr", "Order", "OrderExpr",
				"Limit", "Offset", "For", "Group", "GroupExpr", "Set", "Distinct", "DistinctOn":
				return true
			}
			return false
		},
		render: renderBun,
		callbacks: func(recv, name string) (splice, group bool) {
			return name == "Apply", name == "WhereGroup"
		},
	})
}

// bunModel reads a model type as bun's schema does.
func bunModel(t types.Type) (*ormModel, bool) {
	orm := libs.Bun.ORM
	named, st := structOf(t)
	if named == nil || st == nil {
		return nil, false
	}
	m := &ormModel{named: named, table: orm.Table(named.Obj().Name()), alias: orm.Name(named.Obj().Name())}
	var walk func(st *types.Struct, prefix string, depth int) bool
	walk = func(st *types.Struct, prefix string, depth int) bool {
		if depth > 4 {
			return false
		}
		for i := 0; i < st.NumFields(); i++ {
			f := st.Field(i)
			tag, _ := structTag(st, i, orm.Tag)
			if n := namedOf(f.Type()); n != nil && n.Obj().Pkg() != nil && orm.BaseModel(n.Obj().Pkg().Path(), n.Obj().Name()) {
				if v, ok := orm.Option(tag, "table"); ok && v != "" {
					m.table = v
				}
				if v, ok := orm.Option(tag, "alias"); ok && v != "" {
					m.alias = v
				}
				continue
			}
			if tag == "-" || !f.Exported() {
				continue
			}
			if _, ok := orm.Option(tag, "rel"); ok {
				continue
			}
			if _, ok := orm.Option(tag, "scanonly"); ok {
				continue // read into, never written
			}
			if f.Anonymous() && !isColumnType(f.Type()) {
				if _, inner := structOf(f.Type()); inner != nil && !walk(inner, prefix, depth+1) {
					return false
				}
				continue
			}
			fld := ormField{name: f.Name(), column: prefix + orm.Column(tag, f.Name())}
			if _, ok := orm.Option(tag, "pk"); ok {
				fld.pk = true
			}
			if orm.SoftDeleteTagged(tag) {
				_, nullzero := orm.Option(tag, "nullzero")
				_, ptr := types.Unalias(f.Type()).(*types.Pointer)
				m.soft = &softDelete{column: fld.column, SoftDelete: libs.BunSoftDelete(nullzero || ptr)}
			}
			m.fields = append(m.fields, fld)
		}
		return true
	}
	if !walk(st, "", 0) {
		return nil, false
	}
	return m, true
}

// maxBunDepth bounds subqueries in conditions' arguments.
const maxBunDepth = 4

// bunStmt is the state of a bun chain while it is folded.
type bunStmt struct {
	r                  *bresolver
	kind               string // "select", "update", "delete", "insert"
	at                 token.Pos
	model              *ormModel
	modelAt            token.Pos
	tables             [][]span // Table / TableExpr
	columns            [][]span
	joins              []bunJoin
	where              []bunWhere
	distinct           bool
	distinctOn         [][]span
	lock               []span // For("UPDATE")
	sets               [][]span
	order              [][]span
	group              [][]span
	limit, offset      bool
	wherePK            bool
	deleted, withDel   bool
	force, count, cond bool
	depth              int // of a subquery in a condition's arguments
	// An insert's ON clause (On, Ignore), its values set by Value (by
	// column), and its Returning.
	on        []span
	values    map[string][]span
	returning [][]span
}

// A bunWhere is one entry of bun's WHERE list: its separator from the
// entry before it and its text, in parentheses as bun writes it.
type bunWhere struct {
	sep   string
	spans []span
}

// A bunJoin is a Join with the conditions JoinOn and JoinOnOr add to it.
type bunJoin struct {
	join []span
	on   []bunWhere
}

func renderBun(r *bresolver, c *chain, at token.Pos) ([]span, bool) {
	st := &bunStmt{r: r}
	if !r.fold(libs.Bun, c, func(_ int, op bop) bool { return st.apply(op) }) {
		return nil, false
	}
	return st.sql(at)
}

func (st *bunStmt) apply(op bop) bool {
	switch op.name {
	case "BeginTx", "Begin":
		// A transaction the query then runs in: a connection.
		return st.kind == ""
	case "NewSelect", "NewUpdate", "NewDelete", "NewInsert":
		if st.kind != "" {
			return false
		}
		st.kind, st.at = strings.ToLower(strings.TrimPrefix(op.name, "New")), op.pos
		return true
	case "Model":
		if len(op.args) != 1 {
			return false
		}
		m, ok := bunModel(op.args[0].gtype)
		if !ok {
			return false
		}
		st.model, st.modelAt = m, op.pos
		return true
	case "Table":
		for _, a := range op.args {
			if a.kind != vStr || !allKnown(a.spans) {
				return false
			}
			st.tables = append(st.tables, []span{{text: `"` + joined(a.spans) + `"`, known: true, at: op.pos}})
		}
		return true
	case "TableExpr", "ColumnExpr", "OrderExpr", "Set":
		if len(op.args) == 0 || op.args[0].kind != vStr {
			return false
		}
		s := withAt(op.args[0].spans, op.pos)
		switch op.name {
		case "TableExpr":
			st.tables = append(st.tables, s)
		case "ColumnExpr":
			st.columns = append(st.columns, s)
		case "OrderExpr":
			st.order = append(st.order, s)
		default:
			st.sets = append(st.sets, s)
		}
		return true
	case "Column":
		var names []*bval
		for _, a := range op.args {
			if a.kind == vList && a.typ == "spread" {
				names = append(names, a.list...) // Column(fields...)
				continue
			}
			names = append(names, a)
		}
		if len(names) == 0 {
			return false
		}
		for _, a := range names {
			if a.kind != vStr || !allKnown(a.spans) {
				return false
			}
			st.columns = append(st.columns, []span{{text: `"` + joined(a.spans) + `"`, known: true, at: op.pos}})
		}
		return true
	case "Relation":
		// A belongs-to or has-one relation is a LEFT JOIN that bun filters
		// itself for a soft-delete model, a has-many one a query of its
		// own: the statement's rows are the same without them, and the
		// relation is not judged.
		return true
	case "On":
		if len(op.args) == 0 || op.args[0].kind != vStr || st.on != nil {
			return false
		}
		st.on = withAt(op.args[0].spans, op.pos)
		return true
	case "Ignore":
		// On PostgreSQL, bun's Ignore is On("CONFLICT DO NOTHING").
		if st.on != nil {
			return false
		}
		st.on = []span{{text: "CONFLICT DO NOTHING", known: true, at: op.pos}}
		return true
	case "Value":
		if len(op.args) < 2 || op.args[0].kind != vStr || !allKnown(op.args[0].spans) || op.args[1].kind != vStr {
			return false
		}
		if st.values == nil {
			st.values = map[string][]span{}
		}
		st.values[joined(op.args[0].spans)] = withAt(op.args[1].spans, op.pos)
		return true
	case "Returning":
		if len(op.args) == 0 || op.args[0].kind != vStr || st.kind == "select" {
			return false
		}
		if allKnown(op.args[0].spans) && joined(op.args[0].spans) == "" {
			st.returning = nil // Returning(""): none
			return true
		}
		st.returning = append(st.returning, withAt(op.args[0].spans, op.pos))
		return true
	case "For":
		if len(op.args) == 0 || op.args[0].kind != vStr {
			return false
		}
		st.lock = withAt(op.args[0].spans, op.pos)
		return true
	case "Where", "WhereOr":
		w, ok := st.condition(op)
		if !ok {
			return false
		}
		st.where = append(st.where, w)
		return true
	case "WhereGroup":
		// WhereGroup(sep, func(q) q): the conditions the function adds,
		// in parentheses, joined to the others by sep.
		if len(op.args) != 2 || op.args[0].kind != vStr || !allKnown(op.args[0].spans) || op.args[1].kind != vBuilder {
			return false
		}
		inner := &bunStmt{r: st.r, depth: st.depth}
		for _, o := range op.args[1].chain.ops {
			if o.lib != libs.Bun.Name || o.name != "Where" && o.name != "WhereOr" && o.name != "WhereGroup" || !inner.apply(o) {
				return false
			}
		}
		if len(inner.where) == 0 {
			return true
		}
		var t sqlText
		t.kw("(", op.pos)
		inner.writeWhere(&t, op.pos)
		t.kw(")", op.pos)
		p := t.spans
		if op.cond {
			p = conditional(p, op.pos)
		}
		st.where = append(st.where, bunWhere{sep: joined(op.args[0].spans), spans: p})
		return true
	case "Join":
		if len(op.args) == 0 || op.args[0].kind != vStr {
			return false
		}
		st.joins = append(st.joins, bunJoin{join: withAt(op.args[0].spans, op.pos)})
		return true
	case "JoinOn", "JoinOnOr":
		if len(st.joins) == 0 {
			return false
		}
		w, ok := st.condition(op)
		if !ok {
			return false
		}
		j := &st.joins[len(st.joins)-1]
		j.on = append(j.on, w)
		return true
	case "Distinct":
		st.distinct = true
		return true
	case "DistinctOn":
		if len(op.args) == 0 || op.args[0].kind != vStr {
			return false
		}
		st.distinctOn = append(st.distinctOn, withAt(op.args[0].spans, op.pos))
		return true
	case "Order":
		for _, a := range op.args {
			if a.kind != vStr {
				return false
			}
			st.order = append(st.order, withAt(a.spans, op.pos))
		}
		return true
	case "GroupExpr":
		if len(op.args) == 0 || op.args[0].kind != vStr {
			return false
		}
		st.group = append(st.group, withAt(op.args[0].spans, op.pos))
		return true
	case "Group":
		for _, a := range op.args {
			if a.kind != vStr {
				return false
			}
			st.group = append(st.group, withAt(a.spans, op.pos))
		}
		return true
	case "Limit":
		st.limit = true
		return true
	case "Offset":
		st.offset = true
		return true
	case "WherePK":
		st.wherePK = len(op.args) == 0
		return st.wherePK
	case "WhereDeleted":
		st.deleted = true
		return true
	case "WhereAllWithDeleted":
		st.withDel = true
		return true
	case "ForceDelete":
		st.force = true
		return true
	case "Count":
		st.count = true
		return true
	case "Scan", "Exec", "Exists", "Rows", "String":
		return true
	}
	return false
}

// condition is the entry a Where, WhereOr, JoinOn or JoinOnOr adds. A query
// among its arguments (Where("EXISTS (?)", sub)) is written in place of
// its placeholder, as bun does.
func (st *bunStmt) condition(op bop) (bunWhere, bool) {
	if len(op.args) == 0 || op.args[0].kind != vStr {
		return bunWhere{}, false
	}
	text := op.args[0].spans
	if args := op.args[1:]; slices.ContainsFunc(args, func(a *bval) bool { return a.kind == vBuilder }) {
		if !allKnown(text) || st.depth >= maxBunDepth {
			return bunWhere{}, false
		}
		var ok bool
		text, ok = fillPlaceholders(text, len(args), op.pos, func(i int) ([]span, bool) {
			if args[i].kind != vBuilder {
				return []span{{text: "?", known: true, at: op.pos}}, true
			}
			sub := &bunStmt{r: st.r, depth: st.depth + 1}
			if args[i].chain == nil || !st.r.fold(libs.Bun, args[i].chain, func(_ int, o bop) bool { return sub.apply(o) }) || sub.kind != "select" {
				return nil, false
			}
			return sub.sql(op.pos)
		})
		if !ok {
			return bunWhere{}, false
		}
	}
	var t sqlText
	t.kw("(", op.pos)
	t.add(text, op.pos)
	t.kw(")", op.pos)
	p := t.spans
	if op.cond {
		p = conditional(p, op.pos)
	}
	sep := " AND "
	if strings.HasSuffix(op.name, "Or") {
		sep = " OR "
	}
	return bunWhere{sep: sep, spans: p}, true
}

// writeWhere writes the WHERE entries as bun's appendWhere does: each
// after its separator, the first without.
func (st *bunStmt) writeWhere(t *sqlText, at token.Pos) {
	writeBunConds(t, st.where, at)
}

func writeBunConds(t *sqlText, ws []bunWhere, at token.Pos) {
	for i, w := range ws {
		if i > 0 {
			t.kw(w.sep, at)
		}
		t.add(w.spans, at)
	}
}

// whereHasOr reports whether an entry joins with OR: bun then puts the
// list in parentheses before it adds a condition of its own.
func (st *bunStmt) whereHasOr() bool {
	for _, w := range st.where {
		if strings.Contains(strings.ToUpper(w.sep), "OR") {
			return true
		}
	}
	return false
}

func (st *bunStmt) sql(at token.Pos) ([]span, bool) {
	kwAt := st.at
	if st.modelAt.IsValid() {
		kwAt = st.modelAt
	}
	var t sqlText
	m := st.model
	alias := ""
	if m != nil {
		alias = `"` + m.alias + `"`
	}
	tables := func() bool {
		if m != nil && len(st.tables) == 0 {
			t.kw(`"`+m.table+`" AS `+alias, kwAt)
			st.r.noteModel(m)
			return true
		}
		if len(st.tables) == 0 {
			return false
		}
		t.join(st.tables, ", ", kwAt)
		return true
	}
	soft := m != nil && m.soft != nil && !st.withDel && (!st.force || st.deleted)
	if m != nil && m.soft != nil && (st.withDel || (st.force && !st.deleted)) {
		st.r.includesDeleted = true
	}
	where := func() {
		if len(st.where) == 0 && !soft && !st.wherePK {
			return
		}
		t.kw(" WHERE ", kwAt)
		wrap := (soft || st.wherePK) && st.whereHasOr()
		if wrap {
			t.kw("(", kwAt)
		}
		st.writeWhere(&t, kwAt)
		if wrap {
			t.kw(")", kwAt)
		}
		if soft {
			if len(st.where) > 0 {
				t.kw(" AND ", kwAt)
			}
			test := m.soft.Live
			if st.deleted {
				test = m.soft.Deleted
			}
			t.kw(alias+`."`+m.soft.column+`"`+test, kwAt)
		}
		if st.wherePK {
			if len(st.where) > 0 || soft {
				t.kw(" AND ", kwAt)
			}
			t.kw("("+alias+`."`+m.pk()+`" = ?)`, kwAt)
		}
	}
	if st.wherePK && (m == nil || m.pk() == "") {
		return nil, false
	}
	switch st.kind {
	case "select":
		if st.count && (st.distinct || len(st.distinctOn) > 0) {
			// bun counts it in a CTE of its own (WITH _count_wrapper AS
			// (...)): the same tables as the query it counts, which is
			// judged where it is sent.
			st.r.giveUp(kwAt, "bun counts a DISTINCT query in a CTE of its own; the query it counts is judged where it is sent")
			return nil, false
		}
		t.kw("SELECT ", kwAt)
		switch {
		case len(st.distinctOn) > 0:
			t.kw("DISTINCT ON (", kwAt)
			t.join(st.distinctOn, ", ", kwAt)
			t.kw(") ", kwAt)
		case st.distinct:
			t.kw("DISTINCT ", kwAt)
		}
		switch {
		case st.count:
			t.kw("count(*)", kwAt)
		case len(st.columns) > 0:
			t.join(st.columns, ", ", kwAt)
		case m != nil:
			// bun lists the model's columns; written alias.* here, so
			// that the rules do not take the listing of the deleted_at
			// column for a deliberate mention of it.
			t.kw(alias+".*", kwAt)
		default:
			t.kw("*", kwAt)
		}
		if m == nil && len(st.tables) == 0 && len(st.joins) == 0 && len(st.where) == 0 && len(st.columns) > 0 {
			// SELECT pg_try_advisory_lock(...): no table.
			break
		}
		t.kw(" FROM ", kwAt)
		if !tables() {
			return nil, false
		}
		for _, j := range st.joins {
			t.kw(" ", kwAt)
			t.add(j.join, kwAt)
			if len(j.on) > 0 {
				t.kw(" ON ", kwAt)
				writeBunConds(&t, j.on, kwAt)
			}
		}
		where()
		t.clause(" GROUP BY ", st.group, ", ", kwAt)
		if !st.count {
			t.clause(" ORDER BY ", st.order, ", ", kwAt)
			if st.limit {
				t.kw(" LIMIT ?", kwAt)
			}
			if st.offset {
				t.kw(" OFFSET ?", kwAt)
			}
		}
		if len(st.lock) > 0 && !st.count {
			t.kw(" FOR ", kwAt)
			t.add(st.lock, kwAt)
		}
	case "update":
		sets := st.sets
		if len(sets) == 0 && m != nil {
			// Model(x).Column(cols...): SET each column from the model.
			for _, c := range st.columns {
				sets = append(sets, append(slices.Clone(c), span{text: " = ?", known: true, at: kwAt}))
			}
			if len(st.columns) == 0 {
				st.r.giveUp(kwAt, "its update writes back every column of the model, a save of the whole row whose deletion time is the value's")
				return nil, false
			}
		}
		if len(sets) == 0 {
			return nil, false
		}
		t.kw("UPDATE ", kwAt)
		if !tables() {
			return nil, false
		}
		t.kw(" SET ", kwAt)
		t.join(sets, ", ", kwAt)
		where()
		t.clause(" RETURNING ", st.returning, ", ", kwAt)
	case "insert":
		if !st.insert(&t, kwAt) {
			return nil, false
		}
	case "delete":
		if m != nil && m.soft != nil && !st.force {
			t.kw("UPDATE ", kwAt)
			if !tables() {
				return nil, false
			}
			t.kw(` SET "`+m.soft.column+`" = ?`, kwAt)
			where()
			t.clause(" RETURNING ", st.returning, ", ", kwAt)
			break
		}
		t.kw("DELETE FROM ", kwAt)
		if !tables() {
			return nil, false
		}
		where()
		t.clause(" RETURNING ", st.returning, ", ", kwAt)
	default:
		return nil, false
	}
	return t.spans, true
}

// insert writes bun's INSERT (on PostgreSQL): the model's table, aliased
// when there is an ON clause; the columns Column names, else every field
// of the model; a value for each: Value's expression, DEFAULT for the
// soft-delete column (zero in a row inserted live, which bun writes as
// DEFAULT), a parameter otherwise. A slice model is one row here. ON
// CONFLICT ... DO UPDATE without Set updates every column but the primary
// key from EXCLUDED, as bun does. The RETURNING bun adds for the fields it
// wrote as DEFAULT depends on the values at run time and is left out.
func (st *bunStmt) insert(t *sqlText, at token.Pos) bool {
	m := st.model
	var table string
	switch {
	case len(st.tables) == 1 && allKnown(st.tables[0]):
		table = joined(st.tables[0])
	case len(st.tables) == 0 && m != nil && m.table != "":
		table = `"` + m.table + `"`
		if st.on != nil {
			table += ` AS "` + m.alias + `"`
		}
		st.r.noteModel(m)
	default:
		return false
	}
	var cols []string
	for _, c := range st.columns {
		if !allKnown(c) {
			return false
		}
		cols = append(cols, strings.Trim(joined(c), `"`))
	}
	if len(cols) == 0 && m != nil {
		for _, f := range m.fields {
			cols = append(cols, f.column)
		}
	}
	if len(cols) == 0 {
		return false
	}
	t.kw("INSERT INTO "+table+" (", at)
	for i, c := range cols {
		if i > 0 {
			t.kw(", ", at)
		}
		t.kw(`"`+c+`"`, at)
	}
	t.kw(") VALUES (", at)
	for i, c := range cols {
		if i > 0 {
			t.kw(", ", at)
		}
		switch v, ok := st.values[c]; {
		case ok:
			t.add(v, at)
		case m != nil && m.soft != nil && c == m.soft.column:
			t.kw("DEFAULT", at)
		default:
			t.kw("?", at)
		}
	}
	t.kw(")", at)
	if st.on != nil {
		t.kw(" ON ", at)
		t.add(st.on, at)
		switch {
		case len(st.sets) > 0:
			t.kw(" SET ", at)
			t.join(st.sets, ", ", at)
		case allKnown(st.on) && strings.HasSuffix(strings.ToUpper(joined(st.on)), " DO UPDATE"):
			pk := ""
			if m != nil {
				pk = m.pk()
			}
			var sets [][]span
			for _, c := range cols {
				if c != pk {
					sets = append(sets, []span{{text: `"` + c + `" = EXCLUDED."` + c + `"`, known: true, at: at}})
				}
			}
			if len(sets) == 0 {
				return false
			}
			t.kw(" SET ", at)
			t.join(sets, ", ", at)
		}
		if len(st.where) > 0 {
			t.kw(" WHERE ", at)
			st.writeWhere(t, at)
		}
	}
	t.clause(" RETURNING ", st.returning, ", ", at)
	return true
}
