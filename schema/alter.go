package schema

import (
	"slices"

	"github.com/softdelete/softdelete/internal/pgast"
)

// alterTable applies ALTER TABLE to a table the catalog has.
func (a *applier) alterTable(s *pgast.AlterTableStmt) {
	if s.Objtype != pgast.ObjectType_OBJECT_TABLE {
		return // ALTER INDEX, VIEW, SEQUENCE ... share the node
	}
	t := a.table(s.Relation)
	if t == nil {
		return
	}
	for _, n := range s.Cmds {
		if cmd := n.GetAlterTableCmd(); cmd != nil {
			a.alterCmd(t, cmd)
		}
	}
}

func (a *applier) alterCmd(t *Table, cmd *pgast.AlterTableCmd) {
	switch cmd.Subtype {
	case pgast.AlterTableType_AT_AddColumn:
		if cd := cmd.Def.GetColumnDef(); cd != nil && t.Column(cd.Colname) == nil {
			a.addColumn(t, cd)
		}
	case pgast.AlterTableType_AT_DropColumn:
		a.c.dropColumn(t, cmd.Name)
	case pgast.AlterTableType_AT_AddConstraint:
		if c := cmd.Def.GetConstraint(); c != nil {
			a.addConstraint(t, c, "")
		}
	case pgast.AlterTableType_AT_DropConstraint:
		t.Constraints = slices.DeleteFunc(t.Constraints, func(k *Constraint) bool { return k.named(cmd.Name) })
	case pgast.AlterTableType_AT_EnableRowSecurity:
		t.RLSEnabled = true
	case pgast.AlterTableType_AT_DisableRowSecurity:
		t.RLSEnabled = false
	}
	col := t.Column(cmd.Name)
	if col == nil {
		return
	}
	switch cmd.Subtype {
	case pgast.AlterTableType_AT_ColumnDefault:
		a.setDefault(col, cmd.Def) // a nil Def is DROP DEFAULT
	case pgast.AlterTableType_AT_SetNotNull:
		col.NotNull = true
	case pgast.AlterTableType_AT_DropNotNull:
		col.NotNull = false
	case pgast.AlterTableType_AT_AlterColumnType:
		if cd := cmd.Def.GetColumnDef(); cd != nil && cd.TypeName != nil {
			col.Type, _ = typeName(cd.TypeName)
		}
	case pgast.AlterTableType_AT_AddIdentity:
		col.identity, col.NotNull = true, true
	case pgast.AlterTableType_AT_DropIdentity:
		col.identity = false
	}
	col.Generated = col.identity || col.genDefault
}

// named reports whether a constraint has the given name, explicit or the
// one PostgreSQL chose for it.
func (k *Constraint) named(name string) bool {
	return k.Name == name || (k.Name == "" && k.implicitName == name)
}

// named reports whether an index has the given name, explicit or chosen.
func (ix *Index) named(name string) bool {
	return ix.Name == name || (ix.Name == "" && ix.implicitName == name)
}

// dropColumn drops a column and, as PostgreSQL does, the indexes and
// constraints that use it and the foreign keys that reference it.
func (c *Catalog) dropColumn(t *Table, name string) {
	if t.Column(name) == nil {
		return
	}
	t.Columns = slices.DeleteFunc(t.Columns, func(col *Column) bool { return col.Name == name })
	t.Constraints = slices.DeleteFunc(t.Constraints, func(k *Constraint) bool { return slices.Contains(k.Columns, name) })
	t.Indexes = slices.DeleteFunc(t.Indexes, func(ix *Index) bool {
		return slices.Contains(ix.Columns, name) || slices.Contains(ix.exprColumns, name)
	})
	doomed := map[*Constraint]bool{}
	for _, k := range c.foreignKeysTo(t) {
		if slices.Contains(k.RefColumns, name) {
			doomed[k] = true
		}
	}
	if len(doomed) == 0 {
		return
	}
	for _, other := range c.Tables {
		other.Constraints = slices.DeleteFunc(other.Constraints, func(k *Constraint) bool { return doomed[k] })
	}
}

// foreignKeysTo lists the foreign keys, in any table, that reference t.
func (c *Catalog) foreignKeysTo(t *Table) []*Constraint {
	key := Key(t.Schema, t.Name)
	var fks []*Constraint
	for _, other := range c.Tables {
		for _, k := range other.Constraints {
			if k.Kind == ForeignKey && Key(k.RefSchema, k.RefTable) == key {
				fks = append(fks, k)
			}
		}
	}
	return fks
}

