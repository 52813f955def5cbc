package pgparse

import (
	"reflect"
	"testing"
)

// TestParseTreePaths: the JSON path and its protobuf fallback give the same
// tree. The decoders themselves are checked against the protobuf runtime in
// pgast.
func TestParseTreePaths(t *testing.T) {
	for _, text := range []string{
		benchJoin,
		"SELECT 1",
		"INSERT INTO t (a) VALUES ($1) ON CONFLICT (a) WHERE deleted_at IS NULL DO NOTHING",
		"CREATE UNIQUE INDEX i ON t (email) WHERE deleted_at IS NULL",
	} {
		fromJSON, err := parseTree(text)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		fromProtobuf, err := parseTreeProtobuf(text)
		if err != nil {
			t.Fatalf("%q: protobuf: %v", text, err)
		}
		if !reflect.DeepEqual(fromJSON, fromProtobuf) {
			t.Errorf("%q: JSON and protobuf trees differ", text)
		}
	}
	if _, err := parseTree("SELECT FROM WHERE"); err == nil {
		t.Error("a syntax error parsed")
	}
	toks, err := scanTokens("SELECT a FROM t")
	if err != nil || len(toks.Tokens) != 4 {
		t.Errorf("scanTokens: %d tokens, error %v; want 4", len(toks.GetTokens()), err)
	}
}
