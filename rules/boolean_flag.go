package rules

import "fmt"

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
	Limits: `Reported once per table, at the column in its migration.`,
}

func (c *Checker) checkBooleanFlags() []SchemaFinding {
	var out []SchemaFinding
	for _, t := range c.tablesInOrder() {
		sd := c.SoftDelete(t)
		col := t.Column(sd.columnOrEmpty())
		if sd == nil || col == nil || !isBoolType(col.Type) {
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
