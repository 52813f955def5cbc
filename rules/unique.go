package rules

import (
	"fmt"
	"strings"

	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/schema"
)

// UniqueIgnoresDeleted reports unique keys that still count soft-deleted rows.
var UniqueIgnoresDeleted = &Rule{
	ID:          "unique-ignores-deleted",
	Title:       "Unique constraint counts soft-deleted rows",
	Kind:        KindSchema,
	checkSchema: (*Checker).checkIgnoresDeleted,
	Why: `A soft-deleted row keeps its values, and a plain UNIQUE constraint or index
keeps counting them. Alice deletes her account; a new Alice signs up with the same
email and gets "email already in use", because the deleted row still holds it. Only
a unique index that is partial on the live predicate lets a deleted key be used again.

Primary keys and keys that include a column the database fills with a value no later
insert repeats (serial, identity, gen_random_uuid(), uuid_generate_v4(), now() into a
timestamp, md5(random()::text)) are not natural keys and are not reported, nor are
indexes partial on the live predicate; a partial index on some other predicate (WHERE
phone IS NOT NULL) still counts deleted rows and is. A key that contains another,
unpartial unique key (UNIQUE (email, team) beside UNIQUE (email), or one containing
the primary key) is not reported: the smaller key refuses every row it would, and is
the one reported; once that one is made partial, the larger key is judged in turn.
Neither is a key that every soft delete in the module rewrites (SET deleted_at = now(),
name = name || ' deleted_' || md5(random()::text)): the deleted row no longer holds
it. One soft delete that leaves the key alone is enough to report it.`,
	Bad: `CREATE TABLE users (id bigserial PRIMARY KEY, email text UNIQUE, deleted_at timestamptz);`,
	Good: `CREATE TABLE users (id bigserial PRIMARY KEY, email text, deleted_at timestamptz);
CREATE UNIQUE INDEX users_email_live ON users (email) WHERE deleted_at IS NULL;`,
	Fix:    `Replace the constraint with a unique index that is partial on the live predicate; the message gives the CREATE UNIQUE INDEX to write. For a gorm model, tag the field uniqueIndex:,where:deleted_at IS NULL (the message gives the tag).`,
	Limits: `Judged on the final schema, once per run, at the constraint in its migration. A gorm model whose rows gorm soft-deletes (a gorm.DeletedAt field) and whose table the migrations lack has gorm's AutoMigrate as its schema: its keys are the ones its tags declare (unique, uniqueIndex, index:name,unique; fields sharing an index name form one key, ordered by priority), judged in the package that declares the model, at the tag of the key's first field. Expression indexes are judged like column indexes. A key on a surrogate column the application generates itself (not a database default) is a natural key to this rule. A key rewritten on delete is trusted to be rewritten to a value of its own: a constant or a fixed suffix (email || '-deleted') would make the second deletion of the same key fail, which this rule does not judge. Tables named in tables.include are judged on the schema alone, without the module's soft deletes.`,
}

// UniqueNullsDistinct reports unique keys that include a nullable
// soft-delete timestamp, which enforce nothing between live rows.
var UniqueNullsDistinct = &Rule{
	ID:          "unique-nulls-distinct",
	Title:       "Unique key over deleted_at enforces nothing between live rows",
	Kind:        KindSchema,
	checkSchema: (*Checker).checkNullsDistinct,
	Why: `The usual workaround UNIQUE (email, deleted_at) lets a deleted email be used
again, but every live row has deleted_at NULL, and PostgreSQL treats NULLs as
distinct: two live users with the same email are both accepted. The constraint that
was meant to keep emails unique no longer does.

An integer sentinel (DeleteAt = 0, NOT NULL) and a boolean flag have no NULLs, and
keys over them are not reported.`,
	Bad:    `CREATE TABLE users (id bigserial PRIMARY KEY, email text, deleted_at timestamptz, UNIQUE (email, deleted_at));`,
	Good:   `CREATE TABLE users (id bigserial PRIMARY KEY, email text, deleted_at timestamptz, UNIQUE NULLS NOT DISTINCT (email, deleted_at));`,
	Fix:    `Use a unique index partial on the live predicate, or (PostgreSQL 15 and later) declare the key NULLS NOT DISTINCT.`,
	Limits: `The message recommends NULLS NOT DISTINCT when postgres-version in the config (default 16) is 15 or later. Set it for older servers, where NULLS NOT DISTINCT does not exist; the message then recommends the partial index.`,
}

// uniqueKey is a unique constraint or unique index, seen the same way.
type uniqueKey struct {
	name             string
	kind             string // "constraint" or "index"
	columns          []string
	where            *pgast.Node
	nullsNotDistinct bool
	primary          bool
	pos              schema.Pos
}

