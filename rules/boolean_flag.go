package rules

import (
	"fmt"

	"github.com/softdelete/softdelete/schema"
)

// BooleanFlag reports boolean soft-delete columns.
var BooleanFlag = &Rule{
	ID:          "boolean-flag",
	Title:       "Soft delete recorded as a boolean flag",
	Kind:        KindSchema,
	checkSchema: (*Checker).checkBooleanFlags,
	Why: `is_deleted says that a row was deleted but not when. The time is what retention
policies, purge jobs, compliance reports and debugging need, and a nullable timestamp
gives everything the flag does (NULL = live) plus that audit trail, at the same cost
to index.`,
	Bad:    `CREATE TABLE users (id bigserial PRIMARY KEY, email text, is_deleted boolean NOT NULL DEFAULT false);`,
	Good:   `CREATE TABLE users (id bigserial PRIMARY KEY, email text, deleted_at timestamptz);`,
	Fix:    `Use a nullable deleted_at timestamptz: live rows are deleted_at IS NULL.`,
	Limits: `Reported once per table, at the column in its migration. Not reported when every soft delete of the table also stamps a timestamp column of it (SET is_deleted = true, deleted_on = now()), or when a second soft-delete column of the table is a timestamp the module sets: the time is recorded.`,
}

func (c *Checker) checkBooleanFlags() []SchemaFinding {
	var out []SchemaFinding
	for _, t := range c.tablesInOrder() {
		sd := c.SoftDelete(t)
		col := t.Column(sd.columnOrEmpty())
		if sd == nil || col == nil || !isBoolType(col.Type) || c.stampsTime(t, sd) {
			continue
		}
		out = append(out, SchemaFinding{Pos: col.Pos, Message: fmt.Sprintf(
			"%s.%s is a boolean soft-delete flag: it records that a row was deleted but not when, which purges, retention and audits need; prefer a nullable timestamp: ALTER TABLE %s ADD COLUMN deleted_at timestamptz",
			t.Name, col.Name, quoteIdent(t.Name))})
	}
	return out
}

func (sd *SoftDelete) columnOrEmpty() string {
	if sd == nil {
		return ""
	}
	return sd.Column
}

// stampsTime reports whether the soft deletes of t record when: a second
// soft-delete column that is a timestamp the module sets, or a timestamp
// column that every soft delete of t also sets.
func (c *Checker) stampsTime(t *schema.Table, sd *SoftDelete) bool {
	for _, a := range sd.Also {
		if a.kind == liveNull && isTimeType(t.Column(a.Column)) {
			return true
		}
	}
	if c.cfg.AlsoSets == nil || matchesAny(t, c.cfg.Include) {
		return false // judged on the schema alone, as for unique keys
	}
	for _, name := range c.cfg.AlsoSets(t.Name, sd.Column) {
		if isTimeType(t.Column(name)) {
			return true
		}
	}
	return false
}

func isTimeType(col *schema.Column) bool {
	return col != nil && (col.Type == "timestamptz" || col.Type == "timestamp")
}
