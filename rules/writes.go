package rules

import (
	"sort"

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
}

// TableKey names a table the way facts and handled sets do: the catalog
// key, schema-qualified outside public.
func TableKey(t *schema.Table) string { return schema.Key(t.Schema, t.Name) }

// Writes lists the soft deletes, deletes and restores of one statement,
// those in CTEs included (WITH gone AS (UPDATE …)), in text order. Tables
// the catalog does not know are left out.
func (c *Catalog) Writes(raw *pgast.RawStmt) []Write {
	if raw == nil || raw.Stmt == nil || c.Schema == nil {
		return nil
	}
	var out []Write
	for _, m := range findDML(raw.Stmt) {
		switch s := m.(type) {
		case *pgast.DeleteStmt:
			if t := c.relation(s.Relation); t != nil {
				out = append(out, Write{Table: t, Kind: Deletes, Offset: int(s.Relation.Location)})
			}
		case *pgast.UpdateStmt:
			t := c.relation(s.Relation)
			if sd := c.SoftDelete(t); sd != nil {
				if kind, _ := sd.assignment(s.TargetList); kind != 0 {
					out = append(out, Write{Table: t, Kind: kind, Offset: int(s.Relation.Location)})
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Offset < out[j].Offset })
	return out
}

// relation is the table a DML target names. The target of an UPDATE or
// DELETE cannot be a CTE, so the catalog is all there is to ask.
func (c *Catalog) relation(rv *pgast.RangeVar) *schema.Table {
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
