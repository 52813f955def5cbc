package rules

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/softdelete/softdelete/schema"
)

// Column names a soft-delete column and, optionally, the value that marks a
// live row. Live is "IS NULL", "= <constant>" or empty, in which case the
// column's type decides: booleans are live when false, everything else when
// NULL.
type Column struct {
	Name string
	Live string
}

// Spelling is the column's name without SQL quotes: "DeletedAt" quoted in
// config is the column DeletedAt, as the schema and statements spell it.
func (c Column) Spelling() string {
	if exact, ok := unquoteIdent(c.Name); ok {
		return exact
	}
	return c.Name
}

// DefaultColumns are the soft-delete columns recognised without config.
var DefaultColumns = []Column{{Name: "deleted_at"}, {Name: "is_deleted"}, {Name: "deleted"}}

// Config is what the rules need to know beyond the catalog.
type Config struct {
	Columns []Column
	// columnsConfigured is set when Columns came from the user's config,
	// not the defaults: only then is a column that matches nothing worth
	// a warning.
	columnsConfigured bool
	// Include forces tables in (their first matching column is used, or
	// the table is skipped if it has none); Exclude takes tables out.
	Include, Exclude []string
	// PostgresVersion is the server's major version; 0 means the default
	// (16).
	PostgresVersion int
	// Written reports whether anything in the module sets column of
	// table. A table whose soft-delete column nothing sets is vestigial
	// and not treated as soft-delete, unless Include names it. Nil means
	// every column counts as written.
	Written func(table, column string) bool
	// Choose, when Written is nil, says which of a table's several
	// soft-delete columns are set, so that the first set one marks it:
	// asked only about tables with more than one, it lets a caller that
	// checks Written later, per finding, still pick the right column.
	Choose func(table, column string) bool
	// KeyRewrites returns the columns every soft delete of table (setting
	// column) also rewrites, such as a name renamed to free it. A unique
	// key over one of them does not outlive the row's deletion. Nil means
	// none; tables Include names are not asked about.
	KeyRewrites func(table, column string) []string
	// AlsoSets returns the columns every soft delete of table (setting
	// column) also sets, to any value (SET is_deleted = true, deleted_on
	// = now()). Nil means none; tables Include names are not asked about.
	AlsoSets func(table, column string) []string
	// DeletedBy returns the columns by which every soft delete of table
	// (setting column) picks its rows, when all pick by the same ones and
	// by nothing else (WHERE project_id = $1): a child soft-deleted only
	// with its parent. Nil means unknown; tables Include names are not
	// asked about.
	DeletedBy func(table, column string) []string
	// Restored reports whether the module sets column of table back to
	// its live value somewhere (a restore): a restored parent may have
	// deleted children. Asked with DeletedBy, about a parent.
	Restored func(table, column string) bool
	// Keep names the children whose rows outlive their parent's soft
	// delete on purpose (history): table or table.column, for
	// missing-cascade.
	Keep []string
}

// Vestigial reports whether nothing in the module sets sd's column (per
// Written) and Include does not force its table in.
func (cfg Config) Vestigial(sd *SoftDelete) bool {
	return sd != nil && cfg.Written != nil && !cfg.Included(sd.Table) && !cfg.Written(sd.Table.Name, sd.Column)
}

// Included reports whether tables.include names t: it is soft-delete on
// the schema alone, whatever the module writes.
func (cfg Config) Included(t *schema.Table) bool { return matchesAny(t, cfg.Include) }

// liveKind is how a live row is told apart.
type liveKind int

const (
	liveNull  liveKind = iota + 1 // col IS NULL
	liveFalse                     // col = false
	liveValue                     // col = <value>
)

// SoftDelete describes how one table marks deleted rows.
type SoftDelete struct {
	Table  *schema.Table
	Column string // as stored in the catalog
	kind   liveKind
	value  string // for liveValue: the constant, as written in config
	// FilteredByPolicy is set when a row-level-security policy already
	// hides deleted rows, so queries need not.
	FilteredByPolicy bool
	// Also are the table's other soft-delete columns that the module
	// writes (a flag beside a timestamp, a legacy column beside a new
	// one), in config order: a filter on any of them keeps to live rows,
	// and setting any of them is a soft delete. Messages and fixes name
	// Column, the first written one.
	Also []*SoftDelete
}

// ofColumn returns which of the table's soft-delete columns column is (sd
// itself or one of Also), or nil.
func (sd *SoftDelete) ofColumn(column string) *SoftDelete {
	if sd == nil {
		return nil
	}
	if column == sd.Column {
		return sd
	}
	for _, a := range sd.Also {
		if a.Column == column {
			return a
		}
	}
	return nil
}

// all is sd followed by Also.
func (sd *SoftDelete) all() []*SoftDelete {
	return append([]*SoftDelete{sd}, sd.Also...)
}

// LivePredicate renders the live-row predicate on qualifier (which may be
// empty), e.g. `u.deleted_at IS NULL`.
func (sd *SoftDelete) LivePredicate(qualifier string) string {
	col := quoteIdent(sd.Column)
	if qualifier != "" {
		col = quoteIdent(qualifier) + "." + col
	}
	switch sd.kind {
	case liveFalse:
		return "NOT " + col
	case liveValue:
		return col + " = " + sd.value
	}
	return col + " IS NULL"
}

