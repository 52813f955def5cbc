package pgast_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/softdelete/softdelete/internal/pgast"
)

const benchJoin = `SELECT o.id, o.total, u.email, u.name FROM orders o JOIN users u ON u.id = o.user_id AND u.deleted_at IS NULL LEFT JOIN order_items i ON i.order_id = o.id WHERE o.deleted_at IS NULL AND o.user_id = $1 ORDER BY o.id`

// treeCorpus is SQL of every shape the rules meet, plus every migration
// and query file under the repository's testdata.
func treeCorpus(t testing.TB) []string {
	texts := []string{
		benchJoin,
		"SELECT 1",
		"SELECT a, 1.5, -2, 'x', true, B'101', X'ff', NULL::int FROM t WHERE b = $1",
		"WITH RECURSIVE r AS (SELECT id FROM t WHERE parent IS NULL UNION ALL SELECT t.id FROM t JOIN r ON t.parent = r.id) SELECT * FROM r",
		"INSERT INTO t (a, b) VALUES ($1, DEFAULT) ON CONFLICT (a) WHERE deleted_at IS NULL DO UPDATE SET b = EXCLUDED.b RETURNING *",
		"UPDATE t SET deleted_at = now() FROM u WHERE u.id = t.u AND t.deleted_at IS NULL RETURNING t.id",
		"DELETE FROM t USING u WHERE u.id = t.u",
		"MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET a = s.a WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id)",
		"SELECT CASE WHEN a > 1 THEN 'x' ELSE 'y' END, count(*) FILTER (WHERE b), row_number() OVER (PARTITION BY c ORDER BY d) FROM t GROUP BY GROUPING SETS ((a), ()) HAVING sum(e) > 0",
		"SELECT ARRAY[1,2], a[1:2], j->>'k', j #> '{a}', x IS DISTINCT FROM y, z BETWEEN 1 AND 2, EXISTS (SELECT 1 FROM u), w IN (SELECT v FROM u) FROM t",
		"CREATE TABLE t (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, deleted_at timestamptz, CONSTRAINT c CHECK (id > 0), FOREIGN KEY (x) REFERENCES u (id) ON DELETE CASCADE)",
		"CREATE UNIQUE INDEX CONCURRENTLY i ON t (lower(email)) INCLUDE (id) WHERE deleted_at IS NULL",
		"ALTER TABLE t ADD COLUMN d timestamptz DEFAULT now(), ALTER COLUMN e SET NOT NULL, DROP CONSTRAINT c",
		"CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
		"CREATE TRIGGER tr AFTER UPDATE OF deleted_at ON t FOR EACH ROW EXECUTE FUNCTION f()",
		"CREATE POLICY p ON t USING (deleted_at IS NULL)",
		"CREATE VIEW v AS SELECT * FROM t WHERE deleted_at IS NULL",
		"COPY t FROM STDIN; SET search_path = public; SELECT set_config('a', 'b', false)",
		"SELECT 'é', E'\\n', U&'\\0041' FROM t LIMIT 10 OFFSET 5 FOR UPDATE SKIP LOCKED",
		"CREATE STATISTICS s (dependencies) ON a, b FROM t",
		"SELECT 1.5e300::float8, 12345678901234567890",
	}
	root := filepath.Join("..", "..", "testdata")
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".sql") {
			if b, err := os.ReadFile(path); err == nil {
				texts = append(texts, string(b))
			}
		}
		return nil
	})
	return texts
}

// TestDecodeMatchesProtobuf: the generated decoder builds exactly the
// tree the protobuf runtime builds from the same bytes.
func TestDecodeMatchesProtobuf(t *testing.T) {
	parsed := 0
	for _, text := range treeCorpus(t) {
		if checkDecode(t, text) {
			parsed++
		}
	}
	if parsed < 25 {
		t.Fatalf("only %d texts of the corpus parsed", parsed)
	}
}

