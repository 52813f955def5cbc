package schema

import (
	"strings"

	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/internal/pgparse"
)

// stringList returns the String values of a list of nodes: qualified
// names, column lists. Other nodes (a * in a column list) are skipped.
func stringList(nodes []*pgast.Node) []string {
	var out []string
	for _, n := range nodes {
		if s := n.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

// lastName is the unqualified part of a qualified name, or "".
func lastName(nodes []*pgast.Node) string {
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
func deparse(expr *pgast.Node) string {
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
func generatesValues(expr *pgast.Node) bool {
	found := false
	walk(expr, func(m pgast.Message) {
		if fc, ok := m.(*pgast.FuncCall); ok && generatingFuncs[lower(lastName(fc.Funcname))] {
			found = true
		}
	})
	return found
}

// columnRefs lists the column names an expression uses, unqualified.
func columnRefs(expr *pgast.Node) []string {
	var cols []string
	walk(expr, func(m pgast.Message) {
		if cr, ok := m.(*pgast.ColumnRef); ok {
			if name := lastName(cr.Fields); name != "" {
				cols = append(cols, name)
			}
		}
	})
	return cols
}

// renameColumnRefs renames references to a column of table in an
// expression: unqualified ones, and ones qualified by the table name.
func renameColumnRefs(expr *pgast.Node, table, old, name string) {
	walk(expr, func(m pgast.Message) {
		cr, ok := m.(*pgast.ColumnRef)
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
func walk(n *pgast.Node, fn func(pgast.Message)) {
	pgast.Inspect(n, func(m pgast.Message) bool {
		fn(m)
		return true
	})
}
