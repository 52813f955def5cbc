package libs

// Gorm is gorm.io/gorm. Every call is a method of *gorm.DB; a model's
// table is the plural of its type name in snake case unless its
// TableName method says otherwise, and a gorm.DeletedAt field (or the
// soft_delete plugin's DeletedAt, a Unix time that is 0 for live rows)
// makes Delete an UPDATE of that column.
var Gorm = &Library{
	Name:    "gorm",
	Paths:   []string{GormPath},
	Setters: []string{"Update", "UpdateColumn", "Updates", "UpdateColumns"},
	Tables:  []string{"Table"},
	ORM: &ORM{
		Tag:    "gorm",
		Sep:    ";",
		Name:   gormName,
		Column: gormColumn,
		SoftDeleteTypes: []SoftDeleteType{
			{TypeName{GormPath, "DeletedAt"}, SoftDelete{" IS NULL", " IS NOT NULL"}},
			{TypeName{GormSoftDeletePath, "DeletedAt"}, SoftDelete{" = 0", " <> 0"}},
		},
	},
}

// Import paths of gorm and its soft-delete plugin.
const (
	GormPath = "gorm.io/gorm"
	// GormSoftDeletePath is the soft-delete plugin, whose DeletedAt is a
	// Unix time, 0 for live rows.
	GormSoftDeletePath = "gorm.io/plugin/soft_delete"
)

// gormColumn is the column of a field with gorm tag tag: column:name, or
// the field's name in snake case.
func gormColumn(tag, field string) string {
	if col, ok := tagOption(tag, ";", "column"); ok && col != "" {
		return col
	}
	return gormName(field)
}
