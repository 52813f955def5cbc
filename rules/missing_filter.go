package rules

import (
	"fmt"

	"github.com/softdelete/softdelete/internal/pgast"
)

// MissingFilter reports reads and updates of soft-delete tables that do not
// filter out deleted rows.
var MissingFilter = &Rule{
	ID:                      "missing-filter",
	Title:                   "Query reads or changes deleted rows of a soft-delete table",
	Kind:                    KindStatement,
	checkStatement:          (*statement).missingFilters,
	ExcusedByIncludeDeleted: true,
	Why: `A soft-deleted row is still in the table, so every query must say it wants
live rows only. One forgotten filter, in FROM or on either side of a JOIN, in a
subquery (IN, EXISTS, scalar), a CTE body, one branch of a UNION, UPDATE … FROM or
INSERT … SELECT, and deleted users show up in reports, deleted orders are billed again,
and an UPDATE quietly changes rows that were supposed to be gone. A filter under OR only
counts when every branch has it: "a OR b AND deleted_at IS NULL" filters only b.

Queries that name the soft-delete column in another way chose which rows they read
and are not reported: IS NOT NULL (a trash list), a comparison (deleted_at < now() -
interval '30 days', a purge), a parameter (= $1), ORDER BY, SET (restores and soft
deletes), RETURNING, and the select list of a sync read, whose WHERE bounds a
change-tracking column from below (updated_at > $1: the rows changed since the client
last asked, deleted ones included). The column in the select list alone is no such
choice: shared column lists and struct scans name it in every query, so SELECT id,
email, deleted_at FROM users WHERE created_at > $1 is reported. Nor are tables whose
row-level-security policy already hides deleted rows (USING (deleted_at IS NULL)),
views (a view's definition is its own business), queries whose filter is built at run
time, and queries whose Go code appends the filter in one branch of an if. Nor is a row
found live through its own unique key: u.id IN (SELECT id FROM users WHERE deleted_at IS
NULL), EXISTS (SELECT 1 FROM users x WHERE x.id = u.id AND x.deleted_at IS NULL), or an
UPDATE … FROM a CTE that selects the key of live rows (the key matches one row, which the
subquery keeps only if it is live); through a column that is no key it is reported.

Nor is an outer join that only looks a parent up to show its columns: LEFT JOIN sources
s ON s.id = e.source_id (the ON clause equates the parent's primary or unique key), with
s used nowhere but in the select list, ORDER BY, plain GROUP BY items and other outer
joins. The row comes back either way; the filter would only change whether a deleted
source's name is shown. The leak behind it, live events of a deleted source, is
missing-cascade's finding at the soft delete of sources. The same join is reported when
s decides which rows come back or what they count (WHERE s.id IS NULL, count(s.id), an
expression in GROUP BY, an inner join through it), or when the join is not by key.

Nor is a parent reached from a child that cascade.keep keeps as history: with keep:
[events.source_id], SELECT e.id, s.name FROM events e JOIN sources s ON s.id =
e.source_id WHERE s.name ILIKE $1 lists and finds the events of a deleted source, as
the team chose (the filter would hide the history it keeps). The foreign key must be
equated in the join's ON clause or the WHERE, column for column; the same join from a
child that is not kept (order_items) is reported, and so is the parent in a subquery
(e.order_id IN (SELECT id FROM orders WHERE ...)).

Nor is a child that goes only with its parent, joined to live parent rows: when every
soft delete of events in the module picks its rows by events.project_id alone (UPDATE
events SET deleted_at = now() WHERE project_id = $1, the project's cascade), SELECT
p.id, count(e.id) FROM projects p LEFT JOIN events e ON e.project_id = p.id WHERE
p.deleted_at IS NULL counts live events only: a deleted event belongs to a deleted
project. The key must be equated column for column, and the parent's filter must hold
for every joined row (in the WHERE, the child's ON or the parent's inner-join ON). One
soft delete of events by another key (by id, a fragment, a builder, a trigger), or a
restore of projects anywhere (a restored project may keep deleted events), and the same
join is reported; so is a read of events by project_id alone.

The body of a WITH RECURSIVE CTE is not judged either: a walk up or down a hierarchy
must reach the next row whatever became of the one before; the rows it finally reads
are judged where the query uses the CTE. Nor are the tables a DELETE reads to choose
the rows it removes for good, in USING or a subquery of its WHERE: a purge takes the
reactions of a tenant's comments, deleted comments included, and an orphan sweep (NOT
EXISTS (SELECT 1 FROM orders o WHERE o.id = e.order_id)) must count a soft-deleted order
as still there. softdelete explain lists each of these spared tables and why.`,
	Bad:  `SELECT o.id, u.email FROM orders o JOIN users u ON u.id = o.user_id WHERE o.deleted_at IS NULL`,
	Good: `SELECT o.id, u.email FROM orders o JOIN users u ON u.id = o.user_id AND u.deleted_at IS NULL WHERE o.deleted_at IS NULL`,
	Fix: `Add the live-row predicate for that table reference, qualified by its alias, to the WHERE clause (or the JOIN's ON clause).

softdelete -fix (or go vet -vettool=… -fix) makes the edit when every insertion point
lies in a string literal of the package: AND alias.deleted_at IS NULL appended to the
WHERE or ON clause (an OR at the top is parenthesised first), or a new WHERE.`,
	Callers: byKey + `Lookups (a SELECT returning the rows) and UPDATEs of the rows' content
(SET name = $2, last_seen_at = now(), hits = hits + 1: any UPDATE that leaves the soft-delete
column alone) are judged so. A lookup is not reported when the caller tests
the row's soft-delete field and leaves when it is set: u, err := store.UserByID(ctx, id);
if u.DeletedAt != nil { return ErrNotFound }. Still reported: a caller that tests another
field (if u.Email == "" { return }) and uses the row. A lookup or an update is not reported
either when its key is a field of a row the caller read live (also wrapped in the service's
own type), or a key it first passed to a filtered read.` + insertedRow,
	Limits: `SQL built at run time is judged only where its table and filter are known: a table name, a WHERE fragment from a variable or a condition from a helper behind an interface makes the query silent, and softdelete explain lists it with that reason (a list joined at run time in IN (%s) is values and does not). Views are trusted; tables the migrations do not create are skipped. A table whose soft-delete column nothing in the module sets is not a soft-delete table (name it in tables.include if something outside the module sets it). A table with several soft-delete columns (a flag beside a timestamp, a legacy column beside its replacement) is marked by the first one in config order that the module sets, and a filter on any set one keeps to live rows.`,
}

