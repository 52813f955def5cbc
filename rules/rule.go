// Package rules holds softdelete's checks. Each rule is a file whose Rule
// value carries the documentation users read (why, a bad and a good
// example, the fix) next to the code that decides.
package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/schema"
)

// Rule is one check. Its ID is the diagnostic category and the name used in
// config and suppression comments.
type Rule struct {
	ID    string
	Title string
	// Why explains the failure the rule prevents.
	Why string
	// Bad and Good are SQL examples.
	Bad, Good string
	// Fix says what to change.
	Fix string
	// Limits says what the rule knowingly does not see.
	Limits string
	// Schema is the DDL the examples run against; empty means the
	// documentation schema (DocSchema). Schema rules' examples are DDL and
	// are schemas of their own.
	Schema string
}

// DocSchema is the schema the query examples of the documentation run
// against.
const DocSchema = `CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, name text, deleted_at timestamptz);
CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), deleted_at timestamptz);
CREATE TABLE order_items (id bigserial PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE, deleted_at timestamptz);
CREATE UNIQUE INDEX users_email_live ON users (email) WHERE deleted_at IS NULL;`

// All lists every rule, in documentation order.
var All = []*Rule{MissingFilter, OuterJoinFilter, UniqueIgnoresDeleted, UniqueNullsDistinct, OnConflictPartial, MissingCascade, HardDelete, Redelete, BooleanFlag}

// ByID returns the rule with the given ID, or nil.
func ByID(id string) *Rule {
	for _, r := range All {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Finding is one problem, located by a byte offset into the SQL text that
// was parsed.
type Finding struct {
	Rule    *Rule
	Offset  int
	Message string // without the trailing rule ID
	// Rewrite, when set, is the SQL the message tells the user to write in
	// place of Replaces (both verbatim SQL text).
	Replaces, Rewrite string

	// Table is the soft-delete table the finding is about, for related
	// information (the schema line that makes it soft-delete); nil for
	// findings about no one table.
	Table *SoftDelete

	fix *filterFix // see Edits
}

// SchemaFinding is a problem in the schema itself, located in its file.
type SchemaFinding struct {
	Rule    *Rule
	Pos     schema.Pos
	Message string // without the trailing rule ID
}

// CheckStatement runs the query rules on one parsed statement.
func (c *Catalog) CheckStatement(raw *pgast.RawStmt) []Finding {
	if raw == nil || raw.Stmt == nil {
		return nil
	}
	st := newStatement(c)
	st.visit(raw.Stmt, nil, statementWhat(raw.Stmt))
	var out []Finding
	for _, s := range st.scopes {
		out = append(out, st.checkScope(s)...)
	}
	out = append(out, st.checkOnConflict(raw.Stmt)...)
	out = append(out, st.checkHardDeletes(raw.Stmt)...)
	out = append(out, st.checkRedeletes(raw.Stmt)...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Offset < out[j].Offset })
	return out
}

// CheckSchema runs the schema rules on the catalog, in file order.
func (c *Catalog) CheckSchema() []SchemaFinding {
	var out []SchemaFinding
	out = append(out, c.checkUniques()...)
	out = append(out, c.checkBooleanFlags()...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Pos.File != out[j].Pos.File {
			return out[i].Pos.File < out[j].Pos.File
		}
		return out[i].Pos.Offset < out[j].Pos.Offset
	})
	return out
}

// dmlStatements calls fn for every INSERT, UPDATE and DELETE in a
// statement, including those in CTEs (WITH gone AS (UPDATE …)).
// The statement rules each need the list; it is found once per statement.
func (st *statement) dmlStatements(n *pgast.Node, fn func(m pgast.Message)) {
	if st.dmlOf != n {
		st.dmlOf, st.dml = n, findDML(n)
	}
	for _, m := range st.dml {
		fn(m)
	}
}

