package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/internal/pgparse"
	"github.com/softdelete/softdelete/schema"
)

// OnConflictPartial reports upserts whose conflict target can only match a
// partial unique index but does not repeat its predicate.
var OnConflictPartial = &Rule{
	ID:             "on-conflict-partial",
	Title:          "ON CONFLICT target does not match the partial unique index",
	Kind:           KindStatement,
	checkStatement: (*statement).checkOnConflict,
	Why: `Once a unique key is made partial (WHERE deleted_at IS NULL) so that deleted rows
stop blocking it, PostgreSQL uses that index for INSERT … ON CONFLICT (email) only if
the conflict target repeats the predicate. Without it every upsert fails at run time
with 42P10, "there is no unique or exclusion constraint matching the ON CONFLICT
specification". ON CONFLICT ON CONSTRAINT cannot name a unique index at all, partial
or not: an index is not a constraint, and the upsert fails with 42704 (constraint does
not exist).`,
	Bad:    `INSERT INTO users (email) VALUES ($1) ON CONFLICT (email) DO NOTHING`,
	Good:   `INSERT INTO users (email) VALUES ($1) ON CONFLICT (email) WHERE deleted_at IS NULL DO NOTHING`,
	Fix:    `Repeat the index predicate after the conflict columns: ON CONFLICT (cols) WHERE <predicate>. The message, at the table of the INSERT, gives the target to write.`,
	Limits: `Implication between the conflict target's WHERE and the index predicate is checked term by term (every AND term of the index predicate must appear in the target), not with PostgreSQL's full theorem prover. Targets with expressions are skipped.`,
}

func (st *statement) checkOnConflict(stmt *pgast.Node) []Finding {
	var out []Finding
	st.dmlStatements(stmt, func(m pgast.Message) {
		ins, ok := m.(*pgast.InsertStmt)
		if !ok || ins.OnConflictClause == nil || ins.OnConflictClause.Infer == nil || ins.Relation == nil {
			return
		}
		t := st.cat.Schema.Table(ins.Relation.Schemaname, ins.Relation.Relname)
		if t == nil {
			return
		}
		if f, ok := onConflictFinding(t, ins); ok {
			out = append(out, f)
		}
	})
	return out
}

func onConflictFinding(t *schema.Table, ins *pgast.InsertStmt) (Finding, bool) {
	infer := ins.OnConflictClause.Infer
	at := int(ins.Relation.Location)
	if infer.Conname != "" {
		for _, k := range t.Constraints {
			if k.EffectiveName() == infer.Conname {
				return Finding{}, false
			}
		}
		for _, ix := range t.Indexes {
			if ix.EffectiveName() == infer.Conname && ix.Unique {
				msg := fmt.Sprintf("ON CONFLICT ON CONSTRAINT %s names a unique index of %s, not a constraint: PostgreSQL fails with 42704 (constraint does not exist); write ON CONFLICT (%s)%s",
					infer.Conname, t.Name, strings.Join(ix.Columns, ", "), whereSuffix(ix.Predicate()))
				return Finding{Offset: at, Message: msg}, true
			}
		}
		return Finding{}, false
	}
	cols, ok := inferColumns(infer)
	if !ok {
		return Finding{}, false
	}
	targetWhere := conjuncts(infer.WhereClause)
	var partial []*schema.Index
	for _, k := range t.Constraints {
		if (k.Kind == schema.Unique || k.Kind == schema.PrimaryKey) && sameSet(k.Columns, cols) {
			return Finding{}, false
		}
	}
	for _, ix := range t.Indexes {
		if !ix.Unique || !sameSet(ix.Columns, cols) {
			continue
		}
		if !ix.Partial() || implies(targetWhere, ix.Predicate()) {
			return Finding{}, false
		}
		partial = append(partial, ix)
	}
	if len(partial) == 0 {
		return Finding{}, false
	}
	ix := partial[0]
	target := "ON CONFLICT (" + strings.Join(cols, ", ") + ")"
	rewrite := target + whereSuffix(ix.Predicate())
	msg := fmt.Sprintf("%s on %s can only use the partial unique index %s, but the target does not repeat its predicate: PostgreSQL fails with 42P10 (no unique or exclusion constraint matching the ON CONFLICT specification); write %s",
		target, t.Name, ix.EffectiveName(), rewrite)
	replaces := target
	if infer.WhereClause != nil {
		replaces += " WHERE " + deparsed(infer.WhereClause)
		rewrite = target + " WHERE " + deparsed(infer.WhereClause) + " AND " + strings.TrimPrefix(whereSuffix(ix.Predicate()), " WHERE ")
	}
	return Finding{Offset: at, Message: msg, Replaces: replaces, Rewrite: rewrite}, true
}

// inferColumns returns the plain column names of a conflict target; an
// expression element makes it unknown.
func inferColumns(infer *pgast.InferClause) ([]string, bool) {
	var cols []string
	for _, e := range infer.IndexElems {
		ie := e.GetIndexElem()
		if ie == nil || ie.Name == "" {
			return nil, false
		}
		cols = append(cols, ie.Name)
	}
	return cols, len(cols) > 0
}

func whereSuffix(pred *pgast.Node) string {
	if pred == nil {
		return ""
	}
	if s, ok := pgparse.DeparseExpr(pred); ok {
		return " WHERE " + s
	}
	return " WHERE <the index predicate>"
}

// conjuncts deparses the top-level AND terms of a predicate.
func conjuncts(n *pgast.Node) map[string]bool {
	out := map[string]bool{}
	var walk func(*pgast.Node)
	walk = func(n *pgast.Node) {
		if n == nil {
			return
		}
		if b := n.GetBoolExpr(); b != nil && b.Boolop == pgast.BoolExprType_AND_EXPR {
			for _, a := range b.Args {
				walk(a)
			}
			return
		}
		if s, ok := pgparse.DeparseExpr(n); ok {
			out[s] = true
		}
	}
	walk(n)
	return out
}

// implies reports whether the conflict target's predicate implies the
// index predicate: every AND term of the index predicate is one of the
// target's. PostgreSQL's own test is a theorem prover; this is the
// syntactic core of it, which is what upserts write.
func implies(target map[string]bool, indexPred *pgast.Node) bool {
	need := conjuncts(indexPred)
	if len(need) == 0 {
		return false
	}
	for c := range need {
		if !target[c] {
			return false
		}
	}
	return true
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x := append([]string(nil), a...)
	y := append([]string(nil), b...)
	sort.Strings(x)
	sort.Strings(y)
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

func deparsed(n *pgast.Node) string {
	s, _ := pgparse.DeparseExpr(n)
	return s
}
