package pgparse

import (
	"testing"

	"github.com/pganalyze/pg_query_go/v6/parser"
)

const benchJoin = `SELECT o.id, o.total, u.email, u.name FROM orders o JOIN users u ON u.id = o.user_id AND u.deleted_at IS NULL LEFT JOIN order_items i ON i.order_id = o.id WHERE o.deleted_at IS NULL AND o.user_id = $1 ORDER BY o.id`

// BenchmarkParse is the uncached cost of one query: the placeholder scan
// and the parse to Go structs the rules walk.
func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		if q := parseQuery(benchJoin); q.Err != nil {
			b.Fatal(q.Err)
		}
	}
}

func BenchmarkParseWithPlaceholders(b *testing.B) {
	text := `SELECT o.id FROM orders o JOIN users u ON u.id = o.user_id WHERE o.user_id = ? AND u.email = ? AND o.deleted_at IS NULL`
	for b.Loop() {
		if q := parseQuery(text); q.Err != nil {
			b.Fatal(q.Err)
		}
	}
}

// BenchmarkParseToJSON is libpg_query alone, for comparison: the rest of
// BenchmarkParse is decoding its JSON into the tree.
func BenchmarkParseToJSON(b *testing.B) {
	for b.Loop() {
		if _, err := parser.ParseToJSON(benchJoin); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseCached is what every repeat of a text costs.
func BenchmarkParseCached(b *testing.B) {
	first := ParseQuery(benchJoin)
	for b.Loop() {
		if q := ParseQuery(benchJoin); q != first || q.Err != nil {
			b.Fatalf("a repeat is not the cached parse: %p vs %p, %v", q, first, q.Err)
		}
	}
}

// BenchmarkParseProtobuf is the fallback path, through libpg_query's
// protobuf output.
func BenchmarkParseProtobuf(b *testing.B) {
	for b.Loop() {
		if _, err := parseTreeProtobuf(benchJoin); err != nil {
			b.Fatal(err)
		}
	}
}
