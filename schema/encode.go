package schema

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"sort"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"

	"github.com/softdelete/softdelete/internal/pgparse"
)

// Encode serialises the catalog, so that a process that needs the same
// schema again (go vet runs one process per package) can skip parsing the
// migrations. Parse trees kept in the catalog travel as protobuf bytes.
func (c *Catalog) Encode() ([]byte, error) {
	w := catalogWire{Files: c.Files, Errors: c.Errors}
	for _, key := range sortedKeys(c.Tables) {
		w.Tables = append(w.Tables, encodeTable(c.Tables[key]))
	}
	for _, key := range sortedKeys(c.Views) {
		v := c.Views[key]
		w.Views = append(w.Views, viewWire{Schema: v.Schema, Name: v.Name, Columns: v.Columns,
			Query: marshalNode(v.Query), Pos: v.Pos, Materialized: v.Materialized})
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&w); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Decode rebuilds a catalog written by Encode. Data that does not decode
// is an error, never a partial catalog.
func Decode(data []byte) (cat *Catalog, err error) {
	defer func() {
		if p := recover(); p != nil {
			cat, err = nil, fmt.Errorf("decoding catalog: %v", p)
		}
	}()
	var w catalogWire
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&w); err != nil {
		return nil, fmt.Errorf("decoding catalog: %v", err)
	}
	cat = &Catalog{Tables: map[string]*Table{}, Views: map[string]*View{}, Files: w.Files, Errors: w.Errors}
	for _, tw := range w.Tables {
		t, err := decodeTable(tw)
		if err != nil {
			return nil, err
		}
		cat.Tables[Key(t.Schema, t.Name)] = t
	}
	for _, vw := range w.Views {
		q, err := unmarshalNode(vw.Query)
		if err != nil {
			return nil, err
		}
		cat.Views[Key(vw.Schema, vw.Name)] = &View{Schema: vw.Schema, Name: vw.Name, Columns: vw.Columns,
			Query: q, Pos: vw.Pos, Materialized: vw.Materialized}
	}
	return cat, nil
}

type catalogWire struct {
	Tables []tableWire
	Views  []viewWire
	Files  []string
	Errors []*LoadError
}

type tableWire struct {
	Schema, Name string
	Pos          Pos
	Columns      []columnWire
	Constraints  []constraintWire
	Indexes      []indexWire
	Triggers     []*Trigger
	Policies     []policyWire
	Rules        []ruleWire
	RLSEnabled   bool
}

type columnWire struct {
	Column
	Identity, GenDefault bool
}

type constraintWire struct {
	Constraint
	ImplicitName string
}

type indexWire struct {
	Name             string
	Unique           bool
	Columns          []string
	NullsNotDistinct bool
	Where            []byte
	Pos              Pos
	ImplicitName     string
	ExprColumns      []string
}

type policyWire struct {
	Name, Command string
	Using         []byte
	Pos           Pos
}

type ruleWire struct {
	Name, Event string
	Instead     bool
	Where       []byte
	Actions     [][]byte
	Pos         Pos
}

type viewWire struct {
	Schema, Name string
	Columns      []string
	Query        []byte
	Pos          Pos
	Materialized bool
}

func encodeTable(t *Table) tableWire {
	w := tableWire{Schema: t.Schema, Name: t.Name, Pos: t.Pos, Triggers: t.Triggers, RLSEnabled: t.RLSEnabled}
	for _, c := range t.Columns {
		w.Columns = append(w.Columns, columnWire{Column: *c, Identity: c.identity, GenDefault: c.genDefault})
	}
	for _, k := range t.Constraints {
		w.Constraints = append(w.Constraints, constraintWire{Constraint: *k, ImplicitName: k.implicitName})
	}
	for _, ix := range t.Indexes {
		w.Indexes = append(w.Indexes, indexWire{Name: ix.Name, Unique: ix.Unique, Columns: ix.Columns,
			NullsNotDistinct: ix.NullsNotDistinct, Where: marshalIndexWhere(ix), Pos: ix.Pos,
			ImplicitName: ix.implicitName, ExprColumns: ix.exprColumns})
	}
	for _, p := range t.Policies {
		w.Policies = append(w.Policies, policyWire{Name: p.Name, Command: p.Command, Using: marshalNode(p.Using), Pos: p.Pos})
	}
	for _, r := range t.Rules {
		rw := ruleWire{Name: r.Name, Event: r.Event, Instead: r.Instead, Where: marshalNode(r.Where), Pos: r.Pos}
		for _, a := range r.Actions {
			rw.Actions = append(rw.Actions, marshalNode(a))
		}
		w.Rules = append(w.Rules, rw)
	}
	return w
}

func decodeTable(w tableWire) (*Table, error) {
	t := &Table{Schema: w.Schema, Name: w.Name, Pos: w.Pos, Triggers: w.Triggers, RLSEnabled: w.RLSEnabled}
	for _, cw := range w.Columns {
		c := cw.Column
		c.identity, c.genDefault = cw.Identity, cw.GenDefault
		t.Columns = append(t.Columns, &c)
	}
	for _, kw := range w.Constraints {
		k := kw.Constraint
		k.implicitName = kw.ImplicitName
		t.Constraints = append(t.Constraints, &k)
	}
	for _, iw := range w.Indexes {
		ix := &Index{Name: iw.Name, Unique: iw.Unique, Columns: iw.Columns,
			NullsNotDistinct: iw.NullsNotDistinct, Pos: iw.Pos,
			implicitName: iw.ImplicitName, exprColumns: iw.ExprColumns}
		if iw.Where != nil {
			ix.lazyWhere = &lazyNode{wire: iw.Where}
		}
		t.Indexes = append(t.Indexes, ix)
	}
	for _, pw := range w.Policies {
		using, err := unmarshalNode(pw.Using)
		if err != nil {
			return nil, err
		}
		t.Policies = append(t.Policies, &Policy{Name: pw.Name, Command: pw.Command, Using: using, Pos: pw.Pos})
	}
	for _, rw := range w.Rules {
		where, err := unmarshalNode(rw.Where)
		if err != nil {
			return nil, err
		}
		r := &Rule{Name: rw.Name, Event: rw.Event, Instead: rw.Instead, Where: where, Pos: rw.Pos}
		for _, a := range rw.Actions {
			n, err := unmarshalNode(a)
			if err != nil {
				return nil, err
			}
			r.Actions = append(r.Actions, n)
		}
		t.Rules = append(t.Rules, r)
	}
	return t, nil
}

// marshalIndexWhere passes a predicate still undecoded on as it came.
func marshalIndexWhere(ix *Index) []byte {
	if ix.Where == nil && ix.lazyWhere != nil {
		return ix.lazyWhere.wire
	}
	return marshalNode(ix.Where)
}

func marshalNode(n *pg_query.Node) []byte {
	if n == nil {
		return nil
	}
	b, err := proto.Marshal(n)
	if err != nil {
		return nil
	}
	return b
}

func unmarshalNode(b []byte) (*pg_query.Node, error) {
	if b == nil {
		return nil, nil
	}
	n, err := pgparse.DecodeNode(b)
	if err != nil {
		return nil, fmt.Errorf("decoding catalog: %v", err)
	}
	return n, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
