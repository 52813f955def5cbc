package rules

import (
	"strconv"
	"strings"

	"github.com/softdelete/softdelete/internal/opaqueid"
	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/schema"
)

// OpaquePrefix starts the identifiers that stand in for SQL text not known
// statically (see sqlextract). A scope whose FROM, WHERE or ON holds one
// may filter in the part we cannot see, so it is never reported.
const OpaquePrefix = opaqueid.Prefix

// rangeRef is one table reference in a FROM list, JOIN, or the target of an
// UPDATE / DELETE.
type rangeRef struct {
	scope      *scope
	schemaName string
	name       string
	alias      string // "" when none
	loc        int
	table      *schema.Table // nil for CTEs, views, subqueries, unknown tables
	shapeless  bool          // its columns are unknown (subquery, function, unknown table)
	sd         *SoftDelete
	cte        *pgast.CommonTableExpr // the CTE it names, if it names one
	nullable   bool                   // on the nullable side of an outer join
	joinType   pgast.JoinType
	// on is the ON clause of the JOIN that brought the table in, nil for
	// a FROM item (and for the left side of a LEFT JOIN).
	on        *pgast.Node
	unchecked bool // DELETE target: the hard-delete rule's business
	// sdRefs counts the references to the soft-delete column resolved to
	// this table reference: with none, no predicate can filter it.
	sdRefs int
	// mentioned is set when the soft-delete column is named outside this
	// scope's WHERE, ON and select list: ordered by, grouped by, set,
	// returned, or used in a correlated subquery. Such a query reads
	// deleted rows on purpose.
	mentioned bool
	// selected is set when the scope's select list names the column. That
	// alone is no intent (shared column lists and struct scans name it in
	// every query); a sync read is: see syncRead.
	selected bool
}

func (r *rangeRef) qualifier() string {
	if r.alias != "" {
		return r.alias
	}
	return r.name
}

type scope struct {
	parent *scope
	ctes   map[string]*pgast.CommonTableExpr
	refs   []*rangeRef
	where  *pgast.Node
	quals  []*pgast.Node
	// opaque is set when a dynamic part sits where a table or filter goes.
	opaque bool
	// what names the statement for messages: "SELECT", "UPDATE", "subquery".
	what string
	// sel is the SELECT of a SELECT scope, for the clauses that use its
	// tables' columns.
	sel *pgast.SelectStmt
	// recursive is set inside the body of a WITH RECURSIVE CTE.
	recursive bool
	// purge is set in the USING and WHERE of a DELETE and the subqueries
	// there: they choose rows to remove for good.
	purge bool
	// update is the UPDATE of an UPDATE scope, for its SET list.
	update *pgast.UpdateStmt
	// sublink is the expression a subquery scope is the SELECT of
	// (x IN (SELECT …), EXISTS (…)).
	sublink *pgast.SubLink
}

func (s *scope) isCTE(name string) bool {
	return s.cte(name) != nil
}

// cte is the CTE name refers to in s, or nil.
func (s *scope) cte(name string) *pgast.CommonTableExpr {
	for ; s != nil; s = s.parent {
		if c := s.ctes[name]; c != nil {
			return c
		}
	}
	return nil
}

type resolution struct {
	ref    *rangeRef
	column string
}

// statement analyses one parsed statement.
type statement struct {
	cat      *Checker
	resolved map[*pgast.ColumnRef]resolution
	scopes   []*scope
	// recursive counts the WITH RECURSIVE bodies being visited.
	recursive int
	// purging counts the DELETE statements being visited.
	purging int
	// dml caches the INSERT, UPDATE and DELETE nodes below dmlOf.
	dmlOf *pgast.Node
	dml   []pgast.Message
	// gaps caches filterGaps once judged is set.
	gaps   []filterGap
	judged bool
	// selecting is set while the select list of the scope being visited
	// is walked (not the subqueries in it).
	selecting bool
	// sublink is the subquery expression whose SELECT is visited next.
	sublink *pgast.SubLink
}

func newStatement(cat *Checker) *statement {
	return &statement{cat: cat, resolved: map[*pgast.ColumnRef]resolution{}}
}

func (st *statement) newScope(parent *scope, what string) *scope {
	s := &scope{parent: parent, what: what, recursive: st.recursive > 0, purge: st.purging > 0}
	st.scopes = append(st.scopes, s)
	return s
}

