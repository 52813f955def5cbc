package rules

import (
	"github.com/softdelete/softdelete/internal/pgast"
)

// inspect is pgast.Inspect: every message below m, depth first.
func inspect(m pgast.Message, fn func(msg pgast.Message) bool) {
	pgast.Inspect(m, fn)
}

// columnName returns the dotted parts of a column reference; a trailing
// `*` yields "*".
func columnName(cr *pgast.ColumnRef) []string {
	parts := make([]string, 0, len(cr.Fields))
	for _, f := range cr.Fields {
		switch v := f.Node.(type) {
		case *pgast.Node_String_:
			parts = append(parts, v.String_.Sval)
		case *pgast.Node_AStar:
			parts = append(parts, "*")
		default:
			return nil
		}
	}
	return parts
}

// unwrapCast strips type casts: 'f'::boolean, $1::timestamptz.
func unwrapCast(n *pgast.Node) *pgast.Node {
	for n != nil {
		tc := n.GetTypeCast()
		if tc == nil {
			return n
		}
		n = tc.Arg
	}
	return n
}
