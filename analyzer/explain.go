package analyzer

import (
	"bytes"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/softdelete/softdelete/internal/opaqueid"
	"github.com/softdelete/softdelete/rules"
	"github.com/softdelete/softdelete/rules/cascade"
	"github.com/softdelete/softdelete/rules/intent"
	"github.com/softdelete/softdelete/schema"
	"github.com/softdelete/softdelete/sqlextract"
)

// Report is the analyzer's result for one package: what it could and
// could not follow, so that `softdelete explain` can say why a query was
// not judged. It is nil for packages the analyzer does not judge (the
// standard library, dependencies).
type Report struct {
	Package string
	// Resolved counts the SQL sends whose text was followed; Parsed those
	// of them PostgreSQL's parser accepted (the rules judge only these).
	Resolved, Parsed int
	// Built counts the sends whose SQL a query builder makes (rebuilt or
	// not), BuiltParsed those of them judged.
	Built, BuiltParsed int
	// ModelParsed and ModelBuiltParsed count those of the judged sends
	// that go through ORM models: without a schema, only these are
	// judged (against the models' tables).
	ModelParsed, ModelBuiltParsed int
	// Unresolved are the sends whose SQL was not judged, with the reason.
	Unresolved []Unresolved
	Findings   int
	// Cascades are the package's soft deletes of parents, with the
	// children each handles and leaves live.
	Cascades []CascadeSite
	// Intent says, for each finding on rows chosen by key, whether it was
	// left to the callers and how each call was judged (rules/intent).
	Intent []IntentNote
	// NotReported are the unique keys of ORM models (gorm tags) not
	// judged, the findings a rule spared, and the parts of queries left
	// out of their text (no Rule), with why.
	NotReported []IntentNote

	env *environment
}

// IntentNote is one decision about a finding on rows chosen by key.
type IntentNote struct {
	Pos   token.Position
	Rule  string
	Table string
	Why   string
}

func intentNotes(pass *analysis.Pass, notes []intent.Note) []IntentNote {
	var out []IntentNote
	for _, n := range notes {
		out = append(out, IntentNote{Pos: pass.Fset.Position(n.Pos), Rule: n.Rule, Table: n.Table, Why: n.Why})
	}
	return out
}

// CascadeSite is one soft delete of a table that has children.
type CascadeSite struct {
	Pos       token.Position
	Parent    string   // rules.TableKey
	Handled   []string // children soft-deleted or deleted with it
	Unhandled []string // children left live
}

// cascades records the soft deletes of tables that have children.
func (r *Report) cascades(pass *analysis.Pass, cat *rules.Checker, sites []*cascade.Site) {
	for _, s := range sites {
		children := cat.Children(s.Write.Table)
		if len(children) == 0 {
			continue
		}
		live := map[string]bool{}
		for _, ch := range s.Unhandled {
			live[rules.TableKey(ch.Table)] = true
		}
		cs := CascadeSite{Pos: pass.Fset.Position(s.Pos), Parent: rules.TableKey(s.Write.Table)}
		seen := map[string]bool{}
		for _, ch := range children {
			k := rules.TableKey(ch.Table)
			if seen[k] {
				continue
			}
			seen[k] = true
			if live[k] {
				cs.Unhandled = append(cs.Unhandled, k)
			} else {
				cs.Handled = append(cs.Handled, k)
			}
		}
		r.Cascades = append(r.Cascades, cs)
	}
	// Sites come in the order the engine met their functions, which
	// varies from run to run; readers and goldens want source order.
	sort.SliceStable(r.Cascades, func(i, j int) bool {
		a, b := r.Cascades[i].Pos, r.Cascades[j].Pos
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		if a.Offset != b.Offset {
			return a.Offset < b.Offset
		}
		return r.Cascades[i].Parent < r.Cascades[j].Parent
	})
}

// Unresolved is one SQL send the rules did not see.
type Unresolved struct {
	Pos     token.Position
	Callee  string
	Reason  string
	Builder string `json:",omitempty"` // the query builder, for a chain
}