func checkDecode(t testing.TB, text string) bool {
	b, err := parser.ParseToProtobuf(text)
	if err != nil {
		return false
	}
	want := &pg_query.ParseResult{}
	wantErr := proto.Unmarshal(b, want)
	fromProto, gotErr := pgast.DecodeProtobuf(b)
	if (wantErr == nil) != (gotErr == nil) {
		t.Fatalf("%.80q: protobuf error %v, generated decoder error %v", text, wantErr, gotErr)
	}
	if wantErr != nil {
		return false
	}
	// The tree survives the generated encoder into pg_query_go's own
	// types unchanged: decoder and encoder agree with the protobuf
	// runtime.
	if !equalToProtobuf(t, want, fromProto) {
		t.Fatalf("%.80q: tree differs from protobuf's", text)
	}
	// The JSON decoder is checked on its own: pgparse falls back to
	// protobuf when it fails, which would hide its errors there.
	js, err := parser.ParseToJSON(text)
	if err != nil {
		t.Fatalf("%.80q: protobuf output but JSON error %v", text, err)
	}
	fromJSON, err := pgast.DecodeJSON(js)
	if err != nil {
		t.Fatalf("%.80q: JSON tree: %v\n%.300s", text, err, js)
	}
	if !reflect.DeepEqual(fromJSON, fromProto) {
		t.Fatalf("%.80q: JSON tree differs from protobuf's", text)
	}
	if w, g := reflectWalk(want), generatedWalk(fromProto); w != g {
		t.Fatalf("%.80q: Inspect visits\n%s\nreflection visits\n%s", text, g, w)
	}

	sb, err := parser.ScanToProtobuf(text)
	if err == nil {
		want := &pg_query.ScanResult{}
		if proto.Unmarshal(sb, want) == nil {
			got, err := pgast.DecodeScan(sb)
			if err != nil || len(got.Tokens) != len(want.Tokens) {
				t.Fatalf("%.80q: generated scan decoder differs (error %v)", text, err)
			}
			for i, tok := range got.Tokens {
				w := want.Tokens[i]
				if tok.Start != w.Start || tok.End != w.End || int32(tok.Token) != int32(w.Token) || int32(tok.KeywordKind) != int32(w.KeywordKind) {
					t.Fatalf("%.80q: token %d differs: %v against %v", text, i, tok, w)
				}
			}
		}
	}
	return true
}

// equalToProtobuf encodes tree with the generated encoder, decodes it with
// the protobuf runtime into pg_query_go's types, and compares.
func equalToProtobuf(t testing.TB, want *pg_query.ParseResult, tree *pgast.ParseResult) bool {
	back := &pg_query.ParseResult{}
	if err := proto.Unmarshal(tree.Marshal(), back); err != nil {
		t.Fatalf("generated encoding does not decode: %v", err)
	}
	return proto.Equal(want, back)
}

// reflectWalk lists the messages and location fields that protobuf
// reflection finds, in its order: what Inspect and Locations must match.
func reflectWalk(m protoreflect.ProtoMessage) string {
	var sb strings.Builder
	var visit func(m protoreflect.Message)
	visit = func(m protoreflect.Message) {
		md := m.Descriptor()
		if md.Name() == "Node" {
			m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
				visit(v.Message())
				return true
			})
			return
		}
		sb.WriteString(string(md.Name()))
		fields := md.Fields()
		for i := 0; i < fields.Len(); i++ {
			fd := fields.Get(i)
			if fd.Kind() == protoreflect.Int32Kind && !fd.IsList() && strings.HasSuffix(string(fd.Name()), "location") {
				sb.WriteString(" " + string(fd.Name()) + "=")
				sb.WriteString(m.Get(fd).String())
			}
		}
		sb.WriteString("\n")
		for i := 0; i < fields.Len(); i++ {
			fd := fields.Get(i)
			switch {
			case fd.Kind() != protoreflect.MessageKind:
			case fd.IsList():
				l := m.Get(fd).List()
				for j := 0; j < l.Len(); j++ {
					visit(l.Get(j).Message())
				}
			case m.Has(fd):
				visit(m.Get(fd).Message())
			}
		}
	}
	visit(m.ProtoReflect())
	return sb.String()
}

