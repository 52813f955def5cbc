// Package libs is what the analyzer knows of the query-builder, ORM and
// driver libraries whose SQL it reads: their import paths, the methods
// that set columns or name a table, how an ORM maps a model to its table
// and columns, and what makes an ORM's delete a soft delete.
//
// It has two readers that must agree. sqlextract reconstructs, with type
// information, the SQL a builder chain or an ORM call sends; writeindex
// scans a whole module without types for the places that set a
// soft-delete column. A library that only the first knew would make the
// columns it sets look vestigial, so each library is described once, here
// (a file per library), and both read the description.
//
// To add a library: describe it in a file here and list it in All (the
// write scan then knows its setters, records and soft-delete markers);
// for a query builder or ORM whose calls are reconstructed, register its
// renderer in sqlextract with this description; add its cases to the
// builder test module.
package libs

import "strings"

// A Library is one query builder, ORM or database driver.
type Library struct {
	// Name is the library's key.
	Name string
	// Paths are the import paths of the library's packages whose
	// functions and methods build queries; the first is the library's
	// own (goqu's expression types live in a second one).
	Paths []string
	// Setters are the methods whose arguments name the columns a
	// statement sets: as a string ("deleted_at"), an assignment
	// ("deleted_at = ?") or the keys of a map.
	Setters []string
	// Tables are the methods whose first argument names the table that
	// the rest of a chain writes: sq.Update("t"), db.Table("t").
	Tables []string
	// Records are the library's map types whose keys are the columns an
	// UPDATE sets, wherever the map is written (goqu.Record).
	Records []string
	// ORM is how the library maps Go types to tables; nil for a query
	// builder or a driver.
	ORM *ORM
}

// All lists the libraries.
var All = []*Library{Squirrel, Goqu, Bun, Gorm, Sqlx, Pgx}

// Union returns the set of the names that field lists over all libraries,
// for a reader that cannot tell the libraries apart (an untyped scan).
func Union(field func(*Library) []string) map[string]bool {
	set := map[string]bool{}
	for _, l := range All {
		for _, name := range field(l) {
			set[name] = true
		}
	}
	return set
}

// Owns reports whether the package at path is one of the library's.
func (l *Library) Owns(path string) bool {
	for _, p := range l.Paths {
		if PathIs(path, p) {
			return true
		}
	}
	return false
}

// PathIs reports whether a package path is want, possibly vendored.
func PathIs(path, want string) bool {
	rest, ok := strings.CutSuffix(path, want)
	return ok && (rest == "" || strings.HasSuffix(rest, "/vendor/"))
}

// A TypeName names a type of a library's package.
type TypeName struct{ Path, Name string }

// Is reports whether the type name of a package at path is t.
func (t TypeName) Is(path, name string) bool { return name == t.Name && PathIs(path, t.Path) }

// An ORM maps Go struct types (models) to tables.
type ORM struct {
	// Tag is the key of the struct tag the ORM reads (`gorm:"…"`), Sep
	// the separator of the tag's options.
	Tag, Sep string
	// Name is the ORM's naming rule: the column or table name it derives
	// from a Go field or type name.
	Name func(goName string) string
	// Column returns the column a field maps to, given its tag (the
	// value of the Tag key): the name the tag gives, else Name(field).
	Column func(tag, field string) string
	// SoftDeleteTypes are the field types that make the ORM's delete of
	// a model a soft delete that sets the field's column.
	SoftDeleteTypes []SoftDeleteType
	// SoftDeleteOption is the tag option that makes a field the
	// model's soft-delete column; "" if the ORM has none.
	SoftDeleteOption string
	// BaseModels are the types whose tag, on a field of that type, names
	// the model's table and alias.
	BaseModels []TypeName
	// NamingHooks are the names through which a program replaces the
	// ORM's naming rule (Table): a module that uses one may map a model
	// to any table.
	NamingHooks []string
}

// A SoftDeleteType is a field type that makes the ORM's deletes soft.
type SoftDeleteType struct {
	TypeName
	SoftDelete
}

// A SoftDelete is how an ORM tells live rows from deleted ones: the test
// it writes after the qualified column (" IS NULL"), and its negation.
type SoftDelete struct{ Live, Deleted string }

// Table is the table the ORM maps a model type to when the model does
// not name one: the plural of the type's name.
func (o *ORM) Table(typeName string) string { return Plural(o.Name(typeName)) }

// Option returns the value of key in a tag of the ORM ("a:b;c" for
// gorm, ",a,b:c" for bun), and whether key is there. Keys compare
// without regard to case.
func (o *ORM) Option(tag, key string) (string, bool) { return tagOption(tag, o.Sep, key) }

func tagOption(tag, sep, key string) (string, bool) {
	for part := range strings.SplitSeq(tag, sep) {
		k, v, _ := strings.Cut(strings.TrimSpace(part), ":")
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return "", false
}

// SoftDeleteType returns how the ORM tests a soft-delete column of the
// type name of the package at path, and false if the type is none.
func (o *ORM) SoftDeleteType(path, name string) (SoftDelete, bool) {
	for _, t := range o.SoftDeleteTypes {
		if t.Is(path, name) {
			return t.SoftDelete, true
		}
	}
	return SoftDelete{}, false
}

// SoftDeleteTagged reports whether a field's tag makes it the model's
// soft-delete column.
func (o *ORM) SoftDeleteTagged(tag string) bool {
	if o.SoftDeleteOption == "" || tag == "" {
		return false
	}
	_, ok := o.Option(tag, o.SoftDeleteOption)
	return ok
}

// BaseModel reports whether the type name of the package at path is one
// whose tag names the model's table.
func (o *ORM) BaseModel(path, name string) bool {
	for _, t := range o.BaseModels {
		if t.Is(path, name) {
			return true
		}
	}
	return false
}
