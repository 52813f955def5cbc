// Package pgast is PostgreSQL's parse tree as Go types: the messages of
// pg_query's protobuf schema, with the names pg_query_go gives them,
// generated (gen.go) from pg_query_go's descriptors into plain structs.
//
// softdelete does not use pg_query_go's own types at run time: they are
// protobuf messages, and the protobuf runtime registers and initialises
// pg_query's ~270 message types in every process that links them (2 to
// 3 ms of start-up measured, in each of the hundreds of processes go vet
// starts). These types carry no runtime: trees are decoded from
// libpg_query's JSON or protobuf output by generated code, walked by
// generated code, and encoded back to protobuf for the deparser.
package pgast

//go:generate go run gen.go

// Message is any node of a parse tree.
type Message interface {
	pgastMessage()
}

// Inspect calls fn for every message in the tree below m, depth first, in
// field declaration order, so that expression shapes a caller does not
// name (CASE, function calls, array constructors, JSON operators...) are
// still searched. If fn returns false the message's children are skipped.
// Wrapper *Node values are unwrapped before fn sees them.
func Inspect(m Message, fn func(Message) bool) {
	if m == nil {
		return
	}
	inspect(m, fn)
}

// Locations calls fn with a pointer to each byte position field of m
// itself (location, stmt_location, ...), not of its children; field is the
// protobuf field name. Unknown positions are -1.
func Locations(m Message, fn func(field string, loc *int32)) {
	if m == nil {
		return
	}
	locations(m, fn)
}

// DecodeProtobuf decodes a parse result in protobuf wire format
// (libpg_query's parser.ParseToProtobuf).
func DecodeProtobuf(b []byte) (*ParseResult, error) {
	tree := &ParseResult{}
	if err := decodeParseResult(b, tree, MaxDepth); err != nil {
		return nil, err
	}
	return tree, nil
}

// DecodeScan decodes a scan result in protobuf wire format
// (libpg_query's parser.ScanToProtobuf).
func DecodeScan(b []byte) (*ScanResult, error) {
	res := &ScanResult{}
	if err := decodeScanResult(b, res, MaxDepth); err != nil {
		return nil, err
	}
	return res, nil
}

// DecodeNode decodes one node written by Node.Marshal.
func DecodeNode(b []byte) (*Node, error) {
	n := &Node{}
	if err := decodeNode(b, n, MaxDepth); err != nil {
		return nil, err
	}
	return n, nil
}

// Marshal encodes the parse result in protobuf wire format, for the
// deparser (parser.DeparseFromProtobuf).
func (x *ParseResult) Marshal() []byte { return x.appendTo(nil) }

// Marshal encodes the node in protobuf wire format.
func (x *Node) Marshal() []byte { return x.appendTo(nil) }

// Clone returns a deep copy of n.
func Clone(n *Node) *Node {
	if n == nil {
		return nil
	}
	c, err := DecodeNode(n.Marshal())
	if err != nil {
		panic("pgast: a node does not survive its own encoding: " + err.Error())
	}
	return c
}

// MakeStrNode returns a String node, as pg_query_go's helper of that name.
func MakeStrNode(s string) *Node {
	return &Node{Node: &Node_String_{String_: &String{Sval: s}}}
}
