package rules

import (
	"fmt"
	"strconv"

	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/schema"
)

// HardDelete reports DELETEs from soft-delete tables that are not purges.
var HardDelete = &Rule{
	ID:                      "hard-delete",
	Title:                   "DELETE removes rows of a soft-delete table for good",
	Kind:                    KindStatement,
	checkStatement:          (*statement).checkHardDeletes,
	ExcusedByIncludeDeleted: true,
	Why: `A table gets a soft-delete column so that deleting can be undone, audited and
synced: support restores the account the user deleted by mistake, the audit log
still resolves the order it names, the mobile client learns what went away. A plain
DELETE on that table (or in a CTE of another statement) skips all of it, for the rows
it hits, and usually by accident: an old code path, a copied query, a "cleanup"
endpoint.

A purge is the other DELETE: it removes rows that were soft-deleted long enough ago,
and it says so by constraining the soft-delete column (deleted_at < now() - interval
'30 days', deleted_at IS NOT NULL, is_deleted, "DeleteAt" > 0), directly or through a
subquery over the same table (id IN (SELECT id FROM t WHERE deleted_at < … LIMIT 1000)).
Purges are not reported, and neither are retention sweeps: an OR of the purge and range
bounds on other columns (deleted_at < $1 OR expires_at < $2, expired sessions and revoked
ones alike), which chooses rows by age and knows the table soft-deletes; an OR with a key
(deleted_at < $1 OR id = $2) deletes that live row and is reported. Nor are tables whose DO
INSTEAD rule turns a DELETE into an UPDATE, and DELETEs whose filter is built at run time.`,
	Bad:  `DELETE FROM users WHERE id = $1`,
	Good: `UPDATE users SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL`,
	Fix: `Soft-delete the rows instead (UPDATE … SET deleted_at = now()), or, if this is a
purge, constrain it to rows already deleted (AND deleted_at IS NOT NULL).`,
	Callers: byKey + `Not reported when the keys are fields of rows the caller read with the
deleted-row predicate (a purge job): rows, _ := store.DeletedBefore(ctx, cutoff) (WHERE deleted_at < $1),
then ids collected in a loop and store.PurgeUsers(ctx, ids) (DELETE … WHERE id = ANY($1)). Still
reported: the same DELETE with ids of rows read with no filter.`,
	Limits: `For an integer sentinel (DeleteAt = 0 live), DeleteAt < $1 alone is not taken as a purge, because it matches live rows too.`,
}

func (st *statement) checkHardDeletes(stmt *pgast.Node) []Finding {
	var out []Finding
	st.dmlStatements(stmt, func(m pgast.Message) {
		del, ok := m.(*pgast.DeleteStmt)
		if !ok {
			return
		}
		r := st.refOf(del.Relation)
		if r == nil || r.sd == nil || r.scope.opaque || deletesInstead(r.table) || st.purges(del.WhereClause, r) {
			return
		}
		f := hardDeleteFinding(r, del.WhereClause != nil)
		if st.retention(del.WhereClause, r) {
			f.Spared = sparedRetention
		}
		out = append(out, f)
	})
	return out
}

const sparedRetention = "not reported: a retention sweep, which removes rows deleted long enough ago and, in another branch of its OR, rows past an age on another column (expired sessions); it knows the table soft-deletes"

// retention reports whether a DELETE's WHERE is a retention sweep: an OR
// with a purging branch whose other branches each bound a column of r by
// a range (expires_at < $1, created_at <= now() - interval '90 days'),
// choosing rows by age, never by key: an OR with id = $1 deletes that
// live row too, and is reported.
func (st *statement) retention(n *pgast.Node, r *rangeRef) bool {
	or := n.GetBoolExpr()
	if or == nil || or.Boolop != pgast.BoolExprType_OR_EXPR {
		return false
	}
	purging := false
	for _, a := range or.Args {
		switch {
		case st.purges(a, r):
			purging = true
		case !st.ageBound(a, r):
			return false
		}
	}
	return purging
}

