package schema

import (
	"fmt"
	"sync"

	"github.com/softdelete/softdelete/internal/pgast"
)

// Pos is a place in a schema file.
type Pos struct {
	File   string // path as given to Load (absolute after discovery)
	Offset int    // byte offset in the file
	Line   int    // 1-based
	Col    int    // 1-based, in bytes
}

func (p Pos) String() string { return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col) }

// Catalog is the schema the migrations build, after applying every up
// migration in order.
type Catalog struct {
	// Tables and Views are keyed by Key(schema, name).
	Tables map[string]*Table
	Views  map[string]*View
	// Files lists the schema files read, in the order they were applied.
	Files []string
	// Errors are the problems found while loading; the rest still loaded.
	Errors []*LoadError
}

// LoadError is a schema file problem, located in the file.
type LoadError struct {
	Pos Pos
	Msg string
}

func (e *LoadError) Error() string { return e.Pos.String() + ": " + e.Msg }

// Table is a table as the migrations leave it.
type Table struct {
	Schema      string // "" when unqualified in the DDL (the search path's public)
	Name        string // as PostgreSQL stores it: folded unless quoted
	Pos         Pos    // the table name in its CREATE TABLE
	Columns     []*Column
	Constraints []*Constraint
	Indexes     []*Index
	Triggers    []*Trigger
	Policies    []*Policy
	RLSEnabled  bool
	// Rules are the CREATE RULEs on the table. A DO INSTEAD rule on DELETE
	// that updates the table is how some schemas implement soft delete.
	Rules []*RewriteRule
}

// Column is one column of a table.
type Column struct {
	Name    string
	Type    string // last name of the type, lower case: "timestamptz", "bool", "int4", "text", "uuid"
	NotNull bool
	// Default is the default expression deparsed, "" when none.
	Default string
	// Generated is true when the value is produced by the database and never
	// reused: serial types, identity columns, nextval(), gen_random_uuid(),
	// uuid_generate_v4() and friends, now() into a timestamp, random()
	// into text.
	Generated bool
	Pos       Pos

	// identity and genDefault say where Generated comes from: an identity
	// column, or a default such as nextval() (serial types included), so
	// that SET/DROP DEFAULT and DROP IDENTITY keep Generated right.
	identity   bool
	genDefault bool
}

// ConstraintKind is the kind of a table constraint.
type ConstraintKind int

const (
	PrimaryKey ConstraintKind = iota + 1
	Unique
	ForeignKey
	Check
	Exclusion
)

// Constraint is a table constraint, inline on a column or at table level.
type Constraint struct {
	Kind             ConstraintKind
	Name             string // "" if unnamed in the DDL
	Columns          []string
	NullsNotDistinct bool
	Pos              Pos

	// Foreign keys only.
	RefSchema  string
	RefTable   string
	RefColumns []string
	OnDelete   string // "cascade", "set null", "set default", "restrict", "no action"

	// implicitName is the name PostgreSQL gives an unnamed constraint
	// (users_pkey, users_email_key), fixed when it is created, so that a
	// later DROP/RENAME CONSTRAINT by that name finds it.
	implicitName string
}

// Index is a CREATE INDEX on a table.
type Index struct {
	Name             string
	Unique           bool
	Columns          []string // column names; "" for an expression element
	NullsNotDistinct bool
	// Where is the partial-index predicate, nil when the index is total.
	// A catalog read back from the cache leaves it nil and decodes the
	// predicate on first use: read it through Predicate and Partial.
	Where *pgast.Node
	Pos   Pos

	lazyWhere *lazyNode

	// implicitName is the name PostgreSQL gives an unnamed index
	// (users_email_idx), for DROP INDEX and ALTER INDEX RENAME.
	implicitName string
	// exprColumns are the columns that expression elements and the
	// predicate use, so that DROP COLUMN drops the index as PostgreSQL does.
	exprColumns []string
}

// Predicate returns the partial-index predicate, nil for a total index.
func (ix *Index) Predicate() *pgast.Node {
	if ix.Where != nil || ix.lazyWhere == nil {
		return ix.Where
	}
	return ix.lazyWhere.node()
}

// Partial reports whether the index has a predicate, without decoding it.
func (ix *Index) Partial() bool { return ix.Where != nil || ix.lazyWhere != nil }

// lazyNode is a parse tree kept as protobuf bytes until first asked for:
// most processes that read a cached catalog never look at index
// predicates, and decoding hundreds of them costs milliseconds in each.
type lazyNode struct {
	once sync.Once
	wire []byte
	n    *pgast.Node
}

func (l *lazyNode) node() *pgast.Node {
	l.once.Do(func() {
		if n, err := pgast.DecodeNode(l.wire); err == nil {
			l.n = n
		}
	})
	return l.n
}

// Trigger is a CREATE TRIGGER on a table.
type Trigger struct {
	Name          string
	Timing        string   // "before", "after", "instead of"
	Events        []string // "insert", "update", "delete", "truncate"
	UpdateColumns []string // UPDATE OF columns; empty means any column
	Function      string
	Pos           Pos
}

// Policy is a row-level-security policy.
type Policy struct {
	Name    string
	Command string // "all", "select", "insert", "update", "delete"
	Using   *pgast.Node
	Pos     Pos
}

// RewriteRule is a CREATE [OR REPLACE] RULE (a query rewrite rule) on a table.
type RewriteRule struct {
	Name    string
	Event   string // "select", "insert", "update", "delete"
	Instead bool   // DO INSTEAD rather than DO ALSO
	// Where is the rule's WHERE condition, nil when unconditional.
	Where *pgast.Node
	// Actions are the statements the rule runs; empty for DO INSTEAD NOTHING.
	Actions []*pgast.Node
	Pos     Pos
}

// View is a CREATE [OR REPLACE] VIEW or a CREATE MATERIALIZED VIEW.
type View struct {
	Schema  string
	Name    string
	Columns []string    // explicit column list, if any
	Query   *pgast.Node // the defining SELECT
	Pos     Pos
	// Materialized is set for CREATE MATERIALIZED VIEW.
	Materialized bool
}

// Key is the catalog key of a relation.
func Key(schemaName, name string) string {
	if schemaName == "" || schemaName == "public" {
		return name
	}
	return schemaName + "." + name
}

// Table returns the table named by a (possibly empty) schema and a name.
func (c *Catalog) Table(schemaName, name string) *Table {
	if c == nil {
		return nil
	}
	return c.Tables[Key(schemaName, name)]
}

// View returns the view named by a (possibly empty) schema and a name.
func (c *Catalog) View(schemaName, name string) *View {
	if c == nil {
		return nil
	}
	return c.Views[Key(schemaName, name)]
}

// Column returns the named column, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// EffectiveName is the constraint's name in the database: as written, or
// the one PostgreSQL generates for an unnamed constraint (users_email_key).
func (k *Constraint) EffectiveName() string {
	if k.Name != "" {
		return k.Name
	}
	return k.implicitName
}

// EffectiveName is the index's name in the database: as written, or the
// one PostgreSQL generates for an unnamed index (users_email_idx).
func (ix *Index) EffectiveName() string {
	if ix.Name != "" {
		return ix.Name
	}
	return ix.implicitName
}
