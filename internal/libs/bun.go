package libs

import "strings"

// Bun is github.com/uptrace/bun. A model's table is the plural of its
// type name in snake case, its alias the singular, unless an embedded
// bun.BaseModel's tag says table:... or alias:...; a field tagged
// soft_delete makes Delete an UPDATE of its column.
var Bun = &Library{
	Name:    "bun",
	Paths:   []string{BunPath},
	Setters: []string{"Set", "Value"},
	Tables:  []string{"Table"},
	ORM: &ORM{
		Tag:              "bun",
		Sep:              ",",
		Name:             bunName,
		Column:           bunColumn,
		SoftDeleteOption: "soft_delete",
		NamingHooks:      []string{"SetTableNameInflector"},
		// bun.BaseModel is an alias of schema.BaseModel.
		BaseModels: []TypeName{{BunPath, "BaseModel"}, {BunPath + "/schema", "BaseModel"}},
	},
}

// BunPath is bun's import path.
const BunPath = "github.com/uptrace/bun"

// BunSoftDelete is the test of a bun soft_delete column: IS NULL when
// the column is nullable (a pointer field, or tagged nullzero), else a
// comparison with the zero time bun writes for a live row.
func BunSoftDelete(nullable bool) SoftDelete {
	if nullable {
		return SoftDelete{" IS NULL", " IS NOT NULL"}
	}
	return SoftDelete{" = '0001-01-01 00:00:00+00:00'", " != '0001-01-01 00:00:00+00:00'"}
}

// bunColumn is the column of a field with bun tag tag: the tag's name
// part, or the field's name in snake case.
func bunColumn(tag, field string) string {
	col, _, _ := strings.Cut(tag, ",")
	if strings.Contains(col, ":") || col == "" {
		col = bunName(field)
	}
	return strings.Trim(col, `"`)
}
