package pgparse

import (
	"github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/softdelete/softdelete/internal/pgast"
)

// parseTree parses text into a tree. libpg_query writes JSON four times
// faster than protobuf (26 against 107 µs for a two-join query), which go
// vet pays for every query of every package, so the JSON is read; should it
// ever not decode, the protobuf output is decoded instead, so a surprise in
// the JSON costs time, never a tree.
func parseTree(text string) (*pgast.ParseResult, error) {
	js, err := parser.ParseToJSON(text)
	if err != nil {
		return nil, err
	}
	if tree, err := pgast.DecodeJSON(js); err == nil {
		return tree, nil
	}
	return parseTreeProtobuf(text)
}

// parseTreeProtobuf parses through libpg_query's protobuf output.
func parseTreeProtobuf(text string) (*pgast.ParseResult, error) {
	b, err := parser.ParseToProtobuf(text)
	if err != nil {
		return nil, err
	}
	return pgast.DecodeProtobuf(b)
}

// scanTokens runs PostgreSQL's scanner over text.
func scanTokens(text string) (*pgast.ScanResult, error) {
	b, err := parser.ScanToProtobuf(text)
	if err != nil {
		return nil, err
	}
	return pgast.DecodeScan(b)
}
