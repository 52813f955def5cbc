package schema

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/softdelete/softdelete/internal/pgast"
)

// The catalog travels between go vet processes in a format of its own: a
// version byte, then the catalog field by field as varints, strings and
// protobuf-encoded parse trees. Every go vet process with SQL decodes it,
// so it is built for decoding speed: no reflection (gob compiled its
// decoders in each process and spent 4 ms on 300 tables), and each string
// is written once and then referred to by number, since file names,
// types and column names repeat throughout.
const encodingVersion = 2

// Encode serialises the catalog, so that a process that needs the same
// schema again (go vet runs one process per package) can skip parsing the
// migrations.
func (c *Catalog) Encode() ([]byte, error) {
	e := &encoder{strings: map[string]uint64{}}
	e.uint(encodingVersion)
	e.strs(c.Files)
	e.uint(uint64(len(c.Errors)))
	for _, le := range c.Errors {
		e.pos(le.Pos)
		e.str(le.Msg)
	}
	keys := sortedKeys(c.Tables)
	e.uint(uint64(len(keys)))
	for _, k := range keys {
		e.table(c.Tables[k])
	}
	keys = sortedKeys(c.Views)
	e.uint(uint64(len(keys)))
	for _, k := range keys {
		v := c.Views[k]
		e.str(v.Schema)
		e.str(v.Name)
		e.strs(v.Columns)
		e.bytes(marshalNode(v.Query))
		e.pos(v.Pos)
		e.bool(v.Materialized)
	}
	return e.buf, nil
}

// Decode rebuilds a catalog written by Encode. Data that does not decode
// is an error, never a partial catalog.
func Decode(data []byte) (*Catalog, error) {
	// One copy of the whole payload as a string: every decoded string is
	// a substring of it, not an allocation of its own.
	d := &decoder{data: data, text: string(data)}
	if v := d.uint(); v != encodingVersion {
		return nil, fmt.Errorf("decoding catalog: version %d, want %d", v, encodingVersion)
	}
	cat := &Catalog{Tables: map[string]*Table{}, Views: map[string]*View{}}
	cat.Files = d.strs()
	for n := d.count(); n > 0; n-- {
		cat.Errors = append(cat.Errors, &LoadError{Pos: d.pos(), Msg: d.str()})
	}
	for n := d.count(); n > 0; n-- {
		t := d.table()
		cat.Tables[Key(t.Schema, t.Name)] = t
	}
	for n := d.count(); n > 0; n-- {
		v := &View{Schema: d.str(), Name: d.str(), Columns: d.strs()}
		v.Query = d.node()
		v.Pos = d.pos()
		v.Materialized = d.bool()
		cat.Views[Key(v.Schema, v.Name)] = v
	}
	if d.err == nil && len(d.data) > 0 {
		d.err = errors.New("trailing bytes")
	}
	if d.err != nil {
		return nil, fmt.Errorf("decoding catalog: %v", d.err)
	}
	return cat, nil
}

func (e *encoder) table(t *Table) {
	e.str(t.Schema)
	e.str(t.Name)
	e.pos(t.Pos)
	e.bool(t.RLSEnabled)
	e.uint(uint64(len(t.Columns)))
	for _, c := range t.Columns {
		e.str(c.Name)
		e.str(c.Type)
		e.str(c.Default)
		e.bool(c.NotNull)
		e.bool(c.Generated)
		e.bool(c.identity)
		e.bool(c.genDefault)
		e.pos(c.Pos)
	}
	e.uint(uint64(len(t.Constraints)))
	for _, k := range t.Constraints {
		e.uint(uint64(k.Kind))
		e.str(k.Name)
		e.strs(k.Columns)
		e.bool(k.NullsNotDistinct)
		e.pos(k.Pos)
		e.str(k.RefSchema)
		e.str(k.RefTable)
		e.strs(k.RefColumns)
		e.str(k.OnDelete)
		e.str(k.implicitName)
	}
	e.uint(uint64(len(t.Indexes)))
	for _, ix := range t.Indexes {
		e.str(ix.Name)
		e.bool(ix.Unique)
		e.strs(ix.Columns)
		e.bool(ix.NullsNotDistinct)
		e.bytes(marshalIndexWhere(ix))
		e.pos(ix.Pos)
		e.str(ix.implicitName)
		e.strs(ix.exprColumns)
	}
	e.uint(uint64(len(t.Triggers)))
	for _, tr := range t.Triggers {
		e.str(tr.Name)
		e.str(tr.Timing)
		e.strs(tr.Events)
		e.strs(tr.UpdateColumns)
		e.str(tr.Function)
		e.pos(tr.Pos)
	}
	e.uint(uint64(len(t.Policies)))
	for _, p := range t.Policies {
		e.str(p.Name)
		e.str(p.Command)
		e.bytes(marshalNode(p.Using))
		e.pos(p.Pos)
	}
	e.uint(uint64(len(t.Rules)))
	for _, r := range t.Rules {
		e.str(r.Name)
		e.str(r.Event)
		e.bool(r.Instead)
		e.bytes(marshalNode(r.Where))
		e.uint(uint64(len(r.Actions)))
		for _, a := range r.Actions {
			e.bytes(marshalNode(a))
		}
		e.pos(r.Pos)
	}
}