func uniqueKeys(t *schema.Table) []uniqueKey {
	var keys []uniqueKey
	for _, k := range t.Constraints {
		if k.Kind == schema.Unique || k.Kind == schema.PrimaryKey {
			keys = append(keys, uniqueKey{name: k.EffectiveName(), kind: "constraint", columns: k.Columns,
				nullsNotDistinct: k.NullsNotDistinct, primary: k.Kind == schema.PrimaryKey, pos: k.Pos})
		}
	}
	for _, ix := range t.Indexes {
		if ix.Unique {
			keys = append(keys, uniqueKey{name: ix.EffectiveName(), kind: "index", columns: ix.Columns,
				where: ix.Predicate(), nullsNotDistinct: ix.NullsNotDistinct, pos: ix.Pos})
		}
	}
	return keys
}

// naturalKeys calls fn for each unique key of each soft-delete table that
// a deleted row can hold: not the primary key, not partial on the live
// predicate, without a column the database fills with a new value on
// every insert, and not containing another key that refuses every row it
// would.
func (c *Checker) naturalKeys(fn func(t *schema.Table, sd *SoftDelete, k uniqueKey)) {
	for _, t := range c.tablesInOrder() {
		sd := c.SoftDelete(t)
		if sd == nil {
			continue
		}
		keys := uniqueKeys(t)
		for _, k := range keys {
			if k.primary || predicateFilters(t, sd, k.where) || hasGeneratedColumn(t, k.columns) || containsKey(k, keys) {
				continue
			}
			fn(t, sd, k)
		}
	}
}

// containsKey reports whether k's columns include all the columns of
// another key of keys that is fewer columns and not partial: that key
// refuses every row k refuses, so it is the one to judge (after it is made
// partial, k is judged in turn).
func containsKey(k uniqueKey, keys []uniqueKey) bool {
	for _, o := range keys {
		// A key whose NULLs are not distinct refuses rows with NULLs that
		// a key whose NULLs are distinct accepts (a primary key has none).
		nullsLooser := k.nullsNotDistinct && !o.nullsNotDistinct && !o.primary
		if o.where != nil || len(o.columns) == 0 || len(o.columns) >= len(k.columns) || nullsLooser {
			continue
		}
		inside := true
		for _, col := range o.columns {
			inside = inside && col != "" && containsColumn(k.columns, col)
		}
		if inside {
			return true
		}
	}
	return false
}

// checkIgnoresDeleted is unique-ignores-deleted's check: the natural keys
// without the soft-delete column.
func (c *Checker) checkIgnoresDeleted() []SchemaFinding {
	return c.ignoresDeleted(func(t *schema.Table, sd *SoftDelete, k uniqueKey) string {
		return partialIndexDDL(t, sd, k.columns)
	})
}

func (c *Checker) ignoresDeleted(fix func(t *schema.Table, sd *SoftDelete, k uniqueKey) string) []SchemaFinding {
	var out []SchemaFinding
	c.naturalKeys(func(t *schema.Table, sd *SoftDelete, k uniqueKey) {
		if containsColumn(k.columns, sd.Column) || c.rewrittenOnDelete(t, sd, k.columns) {
			return
		}
		out = append(out, SchemaFinding{Pos: k.pos, Message: fmt.Sprintf(
			"unique %s %s on %s (%s) counts soft-deleted rows: a deleted row keeps its %s, so it can never be used again (\"already in use\"); make it partial: %s",
			k.kind, k.name, t.Name, displayColumns(k.columns), keyNoun(k.columns), fix(t, sd, k))})
	})
	return out
}

// CheckModelKeys runs unique-ignores-deleted on the unique keys of a
// table an ORM creates from a model (gorm's AutoMigrate), declared in the
// model's tags: t's constraints and indexes, column its soft-delete
// column and live the ORM's test of it (" IS NULL", " = 0"). The fix of
// a finding is the tag that makes its key partial: tag(key, predicate).
// The table is soft-deleted by the ORM's delete of the model: whether the
// module ever deletes it is the caller's to ask (a module-wide question);
// tables.exclude takes it out as any other.
func (c *Checker) CheckModelKeys(t *schema.Table, column, live string, tag func(key, predicate string) string) []SchemaFinding {
	cfg := c.cfg
	cfg.Columns = []Column{{Name: quoteIdent(column), Live: strings.TrimSpace(live)}}
	cfg.Written, cfg.Choose = nil, nil
	one := NewChecker(&schema.Catalog{Tables: map[string]*schema.Table{schema.Key(t.Schema, t.Name): t}, Views: map[string]*schema.View{}}, cfg)
	if one.Err() != nil {
		return nil
	}
	found := one.ignoresDeleted(func(t *schema.Table, sd *SoftDelete, k uniqueKey) string {
		return tag(k.name, sd.LivePredicate(""))
	})
	for i := range found {
		found[i].Rule = UniqueIgnoresDeleted
	}
	return found
}

