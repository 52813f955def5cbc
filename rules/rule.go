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

// Rule is one check, described whole: what it judges, the code that
// decides, and the documentation users read. All lists every rule; the
// engines, the rule IDs config accepts, the analyzer's documentation and
// docs/rules are all derived from it. Its ID is the diagnostic category and
// the name used in config and suppression comments.
type Rule struct {
	ID    string
	Title string
	// Kind is what the rule judges, and so which engine runs it.
	Kind Kind
	// ExcusedByIncludeDeleted is set when an ORM call that asks for
	// deleted rows by name (gorm's Unscoped) excuses the rule's findings
	// in the query it builds: the call says the query means those rows.
	ExcusedByIncludeDeleted bool

	// Why explains the failure the rule prevents.
	Why string
	// Bad and Good are SQL examples.
	Bad, Good string
	// Fix says what to change.
	Fix string
	// Limits says what the rule knowingly does not see.
	Limits string
	// Callers says which of its findings on rows chosen by key the Go
	// code around the statement excuses (rules/intent), each with the
	// twin that is still reported.
	Callers string
	// Schema is the DDL the examples run against; empty means the
	// documentation schema (DocSchema). Schema rules' examples are DDL and
	// are schemas of their own.
	Schema string

	// checkStatement is a KindStatement rule's check: its findings in one
	// statement. CheckStatement sets their Rule.
	checkStatement func(st *statement, stmt *pgast.Node) []Finding
	// checkSchema is a KindSchema rule's check: its findings in the
	// schema. CheckSchema sets their Rule.
	checkSchema func(c *Checker) []SchemaFinding
}

// Kind is what a rule judges.
type Kind uint8

const (
	// KindStatement rules judge one SQL statement at a time
	// (CheckStatement).
	KindStatement Kind = iota + 1
	// KindSchema rules judge the schema the migrations build, once per
	// run (CheckSchema).
	KindSchema
	// KindWrite rules judge what a function writes together with the
	// functions it calls; the analyzer runs them, across packages
	// (missing-cascade).
	KindWrite
)

// SchemaRule reports whether the rule judges the schema (its examples are
// DDL) rather than the statements a program sends.
func (r *Rule) SchemaRule() bool {
	return r.Kind == KindSchema
}

// DocSchema is the schema the query examples of the documentation run
// against.
const DocSchema = `CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, name text, deleted_at timestamptz);
CREATE TABLE orders (id bigserial PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id), deleted_at timestamptz);
CREATE TABLE order_items (id bigserial PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE, deleted_at timestamptz);
CREATE UNIQUE INDEX users_email_live ON users (email) WHERE deleted_at IS NULL;`

// All lists every rule, in documentation order. It is the only list of
// rules: adding a rule is adding it here, in a file of its own.
var All = []*Rule{MissingFilter, OuterJoinFilter, UniqueIgnoresDeleted, UniqueNullsDistinct, OnConflictPartial, MissingCascade, HardDelete, Redelete, BooleanFlag}

// IDs are the IDs of All, in its order: the rule names config accepts.
var IDs = ruleIDs()

func ruleIDs() []string {
	ids := make([]string, len(All))
	for i, r := range All {
		ids[i] = r.ID
	}
	return ids
}

// KnownID reports whether id names a rule.
func KnownID(id string) bool {
	return ByID(id) != nil
}

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

	// Row says how the statement picks the rows the finding is about, for
	// the rules that judge a finding with what the calling Go code knows of
	// those rows (package rules/intent): zero unless the rows are the ones
	// whose unique key equals values the program passes.
	Row RowChoice

	// Spared, when set, says why the finding is not reported: the rule
	// found the gap but judged it intended (softdelete explain shows it).
	Spared string

	fix *filterFix // see Edits
	ref *rangeRef  // the table reference the finding is about, if one
}

// SchemaFinding is a problem in the schema itself, located in its file.
type SchemaFinding struct {
	Rule    *Rule
	Pos     schema.Pos
	Message string // without the trailing rule ID
}

// CheckStatement runs the statement rules on one parsed statement and
// returns the findings to report.
func (c *Checker) CheckStatement(raw *pgast.RawStmt) []Finding {
	reported, _ := c.JudgeStatement(raw)
	return reported
}

// JudgeStatement runs the statement rules on one parsed statement: the
// findings to report, and those a rule found but spared (Finding.Spared
// says why), for softdelete explain.
func (c *Checker) JudgeStatement(raw *pgast.RawStmt) (reported, spared []Finding) {
	if raw == nil || raw.Stmt == nil {
		return nil, nil
	}
	st := newStatement(c)
	st.visit(raw.Stmt, nil, statementWhat(raw.Stmt))
	for _, r := range All {
		if r.Kind != KindStatement {
			continue
		}
		for _, f := range r.checkStatement(st, raw.Stmt) {
			f.Rule = r
			f.Row = st.rowChoice(f.ref)
			if f.Spared != "" {
				spared = append(spared, f)
			} else {
				reported = append(reported, f)
			}
		}
	}
	sort.SliceStable(reported, func(i, j int) bool { return reported[i].Offset < reported[j].Offset })
	sort.SliceStable(spared, func(i, j int) bool { return spared[i].Offset < spared[j].Offset })
	return reported, spared
}

// CheckSchema runs the schema rules on the catalog, in file order.
func (c *Checker) CheckSchema() []SchemaFinding {
	var out []SchemaFinding
	for _, r := range All {
		if r.Kind != KindSchema {
			continue
		}
		found := r.checkSchema(c)
		for i := range found {
			found[i].Rule = r
		}
		out = append(out, found...)
	}
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

// quoteSQL quotes a SQL fragment for a message: in double quotes, or in
// backquotes when the fragment has quoted identifiers of its own.
func quoteSQL(s string) string {
	if strings.Contains(s, `"`) {
		return "`" + s + "`"
	}
	return `"` + s + `"`
}

// insertedRow closes the Callers text of the rules whose finding a row the
// function has just inserted answers.
const insertedRow = ` Nor when the function first inserted the row itself, passing every value the statement
passes (INSERT INTO users (id, email) VALUES ($1, $2) with a.ID, a.Email, then SELECT … WHERE
id = $1 with a.ID): a new row is live. Still reported: an INSERT … ON CONFLICT (the row kept may
be an old, deleted one), or a statement that also passes a value the INSERT did not (another id).`

// byKey opens each rule's Callers text: what a statement on rows chosen
// by key is and where its finding goes.
const byKey = `A statement that picks its rows by their primary key (or a total unique key) equal to
values the program passes (WHERE id = $1, id = ANY($1)) acts on the rows its caller
chose, also when other tables are joined to it (not when it is on the nullable side of an
outer join, or when a joined table is soft-delete too: a deleted field checked in Go could
be either's). Such a finding is judged at the calls of the function that sends the statement,
in its package or any package that imports it (through an interface method too, when
the implementation's package is imported): reported at the statement when a caller in
its package chooses the rows with nothing to show, otherwise at the first such call of
each package, naming the statement. A function that no code takes as a value passes the
judgment to its callers; an unexported function nothing calls is dead code and is not
judged; calls in test code (_test.go files, files that import testing, packages named
tests or testutil) are not judged. A call through an interface whose implementation is in
a package the caller does not import (wired in main) does not see the finding, and is not
judged: whether the key can be a deleted row's is the caller's to know, and softdelete
prefers silence to a guess. softdelete explain lists each decision. `
