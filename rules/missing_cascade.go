package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/softdelete/softdelete/schema"
)

// MissingCascade reports soft deletes of a parent that leave its children
// live.
var MissingCascade = &Rule{
	ID:    "missing-cascade",
	Title: "Soft delete leaves the rows that reference it live",
	Why: `ON DELETE CASCADE and every other foreign-key action fire on DELETE, never on an
UPDATE, and a soft delete is an UPDATE. Soft-delete an order and its items, comments
and shipments stay live: they still show up in lists, still count in totals, and still
point at an order every query now hides. Deleting the children is the application's
job (or a trigger's), and it is easy to forget, above all when a later migration adds
a child table that the old delete code has never heard of.

A child is handled when the function that soft-deletes the parent, or a function it
calls (in any package), also soft-deletes or deletes rows of the child table, or when
a trigger on the parent fires on the soft-delete column (AFTER UPDATE OF deleted_at,
or on any UPDATE). Children of unhandled soft-delete children are named too. A child
without a soft-delete column is named with the advice to give it one or to
hard-delete it.`,
	Bad: `UPDATE orders SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL;
-- order_items (order_id REFERENCES orders ON DELETE CASCADE) stay live`,
	Good: `UPDATE orders SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL;
UPDATE order_items SET deleted_at = now() WHERE order_id = $1 AND deleted_at IS NULL;`,
	Fix: `Soft-delete (or delete) the child rows in the same function or one it calls, or
cascade in the database with an AFTER UPDATE OF deleted_at trigger on the parent.`,
	Limits: `Calls through interfaces and function variables are not followed; functions passed by name are. Grandchildren are followed only through children that have a soft-delete column. TRUNCATE is not a delete to this rule.`,
}

// Child is a foreign key from a child table to a parent.
type Child struct {
	Table *schema.Table
	// Parent is the table referenced: the one soft-deleted.
	Parent     *schema.Table
	Columns    []string // the foreign-key columns of Table
	RefColumns []string // the columns of Parent they reference; empty means its primary key
	// OnDelete is the foreign key's action, which fires on DELETE only
	// ("cascade", "set null", "set default", "restrict", "no action" or "").
	OnDelete   string
	SoftDelete *SoftDelete // nil when the child has no soft-delete column
	Pos        schema.Pos  // the foreign key in the schema
}

// Children returns the foreign keys that reference t whose rows a soft
// delete of t must take along, in schema order: ON DELETE CASCADE (the
// schema says they go with the parent) and NO ACTION or RESTRICT (the
// parent may not go while they exist). SET NULL and SET DEFAULT children
// outlive their parent by design, and children the config keeps
// (cascade.keep) are kept on purpose. A table's references to itself are
// left out: soft-deleting its rows is the write at hand.
func (c *Catalog) Children(t *schema.Table) []Child {
	if t == nil || c.Schema == nil {
		return nil
	}
	var out []Child
	for _, ct := range c.tablesInOrder() {
		if ct == t {
			continue
		}
		for _, k := range ct.Constraints {
			if k.Kind != schema.ForeignKey || c.Schema.Table(k.RefSchema, k.RefTable) != t {
				continue
			}
			if k.OnDelete == "set null" || k.OnDelete == "set default" || c.kept(ct, k.Columns) {
				continue
			}
			// A child whose soft-delete column nothing sets yet is still
			// soft-deleted with its parent: that write is the fix.
			sd := c.SoftDelete(ct)
			if sd == nil {
				sd = c.Vestigial(ct)
			}
			out = append(out, Child{Table: ct, Parent: t, Columns: k.Columns, RefColumns: k.RefColumns,
				OnDelete: k.OnDelete, SoftDelete: sd, Pos: k.Pos})
		}
	}
	return out
}

// kept reports whether config keeps the rows of table t whose foreign-key
// columns are cols when their parent goes: cascade.keep names the table,
// or the table and one of the columns (deliveries.endpoint_id).
func (c *Catalog) kept(t *schema.Table, cols []string) bool {
	for _, k := range c.keep {
		if k.table == t && (k.column == "" || containsColumn(cols, k.column)) {
			return true
		}
	}
	return false
}

// keepEntry is one cascade.keep entry, resolved against the schema.
type keepEntry struct {
	table  *schema.Table
	column string // "" for the whole table
}

// resolveKeep resolves the cascade.keep entries: table, schema.table,
// table.column or schema.table.column, named as PostgreSQL folds unquoted
// names. An entry that names no table, or no foreign-key column of it, is
// a config error: the children it meant to keep would be reported.
func (c *Catalog) resolveKeep() {
	for _, entry := range c.cfg.Keep {
		parts := strings.Split(strings.TrimSpace(entry), ".")
		var found *keepEntry
		for i := len(parts); i >= 1 && i >= len(parts)-1 && found == nil; i-- {
			name, column := parts[:i], ""
			if i < len(parts) {
				column = parts[i]
			}
			if len(name) > 2 {
				continue
			}
			t := c.lookupTable(strings.Join(name, "."))
			if t == nil {
				continue
			}
			if column == "" {
				found = &keepEntry{table: t}
				break
			}
			for _, k := range t.Constraints {
				for _, col := range k.Columns {
					if k.Kind == schema.ForeignKey && strings.EqualFold(col, column) {
						found = &keepEntry{table: t, column: col}
					}
				}
			}
		}
		if found == nil {
			if c.err == nil {
				c.err = fmt.Errorf("cascade.keep: %q names no table or foreign-key column of the schema", entry)
			}
			continue
		}
		c.keep = append(c.keep, *found)
	}
}

