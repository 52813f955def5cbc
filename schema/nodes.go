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

// clockFuncs read the clock: as the default of a timestamp column they
// give each transaction a new value, so a row inserted after another was
// deleted never repeats its value (a date would: one a day).
var clockFuncs = map[string]bool{
	"now":                   true,
	"clock_timestamp":       true,
	"statement_timestamp":   true,
	"transaction_timestamp": true,
}

// generatesValues reports whether a default expression of a column of
// type typ makes a value no later insert repeats: it calls one of the
// generating functions, possibly under casts or concatenation; it reads
// the clock into a timestamp; or it turns random() into text
// (md5(random()::text)), where random() into a number could repeat.
func generatesValues(expr *pgast.Node, typ string) bool {
	timestamp := typ == "timestamptz" || typ == "timestamp"
	text := typ == "text" || typ == "varchar" || typ == "bpchar" || typ == "citext"
	found := false
	walk(expr, func(m pgast.Message) {
		switch m := m.(type) {
		case *pgast.FuncCall:
			name := lower(lastName(m.Funcname))
			found = found || generatingFuncs[name] || timestamp && clockFuncs[name] || text && name == "random"
		case *pgast.SQLValueFunction:
			found = found || timestamp && (m.Op == pgast.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP || m.Op == pgast.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP)
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
