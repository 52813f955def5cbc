package pgparse

import (
	"errors"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"
	"google.golang.org/protobuf/reflect/protoreflect"
)

//go:generate go run gentree.go

// Inspect calls fn for every message in the tree below m, depth first, in
// field declaration order, so that expression shapes this package does
// not name (CASE, function calls, array constructors, JSON operators...)
// are still searched. If fn returns false the message's children are
// skipped. Wrapper *pg_query.Node values are unwrapped before fn sees them.
//
// The walk is generated code (tree_gen.go), not protobuf reflection:
// reflection would build pg_query's descriptors, milliseconds that every
// go vet process would pay.
func Inspect(m protoreflect.ProtoMessage, fn func(msg protoreflect.ProtoMessage) bool) {
	if m == nil {
		return
	}
	inspect(m, fn)
}

// Locations calls fn with a pointer to each byte position field of m
// itself (location, stmt_location, ...), not of its children; field is the
// protobuf field name. Unknown positions are -1.
func Locations(m protoreflect.ProtoMessage, fn func(field string, loc *int32)) {
	if m == nil {
		return
	}
	locations(m, fn)
}

var (
	errTooDeep     = errors.New("parse tree nested too deeply")
	errInvalidUTF8 = errors.New("parse tree holds a string that is not valid UTF-8")
)

// maxTreeDepth bounds decoding recursion, as the protobuf runtime does.
const maxTreeDepth = 10000

// scanTokens is pg_query.Scan with the result decoded by generated code.
func scanTokens(text string) (*pg_query.ScanResult, error) {
	b, err := parser.ScanToProtobuf(text)
	if err != nil {
		return nil, err
	}
	res := &pg_query.ScanResult{}
	if err := decodeScanResult(b, res, maxTreeDepth); err != nil {
		return nil, err
	}
	return res, nil
}

// DecodeNode decodes a node encoded with proto.Marshal (cached schema
// predicates).
func DecodeNode(b []byte) (*pg_query.Node, error) {
	n := &pg_query.Node{}
	if err := decodeNode(b, n, maxTreeDepth); err != nil {
		return nil, err
	}
	return n, nil
}
