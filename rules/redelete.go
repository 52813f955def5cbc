package rules

import (
	"fmt"

	"github.com/softdelete/softdelete/internal/pgast"
)

// Redelete reports soft deletes that also stamp rows already deleted.
var Redelete = &Rule{
	ID:             "redelete",
	Title:          "Soft delete overwrites the time a row was deleted",
	Kind:           KindStatement,
	checkStatement: (*statement).checkRedeletes,
	Why: `A soft delete that does not skip rows already deleted stamps them again: the
user deleted in March is "deleted" again today, and the 30-day purge, the retention
report and the audit trail all see today's date. Retries, bulk deletes ("delete every
order of this user") and double clicks make it happen quietly. The original deletion
time is gone, and nothing in the database can tell it back.

Reported for timestamp columns (deleted_at, live IS NULL) and for integer
timestamps with a live sentinel ("DeleteAt" = 0); a boolean flag records no time to
lose. Restores (SET deleted_at = NULL, and through a builder Set("deleted_at", nil)
or Set("DeleteAt", 0)) and assignments that keep the old value
(SET deleted_at = coalesce(deleted_at, now())) are not soft deletes of that kind, and
neither is a save of the whole row: the soft-delete column from a parameter beside at least
half of the row's other columns from parameters (sqlx's NamedExec of a struct, a store's
Update(&row)), which writes back whatever the value holds. Still reported: the same SET with
deleted_at = now(), or a soft delete that stamps a column or two beside it.`,
	Bad:  `UPDATE users SET deleted_at = now() WHERE id = $1`,
	Good: `UPDATE users SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL`,
	Fix: `Add the live-row predicate to the UPDATE's WHERE clause, so only live rows are stamped.

softdelete -fix (or go vet -vettool=… -fix) adds it when every insertion point lies in
a string literal of the package, as for missing-filter.`,
	Callers: byKey + `Not reported when the key is a field of a row the caller read with a
live-row filter, or a key the caller first passed to such a read (the handler loaded the user
live, then deletes it): u, _ := store.LiveUser(ctx, id); store.SoftDeleteUser(ctx, u.ID). The
row may come wrapped by the service's own type (return &userView{User: *u}, or a helper that
builds one from the row): a wrapper of a live row is live. Still reported: the key straight
from the request, store.SoftDeleteUser(ctx, idFromRequest(r)), or of a wrapper around a row
nothing read.` + insertedRow,
	Limits: `A guard inside a subquery (WHERE id IN (SELECT id FROM t WHERE deleted_at IS NULL)) does not count.`,
}

func (st *statement) checkRedeletes(stmt *pgast.Node) []Finding {
	var out []Finding
	st.dmlStatements(stmt, func(m pgast.Message) {
		up, ok := m.(*pgast.UpdateStmt)
		if !ok {
			return
		}
		r := st.refOf(up.Relation)
		if r == nil || r.sd == nil || r.scope.opaque || st.guarded(up.WhereClause, r) {
			return
		}
		// The first time column it stamps (a flag records no time).
		for _, sd := range r.sd.all() {
			if sd.kind == liveFalse {
				continue
			}
			if kind, val := sd.assignment(up.TargetList); kind == SoftDeletes && !st.mentions(val, r) && !savesRow(r.table, r.sd, up.TargetList) {
				out = append(out, redeleteFinding(r, sd, up.WhereClause != nil))
				return
			}
		}
	})
	return out
}

// guarded reports whether a WHERE clause keeps to live rows of r on every
// path through it: a live predicate in an AND, or in every branch of an OR.
func (st *statement) guarded(n *pgast.Node, r *rangeRef) bool {
	if n == nil {
		return false
	}
	if be := n.GetBoolExpr(); be != nil && be.Boolop != pgast.BoolExprType_NOT_EXPR {
		and := be.Boolop == pgast.BoolExprType_AND_EXPR
		for _, a := range be.Args {
			if g := st.guarded(a, r); g == and {
				return g
			}
		}
		return !and && len(be.Args) > 0
	}
	return st.classify(n, r) == live
}

func redeleteFinding(r *rangeRef, sd *SoftDelete, hasWhere bool) Finding {
	pred := sd.LivePredicate(r.predicateQualifier())
	add := "WHERE " + pred
	if hasWhere {
		add = "AND " + pred
	}
	return Finding{Offset: r.loc, Table: r.sd, Message: fmt.Sprintf(
		"%s but this UPDATE sets %s on rows already deleted too, overwriting the time they were deleted: add %s",
		r.describe(), sd.ColumnText(), quoteSQL(add)), fix: guardFix(r, pred), ref: r}
}
