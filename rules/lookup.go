package rules

import (
	"fmt"
	"strings"

	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/schema"
)

// decorates reports whether r is an outer join that looks one parent row up
// by its key only to show its columns beside rows chosen without it:
//
//	SELECT e.id, COALESCE(s.name, '') FROM events e
//	LEFT JOIN sources s ON s.id = e.source_id WHERE e.deleted_at IS NULL
//
// The join keeps every event whatever s holds, so the live-row filter on s
// changes only whether a deleted source's name is shown: a display choice,
// not a leak of deleted rows. The leak behind it, live events of a deleted
// source, is missing-cascade's finding at the soft delete of sources.
//
// It is a lookup only when the ON clause equates a primary key or a total
// unique key of r to columns of other tables, and r's columns appear
// nowhere but in the select list (outside aggregates and subqueries), ORDER
// BY, plain GROUP BY items and the ON clauses of other outer joins: r used
// in WHERE, HAVING, an aggregate (COUNT(s.id)) or an inner join's ON
// decides which rows come back, and its deleted rows then matter.
func (st *statement) decorates(r *rangeRef) bool {
	s := r.scope
	if s.sel == nil || !r.nullable || r.on == nil || r.table == nil ||
		(r.joinType != pgast.JoinType_JOIN_LEFT && r.joinType != pgast.JoinType_JOIN_RIGHT) {
		return false
	}
	if !hasKey(r.table, st.equatedColumns(r)) {
		return false
	}
	outerOn := map[*pgast.Node]bool{}
	for _, x := range s.refs {
		if x.nullable && x.on != nil {
			outerOn[x.on] = true
		}
	}
	for _, q := range s.quals {
		if !outerOn[q] && st.uses(q, r) {
			return false
		}
	}
	sel := s.sel
	for _, clause := range [][]*pgast.Node{{sel.WhereClause, sel.HavingClause}, sel.DistinctClause, sel.WindowClause} {
		for _, n := range clause {
			if st.uses(n, r) {
				return false
			}
		}
	}
	// GROUP BY s.id, em.id: a column of a row found by key splits no
	// group the other items do not; an expression over it may.
	for _, n := range sel.GroupClause {
		if _, plain := st.resolvedColumn(n); !plain && st.uses(n, r) {
			return false
		}
	}
	for _, t := range sel.TargetList {
		if st.aggregates(t, r) {
			return false
		}
	}
	return true
}

// equatedColumns returns r's columns that r's ON clause sets equal to a
// column of another table reference, conjunct by conjunct.
func (st *statement) equatedColumns(r *rangeRef) map[string]bool {
	cols := map[string]bool{}
	st.equalities(r.on, r, func(col string, _ resolution) { cols[col] = true })
	return cols
}

// equalities calls f for each conjunct of n that sets a column of r equal
// to a column of another table reference.
func (st *statement) equalities(n *pgast.Node, r *rangeRef, f func(col string, other resolution)) {
	if n == nil {
		return
	}
	if b := n.GetBoolExpr(); b != nil {
		if b.Boolop == pgast.BoolExprType_AND_EXPR {
			for _, a := range b.Args {
				st.equalities(a, r, f)
			}
		}
		return
	}
	e := n.GetAExpr()
	if e == nil || e.Kind != pgast.A_Expr_Kind_AEXPR_OP || len(e.Name) != 1 || e.Name[0].GetString_().GetSval() != "=" {
		return
	}
	l, lok := st.resolvedColumn(e.Lexpr)
	rr, rok := st.resolvedColumn(e.Rexpr)
	if !lok || !rok || l.ref == nil || rr.ref == nil {
		return
	}
	switch {
	case l.ref == r && rr.ref != r:
		f(l.column, rr)
	case rr.ref == r && l.ref != r:
		f(rr.column, l)
	}
}

// keptHistory returns the foreign key ("events.source_id") through which
// the query reaches r from a row the config keeps after its parent's
// delete (cascade.keep), or "". Kept rows are history: an event of a
// deleted source still shows, and is found by, that source; filtering the
// source out would hide the event the team chose to keep.
//
//	SELECT ev.id, s.name FROM events ev JOIN sources s ON s.id = ev.source_id
//	WHERE ev.deleted_at IS NULL AND s.name ILIKE $1
//
// The key must be equated in r's ON clause or its scope's WHERE, column
// for column; reached any other way, or from a child that is not kept, r
// is judged as usual.
func (st *statement) keptHistory(r *rangeRef) string {
	if r.table == nil || len(st.cat.keep) == 0 {
		return ""
	}
	for _, child := range r.scope.refs {
		if child == r || child.table == nil {
			continue
		}
		for _, k := range child.table.Constraints {
			if k.Kind != schema.ForeignKey || st.cat.Schema.Table(k.RefSchema, k.RefTable) != r.table ||
				!st.cat.kept(child.table, k.Columns) || !st.joinedByKey(child, r, k, r.on, r.scope.where) {
				continue
			}
			return quoteIdent(child.table.Name) + "." + joinIdents(k.Columns)
		}
	}
	return ""
}

// joinedByKey reports whether the clauses equate each column of foreign
// key k of child's table to the column it references in parent, as
// conjuncts: child.project_id = parent.id.
func (st *statement) joinedByKey(child, parent *rangeRef, k *schema.Constraint, clauses ...*pgast.Node) bool {
	if len(k.Columns) == 0 || len(k.Columns) != len(k.RefColumns) {
		return false
	}
	equal := map[[2]string]bool{}
	for _, n := range clauses {
		st.equalities(n, child, func(col string, other resolution) {
			if other.ref == parent {
				equal[[2]string{col, other.column}] = true
			}
		})
	}
	for i, c := range k.Columns {
		if !equal[[2]string{c, k.RefColumns[i]}] {
			return false
		}
	}
	return true
}