// Sinks is the number of SQL sends found.
func (r *Report) Sinks() int { return r.Resolved + len(r.Unresolved) - r.unparsed() }

func (r *Report) unparsed() int { return r.Resolved - r.Parsed }

// newReport records what extraction found in a package and what of it
// does not parse.
func newReport(pass *analysis.Pass, env *environment, queries []*sqlextract.Query, unresolved []sqlextract.Unresolved, parse func(*sqlextract.Query) error) *Report {
	rep := &Report{Package: pass.Pkg.Path(), env: env}
	for _, u := range unresolved {
		rep.Unresolved = append(rep.Unresolved, Unresolved{Pos: pass.Fset.Position(u.Pos), Callee: u.Callee, Reason: u.Reason, Builder: u.Builder})
		if u.Builder != "" {
			rep.Built++
		}
	}
	for _, q := range queries {
		if q.Alternative {
			// Another alternative of a send counted already: judged if
			// it parses, counted once.
			continue
		}
		rep.Resolved++
		if q.Builder != "" {
			rep.Built++
		}
		if err := parse(q); err != nil {
			rep.Unresolved = append(rep.Unresolved, Unresolved{Pos: pass.Fset.Position(q.Call.Pos()), Callee: q.Callee,
				Reason: "its SQL does not parse as PostgreSQL: " + opaqueid.Describe(err.Error()), Builder: q.Builder})
			continue
		}
		rep.Parsed++
		if q.Builder != "" {
			rep.BuiltParsed++
		}
		if len(q.Models) > 0 {
			rep.ModelParsed++
			if q.Builder != "" {
				rep.ModelBuiltParsed++
			}
		}
	}
	sort.SliceStable(rep.Unresolved, func(i, j int) bool {
		a, b := rep.Unresolved[i].Pos, rep.Unresolved[j].Pos
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		return a.Offset < b.Offset
	})
	return rep
}

// Beliefs is what the analyzer believes of a module: where its schema
// comes from, which tables are soft-delete and why, and which config names
// match nothing.
type Beliefs struct {
	Root         string
	SchemaSource string   // "-schema", "config schema", "auto-discovery", "embedded schema"
	SchemaPaths  []string // the paths named or discovered; empty when none
	SchemaFiles  []string // the files loaded, in the order applied
	SchemaErrors []string // file:line: message
	Tables       []TableBelief
	// ForeignKeys are the foreign keys to the tables with a soft-delete
	// column: the children their soft deletes must cascade to.
	ForeignKeys []ForeignKey
	Unmatched   []string // one line per config name that matches nothing
}

// ForeignKey is a child table's reference to a parent.
type ForeignKey struct {
	Child    string
	Columns  []string
	Parent   string
	OnDelete string // "cascade", "set null", …; "" when the DDL says nothing
}

// TableBelief is one table with a soft-delete column.
type TableBelief struct {
	Table  string // as the schema spells it, schema-qualified outside public
	Column string
	Live   string // the live-row predicate
	// SoftDelete is false for tables left out as vestigial.
	SoftDelete bool
	// Why says what makes the table soft-delete (the write, the config)
	// or why it is left out.
	Why string
	At  schema.Pos // the soft-delete column in the migrations
}