// visit analyses a statement or subquery node.
func (st *statement) visit(n *pgast.Node, parent *scope, what string) {
	if n == nil {
		return
	}
	switch v := n.Node.(type) {
	case *pgast.Node_SelectStmt:
		st.visitSelect(v.SelectStmt, parent, what)
	case *pgast.Node_UpdateStmt:
		st.visitUpdate(v.UpdateStmt, parent)
	case *pgast.Node_DeleteStmt:
		st.visitDelete(v.DeleteStmt, parent)
	case *pgast.Node_InsertStmt:
		st.visitInsert(v.InsertStmt, parent)
	case *pgast.Node_ExplainStmt:
		st.visit(v.ExplainStmt.Query, parent, what)
	case *pgast.Node_DeclareCursorStmt:
		st.visit(v.DeclareCursorStmt.Query, parent, what)
	case *pgast.Node_CreateTableAsStmt:
		st.visit(v.CreateTableAsStmt.Query, parent, what)
	}
}

// withCTEs visits the bodies of a WITH clause and returns the scope in
// which their names are visible.
func (st *statement) withCTEs(w *pgast.WithClause, parent *scope) *scope {
	if w == nil || len(w.Ctes) == 0 {
		return parent
	}
	s := st.newScope(parent, "")
	s.ctes = map[string]*pgast.CommonTableExpr{}
	for _, c := range w.Ctes {
		if cte := c.GetCommonTableExpr(); cte != nil {
			s.ctes[cte.Ctename] = cte
		}
	}
	if w.Recursive {
		st.recursive++
		defer func() { st.recursive-- }()
	}
	for _, c := range w.Ctes {
		if cte := c.GetCommonTableExpr(); cte != nil {
			st.visit(cte.Ctequery, s, "CTE "+cte.Ctename)
		}
	}
	return s
}

func (st *statement) visitSelect(sel *pgast.SelectStmt, parent *scope, what string) {
	if sel == nil {
		return
	}
	parent = st.withCTEs(sel.WithClause, parent)
	if sel.Op != pgast.SetOperation_SETOP_NONE && sel.Op != pgast.SetOperation_SET_OPERATION_UNDEFINED {
		st.visitSelect(sel.Larg, parent, what)
		st.visitSelect(sel.Rarg, parent, what)
		return
	}
	s := st.newScope(parent, what)
	s.sel = sel
	s.sublink, st.sublink = st.sublink, nil
	for _, item := range sel.FromClause {
		st.addFrom(s, item, false, pgast.JoinType_JOIN_INNER, nil)
	}
	s.where = sel.WhereClause
	outer := st.selecting
	for _, e := range sel.TargetList {
		st.selecting = true
		st.expr(s, e, false)
	}
	st.selecting = false
	for _, list := range [][]*pgast.Node{sel.GroupClause, sel.SortClause, sel.DistinctClause, sel.WindowClause, sel.ValuesLists} {
		for _, e := range list {
			st.expr(s, e, false)
		}
	}
	st.expr(s, sel.HavingClause, false)
	st.predicates(s)
	for _, r := range s.refs {
		if r.selected && !r.mentioned && st.syncRead(s.where, r) {
			r.mentioned = true
		}
	}
	st.selecting = outer
}

// syncRead reports whether where bounds a change-tracking column of r from
// below (updated_at > $1, version >= $2), as a sync endpoint does that
// hands clients the rows changed since they last asked, deleted ones
// included, with the soft-delete column in its select list.
func (st *statement) syncRead(where *pgast.Node, r *rangeRef) bool {
	return anyConjunct(where, func(n *pgast.Node) bool { return st.boundsChangeTracking(n, r) })
}

// boundsChangeTracking reports whether one conjunct bounds a
// change-tracking column of r from below.
func (st *statement) boundsChangeTracking(where *pgast.Node, r *rangeRef) bool {
	e := where.GetAExpr()
	if e == nil || len(e.Name) != 1 {
		return false
	}
	col := e.Lexpr
	switch op := e.Name[0].GetString_().GetSval(); {
	case e.Kind == pgast.A_Expr_Kind_AEXPR_OP && (op == ">" || op == ">="):
	case e.Kind == pgast.A_Expr_Kind_AEXPR_OP && (op == "<" || op == "<="):
		col = e.Rexpr // $1 < updated_at
	case e.Kind == pgast.A_Expr_Kind_AEXPR_BETWEEN:
	default:
		return false
	}
	cr := unwrapCast(col).GetColumnRef()
	if cr == nil {
		return false
	}
	res, ok := st.resolved[cr]
	return ok && res.ref == r && changeTracking(res.column)
}

