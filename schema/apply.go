package schema

import (
	"slices"

	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/internal/pgparse"
)

// applier applies the statements of one file to the catalog, the way
// PostgreSQL would have left its system catalogs, in the manner of sqlc's
// catalog. Statements it does not model, and statements about relations
// the catalog does not have (partial schemas are common), are skipped
// without error: a migration that ran against the real database is right
// by definition, so there is nothing to report.
type applier struct {
	c    *Catalog
	f    *file
	text string // the parsed text: the file with what does not apply blanked
}

func (a *applier) apply(raw *pgast.RawStmt) {
	switch n := raw.GetStmt().GetNode().(type) {
	case *pgast.Node_CreateStmt:
		a.createTable(n.CreateStmt)
	case *pgast.Node_AlterTableStmt:
		a.alterTable(n.AlterTableStmt)
	case *pgast.Node_RenameStmt:
		a.rename(n.RenameStmt)
	case *pgast.Node_AlterObjectSchemaStmt:
		a.setSchema(n.AlterObjectSchemaStmt)
	case *pgast.Node_DropStmt:
		a.drop(n.DropStmt)
	case *pgast.Node_IndexStmt:
		a.createIndex(n.IndexStmt, raw)
	case *pgast.Node_ViewStmt:
		a.createView(n.ViewStmt)
	case *pgast.Node_CreateTableAsStmt:
		a.createMatView(n.CreateTableAsStmt)
	case *pgast.Node_CreateTrigStmt:
		a.createTrigger(n.CreateTrigStmt, raw)
	case *pgast.Node_CreatePolicyStmt:
		a.createPolicy(n.CreatePolicyStmt, raw)
	case *pgast.Node_AlterPolicyStmt:
		a.alterPolicy(n.AlterPolicyStmt)
	case *pgast.Node_RuleStmt:
		a.createRule(n.RuleStmt, raw)
	}
}

// pos is the position of a parse-tree location.
func (a *applier) pos(loc int32) Pos { return a.f.pos(int(loc)) }

// table finds the table a statement names, or nil.
func (a *applier) table(rv *pgast.RangeVar) *Table {
	if rv == nil {
		return nil
	}
	return a.c.Table(rv.Schemaname, rv.Relname)
}

// stmtStart is the offset of the first token of a statement. RawStmt's
// location is where the previous statement ended, before any blank lines
// and comments.
func (a *applier) stmtStart(raw *pgast.RawStmt) int {
	start, end := a.stmtSpan(raw)
	for _, t := range pgparse.Scan(a.text[start:end]) {
		if t.Token != pgast.Token_SQL_COMMENT && t.Token != pgast.Token_C_COMMENT {
			return start + int(t.Start)
		}
	}
	return start
}

// stmtSpan is the byte range of a statement in the text.
func (a *applier) stmtSpan(raw *pgast.RawStmt) (start, end int) {
	start = clamp(int(raw.StmtLocation), 0, len(a.text))
	end = len(a.text)
	if raw.StmtLen > 0 {
		end = clamp(start+int(raw.StmtLen), start, len(a.text))
	}
	return start, end
}

// createTable applies CREATE TABLE. Inherited and partition parents give
// their columns first; LIKE copies columns where it stands.
func (a *applier) createTable(s *pgast.CreateStmt) {
	rv := s.Relation
	if rv == nil {
		return
	}
	key := Key(rv.Schemaname, rv.Relname)
	if a.c.Tables[key] != nil && s.IfNotExists {
		return
	}
	t := &Table{Schema: rv.Schemaname, Name: rv.Relname, Pos: a.pos(rv.Location)}
	for _, n := range s.InhRelations {
		if parent := a.table(n.GetRangeVar()); parent != nil {
			for _, col := range parent.Columns {
				t.Columns = append(t.Columns, copyColumn(col, true, true))
			}
		}
	}
	// Columns first: a table constraint may come before the columns it
	// names, and PRIMARY KEY marks them NOT NULL.
	var constraints []*pgast.Constraint
	for _, elt := range s.TableElts {
		switch e := elt.GetNode().(type) {
		case *pgast.Node_ColumnDef:
			a.addColumn(t, e.ColumnDef)
		case *pgast.Node_TableLikeClause:
			a.like(t, e.TableLikeClause)
		case *pgast.Node_Constraint:
			constraints = append(constraints, e.Constraint)
		}
	}
	for _, n := range s.Constraints {
		if c := n.GetConstraint(); c != nil {
			constraints = append(constraints, c)
		}
	}
	for _, c := range constraints {
		a.addConstraint(t, c, "")
	}
	// A second CREATE TABLE without IF NOT EXISTS failed in PostgreSQL, or
	// the schema files overlap; either way the later definition is the one
	// the code was written against.
	a.c.Tables[key] = t
}