// lookupTable finds a table by a config name (see matchesAny).
func (c *Catalog) lookupTable(name string) *schema.Table {
	for _, t := range c.tablesInOrder() {
		if matchesAny(t, []string{name}) && name != "*" {
			return t
		}
	}
	return nil
}

// CascadesByTrigger reports whether a trigger on t fires when its
// soft-delete column is set: UPDATE OF that column, or UPDATE of any
// column. What the trigger does is not known; one there is taken to be
// the cascade.
func (c *Catalog) CascadesByTrigger(t *schema.Table) bool {
	sd := c.SoftDelete(t)
	if sd == nil {
		return false
	}
	for _, tr := range t.Triggers {
		if tr.Timing == "instead of" || !containsColumn(tr.Events, "update") {
			continue
		}
		if len(tr.UpdateColumns) == 0 || containsColumn(tr.UpdateColumns, sd.Column) {
			return true
		}
	}
	return false
}

// Unhandled returns the children (see Children) whose rows a soft delete
// of parent leaves live, given the writes (by Write.Keys; a bare TableKey
// is a write of all the table's rows) that the soft-deleting function also
// makes (HandlesChild). Only direct children are named: a child's own
// children are judged at the child's soft delete. Nil when parent is not
// soft-delete or a trigger cascades.
func (c *Catalog) Unhandled(parent *schema.Table, handled map[string]bool) []Child {
	if c.SoftDelete(parent) == nil || c.CascadesByTrigger(parent) {
		return nil
	}
	var out []Child
	for _, ch := range c.Children(parent) {
		if !HandlesChild(ch, handled) {
			out = append(out, ch)
		}
	}
	return out
}

// MissingCascade returns the foreign keys a soft delete w leaves live,
// given the tables its function handles (see Unhandled), and the finding
// to report when there are any.
func (c *Catalog) MissingCascade(w Write, handled map[string]bool) (Finding, []Child) {
	return c.MissingCascadeAdvice(w, handled, "")
}

// NoCallersAdvice is the advice of a missing cascade at a function whose
// only write is the soft delete, which would pass the cascade to its
// callers, but which nothing in its package calls.
const NoCallersAdvice = "nothing calls this function to cascade, so soft-delete them here or in its callers"

// MissingCascadeAdvice is MissingCascade with the advice that fits the
// place ("" for the default: in this function or one it calls).
func (c *Catalog) MissingCascadeAdvice(w Write, handled map[string]bool, advice string) (Finding, []Child) {
	if w.Kind != SoftDeletes {
		return Finding{}, nil
	}
	children := c.Unhandled(w.Table, handled)
	if len(children) == 0 {
		return Finding{}, nil
	}
	return Finding{Rule: MissingCascade, Offset: w.Offset, Table: c.SoftDelete(w.Table), Message: cascadeMessage(w.Table, c.SoftDelete(w.Table), children, "", advice)}, children
}

// MissingCascadeThrough is MissingCascade for a soft delete that the
// function judged calls, through (a generated query method), rather than
// sends itself.
func (c *Catalog) MissingCascadeThrough(parent *schema.Table, through string, handled map[string]bool) (Finding, []Child) {
	if c.SoftDelete(parent) == nil {
		return Finding{}, nil
	}
	children := c.Unhandled(parent, handled)
	if len(children) == 0 {
		return Finding{}, nil
	}
	return Finding{Rule: MissingCascade, Table: c.SoftDelete(parent), Message: cascadeMessage(parent, c.SoftDelete(parent), children, through, "")}, children
}

// maxNamedChildren is how many children a message names; the others are
// counted, and every one is in the finding's related information.
const maxNamedChildren = 3

// cascadeMessage names each child table once, with its foreign-key columns
// and what about it needs saying, CASCADE ones first, at most
// maxNamedChildren of them.
func cascadeMessage(parent *schema.Table, sd *SoftDelete, children []Child, through, advice string) string {
	type entry struct {
		table    *schema.Table
		cols     []string
		actions  []string
		noColumn bool
	}
	var entries []*entry
	byTable := map[*schema.Table]*entry{}
	for _, ch := range children {
		e := byTable[ch.Table]
		if e == nil {
			e = &entry{table: ch.Table, noColumn: ch.SoftDelete == nil}
			byTable[ch.Table] = e
			entries = append(entries, e)
		}
		e.cols = append(e.cols, ch.Columns...)
		if a := ch.OnDelete; a != "" && a != "no action" && a != "restrict" && !containsColumn(e.actions, a) {
			e.actions = append(e.actions, a)
		}
	}
	sort.SliceStable(entries, func(i, j int) bool {
		return len(entries[i].actions) > 0 && len(entries[j].actions) == 0
	})
	var items []string
	for i, e := range entries {
		if i == maxNamedChildren && len(entries) > maxNamedChildren+1 {
			items = append(items, fmt.Sprintf("%d more", len(entries)-i))
			break
		}
		s := strings.Join(e.cols, ", ")
		for _, a := range e.actions {
			s += ", ON DELETE " + strings.ToUpper(a) + " does not fire on a soft delete"
		}
		if e.noColumn {
			s += "; it has no soft-delete column: give it one or hard-delete its rows"
		}
		items = append(items, fmt.Sprintf("%s (%s)", tableText(e.table), s))
	}
	what := tableText(parent)
	if through != "" {
		what += " (through " + through + ")"
	}
	if advice == "" {
		advice = "soft-delete them in this function or one it calls"
	}
	return fmt.Sprintf("soft-deleting %s leaves live rows in %s: %s, or cascade in an AFTER UPDATE OF %s trigger on %s",
		what, joinAnd(items), advice, quoteIdent(sd.Column), tableText(parent))
}

// joinAnd joins "a", "a and b", "a, b and c".
func joinAnd(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