// changeTracking reports whether a column's name says it changes with
// every write of the row.
func changeTracking(column string) bool {
	c := strings.ToLower(column)
	for _, w := range []string{"updated", "modified", "changed", "sync", "version", "revision"} {
		if strings.Contains(c, w) {
			return true
		}
	}
	return false
}

// predicates resolves the scope's WHERE and ON clauses, after every table
// reference of the scope is known.
func (st *statement) predicates(s *scope) {
	st.expr(s, s.where, true)
	for _, q := range s.quals {
		st.expr(s, q, true)
	}
	for _, r := range s.refs {
		if r.nullable && r.sd != nil && st.rejectsNulls(s.where, r) {
			// WHERE already throws away the rows the outer join made up
			// for r (o.user_id = $1): the join is an inner join whatever
			// the live-row filter does, and moving that filter into ON
			// would change nothing.
			r.nullable = false
		}
	}
}

// rejectsNulls reports whether a conjunct of where, other than a test of
// the soft-delete column, is false or null for a row whose columns of r are
// all NULL: a comparison, IN, LIKE or BETWEEN on a plain column of r, or
// r.col IS NOT NULL. Conjuncts under OR or NOT, and columns inside
// functions (coalesce), are not looked at.
func (st *statement) rejectsNulls(where *pgast.Node, r *rangeRef) bool {
	return anyConjunct(where, func(n *pgast.Node) bool { return st.conjunctRejectsNulls(n, r) })
}

// anyConjunct reports whether test holds for a conjunct of the top-level
// AND of where (where itself when it is no AND). Conjuncts under OR or NOT
// are not looked at.
func anyConjunct(where *pgast.Node, test func(*pgast.Node) bool) bool {
	if where == nil {
		return false
	}
	if b := where.GetBoolExpr(); b != nil {
		if b.Boolop != pgast.BoolExprType_AND_EXPR {
			return false
		}
		for _, a := range b.Args {
			if anyConjunct(a, test) {
				return true
			}
		}
		return false
	}
	return test(where)
}

func (st *statement) conjunctRejectsNulls(where *pgast.Node, r *rangeRef) bool {
	if nt := where.GetNullTest(); nt != nil {
		return nt.Nulltesttype == pgast.NullTestType_IS_NOT_NULL && st.isOtherColumn(nt.Arg, r)
	}
	e := where.GetAExpr()
	if e == nil {
		return false
	}
	switch e.Kind {
	case pgast.A_Expr_Kind_AEXPR_OP:
		if len(e.Name) != 1 {
			return false
		}
		switch e.Name[0].GetString_().GetSval() {
		case "=", "<>", "!=", "<", ">", "<=", ">=":
		default:
			return false
		}
	case pgast.A_Expr_Kind_AEXPR_IN, pgast.A_Expr_Kind_AEXPR_LIKE, pgast.A_Expr_Kind_AEXPR_ILIKE,
		pgast.A_Expr_Kind_AEXPR_BETWEEN:
	default:
		return false
	}
	return st.isOtherColumn(e.Lexpr, r) || (e.Kind == pgast.A_Expr_Kind_AEXPR_OP && st.isOtherColumn(e.Rexpr, r))
}

// isOtherColumn reports whether n is a column of r (under casts) other
// than its soft-delete column.
func (st *statement) isOtherColumn(n *pgast.Node, r *rangeRef) bool {
	cr := unwrapCast(n).GetColumnRef()
	if cr == nil {
		return false
	}
	res, ok := st.resolved[cr]
	return ok && res.ref == r && r.sd.ofColumn(res.column) == nil
}

// fromList adds the extra FROM items of an UPDATE (FROM) or DELETE (USING).
func (st *statement) fromList(s *scope, items []*pgast.Node) {
	for _, item := range items {
		st.addFrom(s, item, false, pgast.JoinType_JOIN_INNER, nil)
	}
}