// addColumn adds a column definition to a table (CREATE TABLE, ADD COLUMN).
// A definition for a column the table already has (partition WITH
// OPTIONS, a column also inherited) adds its constraints to it.
func (a *applier) addColumn(t *Table, cd *pgast.ColumnDef) {
	col := t.Column(cd.Colname)
	if col == nil {
		col = &Column{Name: cd.Colname, Pos: a.pos(cd.Location)}
		t.Columns = append(t.Columns, col)
	}
	if cd.TypeName != nil {
		typ, serial := typeName(cd.TypeName)
		col.Type = typ
		if serial {
			// What PostgreSQL turns a serial column into, as pg_dump shows it.
			col.Default = "nextval('" + ObjectName(t.Name, col.Name, "seq") + "'::regclass)"
			col.genDefault = true
			col.NotNull = true
		}
	}
	if cd.IsNotNull {
		col.NotNull = true
	}
	if cd.RawDefault != nil {
		a.setDefault(col, cd.RawDefault)
	}
	if cd.Identity != "" {
		col.identity = true
	}
	for _, n := range cd.Constraints {
		if c := n.GetConstraint(); c != nil {
			a.columnConstraint(t, col, c)
		}
	}
	col.Generated = col.identity || col.genDefault
}

// columnConstraint applies a constraint written on a column.
func (a *applier) columnConstraint(t *Table, col *Column, c *pgast.Constraint) {
	switch c.Contype {
	case pgast.ConstrType_CONSTR_NULL:
		col.NotNull = false
	case pgast.ConstrType_CONSTR_NOTNULL:
		col.NotNull = true
	case pgast.ConstrType_CONSTR_DEFAULT:
		a.setDefault(col, c.RawExpr)
	case pgast.ConstrType_CONSTR_IDENTITY:
		col.identity, col.NotNull = true, true
	default:
		a.addConstraint(t, c, col.Name)
	}
	col.Generated = col.identity || col.genDefault
}

// setDefault records a column default and whether it makes values that are
// never reused (sequences, random UUIDs, the clock into a timestamp).
func (a *applier) setDefault(col *Column, expr *pgast.Node) {
	if expr == nil {
		col.Default, col.genDefault = "", false
		return
	}
	col.Default = deparse(expr)
	col.genDefault = generatesValues(expr, col.Type)
	col.Generated = col.identity || col.genDefault
}

// like applies LIKE source [INCLUDING ...] inside CREATE TABLE.
func (a *applier) like(t *Table, l *pgast.TableLikeClause) {
	src := a.table(l.Relation)
	if src == nil {
		return
	}
	opts := l.Options
	for _, col := range src.Columns {
		if t.Column(col.Name) == nil {
			t.Columns = append(t.Columns, copyColumn(col, opts&likeDefaults != 0, opts&likeIdentity != 0))
		}
	}
	for _, k := range src.Constraints {
		copyIt := false
		switch k.Kind {
		case PrimaryKey, Unique, Exclusion:
			copyIt = opts&likeIndexes != 0
		case Check:
			copyIt = opts&likeConstraints != 0
		}
		if copyIt {
			k2 := *k
			k2.Name = ""
			k2.Columns = slices.Clone(k.Columns)
			k2.implicitName = implicitConstraintName(t.Name, &k2)
			t.Constraints = append(t.Constraints, &k2)
		}
	}
	if opts&likeIndexes != 0 {
		for _, ix := range src.Indexes {
			// The copy is renamed separately later, so nothing is shared.
			ix2 := *ix
			ix2.Name = ""
			ix2.Columns = slices.Clone(ix.Columns)
			ix2.exprColumns = slices.Clone(ix.exprColumns)
			if ix.Where != nil {
				ix2.Where = pgast.Clone(ix.Where)
			}
			ix2.implicitName = ObjectName(t.Name, indexNameAddition(ix2.Columns), "idx")
			t.Indexes = append(t.Indexes, &ix2)
		}
	}
}

// LIKE options, PostgreSQL's TableLikeOption bits.
const (
	likeConstraints = 1 << 2
	likeDefaults    = 1 << 3
	likeIdentity    = 1 << 5
	likeIndexes     = 1 << 6
)

