package schema

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"
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
	for _, bad := range [][]byte{nil, []byte("garbage"), data[:len(data)/2]} {
		if c, err := Decode(bad); err == nil {
			t.Errorf("Decode(%d bytes of bad data) = %v, nil", len(bad), c != nil)
		}
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
			if x.Partial() != y.Partial() || !proto.Equal(x.Predicate(), y.Predicate()) {
				return false
			}
			x.Where, y.Where, x.lazyWhere, y.lazyWhere = nil, nil, nil, nil
			if !reflect.DeepEqual(x, y) {
				return false
			}
		}
		for i := range ta.Policies {
			if !proto.Equal(ta.Policies[i].Using, tb.Policies[i].Using) || ta.Policies[i].Name != tb.Policies[i].Name {
				return false
			}
		}
		for i := range ta.Rules {
			if len(ta.Rules[i].Actions) != len(tb.Rules[i].Actions) || !proto.Equal(ta.Rules[i].Where, tb.Rules[i].Where) {
				return false
			}
		}
	}
	for k, va := range a.Views {
		if vb := b.Views[k]; vb == nil || !proto.Equal(va.Query, vb.Query) || !strings.EqualFold(va.Name, vb.Name) {
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