func (st *statement) visitUpdate(up *pgast.UpdateStmt, parent *scope) {
	parent = st.withCTEs(up.WithClause, parent)
	s := st.newScope(parent, "UPDATE")
	s.update = up
	target := st.addRangeVar(s, up.Relation, false, pgast.JoinType_JOIN_INNER, nil)
	st.fromList(s, up.FromClause)
	s.where = up.WhereClause
	for _, t := range up.TargetList {
		rt := t.GetResTarget()
		if rt == nil {
			continue
		}
		// SET deleted_at = now() is a soft delete, SET deleted_at = NULL a
		// restore: both act on deleted rows on purpose.
		if target != nil && target.sd.ofColumn(rt.Name) != nil {
			target.mentioned = true
		}
		st.expr(s, rt.Val, false)
		if mr := rt.Val.GetMultiAssignRef(); mr != nil {
			st.expr(s, mr.Source, false)
		}
	}
	for _, e := range up.ReturningList {
		st.expr(s, e, false)
	}
	st.predicates(s)
}

func (st *statement) visitDelete(del *pgast.DeleteStmt, parent *scope) {
	parent = st.withCTEs(del.WithClause, parent)
	st.purging++
	defer func() { st.purging-- }()
	s := st.newScope(parent, "DELETE")
	if target := st.addRangeVar(s, del.Relation, false, pgast.JoinType_JOIN_INNER, nil); target != nil {
		target.unchecked = true
	}
	st.fromList(s, del.UsingClause)
	s.where = del.WhereClause
	for _, e := range del.ReturningList {
		st.expr(s, e, false)
	}
	st.predicates(s)
}

func (st *statement) visitInsert(ins *pgast.InsertStmt, parent *scope) {
	parent = st.withCTEs(ins.WithClause, parent)
	st.visit(ins.SelectStmt, parent, "INSERT … SELECT")
	s := st.newScope(parent, "INSERT")
	if target := st.addRangeVar(s, ins.Relation, false, pgast.JoinType_JOIN_INNER, nil); target != nil {
		target.unchecked = true
	}
	if oc := ins.OnConflictClause; oc != nil {
		for _, e := range oc.TargetList {
			st.expr(s, e, false)
		}
		st.expr(s, oc.WhereClause, false)
	}
	for _, e := range ins.ReturningList {
		st.expr(s, e, false)
	}
}

// addFrom adds the table references of one FROM item.
func (st *statement) addFrom(s *scope, n *pgast.Node, nullable bool, jt pgast.JoinType, on *pgast.Node) {
	switch v := n.Node.(type) {
	case *pgast.Node_RangeVar:
		st.addRangeVar(s, v.RangeVar, nullable, jt, on)
	case *pgast.Node_JoinExpr:
		j := v.JoinExpr
		left := nullable || j.Jointype == pgast.JoinType_JOIN_RIGHT || j.Jointype == pgast.JoinType_JOIN_FULL
		right := nullable || j.Jointype == pgast.JoinType_JOIN_LEFT || j.Jointype == pgast.JoinType_JOIN_FULL
		// The side a JOIN brings in is the one whose filter belongs in ON.
		var leftOn, rightOn *pgast.Node
		if j.Jointype == pgast.JoinType_JOIN_RIGHT {
			leftOn = j.Quals
		} else {
			rightOn = j.Quals
		}
		st.addFrom(s, j.Larg, left, j.Jointype, leftOn)
		st.addFrom(s, j.Rarg, right, j.Jointype, rightOn)
		if j.Quals != nil {
			s.quals = append(s.quals, j.Quals)
		}
	case *pgast.Node_RangeSubselect:
		rs := v.RangeSubselect
		outer := s.parent
		if rs.Lateral {
			outer = s
		}
		st.visit(rs.Subquery, outer, "subquery")
		s.refs = append(s.refs, &rangeRef{scope: s, alias: aliasName(rs.Alias), shapeless: true})
	case *pgast.Node_RangeFunction:
		for _, f := range v.RangeFunction.Functions {
			st.expr(s, f, false)
		}
		s.refs = append(s.refs, &rangeRef{scope: s, alias: aliasName(v.RangeFunction.Alias), shapeless: true})
	default:
		s.refs = append(s.refs, &rangeRef{scope: s, shapeless: true})
	}
}