// copyColumn copies a column into another table (INHERITS, PARTITION OF,
// LIKE), keeping its default and identity when the statement copies them.
func copyColumn(col *Column, defaults, identity bool) *Column {
	c := &Column{Name: col.Name, Type: col.Type, NotNull: col.NotNull, Pos: col.Pos}
	if defaults {
		c.Default, c.genDefault = col.Default, col.genDefault
	}
	if identity {
		c.identity = col.identity
	}
	c.Generated = c.identity || c.genDefault
	return c
}

// typeName is the catalog type of a column: the last name, lower case,
// with [] for arrays. Serial types become their integer type and report
// serial.
func typeName(tn *pgast.TypeName) (typ string, serial bool) {
	names := stringList(tn.Names)
	if len(names) == 0 {
		return "", false
	}
	typ = lower(names[len(names)-1])
	if len(names) == 1 {
		switch typ {
		case "serial", "serial4":
			typ, serial = "int4", true
		case "bigserial", "serial8":
			typ, serial = "int8", true
		case "smallserial", "serial2":
			typ, serial = "int2", true
		}
	}
	if len(tn.ArrayBounds) > 0 {
		typ += "[]"
	}
	return typ, serial
}

// addConstraint adds a table constraint; col names the column for one
// written on a column. Constraint kinds that are column properties (NOT
// NULL, DEFAULT) are handled by columnConstraint.
func (a *applier) addConstraint(t *Table, c *pgast.Constraint, col string) {
	k := &Constraint{Name: c.Conname, NullsNotDistinct: c.NullsNotDistinct, Pos: a.pos(c.Location)}
	keys := stringList(c.Keys)
	switch c.Contype {
	case pgast.ConstrType_CONSTR_PRIMARY:
		k.Kind = PrimaryKey
	case pgast.ConstrType_CONSTR_UNIQUE:
		k.Kind = Unique
	case pgast.ConstrType_CONSTR_EXCLUSION:
		k.Kind = Exclusion
		keys = exclusionColumns(c.Exclusions)
	case pgast.ConstrType_CONSTR_CHECK:
		k.Kind = Check
		keys = columnRefs(c.RawExpr)
	case pgast.ConstrType_CONSTR_FOREIGN:
		k.Kind = ForeignKey
		keys = stringList(c.FkAttrs)
		a.references(k, c)
	default:
		return
	}
	switch {
	case col != "":
		k.Columns = []string{col}
	case c.Indexname != "" && len(keys) == 0:
		// ADD CONSTRAINT ... USING INDEX: the index becomes the
		// constraint's, under the constraint's name.
		i := indexNamed(t, c.Indexname)
		if i < 0 {
			return
		}
		ix := t.Indexes[i]
		k.Columns, k.NullsNotDistinct = ix.Columns, ix.NullsNotDistinct
		t.Indexes = append(t.Indexes[:i:i], t.Indexes[i+1:]...)
		if k.Name == "" {
			k.Name = c.Indexname
		}
	default:
		k.Columns = keys
	}
	if k.Kind == PrimaryKey {
		for _, name := range k.Columns {
			if col := t.Column(name); col != nil {
				col.NotNull = true
			}
		}
	}
	k.implicitName = implicitConstraintName(t.Name, k)
	t.Constraints = append(t.Constraints, k)
}

// references fills in the referenced side of a foreign key. Without a
// column list it references the primary key of the referenced table.
func (a *applier) references(k *Constraint, c *pgast.Constraint) {
	if rv := c.Pktable; rv != nil {
		k.RefSchema, k.RefTable = rv.Schemaname, rv.Relname
	}
	k.RefColumns = stringList(c.PkAttrs)
	if len(k.RefColumns) == 0 {
		if ref := a.c.Table(k.RefSchema, k.RefTable); ref != nil {
			for _, rk := range ref.Constraints {
				if rk.Kind == PrimaryKey {
					k.RefColumns = append([]string(nil), rk.Columns...)
				}
			}
		}
	}
	k.OnDelete = fkAction(c.FkDelAction)
}

// fkAction spells out a foreign key action code.
func fkAction(code string) string {
	switch code {
	case "c":
		return "cascade"
	case "n":
		return "set null"
	case "d":
		return "set default"
	case "r":
		return "restrict"
	}
	return "no action"
}

// exclusionColumns lists the columns of EXCLUDE (col WITH op, ...).
func exclusionColumns(excl []*pgast.Node) []string {
	var cols []string
	for _, e := range excl {
		items := e.GetList().GetItems()
		if len(items) > 0 {
			cols = append(cols, items[0].GetIndexElem().GetName())
		}
	}
	return cols
}