// ColumnText names the column for messages: `deleted_at`.
func (sd *SoftDelete) ColumnText() string { return sd.Column }

// IsTimestamp reports whether deleted rows carry a time (NULL means live).
func (sd *SoftDelete) IsTimestamp() bool { return sd.kind == liveNull }

// Checker is the schema catalog as the rules see it: the soft-delete
// decisions for each table, computed once and safe for concurrent use, and
// the checks that run against them.
type Checker struct {
	Schema *schema.Catalog
	cfg    Config

	once   sync.Once
	tables map[*schema.Table]*SoftDelete
	// unmatchedKeep are the cascade.keep entries that name no table or
	// foreign-key column.
	unmatchedKeep []string
	// vestigial holds the tables left out because nothing writes their
	// soft-delete column.
	vestigial map[*schema.Table]*SoftDelete
	// keep is Config.Keep resolved.
	keep []keepEntry
	err  error
}

// NewChecker prepares cat for the rules. Config errors (a malformed live
// value) are returned by Err.
func NewChecker(cat *schema.Catalog, cfg Config) *Checker {
	if len(cfg.Columns) == 0 {
		cfg.Columns = DefaultColumns
	} else {
		cfg.columnsConfigured = true
	}
	c := &Checker{Schema: cat, cfg: cfg}
	c.once.Do(c.build)
	return c
}

// Err reports a configuration problem found while classifying tables.
func (c *Checker) Err() error { return c.err }

// SoftDelete returns how t marks deleted rows, or nil if it does not.
func (c *Checker) SoftDelete(t *schema.Table) *SoftDelete {
	if t == nil {
		return nil
	}
	return c.tables[t]
}

// Vestigial returns how t would mark deleted rows if anything in the module
// set its soft-delete column, or nil: for tables left out as vestigial.
func (c *Checker) Vestigial(t *schema.Table) *SoftDelete {
	if t == nil {
		return nil
	}
	return c.vestigial[t]
}

// TablesInOrder returns the tables in the order of their definitions, so
// that schema findings and explanations come out deterministically.
func (c *Checker) TablesInOrder() []*schema.Table { return c.tablesInOrder() }