func (st *statement) addRangeVar(s *scope, rv *pgast.RangeVar, nullable bool, jt pgast.JoinType, on *pgast.Node) *rangeRef {
	if rv == nil {
		return nil
	}
	r := &rangeRef{
		scope:      s,
		schemaName: rv.Schemaname,
		name:       rv.Relname,
		alias:      aliasName(rv.Alias),
		loc:        int(rv.Location),
		nullable:   nullable,
		joinType:   jt,
		on:         on,
	}
	// A name or alias built at run time, wholly or in part ("s" +
	// strconv.Itoa(i)): the table or the references to it are not known.
	if strings.Contains(r.name, OpaquePrefix) || strings.Contains(r.alias, OpaquePrefix) || strings.Contains(r.schemaName, OpaquePrefix) {
		s.opaque = true
	}
	switch {
	case r.schemaName == "" && s.isCTE(r.name):
		r.shapeless = true
		r.cte = s.cte(r.name)
	default:
		r.table = st.cat.Schema.Table(r.schemaName, r.name)
		if r.table == nil {
			// Views, and tables the migrations do not show, have no
			// columns we know: whatever they hold is not ours to judge.
			r.shapeless = true
		}
		r.sd = st.cat.SoftDelete(r.table)
	}
	s.refs = append(s.refs, r)
	return r
}

func aliasName(a *pgast.Alias) string {
	if a == nil {
		return ""
	}
	return a.Aliasname
}

// expr resolves the column references of an expression and visits its
// subqueries. predicate is true for WHERE and ON, whose use of the
// soft-delete column is judged by classify rather than counted as a
// deliberate mention.
func (st *statement) expr(s *scope, n *pgast.Node, predicate bool) {
	if n == nil {
		return
	}
	inspect(n, func(m pgast.Message) bool {
		switch v := m.(type) {
		case *pgast.ColumnRef:
			st.column(s, v, predicate)
		case *pgast.A_Expr:
			if v.Kind != pgast.A_Expr_Kind_AEXPR_IN || v.Rexpr.GetList() == nil {
				return true
			}
			// x IN (%s) with a list joined at run time: an element that
			// is wholly built at run time is values, no condition.
			st.expr(s, v.Lexpr, predicate)
			for _, it := range v.Rexpr.GetList().Items {
				if !opaqueValue(it) {
					st.expr(s, it, predicate)
				}
			}
			return false
		case *pgast.SubLink:
			st.expr(s, v.Testexpr, predicate)
			if sel := simpleSelect(v.Subselect); sel != nil && sel.WithClause == nil {
				st.sublink = v
			}
			st.visit(v.Subselect, s, "subquery")
			st.sublink = nil
			return false
		case *pgast.SelectStmt, *pgast.UpdateStmt, *pgast.DeleteStmt, *pgast.InsertStmt:
			return false
		}
		return true
	})
}

// opaqueValue reports whether n is a bare name built wholly at run time.
func opaqueValue(n *pgast.Node) bool {
	cr := n.GetColumnRef()
	if cr == nil {
		return false
	}
	parts := columnName(cr)
	if len(parts) != 1 {
		return false
	}
	n2, ok := strings.CutPrefix(parts[0], OpaquePrefix)
	return ok && n2 != "" && strings.Trim(n2, "0123456789") == ""
}

func (st *statement) column(s *scope, cr *pgast.ColumnRef, predicate bool) {
	parts := columnName(cr)
	if len(parts) == 0 {
		return
	}
	col := parts[len(parts)-1]
	for _, p := range parts {
		if strings.Contains(p, OpaquePrefix) && predicate {
			s.opaque = true
		}
	}
	r := resolve(s, parts)
	if r == nil {
		return
	}
	st.resolved[cr] = resolution{ref: r, column: col}
	if r.sd.ofColumn(col) != nil {
		r.sdRefs++
		switch {
		case st.selecting && r.scope == s:
			r.selected = true
		case !predicate || r.scope != s:
			r.mentioned = true
		}
	}
}

// resolve finds the table reference a column belongs to, innermost scope
// first, as PostgreSQL does. It returns nil when the column could belong to
// something whose shape is unknown.
func resolve(s *scope, parts []string) *rangeRef {
	switch len(parts) {
	case 1:
		col := parts[0]
		for ; s != nil; s = s.parent {
			shapeless := false
			for _, r := range s.refs {
				if r.table != nil && r.table.Column(col) != nil {
					return r
				}
				shapeless = shapeless || r.shapeless
			}
			if shapeless {
				return nil
			}
		}
	case 2, 3:
		qual := parts[len(parts)-2]
		schemaName := ""
		if len(parts) == 3 {
			schemaName = parts[0]
		}
		for ; s != nil; s = s.parent {
			for _, r := range s.refs {
				if r.alias != "" {
					if schemaName == "" && r.alias == qual {
						return r
					}
					continue
				}
				if r.name == qual && (schemaName == "" || schemaName == r.schemaName) {
					return r
				}
			}
		}
	}
	return nil
}