func (d *decoder) table() *Table {
	t := &Table{Schema: d.str(), Name: d.str(), Pos: d.pos(), RLSEnabled: d.bool()}
	if n := d.count(); n > 0 {
		// One allocation for all columns: they live as long as the table.
		cols := make([]Column, n)
		t.Columns = make([]*Column, n)
		for i := range cols {
			c := &cols[i]
			c.Name, c.Type, c.Default = d.str(), d.str(), d.str()
			c.NotNull, c.Generated, c.identity, c.genDefault = d.bool(), d.bool(), d.bool(), d.bool()
			c.Pos = d.pos()
			t.Columns[i] = c
		}
	}
	// Constraints and indexes too are allocated once per table.
	if n := d.count(); n > 0 {
		ks := make([]Constraint, n)
		t.Constraints = make([]*Constraint, n)
		for i := range ks {
			k := &ks[i]
			k.Kind, k.Name, k.Columns = ConstraintKind(d.uint()), d.str(), d.strs()
			k.NullsNotDistinct, k.Pos, k.RefSchema, k.RefTable = d.bool(), d.pos(), d.str(), d.str()
			k.RefColumns, k.OnDelete, k.implicitName = d.strs(), d.str(), d.str()
			t.Constraints[i] = k
		}
	}
	if n := d.count(); n > 0 {
		ixs := make([]Index, n)
		t.Indexes = make([]*Index, n)
		for i := range ixs {
			ix := &ixs[i]
			ix.Name, ix.Unique, ix.Columns, ix.NullsNotDistinct = d.str(), d.bool(), d.strs(), d.bool()
			if where := d.bytes(); where != nil {
				// Decoded on first use: most processes never look at predicates.
				ix.lazyWhere = &lazyNode{wire: where}
			}
			ix.Pos, ix.implicitName, ix.exprColumns = d.pos(), d.str(), d.strs()
			t.Indexes[i] = ix
		}
	}
	for n := d.count(); n > 0; n-- {
		t.Triggers = append(t.Triggers, &Trigger{Name: d.str(), Timing: d.str(), Events: d.strs(),
			UpdateColumns: d.strs(), Function: d.str(), Pos: d.pos()})
	}
	for n := d.count(); n > 0; n-- {
		p := &Policy{Name: d.str(), Command: d.str()}
		p.Using = d.node()
		p.Pos = d.pos()
		t.Policies = append(t.Policies, p)
	}
	for n := d.count(); n > 0; n-- {
		r := &RewriteRule{Name: d.str(), Event: d.str(), Instead: d.bool()}
		r.Where = d.node()
		for m := d.count(); m > 0; m-- {
			r.Actions = append(r.Actions, d.node())
		}
		r.Pos = d.pos()
		t.Rules = append(t.Rules, r)
	}
	return t
}

type encoder struct {
	buf     []byte
	strings map[string]uint64 // string -> its number, in order of first use
}

func (e *encoder) uint(v uint64) { e.buf = binary.AppendUvarint(e.buf, v) }

func (e *encoder) int(v int) { e.buf = binary.AppendVarint(e.buf, int64(v)) }

func (e *encoder) bool(b bool) {
	if b {
		e.buf = append(e.buf, 1)
	} else {
		e.buf = append(e.buf, 0)
	}
}

// str writes 0 and the text the first time a string is seen, its number
// plus one after that.
func (e *encoder) str(s string) {
	if n, ok := e.strings[s]; ok {
		e.uint(n + 1)
		return
	}
	e.strings[s] = uint64(len(e.strings))
	e.uint(0)
	e.uint(uint64(len(s)))
	e.buf = append(e.buf, s...)
}