// Beliefs computes what the analyzer believes of the module of a package
// it judged.
func (r *Report) Beliefs() (*Beliefs, error) {
	e := r.env
	b := &Beliefs{Root: e.root, SchemaSource: e.source, SchemaPaths: e.paths}
	if e.fsys != nil {
		b.SchemaPaths = []string{e.fsDir}
	}
	cat, err := e.catalog()
	if err != nil {
		return nil, err
	}
	b.SchemaFiles = cat.Schema.Files
	for _, le := range cat.Schema.Errors {
		b.SchemaErrors = append(b.SchemaErrors, fmt.Sprintf("%s:%d: %s", le.Pos.File, le.Pos.Line, le.Msg))
	}
	for _, t := range cat.TablesInOrder() {
		sd := cat.SoftDelete(t)
		if sd == nil {
			continue
		}
		soft := !e.vestigial(sd)
		tb := TableBelief{Table: rules.TableKey(t), Column: sd.Column, Live: sd.LivePredicate(""), SoftDelete: soft, At: columnPos(t, sd.Column)}
		switch {
		case soft && sd.FilteredByPolicy:
			tb.Why = "a row-level-security policy filters its deleted rows: queries need no filter"
		case soft && e.rules.Written == nil:
			tb.Why = "every soft-delete column counts as set (embedded schema: the module is not read)"
		case soft && rules.MatchesAny(t, e.rules.Include):
			tb.Why = "named in tables.include"
		case soft:
			tb.Why = "set in " + e.witness(t.Name, sd.Column)
		default:
			tb.Why = fmt.Sprintf("vestigial: nothing in the module sets %s%s, so it has no deleted rows; name the table in tables.include if something outside the module does", sd.Column, e.unsetInsert(t.Name, sd.Column))
		}
		b.Tables = append(b.Tables, tb)
		for _, ch := range cat.Children(t) {
			b.ForeignKeys = append(b.ForeignKeys, ForeignKey{Child: rules.TableKey(ch.Table), Columns: ch.Columns,
				Parent: rules.TableKey(t), OnDelete: ch.OnDelete})
		}
	}
	b.Unmatched = cat.UnmatchedConfig()
	return b, nil
}

func columnPos(t *schema.Table, name string) schema.Pos {
	if c := t.Column(name); c != nil {
		return c.Pos
	}
	return t.Pos
}

// witness names the place that sets column of table (file:line, relative
// to the module root), or says that the write index does not say.
func (e *environment) witness(table, column string) string {
	e.loadWrites()
	if rel, offset := e.writes.validated().WitnessAt(table, column); rel != "" {
		return fmt.Sprintf("%s:%d", rel, lineAt(filepath.Join(e.root, filepath.FromSlash(rel)), offset))
	}
	return "(no file: the write index does not say)"
}

// unsetInsert says, for a vestigial column, where an sqlc INSERT lists it
// with a parameter no code sets (the write it does not count), or "".
func (e *environment) unsetInsert(table, column string) string {
	e.loadWrites()
	rel, offset, field := e.writes.validated().UnsetParam(table, column)
	if rel == "" {
		return ""
	}
	typ, _, _ := strings.Cut(field, ".")
	return fmt.Sprintf(" (the INSERT at %s:%d lists it, but no code sets that field of %s)", rel, lineAt(filepath.Join(e.root, filepath.FromSlash(rel)), offset), typ)
}

// lineAt is the line of a byte offset in a file (1 when it cannot be
// read).
func lineAt(name string, offset int) int {
	data, err := os.ReadFile(name)
	if err != nil {
		return 1
	}
	return 1 + bytes.Count(data[:min(offset, len(data))], []byte("\n"))
}

// noSchemaWarning is the once-per-run warning for a module that sends SQL
// but has no schema.
func noSchemaWarning(root string) string {
	return fmt.Sprintf("softdelete: no schema found for %s, so SQL is checked only against the tables of ORM models: looked for %s; name the migrations with schema: in %s or -schema",
		root, strings.Join(schema.DiscoveryPlaces(), ", "), ConfigFileName)
}

// allVestigialWarning is the once-per-run warning for a schema whose every
// soft-delete column nothing in the module sets, or "".
func (e *environment) allVestigialWarning(cat *rules.Checker) string {
	if e.rules.Written == nil {
		return ""
	}
	var names []string
	for _, t := range cat.TablesInOrder() {
		sd := cat.SoftDelete(t)
		if sd == nil {
			continue
		}
		if !e.vestigial(sd) {
			return ""
		}
		names = append(names, rules.TableKey(t)+"."+sd.Column)
	}
	if len(names) == 0 {
		return ""
	}
	if len(names) > 3 {
		names = append(names[:3], fmt.Sprintf("%d more", len(names)-3))
	}
	return fmt.Sprintf("softdelete: nothing in %s sets a soft-delete column (%s), so no table is treated as soft-delete and no query is judged; name the tables in tables.include if their rows are soft-deleted outside this module (softdelete explain says more)",
		e.root, strings.Join(names, ", "))
}
