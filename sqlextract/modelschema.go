package sqlextract

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"

	"github.com/softdelete/softdelete/internal/libs"
)

// A ModelSchema is a gorm model declared in the package whose rows gorm
// soft-deletes (a gorm.DeletedAt field, its own or embedded), with the
// unique keys its field tags declare: the table gorm's AutoMigrate
// creates from it, for a module whose schema is its models.
type ModelSchema struct {
	Type    string    // the Go type's name
	Pos     token.Pos // its declaration
	Table   string
	Columns []string
	// SoftDeleteColumn is the column of the soft-delete field, Live the
	// test gorm adds after it (" IS NULL", " = 0").
	SoftDeleteColumn, Live string
	Keys                   []ModelKey
}

// A ModelKey is a unique key of a model's tags, named as gorm names it.
type ModelKey struct {
	Name       string
	Named      bool // the tag names it (fields that share the name form it)
	Constraint bool // "unique": a constraint, not an index
	Columns    []string
	Where      string // the where: option, "" for none
	// Pos is the tag of its first field, or the model's declaration when
	// that field is embedded from another package.
	Pos token.Pos
}

// GormModelSchemas returns the soft-deleted gorm models the package
// declares, in the order of their declarations.
func GormModelSchemas(pass *analysis.Pass) []ModelSchema {
	u, _, _, _ := newUnit(pass)
	x := newExtractor(u, Options{})
	if !x.usesBuilders() {
		return nil // no ORM below this package: no model
	}
	var out []ModelSchema
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				if _, isStruct := ts.Type.(*ast.StructType); !isStruct {
					continue
				}
				obj, ok := pass.TypesInfo.Defs[ts.Name].(*types.TypeName)
				if !ok {
					continue
				}
				if ms, ok := x.gormModelSchema(obj, ts.Name.Pos()); ok {
					out = append(out, ms)
				}
			}
		}
	}
	return out
}

func (x *extractor) gormModelSchema(obj *types.TypeName, at token.Pos) (ModelSchema, bool) {
	m, ok := x.gormModel(obj.Type())
	if !ok || m.soft == nil || m.table == "" {
		return ModelSchema{}, false
	}
	ms := ModelSchema{Type: obj.Name(), Pos: at, Table: m.table, SoftDeleteColumn: m.soft.column, Live: m.soft.Live}
	type member struct {
		column   string
		priority int
		pos      token.Pos
	}
	type group struct {
		key     libs.GormKey
		members []member
	}
	var groups []*group
	named := map[string]*group{}
	for _, f := range m.fields {
		ms.Columns = append(ms.Columns, f.column)
		pos := at
		if f.v != nil && f.v.Pkg() == x.pkg {
			pos = f.v.Pos()
		}
		for _, k := range libs.GormUniqueKeys(f.tag) {
			mem := member{f.column, k.Priority, pos}
			if k.Name != "" && !k.Constraint {
				if g := named[k.Name]; g != nil {
					g.members = append(g.members, mem)
					g.key.Expression = g.key.Expression || k.Expression
					if g.key.Where == "" {
						g.key.Where = k.Where
					}
					continue
				}
			}
			g := &group{key: k, members: []member{mem}}
			if k.Name != "" && !k.Constraint {
				named[k.Name] = g
			}
			groups = append(groups, g)
		}
	}
	for _, g := range groups {
		if g.key.Expression {
			continue // its columns are not the fields'
		}
		sort.SliceStable(g.members, func(i, j int) bool { return g.members[i].priority < g.members[j].priority })
		key := ModelKey{Name: libs.GormKeyName(g.key, m.table, g.members[0].column), Named: g.key.Name != "",
			Constraint: g.key.Constraint, Where: g.key.Where, Pos: g.members[0].pos}
		for _, mem := range g.members {
			key.Columns = append(key.Columns, mem.column)
		}
		ms.Keys = append(ms.Keys, key)
	}
	return ms, true
}
