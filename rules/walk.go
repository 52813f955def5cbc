package rules

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/softdelete/softdelete/internal/pgparse"
)

// inspect is pgparse.Inspect: every message below m, depth first.
func inspect(m protoreflect.ProtoMessage, fn func(msg protoreflect.ProtoMessage) bool) {
	pgparse.Inspect(m, fn)
}

// columnName returns the dotted parts of a column reference; a trailing
// `*` yields "*".
func columnName(cr *pg_query.ColumnRef) []string {
	parts := make([]string, 0, len(cr.Fields))
	for _, f := range cr.Fields {
		switch v := f.Node.(type) {
		case *pg_query.Node_String_:
			parts = append(parts, v.String_.Sval)
		case *pg_query.Node_AStar:
			parts = append(parts, "*")
		default:
			return nil
		}
	}
	return parts
}

// unwrapCast strips type casts: 'f'::boolean, $1::timestamptz.
func unwrapCast(n *pg_query.Node) *pg_query.Node {
	for n != nil {
		tc := n.GetTypeCast()
		if tc == nil {
			return n
		}
		n = tc.Arg
	}
	return n
}
