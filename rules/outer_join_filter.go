package rules

import (
	"fmt"

	"github.com/softdelete/softdelete/internal/pgast"
)

// OuterJoinFilter reports a soft-delete table on the nullable side of an
// outer join whose live-row filter is in WHERE.
var OuterJoinFilter = &Rule{
	ID:                      "outer-join-filter",
	Title:                   "Live-row filter of an outer-joined table is in WHERE",
	Kind:                    KindStatement,
	checkStatement:          (*statement).outerJoinFilters,
	ExcusedByIncludeDeleted: true,
	Why: `A LEFT JOIN keeps the left row when nothing matches on the right, filling the
right side with NULLs. Testing the right table's soft-delete column in WHERE then throws
those rows away (for a boolean flag) or keeps matches to deleted rows out while also
dropping left rows whose only match was deleted: either way the LEFT JOIN silently
becomes an inner join, and users without a live order vanish from the report. The same
goes for the nullable side of a RIGHT or FULL JOIN.`,
	Bad:  `SELECT u.id, count(o.id) FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE u.deleted_at IS NULL AND o.deleted_at IS NULL GROUP BY u.id`,
	Good: `SELECT u.id, count(o.id) FROM users u LEFT JOIN orders o ON o.user_id = u.id AND o.deleted_at IS NULL WHERE u.deleted_at IS NULL GROUP BY u.id`,
	Fix: `Move the outer-joined table's live-row predicate from WHERE into the JOIN's ON clause.

softdelete -fix (or go vet -vettool=… -fix) makes the move when one conjunct of WHERE
tests only the outer-joined table (no subquery): it is taken out of WHERE (with its AND,
or the WHERE itself if it was alone) and appended to the join's ON, provided each edit
lies inside one string literal of the package, without escape sequences in the text it
removes.`,
	Limits: `A filter inside an OR with an outer-row test (o.id IS NULL OR o.deleted_at IS NULL) keeps the unmatched rows on purpose and is taken as deliberate.`,
}

// outerJoinFilters is outer-join-filter's check.
func (st *statement) outerJoinFilters(*pgast.Node) []Finding {
	var out []Finding
	for _, g := range st.filterGaps() {
		if g.outerJoin {
			f := outerJoinFinding(g.ref, g.move)
			f.Spared = g.spared
			out = append(out, f)
		}
	}
	return out
}

// outerJoinFinding reports r; move is the WHERE conjunct the fix moves
// into r's ON clause, nil when no single conjunct can be moved.
func outerJoinFinding(r *rangeRef, move *pgast.Node) Finding {
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
	f := Finding{Offset: r.loc, Table: r.sd, Message: msg}
	if move != nil && r.on != nil {
		f.fix = &filterFix{clause: r.on, move: move}
	}
	return f
}

// movableConjunct returns the conjunct of where that filters r and
// nothing else (only r's columns, no subquery): moving it into ON changes
// which rows of r join and nothing more.
func (st *statement) movableConjunct(where *pgast.Node, r *rangeRef) *pgast.Node {
	conjuncts := []*pgast.Node{where}
	if b := where.GetBoolExpr(); b != nil && b.Boolop == pgast.BoolExprType_AND_EXPR {
		conjuncts = b.Args
	}
	for _, c := range conjuncts {
		if st.classify(c, r) != live {
			continue
		}
		only := true
		inspect(c, func(m pgast.Message) bool {
			switch v := m.(type) {
			case *pgast.SubLink:
				only = false
			case *pgast.ColumnRef:
				if st.resolved[v].ref != r {
					only = false
				}
			}
			return only
		})
		if only {
			return c
		}
	}
	return nil
}