func generatedWalk(m pgast.Message) string {
	var sb strings.Builder
	pgast.Inspect(m, func(m pgast.Message) bool {
		sb.WriteString(reflect.TypeOf(m).Elem().Name())
		pgast.Locations(m, func(field string, loc *int32) {
			sb.WriteString(" " + field + "=" + strconv.Itoa(int(*loc)))
		})
		sb.WriteString("\n")
		return true
	})
	return sb.String()
}

// TestInspectSkipsChildren: returning false prunes the subtree only.
func TestInspectSkipsChildren(t *testing.T) {
	js, err := parser.ParseToJSON("SELECT a FROM t WHERE b = 2 AND EXISTS (SELECT c FROM u) AND d = 1")
	if err != nil {
		t.Fatal(err)
	}
	tree, err := pgast.DecodeJSON(js)
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	pgast.Inspect(tree, func(m pgast.Message) bool {
		switch m := m.(type) {
		case *pgast.SubLink:
			return false
		case *pgast.ColumnRef:
			refs = append(refs, m.Fields[0].GetString_().Sval)
		}
		return true
	})
	if got := strings.Join(refs, ","); got != "a,b,d" {
		t.Fatalf("columns outside the subquery = %s, want a,b,d", got)
	}
	pgast.Inspect(nil, func(pgast.Message) bool { t.Fatal("called for nil"); return true })
	pgast.Inspect((*pgast.SelectStmt)(nil), func(pgast.Message) bool { t.Fatal("called for typed nil"); return true })
	pgast.Inspect(&pgast.Node{Node: &pgast.Node_SelectStmt{}}, func(pgast.Message) bool { t.Fatal("called for empty member"); return true })
}

// TestDecodeRejectsBadInput: truncated bytes, a string that is not UTF-8
// and nesting past the limit are errors, as in the protobuf runtime.
func TestDecodeRejectsBadInput(t *testing.T) {
	b, err := parser.ParseToProtobuf(benchJoin)
	if err != nil {
		t.Fatal(err)
	}
	for n := 1; n < len(b); n += 7 {
		_, gotErr := pgast.DecodeProtobuf(b[:n])
		wantErr := proto.Unmarshal(b[:n], &pg_query.ParseResult{})
		if (gotErr == nil) != (wantErr == nil) {
			t.Fatalf("prefix %d: generated error %v, protobuf error %v", n, gotErr, wantErr)
		}
	}
	s := pgast.MakeStrNode("x").Marshal()
	if _, err := pgast.DecodeNode(s); err != nil {
		t.Fatalf("valid node: %v", err)
	}
	s[bytes.IndexByte(s, 'x')] = 0xff
	if _, err := pgast.DecodeNode(s); err == nil {
		t.Fatal("invalid UTF-8 decoded without error")
	}
	deep := strings.Repeat("1 + (", 200) + "1" + strings.Repeat(")", 200)
	b, err = parser.ParseToProtobuf("SELECT " + deep)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pgast.DecodeProtobuf(b); err != nil {
		t.Fatalf("200 levels: %v", err)
	}

}

// TestGeneratedTreeUpToDate: ast_gen.go is what gen.go
// writes for the pg_query_go in go.mod.
func TestGeneratedTreeUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator")
	}
	out := filepath.Join(t.TempDir(), "ast_gen.go")
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "run", "gen.go", "-o", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run gen.go: %v\n%s", err, msg)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile("ast_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, have) {
		t.Fatal("ast_gen.go is stale: run go generate ./internal/pgast")
	}
}

func FuzzDecodeTree(f *testing.F) {
	for _, s := range treeCorpus(f)[:21] {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<14 || strings.IndexByte(text, 0) >= 0 {
			return
		}
		checkDecode(t, text)
	})
}
