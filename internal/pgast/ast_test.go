package pgast

import (
	"strings"
	"testing"

	"github.com/pganalyze/pg_query_go/v6/parser"
)

// TestDepthLimit: nesting past the limit is an error in both decoders,
// not a stack overflow.
func TestDepthLimit(t *testing.T) {
	deep := "SELECT " + strings.Repeat("1 + (", 200) + "1" + strings.Repeat(")", 200)
	b, err := parser.ParseToProtobuf(deep)
	if err != nil {
		t.Fatal(err)
	}
	if err := decodeParseResult(b, &ParseResult{}, 100); err != errTooDeep {
		t.Errorf("protobuf: error %v, want %v", err, errTooDeep)
	}
	js, err := parser.ParseToJSON(deep)
	if err != nil {
		t.Fatal(err)
	}
	d := &jsonDecoder{data: js}
	jsonDecodeParseResult(d, &ParseResult{}, 100)
	if d.err != errTooDeep {
		t.Errorf("JSON: error %v, want %v", d.err, errTooDeep)
	}
}

// TestCloneAndMarshal: a clone is equal and independent.
func TestCloneAndMarshal(t *testing.T) {
	js, err := parser.ParseToJSON("SELECT a FROM t WHERE deleted_at IS NULL AND b = 'x'")
	if err != nil {
		t.Fatal(err)
	}
	tree, err := DecodeJSON(js)
	if err != nil {
		t.Fatal(err)
	}
	where := tree.Stmts[0].Stmt.GetSelectStmt().WhereClause
	c := Clone(where)
	if string(c.Marshal()) != string(where.Marshal()) {
		t.Fatal("clone differs")
	}
	c.GetBoolExpr().Args = nil
	if len(where.GetBoolExpr().Args) != 2 {
		t.Fatal("changing the clone changed the original")
	}
	if Clone(nil) != nil {
		t.Fatal("Clone(nil)")
	}
}
