package rules

import (
	"slices"
	"sort"
	"strings"

	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/schema"
)

// WriteKind is what a statement does to the rows of a table, as far as
// soft deletes are concerned.
type WriteKind int

const (
	// SoftDeletes: UPDATE t SET deleted_at = now() (or is_deleted = true,
	// "DeleteAt" = $1: any value but the live one).
	SoftDeletes WriteKind = iota + 1
	// Deletes: DELETE FROM t, soft-delete table or not.
	Deletes
	// Restores: UPDATE t SET deleted_at = NULL (the live value again).
	Restores
)

func (k WriteKind) String() string {
	switch k {
	case SoftDeletes:
		return "soft-delete"
	case Deletes:
		return "delete"
	case Restores:
		return "restore"
	}
	return "none"
}

// Write is one table that a statement soft-deletes, deletes or restores
// rows of.
type Write struct {
	Table *schema.Table
	Kind  WriteKind
	// Offset is the byte offset of the table reference in the parsed text.
	Offset int
	// Reach says which rows of Table the statement writes, as far as
	// missing-cascade asks: a child is handled by a write tied to the
	// parent's rows, not by any write to its table.
	Reach Reach
}

// Reach is what a write's WHERE (and its USING or FROM) ties the written
// rows to.
type Reach struct {
	// All is set when nothing but the soft-delete column restricts the
	// rows: every row of the table (every live one) is written.
	All bool
	// Columns are the table's columns the WHERE constrains to given values
	// (col = $1, col IN (…), col = ANY($1), col IN (SELECT …)), sorted.
	Columns []string
	// Tables are the tables (by TableKey) the rows are joined to: in
	// USING, FROM, or a subquery of the WHERE, sorted.
	Tables []string
}

// Keys names the write for a function's handled set and for facts: the
// table's key when it writes all rows, table:column for each column
// constrained, and table<other for each table joined. HandlesChild reads
// them back.
func (w Write) Keys() []string {
	key := TableKey(w.Table)
	if w.Reach.All {
		return []string{key}
	}
	out := make([]string, 0, len(w.Reach.Columns)+len(w.Reach.Tables))
	for _, col := range w.Reach.Columns {
		out = append(out, key+":"+col)
	}
	for _, t := range w.Reach.Tables {
		out = append(out, key+"<"+t)
	}
	return out
}

// HandlesChild reports whether the writes named in handled (by Write.Keys)
// reach the rows of ch that reference the rows of its parent being
// soft-deleted: all rows of the child, every foreign-key column
// constrained, or a join on the parent.
func HandlesChild(ch Child, handled map[string]bool) bool {
	key := TableKey(ch.Table)
	if handled[key] || handled[key+"<"+TableKey(ch.Parent)] {
		return true
	}
	for _, col := range ch.Columns {
		if !handled[key+":"+col] {
			return false
		}
	}
	return len(ch.Columns) > 0
}

// TableKey names a table the way facts and handled sets do: the catalog
// key, schema-qualified outside public.
func TableKey(t *schema.Table) string { return schema.Key(t.Schema, t.Name) }

