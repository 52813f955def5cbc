package rules

import (
	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/schema"
)

// RowChoice says how a statement picks the rows a finding is about. A
// statement that picks its rows by a unique key equal to values the
// program passes (WHERE id = $1, id = ANY($1)) acts on rows its caller
// chose: whether they can be deleted ones is known where the key comes
// from, not in the SQL.
type RowChoice struct {
	// ByKey is set when the rows are those of the finding's table whose
	// primary key (or a total unique key) equals parameters.
	ByKey bool
	// Lookup is set when the statement is a SELECT that returns them.
	Lookup bool
	// Update is set when the statement is an UPDATE of their content
	// (it leaves the soft-delete columns alone): a handler that loaded the
	// row live, then saves it, is the usual caller.
	Update bool
}

// rowChoice judges how the statement picks the rows of r: by key only
// when r is a table of the statement itself (not of a subquery or CTE),
// not on the nullable side of an outer join, and nothing dynamic hides
// part of its WHERE. Tables joined to r do not change which of its rows
// the key picks (an inner join can only drop the row, a LEFT JOIN from r
// keeps it); another soft-delete table among them does, to a caller that
// checks a deleted field in Go: the field could be either table's.
func (st *statement) rowChoice(r *rangeRef) RowChoice {
	if r == nil || r.table == nil || r.scope.opaque || !topLevel(r.scope) || r.nullable || joinsSoftDelete(r) {
		return RowChoice{}
	}
	keyed := map[string]bool{}
	eachConjunct(r.scope.where, func(n *pgast.Node) {
		if col, ok := st.keyParam(n, r); ok {
			keyed[col] = true
		}
	})
	if !hasKey(r.table, keyed) {
		return RowChoice{}
	}
	rc := RowChoice{ByKey: true, Lookup: r.scope.sel != nil}
	if up := r.scope.update; up != nil {
		rc.Update = leavesSoftDelete(r.sd, up)
	}
	return rc
}

// joinsSoftDelete reports whether another table of r's FROM list is a
// soft-delete table.
func joinsSoftDelete(r *rangeRef) bool {
	for _, o := range r.scope.refs {
		if o != r && o.sd != nil {
			return true
		}
	}
	return false
}

// topLevel reports whether s is the statement's own scope: only the
// scopes that hold its WITH clause are above it.
func topLevel(s *scope) bool {
	switch s.what {
	case "SELECT", "UPDATE", "DELETE":
	default:
		return false // a CTE body, a subquery, INSERT … SELECT
	}
	for p := s.parent; p != nil; p = p.parent {
		if p.what != "" {
			return false
		}
	}
	return true
}

// eachConjunct calls fn with each conjunct of an AND tree (n itself when
// it is not an AND).
func eachConjunct(n *pgast.Node, fn func(*pgast.Node)) {
	if n == nil {
		return
	}
	if b := n.GetBoolExpr(); b != nil && b.Boolop == pgast.BoolExprType_AND_EXPR {
		for _, a := range b.Args {
			eachConjunct(a, fn)
		}
		return
	}
	fn(n)
}

// keyParam recognises `r.col = $n`, `r.col = ANY($n)` and `r.col IN ($1,
// $2)`, and returns col.
func (st *statement) keyParam(n *pgast.Node, r *rangeRef) (string, bool) {
	e := n.GetAExpr()
	if e == nil || len(e.Name) != 1 || e.Name[0].GetString_().GetSval() != "=" {
		return "", false
	}
	col, other := e.Lexpr, e.Rexpr
	if res, ok := st.resolvedColumn(col); !ok || res.ref != r {
		col, other = other, col
	}
	res, ok := st.resolvedColumn(col)
	if !ok || res.ref != r {
		return "", false
	}
	switch e.Kind {
	case pgast.A_Expr_Kind_AEXPR_OP, pgast.A_Expr_Kind_AEXPR_OP_ANY:
		if isParam(other) {
			return res.column, true
		}
	case pgast.A_Expr_Kind_AEXPR_IN:
		list := other.GetList()
		if list == nil || len(list.Items) == 0 {
			return "", false
		}
		for _, it := range list.Items {
			if !isParam(it) {
				return "", false
			}
		}
		return res.column, true
	}
	return "", false
}

func isParam(n *pgast.Node) bool {
	return unwrapCast(n).GetParamRef() != nil
}

// leavesSoftDelete reports whether an UPDATE leaves every soft-delete
// column of its table alone: it changes a row's content, not whether the
// row is deleted.
func leavesSoftDelete(sd *SoftDelete, up *pgast.UpdateStmt) bool {
	if len(up.TargetList) == 0 {
		return false
	}
	for _, n := range up.TargetList {
		rt := n.GetResTarget()
		if rt == nil || sd.ofColumn(rt.Name) != nil {
			return false
		}
	}
	return true
}

// Read is how a SELECT reads a soft-delete table it returns rows of.
type Read struct {
	Table *schema.Table
	// Live is set when the statement keeps to the table's live rows,
	// Deleted when it keeps to deleted ones (a purge's selection).
	Live, Deleted bool
}

// Reads returns the soft-delete tables a SELECT statement reads in its
// own FROM list (not in subqueries), each with whether it keeps to live
// or to deleted rows. Other statements read nothing here.
func (c *Checker) Reads(raw *pgast.RawStmt) []Read {
	if raw == nil || raw.Stmt == nil || raw.Stmt.GetSelectStmt() == nil {
		return nil
	}
	st := newStatement(c)
	st.visit(raw.Stmt, nil, statementWhat(raw.Stmt))
	var out []Read
	for _, s := range st.scopes {
		if s.sel == nil || s.opaque || !topLevel(s) {
			continue
		}
		for _, r := range s.refs {
			if r.sd == nil || r.nullable {
				continue
			}
			rd := Read{Table: r.table}
			switch {
			case r.sd.FilteredByPolicy || st.guarded(s.where, r) || st.guarded(r.on, r):
				rd.Live = true
			case st.purges(s.where, r):
				rd.Deleted = true
			}
			out = append(out, rd)
		}
	}
	return out
}

// InsertsLive returns the soft-delete table a statement inserts live rows
// into: an INSERT whose column list names none of the table's soft-delete
// columns (and has one), without ON CONFLICT (which may leave an older, deleted row in
// place). The rows it inserts are live, whatever key they get; nil for any
// other statement.
func (c *Checker) InsertsLive(raw *pgast.RawStmt) *schema.Table {
	if raw == nil || raw.Stmt == nil {
		return nil
	}
	ins := raw.Stmt.GetInsertStmt()
	if ins == nil || ins.OnConflictClause != nil || ins.WithClause != nil || len(ins.Cols) == 0 {
		return nil // without a column list, the values may set any column
	}
	t := c.relation(ins.Relation)
	sd := c.SoftDelete(t)
	if sd == nil {
		return nil
	}
	for _, n := range ins.Cols {
		if rt := n.GetResTarget(); rt == nil || sd.ofColumn(rt.Name) != nil {
			return nil
		}
	}
	return t
}