// verdict is what a predicate says about one table reference's deleted rows.
type verdict int

const (
	unfiltered verdict = iota
	// partial: a live-row test sits under OR and some branch lacks it.
	partial
	// live: deleted rows are filtered out.
	live
	// deliberate: the soft-delete column is used some other way (IS NOT
	// NULL, a comparison, a parameter): the query chose what it reads.
	deliberate
)

// classify judges a WHERE or ON expression for reference r.
func (st *statement) classify(n *pgast.Node, r *rangeRef) verdict {
	if n == nil {
		return unfiltered
	}
	switch v := n.Node.(type) {
	case *pgast.Node_BoolExpr:
		switch v.BoolExpr.Boolop {
		case pgast.BoolExprType_AND_EXPR:
			best := unfiltered
			for _, a := range v.BoolExpr.Args {
				if c := st.classify(a, r); c > best {
					best = c
				}
			}
			return best
		case pgast.BoolExprType_OR_EXPR:
			all, any, outerRow := true, false, false
			for _, a := range v.BoolExpr.Args {
				switch st.classify(a, r) {
				case deliberate:
					return deliberate
				case live:
					any = true
				default:
					if r.nullable && st.isOuterRowTest(a, r) {
						outerRow = true
					} else {
						all = false
					}
				}
			}
			switch {
			case any && all && outerRow:
				// `o.id IS NULL OR o.deleted_at IS NULL` keeps the
				// unmatched rows on purpose.
				return deliberate
			case any && all:
				return live
			case any:
				return partial
			}
			return unfiltered
		case pgast.BoolExprType_NOT_EXPR:
			if len(v.BoolExpr.Args) == 1 {
				if sd := st.softDeleteOf(v.BoolExpr.Args[0], r); sd != nil && sd.kind == liveFalse {
					return live
				}
			}
		}
	case *pgast.Node_NullTest:
		if sd := st.softDeleteOf(v.NullTest.Arg, r); sd != nil {
			if v.NullTest.Nulltesttype == pgast.NullTestType_IS_NULL && sd.kind == liveNull {
				return live
			}
			return deliberate
		}
	case *pgast.Node_BooleanTest:
		if sd := st.softDeleteOf(v.BooleanTest.Arg, r); sd != nil {
			bt := v.BooleanTest.Booltesttype
			if sd.kind == liveFalse && (bt == pgast.BoolTestType_IS_FALSE || bt == pgast.BoolTestType_IS_NOT_TRUE) {
				return live
			}
			return deliberate
		}
	case *pgast.Node_AExpr:
		if st.isLiveComparison(v.AExpr, r) || st.liveThroughCTE(v.AExpr, r) {
			return live
		}
	case *pgast.Node_SubLink:
		if st.sameRowLive(v.SubLink, r) {
			return live
		}
	}
	if st.mentions(n, r) {
		return deliberate
	}
	return unfiltered
}

// sameRowLive recognises a test that r's row is a live row of its own
// table, found through a unique key: o.id IN (SELECT id FROM orders WHERE
// deleted_at IS NULL), or EXISTS (SELECT 1 FROM orders x WHERE x.id = o.id
// AND x.deleted_at IS NULL). A unique key matches one row, deleted or
// not, so the row the test finds is r's own.
func (st *statement) sameRowLive(sl *pgast.SubLink, r *rangeRef) bool {
	sel := simpleSelect(sl.Subselect)
	if r.table == nil || sel == nil {
		return false
	}
	switch sl.SubLinkType {
	case pgast.SubLinkType_ANY_SUBLINK:
		outer, ok := st.resolvedColumn(sl.Testexpr)
		if !ok || outer.ref != r || !hasKey(r.table, map[string]bool{outer.column: true}) || len(sel.TargetList) != 1 {
			return false
		}
		rt := sel.TargetList[0].GetResTarget()
		if rt == nil {
			return false
		}
		inner, ok := st.resolvedColumn(rt.Val)
		return ok && inner.ref != nil && inner.ref != r && inner.ref.table == r.table && inner.column == outer.column &&
			st.classify(sel.WhereClause, inner.ref) == live
	case pgast.SubLinkType_EXISTS_SUBLINK:
		var inner *rangeRef
		anyConjunct(sel.WhereClause, func(n *pgast.Node) bool {
			key, other, ok := st.keyEquality(n.GetAExpr(), r)
			if ok && other.column == key && other.ref.table == r.table {
				inner = other.ref
			}
			return inner != nil
		})
		return inner != nil && st.classify(sel.WhereClause, inner) == live
	}
	return false
}