// rename applies ALTER ... RENAME for tables, views, columns, constraints,
// indexes, triggers, policies and rules.
func (a *applier) rename(s *pgast.RenameStmt) {
	switch s.RenameType {
	case pgast.ObjectType_OBJECT_TABLE:
		if t := a.table(s.Relation); t != nil {
			a.c.moveTable(t, t.Schema, s.Newname)
		} else {
			a.c.moveView(s.Relation, "", s.Newname) // ALTER TABLE works on views too
		}
	case pgast.ObjectType_OBJECT_VIEW, pgast.ObjectType_OBJECT_MATVIEW:
		a.c.moveView(s.Relation, "", s.Newname)
	case pgast.ObjectType_OBJECT_INDEX:
		a.c.renameIndex(s.Relation, s.Newname)
	}
	t := a.table(s.Relation)
	if t == nil {
		return
	}
	switch s.RenameType {
	case pgast.ObjectType_OBJECT_COLUMN:
		a.c.renameColumn(t, s.Subname, s.Newname)
	case pgast.ObjectType_OBJECT_TABCONSTRAINT:
		for _, k := range t.Constraints {
			if k.named(s.Subname) {
				k.Name = s.Newname
			}
		}
	case pgast.ObjectType_OBJECT_TRIGGER:
		for _, tr := range t.Triggers {
			if tr.Name == s.Subname {
				tr.Name = s.Newname
			}
		}
	case pgast.ObjectType_OBJECT_POLICY:
		for _, p := range t.Policies {
			if p.Name == s.Subname {
				p.Name = s.Newname
			}
		}
	case pgast.ObjectType_OBJECT_RULE:
		for _, r := range t.Rules {
			if r.Name == s.Subname {
				r.Name = s.Newname
			}
		}
	}
}

// setSchema applies ALTER TABLE/VIEW ... SET SCHEMA.
func (a *applier) setSchema(s *pgast.AlterObjectSchemaStmt) {
	switch s.ObjectType {
	case pgast.ObjectType_OBJECT_TABLE:
		if t := a.table(s.Relation); t != nil {
			a.c.moveTable(t, s.Newschema, t.Name)
		}
	case pgast.ObjectType_OBJECT_VIEW, pgast.ObjectType_OBJECT_MATVIEW:
		if s.Relation != nil {
			a.c.moveView(s.Relation, s.Newschema, s.Relation.Relname)
		}
	}
}

// moveTable renames a table or moves it to another schema; foreign keys
// that reference it follow, as they reference it by OID in PostgreSQL.
func (c *Catalog) moveTable(t *Table, schemaName, name string) {
	newKey := Key(schemaName, name)
	if c.Tables[newKey] != nil {
		return // PostgreSQL refuses
	}
	for _, k := range c.foreignKeysTo(t) {
		k.RefSchema, k.RefTable = schemaName, name
	}
	delete(c.Tables, Key(t.Schema, t.Name))
	t.Schema, t.Name = schemaName, name
	c.Tables[newKey] = t
}

// moveView renames a view or moves it to another schema ("" keeps it).
func (c *Catalog) moveView(rv *pgast.RangeVar, schemaName, name string) {
	if rv == nil {
		return
	}
	v := c.View(rv.Schemaname, rv.Relname)
	if v == nil {
		return
	}
	if schemaName == "" {
		schemaName = v.Schema
	}
	delete(c.Views, Key(v.Schema, v.Name))
	v.Schema, v.Name = schemaName, name
	c.Views[Key(schemaName, name)] = v
}

// renameIndex applies ALTER INDEX ... RENAME TO. Renaming the index of a
// primary key or unique constraint renames the constraint too.
func (c *Catalog) renameIndex(rv *pgast.RangeVar, name string) {
	if rv == nil {
		return
	}
	if t, i := c.findIndex(rv.Schemaname, rv.Relname); t != nil {
		t.Indexes[i].Name = name
		return
	}
	for _, t := range c.tablesIn(rv.Schemaname) {
		for _, k := range t.Constraints {
			if (k.Kind == PrimaryKey || k.Kind == Unique || k.Kind == Exclusion) && k.named(rv.Relname) {
				k.Name = name
				return
			}
		}
	}
}

