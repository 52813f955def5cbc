package rules

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// inspect calls fn for every message in the tree below m, depth first,
// through protobuf reflection, so that expression shapes this package does
// not name (CASE, function calls, array constructors, JSON operators...)
// are still searched. If fn returns false the message's children are
// skipped. Wrapper *pg_query.Node values are unwrapped before fn sees them.
func inspect(m protoreflect.ProtoMessage, fn func(msg protoreflect.ProtoMessage) bool) {
	if m == nil {
		return
	}
	if n, ok := m.(*pg_query.Node); ok {
		if n == nil || n.Node == nil {
			return
		}
		inner := n.ProtoReflect()
		inner.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			if fd.Kind() == protoreflect.MessageKind {
				inspect(v.Message().Interface(), fn)
			}
			return false // a Node holds exactly one member of its oneof
		})
		return
	}
	rm := m.ProtoReflect()
	if !rm.IsValid() || !fn(m) {
		return
	}
	rm.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if fd.Kind() != protoreflect.MessageKind {
			return true
		}
		if fd.IsList() {
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				inspect(l.Get(i).Message().Interface(), fn)
			}
		} else if !fd.IsMap() {
			inspect(v.Message().Interface(), fn)
		}
		return true
	})
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
