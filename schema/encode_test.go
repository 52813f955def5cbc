package schema

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/softdelete/softdelete/internal/pgast"
)

// TestEncodeRoundTrip checks that a decoded catalog equals the loaded one,
// parse trees included.
func TestEncodeRoundTrip(t *testing.T) {
	dir := writeMigrations(t, 7, 20)
	extra := `
CREATE TABLE docs (id serial PRIMARY KEY, owner int, email text, deleted_at timestamptz, UNIQUE (email));
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON docs USING (deleted_at IS NULL AND owner > 0);
CREATE TRIGGER tr AFTER UPDATE OF deleted_at ON docs FOR EACH ROW EXECUTE FUNCTION f();
CREATE RULE r AS ON DELETE TO docs DO INSTEAD UPDATE docs SET deleted_at = now() WHERE id = old.id;
CREATE VIEW live_docs AS SELECT * FROM docs WHERE deleted_at IS NULL;
CREATE TABLE broken (;
`
	if err := os.WriteFile(filepath.Join(dir, "999_extra.up.sql"), []byte(extra), 0o666); err != nil {
		t.Fatal(err)
	}
	cat, err := Load([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	data, err := cat.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if !equalCatalogs(cat, got) {
		t.Errorf("round trip changed the catalog")
	}
	if len(got.Errors) != 1 || got.Tables["docs"].Constraints[1].EffectiveName() != "docs_email_key" {
		t.Errorf("errors %v, constraints %+v", got.Errors, got.Tables["docs"].Constraints)
	}
	for _, bad := range [][]byte{nil, []byte("garbage"), data[:len(data)/2], append(data[:len(data):len(data)], 0)} {
		if c, err := Decode(bad); err == nil {
			t.Errorf("Decode(%d bytes of bad data) = %v, nil", len(bad), c != nil)
		}
	}
	// Every truncation is an error, and no corruption panics or allocates
	// beyond the data (counts are checked against what is left).
	for n := 0; n < len(data); n++ {
		if _, err := Decode(data[:n]); err == nil {
			t.Fatalf("Decode of the first %d of %d bytes succeeded", n, len(data))
		}
	}
	for i := 0; i < len(data); i += 3 {
		bad := append([]byte(nil), data...)
		bad[i] ^= 0xa5
		Decode(bad)
	}
}

// TestEncodeKeepsEveryField: a catalog with every field set survives the
// round trip exactly, so a field added to the schema types but not to the
// encoding fails here.
func TestEncodeKeepsEveryField(t *testing.T) {
	where := &pgast.Node{Node: &pgast.Node_NullTest{NullTest: &pgast.NullTest{
		Arg:          &pgast.Node{Node: &pgast.Node_ColumnRef{ColumnRef: &pgast.ColumnRef{Fields: []*pgast.Node{pgast.MakeStrNode("deleted_at")}, Location: 7}}},
		Nulltesttype: pgast.NullTestType_IS_NULL, Location: 9}}}
	pos := func(n int) Pos { return Pos{File: "/m/001.sql", Offset: n, Line: n + 1, Col: n + 2} }
	cat := &Catalog{
		Files:  []string{"/m/001.sql", "/m/002.sql"},
		Errors: []*LoadError{{Pos: pos(1), Msg: "syntax error"}},
		Tables: map[string]*Table{"app.users": {
			Schema: "app", Name: "users", Pos: pos(2), RLSEnabled: true,
			Columns: []*Column{{Name: "id", Type: "int8", NotNull: true, Default: "nextval('s')", Generated: true, Pos: pos(3), identity: true, genDefault: true}},
			Constraints: []*Constraint{{Kind: ForeignKey, Name: "fk", Columns: []string{"org"}, NullsNotDistinct: true, Pos: pos(4),
				RefSchema: "app", RefTable: "orgs", RefColumns: []string{"id"}, OnDelete: "cascade", implicitName: "users_org_fkey"}},
			Indexes: []*Index{{Name: "ix", Unique: true, Columns: []string{"email", ""}, NullsNotDistinct: true, Where: where, Pos: pos(5),
				implicitName: "users_email_idx", exprColumns: []string{"email"}}},
			Triggers: []*Trigger{{Name: "tr", Timing: "after", Events: []string{"update"}, UpdateColumns: []string{"deleted_at"}, Function: "f", Pos: pos(6)}},
			Policies: []*Policy{{Name: "p", Command: "select", Using: where, Pos: pos(7)}},
			Rules:    []*RewriteRule{{Name: "r", Event: "delete", Instead: true, Where: where, Actions: []*pgast.Node{where, where}, Pos: pos(8)}},
		}},
		Views: map[string]*View{"live": {Schema: "", Name: "live", Columns: []string{}, Query: where, Pos: pos(9), Materialized: true}},
	}
	data, err := cat.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	ix := got.Tables["app.users"].Indexes[0]
	if !reflect.DeepEqual(ix.Predicate(), where) {
		t.Fatalf("index predicate %v", ix.Predicate())
	}
	// Parse trees compare by protobuf equality, then go; the rest must be
	// deeply equal.
	for _, c := range []*Catalog{cat, got} {
		u := c.Tables["app.users"]
		trees := []**pgast.Node{&u.Indexes[0].Where, &u.Policies[0].Using, &u.Rules[0].Where,
			&u.Rules[0].Actions[0], &u.Rules[0].Actions[1], &c.Views["live"].Query}
		for _, n := range trees {
			if *n != nil && !reflect.DeepEqual(*n, where) {
				t.Fatalf("parse tree changed: %v", *n)
			}
			*n = nil
		}
		u.Indexes[0].lazyWhere = nil
	}
	if !reflect.DeepEqual(cat, got) {
		t.Fatalf("round trip changed the catalog:\n%#v\n%#v", cat.Tables["app.users"], got.Tables["app.users"])
	}
}

// equalCatalogs compares two catalogs, parse trees by protobuf equality.
func equalCatalogs(a, b *Catalog) bool {
	if len(a.Tables) != len(b.Tables) || len(a.Views) != len(b.Views) || !reflect.DeepEqual(a.Files, b.Files) || !reflect.DeepEqual(a.Errors, b.Errors) {
		return false
	}
	for k, ta := range a.Tables {
		tb := b.Tables[k]
		if tb == nil || !reflect.DeepEqual(ta.Columns, tb.Columns) || !reflect.DeepEqual(ta.Constraints, tb.Constraints) || !reflect.DeepEqual(ta.Triggers, tb.Triggers) || len(ta.Indexes) != len(tb.Indexes) || len(ta.Policies) != len(tb.Policies) || len(ta.Rules) != len(tb.Rules) {
			return false
		}
		for i := range ta.Indexes {
			x, y := *ta.Indexes[i], *tb.Indexes[i]
			if x.Partial() != y.Partial() || !reflect.DeepEqual(x.Predicate(), y.Predicate()) {
				return false
			}
			x.Where, y.Where, x.lazyWhere, y.lazyWhere = nil, nil, nil, nil
			if !reflect.DeepEqual(x, y) {
				return false
			}
		}
		for i := range ta.Policies {
			if !reflect.DeepEqual(ta.Policies[i].Using, tb.Policies[i].Using) || ta.Policies[i].Name != tb.Policies[i].Name {
				return false
			}
		}
		for i := range ta.Rules {
			if len(ta.Rules[i].Actions) != len(tb.Rules[i].Actions) || !reflect.DeepEqual(ta.Rules[i].Where, tb.Rules[i].Where) {
				return false
			}
		}
	}
	for k, va := range a.Views {
		if vb := b.Views[k]; vb == nil || !reflect.DeepEqual(va.Query, vb.Query) || !strings.EqualFold(va.Name, vb.Name) {
			return false
		}
	}
	return true
}

func BenchmarkDecode120Files300Tables(b *testing.B) {
	cat, err := Load([]string{writeMigrations(b, 120, 300)})
	if err != nil {
		b.Fatal(err)
	}
	data, err := cat.Encode()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(data)), "bytes")
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}