// sameRowAsOuter recognises r as the subquery of a test that an outer
// reference's row, live by its own WHERE, is among r's rows by a unique
// key: o.id IN (SELECT id FROM orders WHERE id = $1 FOR UPDATE) with
// o.deleted_at IS NULL outside. Only r's row with o's key can match, and
// that is o's own live row, so r reads no deleted row that matters.
func (st *statement) sameRowAsOuter(r *rangeRef) bool {
	sl, sel := r.scope.sublink, r.scope.sel
	if sl == nil || sel == nil || r.table == nil || sl.SubLinkType != pgast.SubLinkType_ANY_SUBLINK || len(sel.TargetList) != 1 {
		return false
	}
	rt := sel.TargetList[0].GetResTarget()
	if rt == nil {
		return false
	}
	inner, ok := st.resolvedColumn(rt.Val)
	if !ok || inner.ref != r || !hasKey(r.table, map[string]bool{inner.column: true}) {
		return false
	}
	outer, ok := st.resolvedColumn(sl.Testexpr)
	if !ok || outer.ref == nil || outer.ref == r || outer.ref.table != r.table || outer.column != inner.column {
		return false
	}
	return outer.ref.scope.where != nil && st.classify(outer.ref.scope.where, outer.ref) == live
}

// liveThroughCTE recognises r joined on a unique key to a CTE that
// selects that key from live rows of r's table: WITH live AS (SELECT id
// FROM orders WHERE deleted_at IS NULL) UPDATE orders … FROM live WHERE
// orders.id = live.id.
func (st *statement) liveThroughCTE(e *pgast.A_Expr, r *rangeRef) bool {
	key, other, ok := st.keyEquality(e, r)
	if !ok || other.ref.cte == nil {
		return false
	}
	sel := simpleSelect(other.ref.cte.Ctequery)
	if sel == nil {
		return false
	}
	// The CTE's output column other.column is the key of r's table, read
	// from a reference to that table its WHERE keeps live.
	for _, t := range sel.TargetList {
		rt := t.GetResTarget()
		if rt == nil {
			continue
		}
		inner, ok := st.resolvedColumn(rt.Val)
		name := rt.Name
		if name == "" && ok {
			name = inner.column
		}
		if name == other.column && ok && inner.ref != nil && inner.ref.table == r.table && inner.column == key {
			return st.classify(sel.WhereClause, inner.ref) == live
		}
	}
	return false
}

// keyEquality recognises e as `r.key = other.col` (either way round): key
// a unique key of r's table, other a column of another table reference.
func (st *statement) keyEquality(e *pgast.A_Expr, r *rangeRef) (key string, other resolution, ok bool) {
	if e == nil || r.table == nil || e.Kind != pgast.A_Expr_Kind_AEXPR_OP || len(e.Name) != 1 || e.Name[0].GetString_().GetSval() != "=" {
		return "", resolution{}, false
	}
	a, ok1 := st.resolvedColumn(e.Lexpr)
	b, ok2 := st.resolvedColumn(e.Rexpr)
	if !ok1 || !ok2 || a.ref == nil || b.ref == nil {
		return "", resolution{}, false
	}
	if b.ref == r {
		a, b = b, a
	}
	if a.ref != r || b.ref == r || !hasKey(r.table, map[string]bool{a.column: true}) {
		return "", resolution{}, false
	}
	return a.column, b, true
}

// simpleSelect is n as a SELECT without UNION, INTERSECT or EXCEPT, or nil.
func simpleSelect(n *pgast.Node) *pgast.SelectStmt {
	sel := n.GetSelectStmt()
	if sel == nil || sel.Op != pgast.SetOperation_SETOP_NONE && sel.Op != pgast.SetOperation_SET_OPERATION_UNDEFINED {
		return nil
	}
	return sel
}