// renameColumn renames a column everywhere the catalog names it: the
// table's constraints, indexes (their predicates too), trigger column
// lists, policies, and foreign keys in other tables. PostgreSQL keeps
// these by column number, so they follow the rename. View definitions are
// not rewritten.
func (c *Catalog) renameColumn(t *Table, old, name string) {
	col := t.Column(old)
	if col == nil || t.Column(name) != nil {
		return
	}
	col.Name = name
	rename := func(list []string) {
		for i, s := range list {
			if s == old {
				list[i] = name
			}
		}
	}
	for _, k := range t.Constraints {
		rename(k.Columns)
	}
	for _, ix := range t.Indexes {
		rename(ix.Columns)
		rename(ix.exprColumns)
		renameColumnRefs(ix.Where, t.Name, old, name)
	}
	for _, tr := range t.Triggers {
		rename(tr.UpdateColumns)
	}
	for _, p := range t.Policies {
		renameColumnRefs(p.Using, t.Name, old, name)
	}
	for _, k := range c.foreignKeysTo(t) {
		rename(k.RefColumns)
	}
}

// drop applies DROP TABLE, VIEW, MATERIALIZED VIEW, INDEX, TRIGGER, POLICY
// and RULE.
func (a *applier) drop(s *pgast.DropStmt) {
	for _, obj := range s.Objects {
		names := stringList(obj.GetList().GetItems())
		if len(names) == 0 {
			continue
		}
		name := names[len(names)-1]
		qual := names[:len(names)-1] // schema, or [schema.]table for objects on a table
		schemaName := ""
		if len(qual) > 0 {
			schemaName = qual[len(qual)-1]
		}
		switch s.RemoveType {
		case pgast.ObjectType_OBJECT_TABLE:
			a.c.dropTable(schemaName, name)
		case pgast.ObjectType_OBJECT_VIEW, pgast.ObjectType_OBJECT_MATVIEW:
			delete(a.c.Views, Key(schemaName, name))
		case pgast.ObjectType_OBJECT_INDEX:
			if t, i := a.c.findIndex(schemaName, name); t != nil {
				t.Indexes = slices.Delete(t.Indexes, i, i+1)
			}
		case pgast.ObjectType_OBJECT_TRIGGER, pgast.ObjectType_OBJECT_POLICY, pgast.ObjectType_OBJECT_RULE:
			if len(qual) == 0 {
				continue
			}
			tableSchema := ""
			if len(qual) > 1 {
				tableSchema = qual[len(qual)-2]
			}
			if t := a.c.Table(tableSchema, qual[len(qual)-1]); t != nil {
				t.dropOnTable(s.RemoveType, name)
			}
		}
	}
}

// dropOnTable drops a trigger, policy or rule of a table.
func (t *Table) dropOnTable(kind pgast.ObjectType, name string) {
	switch kind {
	case pgast.ObjectType_OBJECT_TRIGGER:
		t.Triggers = slices.DeleteFunc(t.Triggers, func(tr *Trigger) bool { return tr.Name == name })
	case pgast.ObjectType_OBJECT_POLICY:
		t.Policies = slices.DeleteFunc(t.Policies, func(p *Policy) bool { return p.Name == name })
	case pgast.ObjectType_OBJECT_RULE:
		t.Rules = slices.DeleteFunc(t.Rules, func(r *RewriteRule) bool { return r.Name == name })
	}
}

// dropTable drops a table and the foreign keys that reference it (which
// PostgreSQL requires CASCADE for, or there were none).
func (c *Catalog) dropTable(schemaName, name string) {
	t := c.Table(schemaName, name)
	if t == nil {
		return
	}
	for _, other := range c.Tables {
		if other == t {
			continue
		}
		other.Constraints = slices.DeleteFunc(other.Constraints, func(k *Constraint) bool {
			return k.Kind == ForeignKey && c.Table(k.RefSchema, k.RefTable) == t
		})
	}
	delete(c.Tables, Key(schemaName, name))
}

// tablesIn lists the tables of a schema ("" and "public" are the same).
func (c *Catalog) tablesIn(schemaName string) []*Table {
	var ts []*Table
	for _, t := range c.Tables {
		if sameSchema(t.Schema, schemaName) {
			ts = append(ts, t)
		}
	}
	return ts
}

func sameSchema(a, b string) bool { return Key(a, "") == Key(b, "") }

// findIndex finds an index by schema and name: index names are unique in a
// schema, not per table.
func (c *Catalog) findIndex(schemaName, name string) (*Table, int) {
	for _, t := range c.tablesIn(schemaName) {
		if i := indexNamed(t, name); i >= 0 {
			return t, i
		}
	}
	return nil, -1
}

// indexNamed is the position of a table's index by name, or -1.
func indexNamed(t *Table, name string) int {
	return slices.IndexFunc(t.Indexes, func(ix *Index) bool { return ix.named(name) })
}
