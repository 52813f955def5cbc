package rules

import "fmt"

// OuterJoinFilter reports a soft-delete table on the nullable side of an
// outer join whose live-row filter is in WHERE.
var OuterJoinFilter = &Rule{
	ID:    "outer-join-filter",
	Title: "Live-row filter of an outer-joined table is in WHERE",
	Why: `A LEFT JOIN keeps the left row when nothing matches on the right, filling the
right side with NULLs. Testing the right table's soft-delete column in WHERE then throws
those rows away (for a boolean flag) or keeps matches to deleted rows out while also
dropping left rows whose only match was deleted: either way the LEFT JOIN silently
becomes an inner join, and users without a live order vanish from the report.`,
	Bad:    `SELECT u.id, count(o.id) FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE u.deleted_at IS NULL AND o.deleted_at IS NULL GROUP BY u.id`,
	Good:   `SELECT u.id, count(o.id) FROM users u LEFT JOIN orders o ON o.user_id = u.id AND o.deleted_at IS NULL WHERE u.deleted_at IS NULL GROUP BY u.id`,
	Fix:    `Move the outer-joined table's live-row predicate from WHERE into the JOIN's ON clause.`,
	Limits: `The fix (moving the predicate into ON) is not offered automatically. A filter inside an OR with an outer-row test (o.id IS NULL OR o.deleted_at IS NULL) is taken as deliberate.`,
}

func outerJoinFinding(r *rangeRef) Finding {
	join := "an outer join"
	switch r.joinType.String() {
	case "JOIN_LEFT":
		join = "a LEFT JOIN"
	case "JOIN_RIGHT":
		join = "a RIGHT JOIN"
	case "JOIN_FULL":
		join = "a FULL JOIN"
	}
	pred := r.sd.LivePredicate(r.predicateQualifier())
	msg := fmt.Sprintf("%s on the nullable side of %s, but its live-row filter is in WHERE, which drops the rows the outer join keeps: move %s into the ON clause",
		r.describe(), join, quoteSQL(pred))
	return Finding{Rule: OuterJoinFilter, Offset: r.loc, Table: r.sd, Message: msg}
}