// ageBound reports whether n compares a column of r with <, <=, > or >=
// against a value that is no column (a parameter, a constant, now() - an
// interval).
func (st *statement) ageBound(n *pgast.Node, r *rangeRef) bool {
	e := n.GetAExpr()
	if e == nil || e.Kind != pgast.A_Expr_Kind_AEXPR_OP || len(e.Name) != 1 {
		return false
	}
	switch e.Name[0].GetString_().GetSval() {
	case "<", "<=", ">", ">=":
	default:
		return false
	}
	col, other := e.Lexpr, e.Rexpr
	if !st.columnOf(col, r) {
		col, other = other, col
	}
	return st.columnOf(col, r) && !hasColumnRef(other)
}

// columnOf reports whether n is a column of r, under casts.
func (st *statement) columnOf(n *pgast.Node, r *rangeRef) bool {
	cr := unwrapCast(n).GetColumnRef()
	return cr != nil && st.resolved[cr].ref == r
}

// hasColumnRef reports whether any column appears in n.
func hasColumnRef(n *pgast.Node) bool {
	found := false
	inspect(n, func(m pgast.Message) bool {
		if _, ok := m.(*pgast.ColumnRef); ok {
			found = true
		}
		return !found
	})
	return found
}

// deletesInstead reports whether a DO INSTEAD rule replaces DELETEs on t,
// which is how some schemas implement the soft delete itself.
func deletesInstead(t *schema.Table) bool {
	for _, rule := range t.Rules {
		if rule.Event == "delete" && rule.Instead {
			return true
		}
	}
	return false
}

// purges reports whether a DELETE's WHERE keeps to rows of r already
// soft-deleted on every path through it: a deleted-row test in an AND, or
// in every branch of an OR.
func (st *statement) purges(n *pgast.Node, r *rangeRef) bool {
	if n == nil {
		return false
	}
	switch v := n.Node.(type) {
	case *pgast.Node_BoolExpr:
		switch v.BoolExpr.Boolop {
		case pgast.BoolExprType_AND_EXPR:
			for _, a := range v.BoolExpr.Args {
				if st.purges(a, r) {
					return true
				}
			}
		case pgast.BoolExprType_OR_EXPR:
			for _, a := range v.BoolExpr.Args {
				if !st.purges(a, r) {
					return false
				}
			}
			return len(v.BoolExpr.Args) > 0
		case pgast.BoolExprType_NOT_EXPR:
			// NOT (deleted_at IS NULL)
			return len(v.BoolExpr.Args) == 1 && st.classify(v.BoolExpr.Args[0], r) == live
		}
	case *pgast.Node_NullTest:
		return r.sd.kind == liveNull && v.NullTest.Nulltesttype == pgast.NullTestType_IS_NOT_NULL &&
			st.isSoftDeleteColumn(v.NullTest.Arg, r)
	case *pgast.Node_BooleanTest:
		bt := v.BooleanTest.Booltesttype
		return r.sd.kind == liveFalse && (bt == pgast.BoolTestType_IS_TRUE || bt == pgast.BoolTestType_IS_NOT_FALSE) &&
			st.isSoftDeleteColumn(v.BooleanTest.Arg, r)
	case *pgast.Node_ColumnRef:
		// WHERE is_deleted
		return r.sd.kind == liveFalse && st.isSoftDeleteColumn(n, r)
	case *pgast.Node_AExpr:
		return st.deletedComparison(v.AExpr, r)
	case *pgast.Node_SubLink:
		return st.purgingSubquery(v.SubLink, r)
	}
	return false
}

