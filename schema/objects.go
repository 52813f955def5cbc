package schema

import (
	"slices"
	"strings"

	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/internal/pgparse"
)

// createIndex applies CREATE [UNIQUE] INDEX on a table.
func (a *applier) createIndex(s *pgast.IndexStmt, raw *pgast.RawStmt) {
	t := a.table(s.Relation)
	if t == nil {
		return // an index on a view, or on a table the schema lacks
	}
	if s.Idxname != "" && s.IfNotExists {
		if t2, _ := a.c.findIndex(t.Schema, s.Idxname); t2 != nil {
			return
		}
	}
	ix := &Index{
		Name:             s.Idxname,
		Unique:           s.Unique,
		NullsNotDistinct: s.NullsNotDistinct,
		Where:            s.WhereClause,
		Pos:              a.f.pos(a.indexNameOffset(s, raw)),
	}
	var addition []string // what PostgreSQL names an unnamed index after
	for _, n := range s.IndexParams {
		e := n.GetIndexElem()
		if e == nil {
			continue
		}
		ix.Columns = append(ix.Columns, e.Name)
		ix.exprColumns = append(ix.exprColumns, columnRefs(e.Expr)...)
		switch {
		case e.Name != "":
			addition = append(addition, e.Name)
		case e.Expr.GetFuncCall() != nil:
			addition = append(addition, lastName(e.Expr.GetFuncCall().Funcname))
		default:
			addition = append(addition, "expr")
		}
	}
	ix.exprColumns = append(ix.exprColumns, columnRefs(s.WhereClause)...)
	if ix.Name == "" {
		ix.implicitName = ObjectName(t.Name, indexNameAddition(addition), "idx")
	}
	t.Indexes = append(t.Indexes, ix)
}

// indexNameOffset is where the index name is written in CREATE INDEX: the
// token before ON. Without a name it is the start of the statement.
func (a *applier) indexNameOffset(s *pgast.IndexStmt, raw *pgast.RawStmt) int {
	start, end := a.stmtSpan(raw)
	if s.Idxname != "" && s.Relation != nil {
		end = clamp(int(s.Relation.Location), start, end)
		toks := pgparse.Scan(a.text[start:end])
		for i := len(toks) - 1; i > 0; i-- {
			if toks[i].Token == pgast.Token_ON {
				return start + int(toks[i-1].Start)
			}
		}
	}
	return a.stmtStart(raw)
}

// createView applies CREATE [OR REPLACE] VIEW.
func (a *applier) createView(s *pgast.ViewStmt) {
	rv := s.View
	if rv == nil {
		return
	}
	a.c.Views[Key(rv.Schemaname, rv.Relname)] = &View{
		Schema:  rv.Schemaname,
		Name:    rv.Relname,
		Columns: stringList(s.Aliases),
		Query:   s.Query,
		Pos:     a.pos(rv.Location),
	}
}

// createMatView applies CREATE MATERIALIZED VIEW; plain CREATE TABLE AS is
// skipped, as its columns are only known by running the query.
func (a *applier) createMatView(s *pgast.CreateTableAsStmt) {
	if s.Objtype != pgast.ObjectType_OBJECT_MATVIEW || s.Into == nil || s.Into.Rel == nil {
		return
	}
	rv := s.Into.Rel
	key := Key(rv.Schemaname, rv.Relname)
	if a.c.Views[key] != nil && s.IfNotExists {
		return
	}
	a.c.Views[key] = &View{
		Schema:       rv.Schemaname,
		Name:         rv.Relname,
		Columns:      stringList(s.Into.ColNames),
		Query:        s.Query,
		Pos:          a.pos(rv.Location),
		Materialized: true,
	}
}

// Trigger type bits, PostgreSQL's TRIGGER_TYPE_*.
const (
	triggerBefore   = 1 << 1
	triggerInsert   = 1 << 2
	triggerDelete   = 1 << 3
	triggerUpdate   = 1 << 4
	triggerTruncate = 1 << 5
	triggerInstead  = 1 << 6
)

// createTrigger applies CREATE [OR REPLACE] [CONSTRAINT] TRIGGER on a table.
func (a *applier) createTrigger(s *pgast.CreateTrigStmt, raw *pgast.RawStmt) {
	t := a.table(s.Relation)
	if t == nil {
		return
	}
	tr := &Trigger{
		Name:          s.Trigname,
		Timing:        "after",
		UpdateColumns: stringList(s.Columns),
		Function:      strings.Join(stringList(s.Funcname), "."),
		Pos:           a.f.pos(a.stmtStart(raw)),
	}
	switch {
	case s.Timing&triggerBefore != 0:
		tr.Timing = "before"
	case s.Timing&triggerInstead != 0:
		tr.Timing = "instead of"
	}
	for _, ev := range []struct {
		bit  int32
		name string
	}{{triggerInsert, "insert"}, {triggerUpdate, "update"}, {triggerDelete, "delete"}, {triggerTruncate, "truncate"}} {
		if s.Events&ev.bit != 0 {
			tr.Events = append(tr.Events, ev.name)
		}
	}
	// OR REPLACE, or a name reused after a failed migration: the new
	// definition is the one in force.
	t.Triggers = slices.DeleteFunc(t.Triggers, func(old *Trigger) bool { return old.Name == tr.Name })
	t.Triggers = append(t.Triggers, tr)
}

// createPolicy applies CREATE POLICY.
func (a *applier) createPolicy(s *pgast.CreatePolicyStmt, raw *pgast.RawStmt) {
	t := a.table(s.Table)
	if t == nil {
		return
	}
	cmd := s.CmdName
	if cmd == "" {
		cmd = "all"
	}
	t.Policies = slices.DeleteFunc(t.Policies, func(p *Policy) bool { return p.Name == s.PolicyName })
	t.Policies = append(t.Policies, &Policy{
		Name:    s.PolicyName,
		Command: cmd,
		Using:   s.Qual,
		Pos:     a.f.pos(a.stmtStart(raw)),
	})
}

// alterPolicy applies ALTER POLICY ... USING.
func (a *applier) alterPolicy(s *pgast.AlterPolicyStmt) {
	t := a.table(s.Table)
	if t == nil || s.Qual == nil {
		return
	}
	for _, p := range t.Policies {
		if p.Name == s.PolicyName {
			p.Using = s.Qual
		}
	}
}

// createRule applies CREATE [OR REPLACE] RULE on a table.
func (a *applier) createRule(s *pgast.RuleStmt, raw *pgast.RawStmt) {
	t := a.table(s.Relation)
	if t == nil {
		return
	}
	event := ""
	switch s.Event {
	case pgast.CmdType_CMD_SELECT:
		event = "select"
	case pgast.CmdType_CMD_INSERT:
		event = "insert"
	case pgast.CmdType_CMD_UPDATE:
		event = "update"
	case pgast.CmdType_CMD_DELETE:
		event = "delete"
	}
	t.Rules = slices.DeleteFunc(t.Rules, func(r *RewriteRule) bool { return r.Name == s.Rulename })
	t.Rules = append(t.Rules, &RewriteRule{
		Name:    s.Rulename,
		Event:   event,
		Instead: s.Instead,
		Where:   s.WhereClause,
		Actions: s.Actions,
		Pos:     a.f.pos(a.stmtStart(raw)),
	})
}