// Writes lists the soft deletes, deletes and restores of one statement,
// those in CTEs included (WITH gone AS (UPDATE …)), in text order. Tables
// the catalog does not know are left out.
func (c *Checker) Writes(raw *pgast.RawStmt) []Write {
	if raw == nil || raw.Stmt == nil || c.Schema == nil {
		return nil
	}
	var out []Write
	for _, m := range findDML(raw.Stmt) {
		switch s := m.(type) {
		case *pgast.DeleteStmt:
			if t := c.relation(s.Relation); t != nil {
				out = append(out, Write{Table: t, Kind: Deletes, Offset: int(s.Relation.Location),
					Reach: c.reach(t, s.Relation, s.WhereClause, s.UsingClause)})
			}
		case *pgast.UpdateStmt:
			t := c.relation(s.Relation)
			if sd := c.SoftDelete(t); sd != nil {
				if kind := sd.write(s.TargetList); kind != 0 && !(kind == SoftDeletes && savesRow(t, sd, s.TargetList)) {
					out = append(out, Write{Table: t, Kind: kind, Offset: int(s.Relation.Location),
						Reach: c.reach(t, s.Relation, s.WhereClause, s.FromClause)})
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Offset < out[j].Offset })
	return out
}

// reach works out which rows a DELETE or UPDATE of t (named by target)
// writes, from its WHERE and its USING or FROM list.
func (c *Checker) reach(t *schema.Table, target *pgast.RangeVar, where *pgast.Node, from []*pgast.Node) Reach {
	var r Reach
	joined := map[string]bool{}
	addTables := func(n pgast.Message) {
		inspect(n, func(m pgast.Message) bool {
			if rv, ok := m.(*pgast.RangeVar); ok {
				if jt := c.relation(rv); jt != nil && jt != t {
					joined[TableKey(jt)] = true
				}
			}
			return true
		})
	}
	for _, n := range from {
		addTables(n)
	}
	if where != nil {
		addTables(where)
	}
	names := map[string]bool{target.Relname: true}
	if target.Alias != nil && target.Alias.Aliasname != "" {
		names = map[string]bool{target.Alias.Aliasname: true}
	}
	sd := c.SoftDelete(t)
	for col := range constrainedColumns(where, names) {
		if t.Column(col) != nil && sd.ofColumn(col) == nil {
			r.Columns = append(r.Columns, col)
		}
	}
	for k := range joined {
		r.Tables = append(r.Tables, k)
	}
	sort.Strings(r.Columns)
	sort.Strings(r.Tables)
	if len(r.Columns) == 0 && len(r.Tables) == 0 {
		r.All = onlySoftDeleteColumn(where, sd)
	}
	return r
}

// constrainedColumns returns the columns of the target (named by one of
// names when qualified) that a WHERE holds to given values on every path
// through it: the conjuncts of an AND, and what every branch of an OR
// constrains.
func constrainedColumns(where *pgast.Node, names map[string]bool) map[string]bool {
	out := map[string]bool{}
	if where == nil {
		return out
	}
	if b := where.GetBoolExpr(); b != nil {
		switch b.Boolop {
		case pgast.BoolExprType_AND_EXPR:
			for _, a := range b.Args {
				for col := range constrainedColumns(a, names) {
					out[col] = true
				}
			}
		case pgast.BoolExprType_OR_EXPR:
			for i, a := range b.Args {
				branch := constrainedColumns(a, names)
				for col := range out {
					if !branch[col] {
						delete(out, col)
					}
				}
				if i == 0 {
					out = branch
				}
			}
		}
		return out
	}
	if e := where.GetAExpr(); e != nil {
		switch e.Kind {
		case pgast.A_Expr_Kind_AEXPR_OP:
			// A column held to a constant (order_id = 42) is tied to
			// those rows, not to the rows a statement beside it writes
			// through a parameter: it does not count.
			if len(e.Name) == 1 && e.Name[0].GetString_().GetSval() == "=" {
				if col := targetColumn(e.Lexpr, names); col != "" && !isConstant(e.Rexpr) {
					out[col] = true
				}
				if col := targetColumn(e.Rexpr, names); col != "" && !isConstant(e.Lexpr) {
					out[col] = true
				}
			}
		case pgast.A_Expr_Kind_AEXPR_OP_ANY:
			if col := targetColumn(e.Lexpr, names); col != "" && !isConstant(e.Rexpr) {
				out[col] = true
			}
		case pgast.A_Expr_Kind_AEXPR_IN:
			if col := targetColumn(e.Lexpr, names); col != "" && !allConstant(e.Rexpr) {
				out[col] = true
			}
		}
		return out
	}
	if sl := where.GetSubLink(); sl != nil && sl.SubLinkType == pgast.SubLinkType_ANY_SUBLINK {
		if col := targetColumn(sl.Testexpr, names); col != "" {
			out[col] = true
		}
	}
	return out
}

// isConstant reports whether n is a literal, under casts.
func isConstant(n *pgast.Node) bool {
	return unwrapCast(n).GetAConst() != nil
}

// allConstant reports whether an IN list holds literals only.
func allConstant(n *pgast.Node) bool {
	l := n.GetList()
	if l == nil {
		return false
	}
	for _, item := range l.Items {
		if !isConstant(item) {
			return false
		}
	}
	return true
}

// targetColumn is the column n names when it is a column of the target:
// unqualified, or qualified by its name or alias.
func targetColumn(n *pgast.Node, names map[string]bool) string {
	cr := unwrapCast(n).GetColumnRef()
	if cr == nil {
		return ""
	}
	parts := columnName(cr)
	switch {
	case len(parts) == 1 && parts[0] != "*":
		return parts[0]
	case len(parts) == 2 && names[parts[0]] && parts[1] != "*":
		return parts[1]
	}
	return ""
}

// onlySoftDeleteColumn reports whether where restricts nothing but the
// soft-delete column (deleted_at IS NULL): the write reaches every live
// row.
func onlySoftDeleteColumn(where *pgast.Node, sd *SoftDelete) bool {
	only := true
	if where == nil {
		return true
	}
	inspect(where, func(m pgast.Message) bool {
		switch m := m.(type) {
		case *pgast.ColumnRef:
			parts := columnName(m)
			if len(parts) == 0 || sd.ofColumn(parts[len(parts)-1]) == nil {
				only = false
			}
		case *pgast.ParamRef, *pgast.SubLink:
			only = false
		}
		return only
	})
	return only
}

// relation is the table a DML target names. The target of an UPDATE or
// DELETE cannot be a CTE, so the catalog is all there is to ask.
func (c *Checker) relation(rv *pgast.RangeVar) *schema.Table {
	if rv == nil {
		return nil
	}
	return c.Schema.Table(rv.Schemaname, rv.Relname)
}

// assignment says what a SET list does to the soft-delete column, and the
// value it assigns (nil when not known, as in SET (a, b) = (SELECT …)). The
// kind is 0 when the column is left alone. Setting the live value (NULL,
// false, the configured sentinel) or DEFAULT is a restore; anything else,
// a parameter included, is a soft delete.
func (sd *SoftDelete) assignment(targets []*pgast.Node) (WriteKind, *pgast.Node) {
	for _, n := range targets {
		rt := n.GetResTarget()
		if rt == nil || rt.Name != sd.Column {
			continue
		}
		val := assignedValue(rt)
		if val.GetSetToDefault() != nil || sd.isLiveValue(val) {
			return Restores, val
		}
		return SoftDeletes, val
	}
	return 0, nil
}

// write says what a SET list does to the table: a soft delete when it
// sets any of its soft-delete columns to a deleted value, else a restore
// when it sets one to the live value, else 0.
func (sd *SoftDelete) write(targets []*pgast.Node) WriteKind {
	var kind WriteKind
	for _, s := range sd.all() {
		switch k, _ := s.assignment(targets); k {
		case SoftDeletes:
			return k
		case Restores:
			kind = k
		}
	}
	return kind
}

// savesRow reports whether a SET list writes back a row as the code holds
// it (sqlx's NamedExec of a struct, a store's Update(&row)): the
// soft-delete column from a parameter, together with at least half of the
// table's other columns (three at least, the primary key aside), each from
// a parameter. Such a save stores whatever deletion time the value holds;
// it is no soft delete of its own (the code that set the field is).
func savesRow(t *schema.Table, sd *SoftDelete, targets []*pgast.Node) bool {
	if t == nil {
		return false
	}
	fromParam := func(rt *pgast.ResTarget) bool {
		return unwrapCast(assignedValue(rt)).GetParamRef() != nil
	}
	deletedFromParam, others := false, 0
	for _, n := range targets {
		rt := n.GetResTarget()
		if rt == nil {
			continue
		}
		if sd.ofColumn(rt.Name) != nil {
			deletedFromParam = deletedFromParam || fromParam(rt)
			continue
		}
		if fromParam(rt) {
			others++
		}
	}
	key := map[string]bool{}
	for _, k := range t.Constraints {
		if k.Kind == schema.PrimaryKey {
			for _, c := range k.Columns {
				key[c] = true
			}
		}
	}
	content := 0
	for _, c := range t.Columns {
		if sd.ofColumn(c.Name) == nil && !key[c.Name] {
			content++
		}
	}
	return deletedFromParam && others >= 3 && 2*others >= content
}

// assignedValue is the expression a SET target receives: its own, or its
// element of a row on the right of SET (a, b) = (x, y).
func assignedValue(rt *pgast.ResTarget) *pgast.Node {
	mr := rt.Val.GetMultiAssignRef()
	if mr == nil {
		return rt.Val
	}
	row := mr.Source.GetRowExpr()
	if row == nil {
		return nil
	}
	if i := int(mr.Colno) - 1; i >= 0 && i < len(row.Args) {
		return row.Args[i]
	}
	return nil
}

// isLiveValue reports whether v is the constant that marks a live row.
func (sd *SoftDelete) isLiveValue(v *pgast.Node) bool {
	c := unwrapCast(v).GetAConst()
	if c == nil {
		return false
	}
	switch sd.kind {
	case liveNull:
		return c.Isnull
	case liveFalse:
		b, ok := constBool(c)
		return c.Isnull || ok && !b
	case liveValue:
		return constEquals(c, sd.value)
	}
	return false
}

// refOf finds the reference the statement analysis made for a DML target.
func (st *statement) refOf(rv *pgast.RangeVar) *rangeRef {
	if rv == nil {
		return nil
	}
	for _, s := range st.scopes {
		for _, r := range s.refs {
			if r.table != nil && r.loc == int(rv.Location) && r.name == rv.Relname {
				return r
			}
		}
	}
	return nil
}

// tableText is a table's name as a message should write it.
func tableText(t *schema.Table) string {
	if t.Schema != "" && t.Schema != "public" {
		return quoteIdent(t.Schema) + "." + quoteIdent(t.Name)
	}
	return quoteIdent(t.Name)
}

// deletedPredicate renders the test for rows already deleted, the
// opposite of LivePredicate: `u.deleted_at IS NOT NULL`.
func (sd *SoftDelete) deletedPredicate(qualifier string) string {
	col := quoteIdent(sd.Column)
	if qualifier != "" {
		col = quoteIdent(qualifier) + "." + col
	}
	switch sd.kind {
	case liveFalse:
		return col
	case liveValue:
		return col + " <> " + sd.value
	}
	return col + " IS NOT NULL"
}

// softDeleteSet renders the SET that soft-deletes a row.
func (sd *SoftDelete) softDeleteSet() string {
	col := quoteIdent(sd.Column)
	switch sd.kind {
	case liveFalse:
		return col + " = true"
	case liveValue:
		return col + " = <deletion time>"
	}
	return col + " = now()"
}

// KeyTable is the table key a handled-set key (see Write.Keys) is about.
func KeyTable(k string) string {
	if i := strings.IndexAny(k, ":<"); i >= 0 {
		return k[:i]
	}
	return k
}

// ExistenceChecks lists the tables a statement checks rows of, with which
// rows (Reach; Kind is 0): a SELECT that only asks whether rows exist or
// how many (SELECT 1 …, SELECT count(*) …, SELECT EXISTS (…)). A function
// that soft-deletes a parent after checking its children by the foreign
// key refuses the delete while they are live, which handles them.
func (c *Checker) ExistenceChecks(raw *pgast.RawStmt) []Write {
	sel := raw.GetStmt().GetSelectStmt()
	if sel == nil || c.Schema == nil || !existenceTargets(sel.TargetList) {
		return nil
	}
	var out []Write
	checks := func(sel *pgast.SelectStmt) {
		for i, n := range sel.FromClause {
			rv := n.GetRangeVar()
			t := c.relation(rv)
			if t == nil {
				continue
			}
			others := append(slices.Clone(sel.FromClause[:i]), sel.FromClause[i+1:]...)
			out = append(out, Write{Table: t, Offset: int(rv.Location), Reach: c.reach(t, rv, sel.WhereClause, others)})
		}
	}
	checks(sel)
	for _, n := range sel.TargetList {
		if sl := unwrapCast(n.GetResTarget().GetVal()).GetSubLink(); sl != nil {
			if inner := sl.Subselect.GetSelectStmt(); inner != nil {
				checks(inner)
			}
		}
	}
	return out
}

// existenceTargets reports whether a select list asks only whether rows
// exist: constants, count(…) and EXISTS.
func existenceTargets(targets []*pgast.Node) bool {
	if len(targets) == 0 {
		return false
	}
	for _, n := range targets {
		rt := n.GetResTarget()
		if rt == nil {
			return false
		}
		v := unwrapCast(rt.Val)
		switch {
		case v.GetAConst() != nil:
		case v.GetSubLink() != nil && v.GetSubLink().SubLinkType == pgast.SubLinkType_EXISTS_SUBLINK:
		case v.GetFuncCall() != nil && len(v.GetFuncCall().Funcname) > 0 &&
			v.GetFuncCall().Funcname[len(v.GetFuncCall().Funcname)-1].GetString_().GetSval() == "count":
		default:
			return false
		}
	}
	return true
}
