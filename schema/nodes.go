package schema

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/softdelete/softdelete/internal/pgparse"
)

// stringList returns the String values of a list of nodes: qualified
// names, column lists. Other nodes (a * in a column list) are skipped.
func stringList(nodes []*pg_query.Node) []string {
	var out []string
	for _, n := range nodes {
		if s := n.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

// lastName is the unqualified part of a qualified name, or "".
func lastName(nodes []*pg_query.Node) string {
	names := stringList(nodes)
	if len(names) == 0 {
		return ""
	}
	return names[len(names)-1]
}

func lower(s string) string { return strings.ToLower(s) }

// deparse prints a default expression. The result is only shown to
// people, so an expression the deparser refuses still gets a non-empty
// placeholder: "" would mean there is no default.
func deparse(expr *pg_query.Node) string {
	if s, ok := pgparse.DeparseExpr(expr); ok {
		return s
	}
	return "(expression)"
}

// generatingFuncs are the functions whose results a default never
// repeats: sequences and random or time-ordered UUIDs and ULIDs.
var generatingFuncs = map[string]bool{
	"nextval":            true,
	"gen_random_uuid":    true,
	"uuidv4":             true,
	"uuidv7":             true,
	"uuid_generate_v1":   true,
	"uuid_generate_v1mc": true,
	"uuid_generate_v4":   true,
	"uuid_generate_v6":   true,
	"uuid_generate_v7":   true,
	"gen_ulid":           true,
	"generate_ulid":      true,
	"gen_random_ulid":    true,
}

// generatesValues reports whether a default expression calls one of the
// generating functions, possibly under casts or concatenation.
func generatesValues(expr *pg_query.Node) bool {
	found := false
	walk(expr, func(m protoreflect.ProtoMessage) {
		if fc, ok := m.(*pg_query.FuncCall); ok && generatingFuncs[lower(lastName(fc.Funcname))] {
			found = true
		}
	})
	return found
}

// columnRefs lists the column names an expression uses, unqualified.
func columnRefs(expr *pg_query.Node) []string {
	var cols []string
	walk(expr, func(m protoreflect.ProtoMessage) {
		if cr, ok := m.(*pg_query.ColumnRef); ok {
			if name := lastName(cr.Fields); name != "" {
				cols = append(cols, name)
			}
		}
	})
	return cols
}

// renameColumnRefs renames references to a column of table in an
// expression: unqualified ones, and ones qualified by the table name.
func renameColumnRefs(expr *pg_query.Node, table, old, name string) {
	walk(expr, func(m protoreflect.ProtoMessage) {
		cr, ok := m.(*pg_query.ColumnRef)
		if !ok || len(cr.Fields) == 0 {
			return
		}
		last := cr.Fields[len(cr.Fields)-1].GetString_()
		if last == nil || last.Sval != old {
			return
		}
		if len(cr.Fields) >= 2 {
			if q := cr.Fields[len(cr.Fields)-2].GetString_(); q == nil || q.Sval != table {
				return
			}
		}
		last.Sval = name
	})
}

// walk calls fn for every message in a parse tree, depth first.
func walk(n *pg_query.Node, fn func(protoreflect.ProtoMessage)) {
	pgparse.Inspect(n, func(m protoreflect.ProtoMessage) bool {
		fn(m)
		return true
	})
}