func (c *Checker) tablesInOrder() []*schema.Table {
	if c.Schema == nil {
		return nil
	}
	tables := make([]*schema.Table, 0, len(c.Schema.Tables))
	for _, t := range c.Schema.Tables {
		tables = append(tables, t)
	}
	sort.Slice(tables, func(i, j int) bool {
		a, b := tables[i].Pos, tables[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Offset != b.Offset {
			return a.Offset < b.Offset
		}
		return schema.Key(tables[i].Schema, tables[i].Name) < schema.Key(tables[j].Schema, tables[j].Name)
	})
	return tables
}

func (c *Checker) build() {
	c.tables = map[*schema.Table]*SoftDelete{}
	c.vestigial = map[*schema.Table]*SoftDelete{}
	if c.Schema == nil {
		return
	}
	c.resolveKeep()
	for _, t := range c.Schema.Tables {
		if matchesAny(t, c.cfg.Exclude) {
			continue
		}
		var cands []*SoftDelete
		for _, want := range c.cfg.Columns {
			col := findColumn(t, want.Name)
			if col == nil || slices.ContainsFunc(cands, func(sd *SoftDelete) bool { return sd.Column == col.Name }) {
				continue
			}
			sd, err := classify(t, col, want)
			if err != nil {
				c.err = err
				continue
			}
			sd.FilteredByPolicy = policyFilters(t, sd)
			cands = append(cands, sd)
		}
		if len(cands) == 0 {
			continue
		}
		// The first written soft-delete column in config order marks the
		// table, the other written ones are Also; a table none of whose
		// columns is written is vestigial, by its first.
		written := func(sd *SoftDelete) bool { return !c.cfg.Vestigial(sd) }
		if c.cfg.Written == nil && c.cfg.Choose != nil && len(cands) > 1 {
			written = func(sd *SoftDelete) bool { return matchesAny(t, c.cfg.Include) || c.cfg.Choose(t.Name, sd.Column) }
		}
		var chosen *SoftDelete
		for _, sd := range cands {
			switch {
			case !written(sd):
			case chosen == nil:
				chosen = sd
			default:
				chosen.Also = append(chosen.Also, sd)
				chosen.FilteredByPolicy = chosen.FilteredByPolicy || sd.FilteredByPolicy
			}
		}
		switch {
		case chosen != nil:
			c.tables[t] = chosen
		case c.cfg.Written == nil:
			// Whoever checks Written per finding drops it as vestigial.
			c.tables[t] = cands[0]
		default:
			c.vestigial[t] = cands[0]
		}
	}
}

func classify(t *schema.Table, col *schema.Column, want Column) (*SoftDelete, error) {
	sd := &SoftDelete{Table: t, Column: col.Name}
	live := strings.TrimSpace(want.Live)
	switch {
	case live == "":
		if isBoolType(col.Type) {
			sd.kind = liveFalse
		} else {
			sd.kind = liveNull
		}
	case strings.EqualFold(live, "is null"):
		sd.kind = liveNull
	case strings.HasPrefix(live, "="):
		v := strings.TrimSpace(strings.TrimPrefix(live, "="))
		if v == "" {
			return nil, fmt.Errorf("columns: live value %q for %s has no constant after '='", want.Live, want.Name)
		}
		if strings.EqualFold(v, "false") {
			sd.kind = liveFalse
		} else {
			sd.kind, sd.value = liveValue, v
		}
	default:
		return nil, fmt.Errorf("columns: live value %q for %s must be \"IS NULL\" or \"= <constant>\"", want.Live, want.Name)
	}
	return sd, nil
}

// findColumn matches a configured name to a column the way PostgreSQL
// resolves the name written in SQL: a quoted name ("deletedAt") matches
// exactly; an unquoted one matches the column PostgreSQL folds it to
// (DeleteAt: deleteat), and also a quoted column of the same spelling
// ("DeleteAt"), which is what a user writing DeleteAt in config means.
func findColumn(t *schema.Table, name string) *schema.Column {
	if exact, ok := unquoteIdent(name); ok {
		return t.Column(exact)
	}
	if c := t.Column(strings.ToLower(name)); c != nil {
		return c
	}
	return t.Column(name)
}

// UnmatchedConfig lists the configured soft-delete columns and the
// tables.include and tables.exclude names that match nothing in the
// schema, each as a line that names it and, for a column that differs
// only in case from one the schema has, says how to write it.
func (c *Checker) UnmatchedConfig() []string {
	if c.Schema == nil || len(c.Schema.Tables) == 0 {
		return nil
	}
	var out []string
	tables := c.tablesInOrder()
	if c.cfg.columnsConfigured {
	columns:
		for _, want := range c.cfg.Columns {
			var near *schema.Column
			for _, t := range tables {
				if findColumn(t, want.Name) != nil {
					continue columns
				}
				if near == nil {
					near = nearMiss(t, want.Name)
				}
			}
			line := fmt.Sprintf("columns: %s matches no column of any table", want.Name)
			if near != nil {
				line += fmt.Sprintf(" (the schema has %s: write it as %s)", quoteIdent(near.Name), configName(near.Name))
			}
			out = append(out, line)
		}
	}
	for _, list := range []struct {
		key   string
		names []string
	}{{"tables.include", c.cfg.Include}, {"tables.exclude", c.cfg.Exclude}} {
	names:
		for _, n := range list.names {
			if n == "*" {
				continue
			}
			for _, t := range tables {
				if matchesAny(t, []string{n}) {
					continue names
				}
			}
			out = append(out, fmt.Sprintf("%s: %s matches no table", list.key, n))
		}
	}
	for _, k := range c.unmatchedKeep {
		out = append(out, fmt.Sprintf("cascade.keep: %s names no table or foreign-key column", k))
	}
	return out
}

// configName is how config must name a column: unquoted when PostgreSQL
// folds that spelling to it, else quoted.
func configName(column string) string {
	if quoteIdent(column) == column {
		return column
	}
	return "'" + quoteIdent(column) + "'"
}

// nearMiss returns a column of t that a configured name misses only by
// case (deleted_AT for deleted_at, "deletedat" for "deletedAt"), or nil.
func nearMiss(t *schema.Table, name string) *schema.Column {
	if findColumn(t, name) != nil {
		return nil
	}
	if exact, ok := unquoteIdent(name); ok {
		name = exact
	}
	for _, c := range t.Columns {
		if strings.EqualFold(c.Name, name) {
			return c
		}
	}
	return nil
}

// unquoteIdent returns the name inside a double-quoted identifier.
func unquoteIdent(name string) (string, bool) {
	if len(name) < 2 || name[0] != '"' || name[len(name)-1] != '"' {
		return "", false
	}
	return strings.ReplaceAll(name[1:len(name)-1], `""`, `"`), true
}

// MatchesAny is matchesAny, for callers that explain config.
func MatchesAny(t *schema.Table, names []string) bool { return matchesAny(t, names) }

// matchesAny matches config table names the way PostgreSQL resolves an
// unquoted name: case-insensitively, optionally schema-qualified; "*"
// matches every table.
func matchesAny(t *schema.Table, names []string) bool {
	schemaName := t.Schema
	if schemaName == "" {
		schemaName = "public"
	}
	for _, n := range names {
		if n == "*" || strings.EqualFold(n, t.Name) || strings.EqualFold(n, schemaName+"."+t.Name) {
			return true
		}
	}
	return false
}

func isBoolType(typ string) bool { return typ == "bool" || typ == "boolean" }

// joinIdents quotes each name as needed and joins them with commas.
func joinIdents(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quoteIdent(n)
	}
	return strings.Join(q, ", ")
}

func quoteIdent(s string) string {
	plain := s != ""
	for i, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '_' || i > 0 && r >= '0' && r <= '9') {
			plain = false
		}
	}
	if plain {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