// isLiveComparison recognises `col = <live value>`, `col = $1`,
// `col IS NOT DISTINCT FROM NULL` and `col <> true`, in either order.
func (st *statement) isLiveComparison(e *pgast.A_Expr, r *rangeRef) bool {
	other := e.Rexpr
	sd := st.softDeleteOf(e.Lexpr, r)
	if sd == nil {
		if sd = st.softDeleteOf(e.Rexpr, r); sd == nil {
			return false
		}
		other = e.Lexpr
	}
	other = unwrapCast(other)
	op := ""
	if len(e.Name) == 1 {
		op = e.Name[0].GetString_().GetSval()
	}
	if other.GetParamRef() != nil && e.Kind == pgast.A_Expr_Kind_AEXPR_OP && op == "=" {
		return true
	}
	c := other.GetAConst()
	if c == nil {
		return false
	}
	switch sd.kind {
	case liveNull:
		return e.Kind == pgast.A_Expr_Kind_AEXPR_NOT_DISTINCT && c.Isnull
	case liveFalse:
		b, ok := constBool(c)
		if !ok {
			return false
		}
		switch {
		case e.Kind == pgast.A_Expr_Kind_AEXPR_NOT_DISTINCT, e.Kind == pgast.A_Expr_Kind_AEXPR_OP && op == "=":
			return !b
		case e.Kind == pgast.A_Expr_Kind_AEXPR_DISTINCT, e.Kind == pgast.A_Expr_Kind_AEXPR_OP && (op == "<>" || op == "!="):
			return b
		}
	case liveValue:
		return (e.Kind == pgast.A_Expr_Kind_AEXPR_OP && op == "=" || e.Kind == pgast.A_Expr_Kind_AEXPR_NOT_DISTINCT) &&
			constEquals(c, sd.value)
	}
	return false
}

func constBool(c *pgast.A_Const) (bool, bool) {
	if b := c.GetBoolval(); b != nil {
		return b.Boolval, true
	}
	if s := c.GetSval(); s != nil {
		switch strings.ToLower(s.Sval) {
		case "t", "true", "y", "yes", "on", "1":
			return true, true
		case "f", "false", "n", "no", "off", "0":
			return false, true
		}
	}
	if i := c.GetIval(); i != nil && c.Isnull == false {
		return i.Ival != 0, true
	}
	return false, false
}

func constEquals(c *pgast.A_Const, want string) bool {
	want = strings.TrimSpace(want)
	switch {
	case c.GetIval() != nil:
		return want == strconv.Itoa(int(c.GetIval().Ival))
	case c.GetFval() != nil:
		return want == c.GetFval().Fval
	case c.GetSval() != nil:
		return want == c.GetSval().Sval || want == "'"+strings.ReplaceAll(c.GetSval().Sval, "'", "''")+"'"
	case c.GetBoolval() != nil:
		return strings.EqualFold(want, strconv.FormatBool(c.GetBoolval().Boolval))
	case c.Isnull:
		return strings.EqualFold(want, "null")
	}
	return false
}

// isOuterRowTest recognises `r.id IS NULL`, the test for the row an outer
// join made up, which often stands beside the live-row test under OR.
func (st *statement) isOuterRowTest(n *pgast.Node, r *rangeRef) bool {
	nt := n.GetNullTest()
	if nt == nil || nt.Nulltesttype != pgast.NullTestType_IS_NULL {
		return false
	}
	cr := unwrapCast(nt.Arg).GetColumnRef()
	return cr != nil && st.resolved[cr].ref == r
}

// isSoftDeleteColumn reports whether n is r's soft-delete column (the
// first written one, Column), under casts.
func (st *statement) isSoftDeleteColumn(n *pgast.Node, r *rangeRef) bool {
	return st.softDeleteOf(n, r) == r.sd
}

// softDeleteOf returns which of r's soft-delete columns n is, under casts,
// or nil.
func (st *statement) softDeleteOf(n *pgast.Node, r *rangeRef) *SoftDelete {
	cr := unwrapCast(n).GetColumnRef()
	if cr == nil {
		return nil
	}
	res := st.resolved[cr]
	if res.ref != r {
		return nil
	}
	return r.sd.ofColumn(res.column)
}

// mentions reports whether the soft-delete column of r appears anywhere in n.
func (st *statement) mentions(n *pgast.Node, r *rangeRef) bool {
	if r.sdRefs == 0 {
		return false
	}
	found := false
	inspect(n, func(m pgast.Message) bool {
		if found {
			return false
		}
		if cr, ok := m.(*pgast.ColumnRef); ok {
			res := st.resolved[cr]
			found = res.ref == r && r.sd.ofColumn(res.column) != nil
		}
		return true
	})
	return found
}