// findDML finds the data-modifying statements of a statement: itself, and
// those in its WITH clauses, which is the only place PostgreSQL allows
// them (a subquery cannot hold an INSERT, UPDATE or DELETE).
func findDML(n *pgast.Node) []pgast.Message {
	var out []pgast.Message
	var walk func(n *pgast.Node)
	ctes := func(w *pgast.WithClause) {
		if w == nil {
			return
		}
		for _, c := range w.Ctes {
			if cte := c.GetCommonTableExpr(); cte != nil {
				walk(cte.Ctequery)
			}
		}
	}
	walk = func(n *pgast.Node) {
		if n == nil {
			return
		}
		switch v := n.Node.(type) {
		case *pgast.Node_InsertStmt:
			ctes(v.InsertStmt.WithClause)
			out = append(out, v.InsertStmt)
		case *pgast.Node_UpdateStmt:
			ctes(v.UpdateStmt.WithClause)
			out = append(out, v.UpdateStmt)
		case *pgast.Node_DeleteStmt:
			ctes(v.DeleteStmt.WithClause)
			out = append(out, v.DeleteStmt)
		case *pgast.Node_SelectStmt:
			ctes(v.SelectStmt.WithClause)
		case *pgast.Node_ExplainStmt:
			walk(v.ExplainStmt.Query)
		}
	}
	walk(n)
	return out
}

func statementWhat(n *pgast.Node) string {
	switch n.Node.(type) {
	case *pgast.Node_SelectStmt:
		return "SELECT"
	case *pgast.Node_UpdateStmt:
		return "UPDATE"
	case *pgast.Node_DeleteStmt:
		return "DELETE"
	case *pgast.Node_InsertStmt:
		return "INSERT"
	}
	return "statement"
}

// checkScope applies missing-filter and outer-join-filter to each
// soft-delete table reference of one scope.
//
// The body of a WITH RECURSIVE CTE walks a hierarchy (a space's ancestors,
// a folder's subtree): each step must reach the next row whatever became
// of the one before, and the filter belongs to the rows the walk finally
// reads, where the query uses the CTE. Its tables are not judged here.
func (st *statement) checkScope(s *scope) []Finding {
	if s.opaque || s.recursive {
		return nil
	}
	var out []Finding
	for _, r := range s.refs {
		if r.sd == nil || r.unchecked || r.mentioned || r.sd.FilteredByPolicy {
			continue
		}
		on := unfiltered
		for _, q := range s.quals {
			if v := st.classify(q, r); v > on {
				on = v
			}
		}
		if on >= live {
			continue
		}
		where := st.classify(s.where, r)
		switch {
		case where == deliberate:
		case where == live && r.nullable:
			out = append(out, outerJoinFinding(r, st.movableConjunct(s.where, r)))
		case where == live:
		case where == unfiltered && on == unfiltered && st.decorates(r):
		default:
			out = append(out, missingFilterFinding(r, where == partial || on == partial))
		}
	}
	return out
}

func (r *rangeRef) describe() string {
	return fmt.Sprintf("%s is a soft-delete table (%s)", r.name, r.sd.ColumnText())
}

// predicateQualifier is the qualifier a suggested predicate should use:
// the alias, or the table name when other tables share the scope.
func (r *rangeRef) predicateQualifier() string {
	if r.alias != "" || len(r.scope.refs) > 1 {
		return r.qualifier()
	}
	return ""
}

// IDs are every rule ID the specification defines, the ones this version
// implements (All) and the ones still to come, so that config naming a
// rule stays valid across versions.
var IDs = []string{
	"missing-filter", "outer-join-filter", "unique-ignores-deleted", "unique-nulls-distinct",
	"on-conflict-partial", "missing-cascade", "hard-delete", "redelete", "boolean-flag",
}

// KnownID reports whether id names a rule.
func KnownID(id string) bool {
	for _, k := range IDs {
		if k == id {
			return true
		}
	}
	return false
}

// quoteSQL quotes a SQL fragment for a message: in double quotes, or in
// backquotes when the fragment has quoted identifiers of its own.
func quoteSQL(s string) string {
	if strings.Contains(s, `"`) {
		return "`" + s + "`"
	}
	return `"` + s + `"`
}
