package analyzer

import (
	"strings"

	"github.com/softdelete/softdelete/rules"
	"github.com/softdelete/softdelete/schema"
	"github.com/softdelete/softdelete/sqlextract"
)

// ORM models as a schema source. A gorm or bun query reconstructed from
// its chain names the model tables it goes through (Query.Models), with
// their columns and the soft-delete column the ORM manages. When the
// migrations do not create such a table, the package's queries are
// checked against an overlay of the catalog that adds it, so that SQL
// written by hand against the model's table (a raw Join, NewRaw, Raw) is
// held to the same soft-delete rules as the ORM's own queries.
//
// The migrations win: a table (or view) they define is never changed by
// a model, whatever its fields say. Config wins too: tables.exclude
// takes a model table out as it does any other, and a model whose
// soft-delete column is configured with another live value, or whose
// column name would make a migrations table soft-delete if it were added
// to the configured columns, is left out. The overlay is per package:
// the models named by the package's own queries, first one by position
// for a name. Only the column the ORM manages marks the deleted rows of
// a model table: a model field that happens to have a soft-delete
// column's name (a plain DeletedAt *time.Time in bun) is left out of it.

// modelCatalog returns the catalog the queries of a package are checked
// against: cat itself, or an overlay with the model tables it lacks.
func modelCatalog(cat *rules.Catalog, cfg rules.Config, queries []*sqlextract.Query) *rules.Catalog {
	if cat == nil {
		return cat
	}
	var models []sqlextract.ModelTable
	seen := map[string]bool{}
	for _, q := range queries {
		for _, m := range q.Models {
			if m.Name == "" || seen[strings.ToLower(m.Name)] {
				continue
			}
			seen[strings.ToLower(m.Name)] = true
			models = append(models, m)
		}
	}
	if len(models) == 0 {
		return cat
	}
	base := cat.Schema
	columns := cfg.Columns
	if len(columns) == 0 {
		columns = rules.DefaultColumns
	}
	columns = append([]rules.Column(nil), columns...)
	// First the models that may be added, and the columns config must
	// name for their soft-delete columns; then their tables, so that the
	// order of the models does not matter.
	var keep []sqlextract.ModelTable
	softType := map[string]string{}
	for _, m := range models {
		schemaName, name := splitModelName(m.Name)
		if name == "" || base.Table(schemaName, name) != nil || base.View(schemaName, name) != nil {
			continue // the migrations define it: they win
		}
		if m.SoftDeleteColumn != "" {
			typ, cols, ok := softColumn(columns, base, m)
			if !ok {
				continue
			}
			columns, softType[m.Name] = cols, typ
		}
		keep = append(keep, m)
	}
	var added []*schema.Table
	for _, m := range keep {
		schemaName, name := splitModelName(m.Name)
		t := &schema.Table{Schema: schemaName, Name: name}
		for _, c := range append(append([]string(nil), m.Columns...), m.SoftDeleteColumn) {
			if c == "" || t.Column(c) != nil {
				continue
			}
			col := &schema.Column{Name: c, Type: "text"}
			switch {
			case strings.EqualFold(c, m.SoftDeleteColumn):
				col.Type = softType[m.Name]
			case configured(columns, c):
				// Only the column the ORM manages marks deleted rows of
				// a model table: a plain DeletedAt field does not.
				continue
			case c == "id":
				col.Type, col.Generated = "int8", true
			}
			t.Columns = append(t.Columns, col)
		}
		added = append(added, t)
	}
	if len(added) == 0 {
		return cat
	}
	overlay := &schema.Catalog{Tables: make(map[string]*schema.Table, len(base.Tables)+len(added)), Views: base.Views, Files: base.Files}
	for k, t := range base.Tables {
		overlay.Tables[k] = t
	}
	for _, t := range added {
		overlay.Tables[schema.Key(t.Schema, t.Name)] = t
	}
	rc := cfg
	rc.Columns = columns
	oc := rules.NewCatalog(overlay, rc)
	if oc.Err() != nil {
		return cat
	}
	return oc
}

// configured reports whether name is a configured soft-delete column.
func configured(columns []rules.Column, name string) bool {
	for _, c := range columns {
		if strings.EqualFold(c.Name, name) {
			return true
		}
	}
	return false
}

// splitModelName splits "schema.table".
func splitModelName(name string) (string, string) {
	name = strings.Trim(name, `"`)
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return strings.Trim(name[:i], `"`), strings.Trim(name[i+1:], `"`)
	}
	return "", name
}

// softColumn returns the SQL type of model m's soft-delete column and the
// configured columns that make the rules see it the way the ORM tests
// it; ok is false when that cannot be had without changing how a
// migrations table is seen.
func softColumn(columns []rules.Column, base *schema.Catalog, m sqlextract.ModelTable) (typ string, _ []rules.Column, ok bool) {
	live := normLive(m.Live)
	typ = "timestamptz"
	if live != "is null" {
		typ = "int8"
		if strings.Contains(live, "'") {
			typ = "timestamptz"
		}
	}
	for _, c := range columns {
		if !strings.EqualFold(c.Name, m.SoftDeleteColumn) {
			continue
		}
		want := normLive(c.Live)
		if want == "" {
			want = "is null" // the type decides: not a boolean here
		}
		return typ, columns, want == live
	}
	// Not a configured column: adding it must not make a migrations
	// table soft-delete.
	for _, t := range base.Tables {
		for _, c := range t.Columns {
			if strings.EqualFold(c.Name, m.SoftDeleteColumn) {
				return typ, columns, false
			}
		}
	}
	return typ, append(columns, rules.Column{Name: m.SoftDeleteColumn, Live: m.Live}), true
}

// normLive normalizes a live test for comparison: "IS NULL", "= 0".
func normLive(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(s, "=", "= ")), " "))
}
