package rules

import (
	"fmt"

	"github.com/softdelete/softdelete/internal/pgast"
)

// MissingFilter reports reads and updates of soft-delete tables that do not
// filter out deleted rows.
var MissingFilter = &Rule{
	ID:    "missing-filter",
	Title: "Query reads or changes deleted rows of a soft-delete table",
	Why: `A soft-deleted row is still in the table, so every query must say it wants
live rows only. One forgotten filter, in a JOIN, a subquery, a CTE or one branch of a
UNION, and deleted users show up in reports, deleted orders are billed again, and an
UPDATE quietly changes rows that were supposed to be gone. A filter under OR only
counts when every branch has it: "a OR b AND deleted_at IS NULL" filters only b.

Queries that name the soft-delete column in another way (IS NOT NULL, a comparison,
a parameter, the select list, ORDER BY, SET, RETURNING) chose which rows they read
and are not reported; nor are tables whose row-level-security policy already hides
deleted rows, views, and queries whose filter is built at run time. An outer join that
only looks a parent up by its key to show its columns (LEFT JOIN sources s ON s.id =
e.source_id, s used only in the select list) returns the row either way, and the body of
a WITH RECURSIVE walk must reach the next row of a hierarchy whatever became of the one
before: neither is reported.`,
	Bad:    `SELECT o.id, u.email FROM orders o JOIN users u ON u.id = o.user_id WHERE o.deleted_at IS NULL`,
	Good:   `SELECT o.id, u.email FROM orders o JOIN users u ON u.id = o.user_id AND u.deleted_at IS NULL WHERE o.deleted_at IS NULL`,
	Fix:    `Add the live-row predicate for that table reference, qualified by its alias, to the WHERE clause (or the JOIN's ON clause).`,
	Limits: `SQL built at run time is judged only where its table and filter are known: a table name or a WHERE fragment from a variable makes the query silent. Views are trusted; tables the migrations do not create are skipped. A table whose soft-delete column nothing in the module sets is not a soft-delete table (name it in tables.include if something outside the module sets it).`,
}

func missingFilterFinding(r *rangeRef, underOr bool) Finding {
	pred := r.sd.LivePredicate(r.predicateQualifier())
	what := r.scope.what
	var msg string
	switch {
	case underOr:
		msg = fmt.Sprintf("%s but this %s filters deleted rows in only some branches of an OR: add %s outside the OR",
			r.describe(), what, quoteSQL("AND "+pred))
	case r.on != nil:
		msg = fmt.Sprintf("%s but this %s joins it without filtering deleted rows: add %s to its ON clause",
			r.describe(), what, quoteSQL("AND "+pred))
	case r.scope.where != nil:
		msg = fmt.Sprintf("%s but this %s does not filter deleted rows: add %s", r.describe(), what, quoteSQL("AND "+pred))
	default:
		msg = fmt.Sprintf("%s but this %s does not filter deleted rows: add %s", r.describe(), what, quoteSQL("WHERE "+pred))
	}
	return Finding{Rule: MissingFilter, Offset: r.loc, Table: r.sd, Message: msg, fix: guardFix(r, pred)}
}

// guardFix adds pred for r where the message says: to the ON clause of the
// JOIN that brought r in, else to its WHERE (created if absent).
func guardFix(r *rangeRef, pred string) *filterFix {
	fix := &filterFix{pred: pred, from: r.loc}
	switch {
	case r.on != nil:
		fix.clause = r.on
	case r.scope.where != nil:
		fix.clause = r.scope.where
	}
	if b := fix.clause.GetBoolExpr(); b != nil && b.Boolop == pgast.BoolExprType_OR_EXPR {
		fix.wrap = true
	}
	return fix
}
