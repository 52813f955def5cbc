package sqlextract

import (
	"go/ast"
	"go/constant"
	"go/types"
	"reflect"

	"github.com/softdelete/softdelete/internal/libs"
)

// ORM models: the Go struct types that gorm and bun map to tables. What
// the reconstruction needs of one is read from its type: the table name,
// the columns in field order, the primary key and the soft-delete column
// with its live predicate.

// An ormField is one column of a model.
type ormField struct {
	name   string // Go field name
	column string
	pk     bool
	// auto is set for columns the ORM fills itself (gorm's UpdatedAt).
	updatedAt bool
	tag       string     // the field's ORM tag
	v         *types.Var // the field
}

// A softDelete describes a model's soft-delete column: its name, and the
// live-row test the ORM adds after the qualified column.
type softDelete struct {
	column string
	libs.SoftDelete
}

// An ormModel is a model struct as one ORM sees it.
type ormModel struct {
	named   *types.Named // nil for an unnamed struct
	table   string       // "" when not known (an unnamed struct)
	alias   string       // bun's table alias
	fields  []ormField
	soft    *softDelete
	relKeys map[string]ormRel // bun relations by field name
}

// ormRel is a bun has-one or belongs-to relation.
type ormRel struct {
	model      *types.Named
	kind       string // "belongs-to", "has-one"
	join       [][2]string
	fieldAlias string
}

func (m *ormModel) pk() string {
	for _, f := range m.fields {
		if f.pk {
			return f.column
		}
	}
	return ""
}

func (m *ormModel) column(goName string) (string, bool) {
	for _, f := range m.fields {
		if f.name == goName {
			return f.column, true
		}
	}
	return "", false
}

// structOf returns the struct of a model type (see modelStruct), and its
// name when it has one.
func structOf(t types.Type) (*types.Named, *types.Struct) {
	if n := modelStruct(t); n != nil {
		s, _ := n.Underlying().(*types.Struct)
		return n, s
	}
	for i := 0; i < 4 && t != nil; i++ {
		switch u := types.Unalias(t).(type) {
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		case *types.Struct:
			return nil, u
		default:
			return nil, nil
		}
	}
	return nil, nil
}

// isTimeType reports whether t is time.Time or *time.Time.
func isTimeType(t types.Type) bool {
	n := namedOf(t)
	return n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Time"
}

// isColumnType reports whether a field of type t is stored in a column
// (as opposed to a relation): basic types, []byte, time.Time, and types
// that implement sql.Scanner or driver.Valuer.
func isColumnType(t types.Type) bool {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	if isTimeType(t) {
		return true
	}
	for _, m := range []string{"Scan", "Value"} {
		if obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(t), true, nil, m); obj != nil {
			if _, ok := obj.(*types.Func); ok {
				return true
			}
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return true
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && b.Kind() == types.Byte
	case *types.Array:
		return true
	}
	return false
}

// tableNameMethod returns the constant a model's TableName() method
// returns: from its body when the type is declared in this package,
// from a TableNameFact otherwise. has is false when the type has no such
// method; ok is false when it has one whose result is not known.
func (x *extractor) tableNameMethod(n *types.Named) (name string, has, ok bool) {
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(n), true, n.Obj().Pkg(), "TableName")
	fn, isFn := obj.(*types.Func)
	if !isFn {
		return "", false, false
	}
	if fn.Signature().Params().Len() != 0 || fn.Signature().Results().Len() != 1 {
		return "", false, false
	}
	if fn.Pkg() == x.pkg {
		s, ok := x.constResult(fn)
		return s, true, ok
	}
	if x.importTableName != nil {
		if s, ok := x.importTableName(fn); ok {
			return s, true, true
		}
	}
	return "", true, false
}

// constResult returns the string constant a function of this package
// returns in its only return statement.
func (x *extractor) constResult(fn *types.Func) (string, bool) {
	fd := x.funcDecl(fn)
	if fd == nil || len(fd.Body.List) != 1 {
		return "", false
	}
	ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return "", false
	}
	tv, ok := x.info.Types[ret.Results[0]]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// TableNameFact is exported on a model's TableName method (gorm) that
// returns a constant, so that queries on the model in other packages
// know its table.
type TableNameFact struct{ Name string }

// AFact implements analysis.Fact.
func (*TableNameFact) AFact() {}

func (f *TableNameFact) String() string { return "tablename(" + f.Name + ")" }

// tableNameFacts returns the TableName methods of this package that
// return a constant.
func (x *extractor) tableNameFacts() map[*types.Func]string {
	out := map[*types.Func]string{}
	if !x.usesBuilders() {
		return out
	}
	for _, f := range x.files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Body == nil || fd.Name.Name != "TableName" {
				continue
			}
			fn, ok := x.info.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			if s, ok := x.constResult(fn); ok {
				out[fn] = s
			}
		}
	}
	return out
}

func structTag(s *types.Struct, i int, key string) (string, bool) {
	return reflect.StructTag(s.Tag(i)).Lookup(key)
}