// liveParent returns why r's rows are live although the query does not
// filter them, or "": every soft delete of r's table picks its rows by a
// foreign key to a parent table (UPDATE events SET deleted_at = now()
// WHERE project_id = $1, the project's cascade), and the query joins r on
// that key to a parent row it keeps to live ones.
//
//	SELECT p.id, COUNT(e.id) FROM projects p
//	LEFT JOIN events e ON e.project_id = p.id
//	WHERE p.deleted_at IS NULL GROUP BY p.id
//
// An event is deleted only with its project, so a live project's events
// are live. The key must be equated column for column in r's ON clause,
// the scope's WHERE or the parent's inner-join ON, and the parent's live
// filter must hold for every row r joins: in the WHERE, r's ON or the
// parent's inner-join ON (a parent on the nullable side of an outer join
// keeps r's rows whatever it is). A parent the module ever restores may
// be live with deleted children: its join is judged as usual.
func (st *statement) liveParent(r *rangeRef) string {
	cfg := st.cat.cfg
	if r.table == nil || cfg.DeletedBy == nil || matchesAny(r.table, cfg.Include) {
		return ""
	}
	keys := cfg.DeletedBy(r.table.Name, r.sd.Column)
	if len(keys) == 0 {
		return ""
	}
	for _, k := range r.table.Constraints {
		if k.Kind != schema.ForeignKey || !sameSet(k.Columns, keys) {
			continue
		}
		parent := st.cat.Schema.Table(k.RefSchema, k.RefTable)
		for _, p := range r.scope.refs {
			// p is not nullable (keepsLive), so its ON holds for every row.
			if p != r && p.table != nil && p.table == parent && st.keepsLive(p, r) && st.joinedByKey(r, p, k, r.on, r.scope.where, p.on) {
				return fmt.Sprintf(sparedParent, quoteIdent(r.table.Name), joinIdents(k.Columns), quoteIdent(parent.Name), quoteIdent(parent.Name))
			}
		}
	}
	return ""
}

// keepsLive reports whether the query keeps parent reference p, joined to
// r, to live rows for every row of r it returns: p is not on the nullable
// side of an outer join, and its live filter is in the WHERE, r's ON or
// p's own ON.
func (st *statement) keepsLive(p, r *rangeRef) bool {
	if p.sd == nil || p.nullable || (st.cat.cfg.Restored != nil && st.cat.cfg.Restored(p.table.Name, p.sd.Column)) {
		return false
	}
	for _, n := range []*pgast.Node{r.scope.where, r.on, p.on} {
		if st.classify(n, p) == live {
			return true
		}
	}
	return false
}

func (st *statement) resolvedColumn(n *pgast.Node) (resolution, bool) {
	cr := unwrapCast(n).GetColumnRef()
	if cr == nil {
		return resolution{}, false
	}
	res, ok := st.resolved[cr]
	return res, ok
}

// hasKey reports whether cols cover the primary key, a unique constraint
// or a total unique index of t: the join finds at most one row.
func hasKey(t *schema.Table, cols map[string]bool) bool {
	covers := func(key []string) bool {
		if len(key) == 0 {
			return false
		}
		for _, c := range key {
			if !cols[c] {
				return false
			}
		}
		return true
	}
	for _, k := range t.Constraints {
		if (k.Kind == schema.PrimaryKey || k.Kind == schema.Unique) && covers(k.Columns) {
			return true
		}
	}
	for _, ix := range t.Indexes {
		if ix.Unique && !ix.Partial() && covers(ix.Columns) {
			return true
		}
	}
	return false
}

// uses reports whether n refers to a column of r, in subqueries too.
func (st *statement) uses(n *pgast.Node, r *rangeRef) bool {
	found := false
	inspect(n, func(m pgast.Message) bool {
		if cr, ok := m.(*pgast.ColumnRef); ok && st.resolved[cr].ref == r {
			found = true
		}
		return !found
	})
	return found
}

// aggregateFuncs are the aggregates whose result depends on which rows
// they see.
var aggregateFuncs = map[string]bool{
	"count": true, "sum": true, "avg": true, "min": true, "max": true, "array_agg": true,
	"string_agg": true, "json_agg": true, "jsonb_agg": true, "json_object_agg": true,
	"jsonb_object_agg": true, "bool_and": true, "bool_or": true, "every": true,
}

// aggregates reports whether a select-list item uses r inside an
// aggregate, a window function or a subquery.
func (st *statement) aggregates(n *pgast.Node, r *rangeRef) bool {
	found := false
	inspect(n, func(m pgast.Message) bool {
		switch v := m.(type) {
		case *pgast.FuncCall:
			name := ""
			if len(v.Funcname) > 0 {
				name = strings.ToLower(v.Funcname[len(v.Funcname)-1].GetString_().GetSval())
			}
			if (aggregateFuncs[name] || v.Over != nil || v.AggStar) && st.uses(&pgast.Node{Node: &pgast.Node_FuncCall{FuncCall: v}}, r) {
				found = true
			}
		case *pgast.SubLink:
			if st.uses(&pgast.Node{Node: &pgast.Node_SubLink{SubLink: v}}, r) {
				found = true
			}
			return false
		}
		return !found
	})
	return found
}