// checkNullsDistinct is unique-nulls-distinct's check: the natural keys
// that include the soft-delete column.
func (c *Checker) checkNullsDistinct() []SchemaFinding {
	var out []SchemaFinding
	c.naturalKeys(func(t *schema.Table, sd *SoftDelete, k uniqueKey) {
		if !containsColumn(k.columns, sd.Column) {
			return
		}
		if f, ok := c.nullsDistinctFinding(t, sd, k); ok {
			out = append(out, f)
		}
	})
	return out
}

// rewrittenOnDelete reports whether every soft delete of t also rewrites
// one of the key's columns (name = name || ' deleted_' || ...): the
// deleted row then no longer holds the key.
func (c *Checker) rewrittenOnDelete(t *schema.Table, sd *SoftDelete, cols []string) bool {
	if c.cfg.KeyRewrites == nil || matchesAny(t, c.cfg.Include) {
		// A table the config names is judged on the schema alone, as
		// for vestigial columns: no finding of it waits on the module's
		// index of writes (what a hermetic build needs).
		return false
	}
	for _, r := range c.cfg.KeyRewrites(t.Name, sd.Column) {
		if containsColumn(cols, r) {
			return true
		}
	}
	return false
}

func (c *Checker) nullsDistinctFinding(t *schema.Table, sd *SoftDelete, k uniqueKey) (SchemaFinding, bool) {
	col := t.Column(sd.Column)
	if k.nullsNotDistinct || sd.kind != liveNull || col == nil || col.NotNull {
		// NOT NULL sentinels (DeleteAt = 0) and booleans have no NULLs to
		// be distinct.
		return SchemaFinding{}, false
	}
	rest := withoutColumn(k.columns, sd.Column)
	fix := partialIndexDDL(t, sd, rest)
	if c.cfg.PostgresVersion == 0 || c.cfg.PostgresVersion >= 15 {
		fix = fmt.Sprintf("declare it UNIQUE NULLS NOT DISTINCT (%s), or use %s", strings.Join(k.columns, ", "), fix)
	} else {
		fix = "use " + fix + " (NULLS NOT DISTINCT needs PostgreSQL 15)"
	}
	return SchemaFinding{Pos: k.pos, Message: fmt.Sprintf(
		"unique %s %s on %s (%s) includes %s, which is NULL on every live row, and NULLs are distinct: two live rows with the same %s are both accepted; %s",
		k.kind, k.name, t.Name, displayColumns(k.columns), sd.Column, keyNoun(rest), fix)}, true
}

// partialIndexDDL is the index to write instead.
func partialIndexDDL(t *schema.Table, sd *SoftDelete, cols []string) string {
	quoted := make([]string, len(cols))
	for i, c := range cols {
		if c == "" {
			c = "<expression>"
		} else {
			c = quoteIdent(c)
		}
		quoted[i] = c
	}
	parts := make([]string, len(cols))
	for i, c := range cols {
		if c == "" {
			c = "expr" // as PostgreSQL names an expression column
		}
		parts[i] = c
	}
	// Named as PostgreSQL would name it, so that it fits in 63 bytes.
	name := schema.ObjectName(t.Name, strings.Join(parts, "_"), "live")
	table := quoteIdent(t.Name)
	if t.Schema != "" && t.Schema != "public" {
		table = quoteIdent(t.Schema) + "." + table
	}
	return fmt.Sprintf("CREATE UNIQUE INDEX %s ON %s (%s) WHERE %s", quoteIdent(name), table, strings.Join(quoted, ", "), sd.LivePredicate(""))
}

// displayColumns lists a key's columns; an expression element shows as
// "<expression>".
func displayColumns(cols []string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		if c == "" {
			c = "<expression>"
		}
		out[i] = c
	}
	return strings.Join(out, ", ")
}

func keyNoun(cols []string) string {
	if len(cols) == 1 && cols[0] != "" {
		return cols[0]
	}
	return "key"
}

func hasGeneratedColumn(t *schema.Table, cols []string) bool {
	for _, name := range cols {
		if c := t.Column(name); c != nil && c.Generated {
			return true
		}
	}
	return false
}

func containsColumn(cols []string, name string) bool {
	for _, c := range cols {
		if c == name {
			return true
		}
	}
	return false
}

func withoutColumn(cols []string, name string) []string {
	var out []string
	for _, c := range cols {
		if c != name {
			out = append(out, c)
		}
	}
	return out
}