// deletedComparison recognises comparisons that only deleted rows pass:
// for a timestamp any comparison of the column (NULL passes none), for a
// flag `= true`, for a sentinel `<> 0`, `> 0` or `= <other value>`.
func (st *statement) deletedComparison(e *pgast.A_Expr, r *rangeRef) bool {
	if r.sd.kind == liveNull {
		if e.Kind == pgast.A_Expr_Kind_AEXPR_NOT_DISTINCT {
			return false
		}
		col, other := st.strictUse(e.Lexpr, r), e.Rexpr
		if !col {
			col, other = st.strictUse(e.Rexpr, r), e.Lexpr
		}
		if e.Kind == pgast.A_Expr_Kind_AEXPR_DISTINCT {
			c := unwrapCast(other).GetAConst()
			return col && c != nil && c.Isnull
		}
		return col
	}
	other, flipped := e.Rexpr, false
	if !st.isSoftDeleteColumn(e.Lexpr, r) {
		if !st.isSoftDeleteColumn(e.Rexpr, r) {
			return false
		}
		other, flipped = e.Lexpr, true
	}
	c := unwrapCast(other).GetAConst()
	if c == nil || c.Isnull {
		return false
	}
	op := ""
	if len(e.Name) == 1 {
		op = e.Name[0].GetString_().GetSval()
	}
	distinct := e.Kind == pgast.A_Expr_Kind_AEXPR_DISTINCT || e.Kind == pgast.A_Expr_Kind_AEXPR_OP && (op == "<>" || op == "!=")
	equal := e.Kind == pgast.A_Expr_Kind_AEXPR_NOT_DISTINCT || e.Kind == pgast.A_Expr_Kind_AEXPR_OP && op == "="
	if r.sd.kind == liveFalse {
		b, ok := constBool(c)
		return ok && (equal && b || distinct && !b)
	}
	switch {
	case distinct:
		return constEquals(c, r.sd.value)
	case equal:
		return !constEquals(c, r.sd.value)
	}
	// "DeleteAt" > 0: past the sentinel, on the deleted side.
	if flipped {
		op = map[string]string{">": "<", "<": ">", ">=": "<=", "<=": ">="}[op]
	}
	live, err1 := strconv.ParseFloat(r.sd.value, 64)
	v, err2 := constNumber(c)
	return err1 == nil && err2 == nil && (op == ">" && v >= live || op == ">=" && v > live)
}

// strictUse reports whether n is the soft-delete column of r, or
// arithmetic over it (now() - deleted_at), which is NULL when it is.
func (st *statement) strictUse(n *pgast.Node, r *rangeRef) bool {
	n = unwrapCast(n)
	if st.isSoftDeleteColumn(n, r) {
		return true
	}
	e := n.GetAExpr()
	return e != nil && e.Kind == pgast.A_Expr_Kind_AEXPR_OP && (st.strictUse(e.Lexpr, r) || st.strictUse(e.Rexpr, r))
}

func constNumber(c *pgast.A_Const) (float64, error) {
	switch {
	case c.GetIval() != nil:
		return float64(c.GetIval().Ival), nil
	case c.GetFval() != nil:
		return strconv.ParseFloat(c.GetFval().Fval, 64)
	}
	return 0, strconv.ErrSyntax
}

// purgingSubquery recognises the batched purge: DELETE FROM t WHERE id IN
// (SELECT id FROM t WHERE deleted_at < … LIMIT 1000), or EXISTS over the
// same table with the deleted-row test.
func (st *statement) purgingSubquery(sl *pgast.SubLink, r *rangeRef) bool {
	if sl.SubLinkType != pgast.SubLinkType_ANY_SUBLINK && sl.SubLinkType != pgast.SubLinkType_EXISTS_SUBLINK {
		return false
	}
	sel := sl.Subselect.GetSelectStmt()
	if sel == nil {
		return false
	}
	for _, item := range sel.FromClause {
		inner := st.refOf(item.GetRangeVar())
		if inner != nil && inner.table == r.table && inner.sd != nil && st.purges(sel.WhereClause, inner) {
			return true
		}
	}
	return false
}

func hardDeleteFinding(r *rangeRef, hasWhere bool) Finding {
	purge := r.sd.deletedPredicate(r.predicateQualifier())
	if hasWhere {
		purge = "AND " + purge
	} else {
		purge = "WHERE " + purge
	}
	instead := fmt.Sprintf("UPDATE %s SET %s WHERE …", tableText(r.table), r.sd.softDeleteSet())
	return Finding{Offset: r.loc, Table: r.sd, Message: fmt.Sprintf(
		"%s but this DELETE removes its rows for good: soft-delete them instead (%s), or, if this purges rows already deleted, add %s",
		r.describe(), quoteSQL(instead), quoteSQL(purge)), ref: r}
}
