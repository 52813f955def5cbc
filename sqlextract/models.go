package sqlextract

import "strings"

// ModelTable is a table as an ORM model declares it: the table a
// reconstructed gorm or bun query reads or changes through its model, the
// model's columns, and the soft-delete column the ORM manages (a bun
// `soft_delete` field, a gorm.DeletedAt or soft_delete plugin field).
// The analyzer falls back on it for tables the migrations do not create.
type ModelTable struct {
	Name    string   // as the ORM writes it, possibly schema-qualified
	Columns []string // in field order
	// SoftDeleteColumn is "" when the model has none; Live is then "".
	SoftDeleteColumn string
	// Live is the test of a live row the ORM writes after the column:
	// "IS NULL", "= 0", "= '0001-01-01 00:00:00+00:00'".
	Live string
}

// noteModel records that the query being reconstructed goes through
// model m's table.
func (r *resolver) noteModel(m *ormModel) {
	if m == nil || m.table == "" {
		return
	}
	for _, seen := range r.models {
		if seen.Name == m.table {
			return
		}
	}
	mt := ModelTable{Name: m.table}
	for _, f := range m.fields {
		mt.Columns = append(mt.Columns, f.column)
	}
	if m.soft != nil {
		mt.SoftDeleteColumn = m.soft.column
		mt.Live = strings.TrimSpace(m.soft.Live)
	}
	r.models = append(r.models, mt)
}
