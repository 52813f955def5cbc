package analyzer

import (
	"fmt"
	"go/token"
	"strings"

	"github.com/softdelete/softdelete/internal/libs"
	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/internal/pgparse"
	"github.com/softdelete/softdelete/rules"
	"github.com/softdelete/softdelete/schema"
	"github.com/softdelete/softdelete/sqlextract"
)

// modelKeys reports unique-ignores-deleted on the unique keys that the
// package's soft-deleted gorm models declare in their tags, for the
// tables the migrations lack: those gorm's AutoMigrate creates, whose
// schema is the model (a table the migrations define is judged there;
// its model's tags create nothing). Each finding is at the tag of the
// key's first field.
func (r *reporter) modelKeys(cat *rules.Checker, models []sqlextract.ModelSchema) {
	if r.cfg.disabled(rules.UniqueIgnoresDeleted.ID) {
		return
	}
	for _, ms := range models {
		m := schema.Model{Name: ms.Table, Columns: ms.Columns, SoftDelete: ms.SoftDeleteColumn, Live: ms.Live}
		if !cat.Schema.Lacks(m) {
			continue
		}
		t := (&schema.Catalog{Tables: map[string]*schema.Table{}, Views: map[string]*schema.View{}}).WithModels([]schema.Model{m}).Table(m.Relation())
		if t == nil {
			continue
		}
		t = &schema.Table{Schema: t.Schema, Name: t.Name, Columns: t.Columns} // its own, to add keys to
		if r.modelVestigial != nil && r.modelVestigial(t, typeName(ms.Type)) {
			if len(ms.Keys) > 0 {
				r.notReported = append(r.notReported, IntentNote{Pos: r.pass.Fset.Position(ms.Keys[0].Pos), Rule: rules.UniqueIgnoresDeleted.ID, Table: ms.Table,
					Why: fmt.Sprintf("not judged: nothing in the module deletes gorm model %s, so its %s is never set and no deleted row keeps a key", ms.Type, ms.SoftDeleteColumn)})
			}
			continue
		}
		at := map[schema.Pos]token.Pos{}
		tagName := map[string]string{}
		for _, k := range ms.Keys {
			where, ok := predicate(k.Where)
			if !ok {
				continue // a predicate that does not parse: not judged
			}
			pos := r.schemaPos(k.Pos)
			at[pos] = k.Pos
			if k.Named {
				tagName[k.Name] = k.Name
			}
			if k.Constraint && where == nil {
				t.Constraints = append(t.Constraints, &schema.Constraint{Kind: schema.Unique, Name: k.Name, Columns: k.Columns, Pos: pos})
				continue
			}
			t.Indexes = append(t.Indexes, &schema.Index{Name: k.Name, Unique: true, Columns: k.Columns, Where: where, Pos: pos})
		}
		for _, f := range cat.CheckModelKeys(t, ms.SoftDeleteColumn, ms.Live, func(key, pred string) string {
			return fmt.Sprintf("tag the field%s gorm:%q", plural(key, ms), libs.GormPartialTag(tagName[key], pred))
		}) {
			pos := at[f.Pos]
			if reason, ok := r.ignore.covers(pos, nil); ok {
				if reason == "" {
					r.report(pos, "suppression", "//softdelete:ignore needs a reason: say why this key is right as it is")
				}
				continue
			}
			r.report(pos, f.Rule.ID, "gorm model "+ms.Type+": "+f.Message)
		}
	}
}

// typeName is a model type's name without its package (pkg.Flag: Flag),
// as the module's deletes name it.
func typeName(qualified string) string {
	return qualified[strings.LastIndex(qualified, ".")+1:]
}

// plural is "s" of "tag the fields" when a named key spans several.
func plural(key string, ms sqlextract.ModelSchema) string {
	for _, k := range ms.Keys {
		if k.Name == key && len(k.Columns) > 1 {
			return "s"
		}
	}
	return ""
}

// schemaPos is a Go position as the schema records places.
func (r *reporter) schemaPos(p token.Pos) schema.Pos {
	pos := r.pass.Fset.Position(p)
	return schema.Pos{File: pos.Filename, Offset: pos.Offset, Line: pos.Line, Col: pos.Column}
}

// predicate parses a where: option; "" is no predicate.
func predicate(text string) (*pgast.Node, bool) {
	if text == "" {
		return nil, true
	}
	pq := pgparse.ParseQuery("SELECT WHERE " + text)
	if pq.Err != nil || pq.Tree == nil || len(pq.Tree.Stmts) != 1 {
		return nil, false
	}
	sel := pq.Tree.Stmts[0].Stmt.GetSelectStmt()
	if sel == nil || sel.WhereClause == nil {
		return nil, false
	}
	return sel.WhereClause, true
}
