package rules

import (
	"slices"
	"strings"

	"github.com/softdelete/softdelete/schema"
)

// ORM models as a schema source. A gorm or bun query names the model
// tables it goes through, with their columns and the soft-delete column
// the ORM manages. When the migrations do not create such a table, the
// queries are checked against a catalog that adds it, so that SQL written
// by hand against the model's table (a raw Join, NewRaw, Raw) is held to
// the same soft-delete rules as the ORM's own queries.
//
// The migrations win (schema.Catalog.WithModels). Config wins too:
// tables.exclude takes a model table out as it does any other, and a
// model whose soft-delete column is configured with another live value,
// or whose column name would make a migrations table soft-delete if it
// were added to the configured columns, is left out. Only the column the
// ORM manages marks the deleted rows of a model table: a model field that
// happens to have a soft-delete column's name (a plain DeletedAt
// *time.Time in bun) is left out of it, unless tables.include names the
// model's table: then its rows are soft-deleted from outside the module
// (a read-only model of a table another service owns), and the
// configured column marks them as it would in a migrations table.

// WithModels returns the catalog to check queries that go through models
// against: c itself, or c with the model tables the migrations lack and
// the soft-delete columns their ORM manages. c is not changed.
func (c *Checker) WithModels(models []schema.Model) *Checker {
	if c == nil || len(models) == 0 {
		return c
	}
	base := c.Schema
	columns := slices.Clone(c.cfg.Columns)
	// First the models that may be added, and the columns config must
	// name for their soft-delete columns; then their tables, so that the
	// order of the models does not matter.
	var keep []schema.Model
	for _, m := range models {
		if !base.Lacks(m) {
			continue
		}
		if m.SoftDelete != "" {
			cols, ok := modelSoftColumn(columns, base, m)
			if !ok {
				continue
			}
			columns = cols
		}
		keep = append(keep, m)
	}
	for i, m := range keep {
		if m.SoftDelete == "" && c.includesByName(m) {
			continue
		}
		keep[i].Columns = slices.DeleteFunc(slices.Clone(m.Columns), func(col string) bool {
			return !strings.EqualFold(col, m.SoftDelete) && configured(columns, col)
		})
	}
	overlay := base.WithModels(keep)
	if overlay == base {
		return c
	}
	cfg := c.cfg
	cfg.Columns = columns
	oc := NewChecker(overlay, cfg)
	if oc.Err() != nil {
		return c
	}
	return oc
}

// configured reports whether name is a configured soft-delete column.
func configured(columns []Column, name string) bool {
	for _, c := range columns {
		if strings.EqualFold(c.Name, name) {
			return true
		}
	}
	return false
}

// modelSoftColumn returns the configured columns that make the rules see
// model m's soft-delete column the way the ORM tests it; ok is false when
// that cannot be had without changing how a migrations table is seen.
func modelSoftColumn(columns []Column, base *schema.Catalog, m schema.Model) (_ []Column, ok bool) {
	live := normLive(m.Live)
	for _, c := range columns {
		if !strings.EqualFold(c.Name, m.SoftDelete) {
			continue
		}
		want := normLive(c.Live)
		if want == "" {
			want = "is null" // the type decides: not a boolean here
		}
		return columns, want == live
	}
	// Not a configured column: adding it must not make a migrations
	// table soft-delete.
	for _, t := range base.Tables {
		for _, c := range t.Columns {
			if strings.EqualFold(c.Name, m.SoftDelete) {
				return columns, false
			}
		}
	}
	return append(columns, Column{Name: m.SoftDelete, Live: m.Live}), true
}

// normLive normalizes a live test for comparison: "IS NULL", "= 0".
func normLive(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, "=", "= ")), " "))
}

// includesByName reports whether tables.include names model m's table
// itself: "*" asserts nothing about a model's plain field, which may be
// no soft delete at all.
func (c *Checker) includesByName(m schema.Model) bool {
	schemaName, name := m.Relation()
	t := &schema.Table{Schema: schemaName, Name: name}
	for _, n := range c.cfg.Include {
		if n != "*" && matchesAny(t, []string{n}) {
			return true
		}
	}
	return false
}
