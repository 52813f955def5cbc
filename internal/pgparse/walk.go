package pgparse

import (
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Inspect calls fn for every message in the tree below m, depth first,
// through protobuf reflection, so that expression shapes this package does
// not name (CASE, function calls, array constructors, JSON operators...)
// are still searched. If fn returns false the message's children are
// skipped. Wrapper *pg_query.Node values are unwrapped before fn sees them.
func Inspect(m protoreflect.ProtoMessage, fn func(msg protoreflect.ProtoMessage) bool) {
	if m == nil {
		return
	}
	if n, ok := m.(*pg_query.Node); ok {
		if n == nil || n.Node == nil {
			return
		}
		rm := n.ProtoReflect()
		// A Node holds exactly one member of its oneof.
		if fd := rm.WhichOneof(nodeOneof()); fd != nil {
			Inspect(rm.Get(fd).Message().Interface(), fn)
		}
		return
	}
	rm := m.ProtoReflect()
	if !rm.IsValid() || !fn(m) {
		return
	}
	for _, fd := range messageFields(rm.Descriptor()) {
		if fd.IsList() {
			l := rm.Get(fd).List()
			for i := 0; i < l.Len(); i++ {
				Inspect(l.Get(i).Message().Interface(), fn)
			}
		} else if rm.Has(fd) {
			Inspect(rm.Get(fd).Message().Interface(), fn)
		}
	}
}

// nodeOneof is looked up on first use: building pg_query's protobuf
// descriptors costs milliseconds, which every go vet process would pay at
// start-up, the many that never walk a tree included.
var nodeOneof = sync.OnceValue(func() protoreflect.OneofDescriptor {
	return (&pg_query.Node{}).ProtoReflect().Descriptor().Oneofs().Get(0)
})

// messageFieldsCache maps a message descriptor to its fields that hold
// messages: the only ones Inspect descends into. Scalars are never read,
// which is most of what reflection would otherwise convert and allocate.
var messageFieldsCache sync.Map // protoreflect.FullName -> []protoreflect.FieldDescriptor

func messageFields(md protoreflect.MessageDescriptor) []protoreflect.FieldDescriptor {
	if v, ok := messageFieldsCache.Load(md.FullName()); ok {
		return v.([]protoreflect.FieldDescriptor)
	}
	var out []protoreflect.FieldDescriptor
	fields := md.Fields()
	for i := 0; i < fields.Len(); i++ {
		if fd := fields.Get(i); fd.Kind() == protoreflect.MessageKind && !fd.IsMap() {
			out = append(out, fd)
		}
	}
	messageFieldsCache.Store(md.FullName(), out)
	return out
}
