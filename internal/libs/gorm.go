package libs

import (
	"strconv"
	"strings"
)

// Gorm is gorm.io/gorm. Every call is a method of *gorm.DB; a model's
// table is the plural of its type name in snake case unless its
// TableName method says otherwise, and a gorm.DeletedAt field (or the
// soft_delete plugin's DeletedAt, a Unix time that is 0 for live rows)
// makes Delete an UPDATE of that column.
var Gorm = &Library{
	Name: "gorm",
	// The clause package's values (clause.Locking, clause.OnConflict and
	// the functions that build their parts) are read with the chain.
	Paths:   []string{GormPath, GormClausePath},
	Setters: []string{"Update", "UpdateColumn", "Updates", "UpdateColumns"},
	Tables:  []string{"Table"},
	ORM: &ORM{
		Tag:    "gorm",
		Sep:    ";",
		Name:   gormName,
		Column: gormColumn,
		// gorm.Config{NamingStrategy: …} (a prefix, singular tables).
		NamingHooks: []string{"NamingStrategy"},
		SoftDeleteTypes: []SoftDeleteType{
			{TypeName{GormPath, "DeletedAt"}, SoftDelete{" IS NULL", " IS NOT NULL"}},
			{TypeName{GormSoftDeletePath, "DeletedAt"}, SoftDelete{" = 0", " <> 0"}},
		},
	},
}

// GormChainMethods are *gorm.DB methods that start or narrow a statement
// (db.Where(…).Delete(…)): a Delete called on one is gorm's.
var GormChainMethods = []string{"Where", "Model", "Table", "Select", "Clauses", "Session", "WithContext", "Debug", "Omit"}

// Import paths of gorm and its soft-delete plugin.
const (
	GormPath       = "gorm.io/gorm"
	GormClausePath = GormPath + "/clause"
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

// GormKey is a unique key one gorm field tag declares, as AutoMigrate
// creates it: "unique" (a constraint), "uniqueIndex[:name[,option...]]",
// and "index:name,unique" or "index:name,class:UNIQUE" (indexes). Fields
// whose tags give an index the same name form one index.
type GormKey struct {
	Name       string // "" for gorm's default name (GormKeyName)
	Constraint bool
	Where      string // the where: option, the index's predicate
	Priority   int    // the priority: option, 10 when not given
	// Expression is set for an expression index (expression:...): its
	// columns are not the fields'.
	Expression bool
}

// GormUniqueKeys returns the unique keys a gorm field tag declares.
func GormUniqueKeys(tag string) []GormKey {
	var out []GormKey
	for part := range strings.SplitSeq(tag, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), ":")
		switch strings.ToUpper(strings.TrimSpace(k)) {
		case "UNIQUE":
			out = append(out, GormKey{Constraint: true, Priority: 10})
		case "INDEX", "UNIQUEINDEX":
			name, options, _ := strings.Cut(v, ",")
			key := GormKey{Name: strings.TrimSpace(name), Priority: 10}
			unique := strings.EqualFold(strings.TrimSpace(k), "uniqueIndex")
			for opt := range strings.SplitSeq(options, ",") {
				ok, ov, _ := strings.Cut(strings.TrimSpace(opt), ":")
				switch strings.ToUpper(ok) {
				case "UNIQUE":
					unique = true
				case "CLASS":
					unique = unique || strings.EqualFold(strings.TrimSpace(ov), "UNIQUE")
				case "WHERE":
					key.Where = ov
				case "EXPRESSION":
					key.Expression = true
				case "PRIORITY":
					if p, err := strconv.Atoi(strings.TrimSpace(ov)); err == nil {
						key.Priority = p
					}
				}
			}
			if unique {
				out = append(out, key)
			}
		}
	}
	return out
}

// GormKeyName is the name gorm gives a key declared without one on
// column of table: uni_TABLE_COLUMN for a constraint, idx_TABLE_COLUMN
// for an index.
func GormKeyName(k GormKey, table, column string) string {
	if k.Name != "" {
		return k.Name
	}
	if k.Constraint {
		return "uni_" + table + "_" + column
	}
	return "idx_" + table + "_" + column
}

// GormPartialTag is the tag option that declares a unique index over the
// rows predicate holds for: uniqueIndex:NAME,where:PREDICATE (NAME empty
// for gorm's default name).
func GormPartialTag(name, predicate string) string {
	return "uniqueIndex:" + name + ",where:" + predicate
}