// strs writes a list; nil and empty lists stay apart (the loaded catalog
// is compared as it was built).
func (e *encoder) strs(list []string) {
	if list == nil {
		e.uint(0)
		return
	}
	e.uint(uint64(len(list)) + 1)
	for _, s := range list {
		e.str(s)
	}
}

// bytes writes a byte string, nil apart from empty.
func (e *encoder) bytes(b []byte) {
	if b == nil {
		e.uint(0)
		return
	}
	e.uint(uint64(len(b)) + 1)
	e.buf = append(e.buf, b...)
}

func (e *encoder) pos(p Pos) {
	e.str(p.File)
	e.int(p.Offset)
	e.int(p.Line)
	e.int(p.Col)
}

// decoder reads what encoder wrote. The first error sticks; later reads
// return zero values, so callers check once at the end.
type decoder struct {
	data    []byte
	text    string // data as a string, for substrings
	strings []string
	slab    []string // where strs takes its lists from
	err     error
}

var errTruncated = errors.New("truncated data")

func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
	d.data = nil
}

func (d *decoder) uint() uint64 {
	v, n := binary.Uvarint(d.data)
	if n <= 0 {
		d.fail(errTruncated)
		return 0
	}
	d.data = d.data[n:]
	return v
}

func (d *decoder) int() int {
	v, n := binary.Varint(d.data)
	if n <= 0 || v < math.MinInt32 || v > math.MaxInt32 {
		d.fail(errTruncated)
		return 0
	}
	d.data = d.data[n:]
	return int(v)
}

// count reads a number of elements that follow; each takes at least one
// byte, so a count beyond the remaining bytes is corrupt data, not a
// reason to allocate.
func (d *decoder) count() int {
	n := d.uint()
	if n > uint64(len(d.data)) {
		d.fail(errTruncated)
		return 0
	}
	return int(n)
}

func (d *decoder) bool() bool {
	if len(d.data) == 0 {
		d.fail(errTruncated)
		return false
	}
	b := d.data[0]
	d.data = d.data[1:]
	if b > 1 {
		d.fail(errors.New("bad boolean"))
	}
	return b == 1
}

func (d *decoder) raw(n uint64) []byte {
	if n > uint64(len(d.data)) {
		d.fail(errTruncated)
		return nil
	}
	b := d.data[:n:n]
	d.data = d.data[n:]
	return b
}

func (d *decoder) str() string {
	n := d.uint()
	if n > 0 {
		if n > uint64(len(d.strings)) {
			d.fail(errors.New("bad string reference"))
			return ""
		}
		return d.strings[n-1]
	}
	n = d.uint()
	if n > uint64(len(d.data)) {
		d.fail(errTruncated)
		return ""
	}
	at := len(d.text) - len(d.data)
	s := d.text[at : at+int(n)]
	d.data = d.data[n:]
	if d.err == nil {
		d.strings = append(d.strings, s)
	}
	return s
}

func (d *decoder) strs() []string {
	n := d.count() // 0 is nil, 1 an empty list
	if n == 0 {
		return nil
	}
	if n-1 > len(d.slab) {
		d.slab = make([]string, max(n-1, 256))
	}
	list := d.slab[: n-1 : n-1]
	d.slab = d.slab[n-1:]
	for i := range list {
		list[i] = d.str()
	}
	return list
}

func (d *decoder) bytes() []byte {
	n := d.uint()
	if n == 0 {
		return nil
	}
	return d.raw(n - 1)
}

// node decodes a parse tree written by bytes(marshalNode(...)).
func (d *decoder) node() *pgast.Node {
	b := d.bytes()
	if b == nil || d.err != nil {
		return nil
	}
	n, err := pgast.DecodeNode(b)
	if err != nil {
		d.fail(err)
		return nil
	}
	return n
}

func (d *decoder) pos() Pos {
	return Pos{File: d.str(), Offset: d.int(), Line: d.int(), Col: d.int()}
}

// marshalIndexWhere passes a predicate still undecoded on as it came.
func marshalIndexWhere(ix *Index) []byte {
	if ix.Where == nil && ix.lazyWhere != nil {
		return ix.lazyWhere.wire
	}
	return marshalNode(ix.Where)
}

func marshalNode(n *pgast.Node) []byte {
	if n == nil {
		return nil
	}
	return n.Marshal()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