// missingFilters is missing-filter's check.
func (st *statement) missingFilters(*pgast.Node) []Finding {
	var out []Finding
	for _, g := range st.filterGaps() {
		if !g.outerJoin {
			f := missingFilterFinding(g.ref, g.underOr)
			f.Spared = g.spared
			out = append(out, f)
		}
	}
	return out
}

// A filterGap is a soft-delete table reference whose scope does not keep
// to its live rows: no live-row filter (missing-filter), or one in WHERE
// for a table on the nullable side of an outer join (outer-join-filter).
type filterGap struct {
	ref       *rangeRef
	outerJoin bool
	// underOr is set when a filter is in only some branches of an OR.
	underOr bool
	// move is the WHERE conjunct an outer-join-filter fix moves into the
	// ON clause, nil when no single conjunct can be moved.
	move *pgast.Node
	// spared, when set, says why the gap is not reported (explain shows it).
	spared string
}

// Why a gap is not reported, by where the table is read.
const (
	sparedRecursive = "not reported: read in the body of a WITH RECURSIVE CTE, which walks a hierarchy whatever became of each step; the filter belongs where the query uses the CTE"
	sparedPurge     = "not reported: read to choose rows a DELETE removes for good, and rows tied to deleted ones are usually meant to go too (a purge, an orphan sweep)"
	sparedDecorates = "not reported: an outer join that looks one parent row up for its columns; the row comes back either way"
	sparedKept      = "not reported: reached through %s, whose rows cascade.keep keeps as history after their parent's delete; they show their deleted parent on purpose"
	sparedParent    = "not reported: every soft delete of %s picks its rows by %s, its foreign key to %s, so its rows go with their parent; this query joins them on that key to live %s rows"
	sparedOpaque    = "not reported: part of this query is built at run time (a condition from a helper behind an interface, a fragment or a name from a variable), and the live filter may be there"
)

// filterGaps judges each soft-delete table reference of the statement,
// once for the two rules that report the gaps.
func (st *statement) filterGaps() []filterGap {
	if !st.judged {
		for _, s := range st.scopes {
			st.gaps = append(st.gaps, st.scopeGaps(s)...)
		}
		st.judged = true
	}
	return st.gaps
}

// scopeGaps judges the soft-delete table references of one scope.
//
// Gaps in three kinds of scope are spared. A scope with a part built at
// run time in a condition (a Sqlizer from an interface method, a fragment
// from a variable) may have its live filter there: prefer silence, and
// say why. The body of a WITH RECURSIVE CTE
// walks a hierarchy (a space's ancestors, a folder's subtree): each step
// must reach the next row whatever became of the one before, and the
// filter belongs to the rows the walk finally reads, where the query uses
// the CTE. The USING and WHERE of a DELETE choose rows to remove for good:
// the reactions of a tenant's comments, deleted comments included; the
// children whose parent row is gone, where a soft-deleted parent still
// counts as there.
func (st *statement) scopeGaps(s *scope) []filterGap {
	spared := ""
	switch {
	case s.opaque:
		spared = sparedOpaque
	case s.recursive:
		spared = sparedRecursive
	case s.purge:
		spared = sparedPurge
	}
	var out []filterGap
	for _, r := range s.refs {
		if r.sd == nil || r.unchecked || r.mentioned || r.sd.FilteredByPolicy {
			continue
		}
		on := unfiltered
		for _, q := range s.quals {
			if v := st.classify(q, r); v > on {
				on = v
			}
		}
		if on >= live {
			continue
		}
		where := st.classify(s.where, r)
		if where == unfiltered && on == unfiltered && st.sameRowAsOuter(r) {
			continue
		}
		via, parent := "", ""
		if spared == "" && where == unfiltered && on == unfiltered {
			via = st.keptHistory(r)
			if via == "" {
				parent = st.liveParent(r)
			}
		}
		switch {
		case where == deliberate:
		case where == live && r.nullable:
			out = append(out, filterGap{ref: r, outerJoin: true, move: st.movableConjunct(s.where, r), spared: spared})
		case where == live:
		case where == unfiltered && on == unfiltered && st.decorates(r):
			out = append(out, filterGap{ref: r, spared: sparedDecorates})
		case via != "":
			out = append(out, filterGap{ref: r, spared: fmt.Sprintf(sparedKept, via)})
		case parent != "":
			out = append(out, filterGap{ref: r, spared: parent})
		default:
			out = append(out, filterGap{ref: r, underOr: where == partial || on == partial, spared: spared})
		}
	}
	return out
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
	return Finding{Offset: r.loc, Table: r.sd, Message: msg, fix: guardFix(r, pred), ref: r}
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
