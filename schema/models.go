package schema

import "strings"

// Model is a table as an ORM model declares it (a gorm or bun struct):
// a source of tables besides the migrations, for the tables they lack.
type Model struct {
	Name    string   // as the ORM writes it, possibly schema-qualified
	Columns []string // in field order
	// SoftDelete is the column the ORM sets on a soft delete, "" when the
	// model has none; Live is then "".
	SoftDelete string
	// Live is the test of a live row the ORM writes after the column:
	// "IS NULL", "= 0", "= '0001-01-01 00:00:00+00:00'".
	Live string
}

// Relation returns the schema (possibly empty) and the name of m's table.
func (m Model) Relation() (schemaName, name string) {
	name = strings.Trim(m.Name, `"`)
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return strings.Trim(name[:i], `"`), strings.Trim(name[i+1:], `"`)
	}
	return "", name
}

// SoftDeleteType is the SQL type of m's soft-delete column, as its live
// test shows it: a time that is null while the row is live, or one
// compared with a time literal, or else a number (a unix time).
func (m Model) SoftDeleteType() string {
	if strings.EqualFold(strings.Join(strings.Fields(m.Live), " "), "is null") || strings.Contains(m.Live, "'") {
		return "timestamptz"
	}
	return "int8"
}

// Lacks reports whether m names a relation c does not have: a table
// WithModels adds.
func (c *Catalog) Lacks(m Model) bool {
	schemaName, name := m.Relation()
	return name != "" && c.Table(schemaName, name) == nil && c.View(schemaName, name) == nil
}

// WithModels returns a catalog with c's relations and the tables of the
// models that c lacks, or c itself when it lacks none. The migrations
// win: a table or view they define is never changed by a model, whatever
// its fields say. c is not changed.
//
// A model's table has its columns and its soft-delete column, once each:
// the soft-delete column of the type its live test shows, "id" a
// generated int8 (the ORMs' default primary key), the others text. For
// tables of the same name, the last model wins.
func (c *Catalog) WithModels(models []Model) *Catalog {
	var added []*Table
	for _, m := range models {
		if !c.Lacks(m) {
			continue
		}
		schemaName, name := m.Relation()
		t := &Table{Schema: schemaName, Name: name}
		for _, name := range append(m.Columns[:len(m.Columns):len(m.Columns)], m.SoftDelete) {
			if name == "" || t.Column(name) != nil {
				continue
			}
			col := &Column{Name: name, Type: "text"}
			switch {
			case strings.EqualFold(name, m.SoftDelete):
				col.Type = m.SoftDeleteType()
			case name == "id":
				col.Type, col.Generated = "int8", true
			}
			t.Columns = append(t.Columns, col)
		}
		added = append(added, t)
	}
	if len(added) == 0 {
		return c
	}
	overlay := &Catalog{Tables: make(map[string]*Table, len(c.Tables)+len(added)), Views: c.Views, Files: c.Files}
	for k, t := range c.Tables {
		overlay.Tables[k] = t
	}
	for _, t := range added {
		overlay.Tables[Key(t.Schema, t.Name)] = t
	}
	return overlay
}
