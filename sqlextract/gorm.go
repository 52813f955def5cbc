package sqlextract

import (
	"go/token"
	"go/types"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/softdelete/softdelete/internal/libs"
)

// gorm: gorm.io/gorm. Every call is a method of *gorm.DB that returns a
// *gorm.DB; a finisher (Find, First, Update, Delete, ...) sends the
// statement. The model (Model(x), or the finisher's destination) gives
// the table, and for a model with a gorm.DeletedAt field gorm adds
// `"table"."deleted_at" IS NULL` to the SELECT, UPDATE and soft DELETE
// (an UPDATE that sets deleted_at) it sends; the reconstruction writes
// that filter too. Unscoped() turns it off: the query is reconstructed
// without it and marked IncludesDeleted. Raw(sql) and Exec(sql) are
// sinks like database/sql's (sinks.go).

func init() {
	registerLibrary(&library{
		Library: libs.Gorm,
		builder: func(name string) bool { return name == "DB" },
		root:    func(name string) bool { return name == "DB" },
		terminal: func(recv, name string) bool {
			return gormFinishers[name]
		},
		// A finisher applied on some paths only is taken as applied.
		partial: func(name string) bool { return name == "Where" || gormFinishers[name] },
		render:  renderGorm,
		// Scopes' functions are called with the query before it is sent.
		callbacks: func(recv, name string) (splice, group bool) { return name == "Scopes", false },
	})
}

var gormFinishers = map[string]bool{
	"Find": true, "First": true, "Last": true, "Take": true, "Scan": true, "Count": true,
	"Pluck": true, "Row": true, "Rows": true, "Create": true, "Save": true, "Update": true,
	"Updates": true, "UpdateColumn": true, "UpdateColumns": true, "Delete": true,
	"FirstOrInit": true, "FirstOrCreate": true, "FindInBatches": true, "CreateInBatches": true,
}

// gormModel reads a model type as gorm's schema parser does.
func (x *extractor) gormModel(t types.Type) (*ormModel, bool) {
	orm := libs.Gorm.ORM
	named, st := structOf(t)
	if st == nil {
		return nil, false
	}
	m := &ormModel{named: named}
	if named != nil {
		name, has, ok := x.tableNameMethod(named)
		switch {
		case has && !ok:
			return nil, false
		case has:
			m.table = name
		default:
			m.table = orm.Table(named.Obj().Name())
		}
	}
	taggedPK := false
	var walk func(st *types.Struct, prefix string, depth int)
	walk = func(st *types.Struct, prefix string, depth int) {
		if depth > 4 {
			return
		}
		for i := 0; i < st.NumFields(); i++ {
			f := st.Field(i)
			tag, _ := structTag(st, i, orm.Tag)
			if tag == "-" || strings.HasPrefix(tag, "-:") || !f.Exported() {
				continue
			}
			_, embedded := orm.Option(tag, "embedded")
			if (f.Anonymous() || embedded) && !isColumnType(f.Type()) {
				if _, inner := structOf(f.Type()); inner != nil {
					p, _ := orm.Option(tag, "embeddedPrefix")
					walk(inner, prefix+p, depth+1)
				}
				continue
			}
			if !isColumnType(f.Type()) {
				continue // a relation
			}
			col := prefix + orm.Column(tag, f.Name())
			fld := ormField{name: f.Name(), column: col, tag: tag, v: f}
			if _, ok := orm.Option(tag, "primaryKey"); ok {
				fld.pk, taggedPK = true, true
			} else if _, ok := orm.Option(tag, "primary_key"); ok {
				fld.pk, taggedPK = true, true
			}
			if _, ok := orm.Option(tag, "autoUpdateTime"); ok || f.Name() == "UpdatedAt" {
				fld.updatedAt = true
			}
			if n := namedOf(f.Type()); n != nil && n.Obj().Pkg() != nil {
				if sd, ok := orm.SoftDeleteType(n.Obj().Pkg().Path(), n.Obj().Name()); ok {
					m.soft = &softDelete{column: col, SoftDelete: sd}
				}
			}
			m.fields = append(m.fields, fld)
		}
	}
	walk(st, "", 0)
	if !taggedPK {
		for i := range m.fields {
			if m.fields[i].column == "id" {
				m.fields[i].pk = true
				break
			}
		}
	}
	return m, true
}

// gormStmt is the state of a gorm chain while it is folded.
type gormStmt struct {
	r        *bresolver
	model    *ormModel
	modelAt  token.Pos
	modelVal *bval
	table    []span // Table(...): the text as written
	tableAt  token.Pos
	hasTable bool
	qual     string // the table name gorm qualifies columns with
	selects  [][]span
	distinct bool
	joins    [][]span
	where    []gormCond
	group    [][]span
	having   []gormCond
	order    [][]span
	limit    bool
	offset   bool
	unscoped bool
	locking  string // Clauses(clause.Locking{...}): " FOR UPDATE", ...
	// onConflict is Clauses(clause.OnConflict{...}) for Create: the
	// clause after ON CONFLICT, with "excluded" columns for UpdateAll
	// left to createSQL (it knows the columns).
	onConflict *gormConflict
}

// A gormCond is one expression of a WHERE; wrap is set for text that
// gorm puts in parentheses when the WHERE has several (text with AND or
// OR in it).
type gormCond struct {
	spans []span
	wrap  bool
	or    bool // added by Or: joined to the one before it with OR
}

var gormTableAlias = sync.OnceValue(func() *regexp.Regexp { // compiled on first use, not in every process
	return regexp.MustCompile(`(?i)(?:.+? AS (\w+)\s*(?:$|,)|^\w+\s+(\w+)$)`)
})

func renderGorm(r *bresolver, c *chain, at token.Pos) ([]span, bool) {
	st := &gormStmt{r: r}
	n := len(c.ops)
	if n == 0 {
		return nil, false
	}
	// The model and table first: conditions written before them are
	// qualified with the table all the same.
	for i, op := range c.ops {
		switch {
		case op.lib != libs.Gorm.Name:
			return nil, false
		case op.name == "Model" || op.name == "Table":
			if !st.apply(op) {
				return nil, false
			}
		case i == n-1 && st.model == nil && len(op.args) > 0:
			switch op.name {
			case "Find", "First", "Last", "Take", "Delete":
				if m, ok := r.x.gormModel(op.args[0].gtype); ok {
					st.model, st.modelAt, st.modelVal = m, op.pos, op.args[0]
				}
			}
		}
	}
	// The finisher sends the statement: the chain's last op.
	ok := r.fold(libs.Gorm, c, func(i int, op bop) bool {
		if gormFinishers[op.name] {
			return i == n-1
		}
		return st.apply(op)
	})
	if last := c.ops[n-1]; !ok || !gormFinishers[last.name] {
		return nil, false
	}
	last := c.ops[n-1]
	spans, ok := st.finish(last)
	if !ok && r.lost == "" {
		switch {
		case last.name == "Save":
			r.giveUp(last.pos, "its Save call inserts or updates every column, as the value's primary key decides at run time")
		case last.name == "Updates" && len(last.args) == 1 && last.args[0].kind != vMap && last.args[0].lit != "literal":
			r.giveUp(last.pos, "its Updates call sets the fields of a value that are not zero, known only at run time")
		default:
			r.giveUp(last.pos, "its %s call is not one softdelete can render", last.name)
		}
	}
	return spans, ok
}

func (st *gormStmt) apply(op bop) bool {
	switch op.name {
	case "Open", "Session", "WithContext", "Debug", "Begin":
		return true
	case "Preload":
		// The association is loaded by a query of its own, after this
		// one; it leaves this statement as it is.
		return true
	case "Model":
		if len(op.args) != 1 {
			return false
		}
		m, ok := st.r.x.gormModel(op.args[0].gtype)
		if !ok {
			return false
		}
		st.model, st.modelAt, st.modelVal = m, op.pos, op.args[0]
		return true
	case "Table":
		if len(op.args) != 1 {
			return false
		}
		t, ok := strArg(op, 0)
		if !ok {
			return false
		}
		st.table, st.tableAt, st.hasTable = t, op.pos, true
		st.qual = ""
		text := joined(t)
		if allKnown(t) {
			switch {
			case !strings.ContainsAny(text, " `"):
				st.qual = text
			default:
				if m := gormTableAlias().FindStringSubmatch(text); m != nil {
					st.qual = m[2]
				}
			}
		}
		return true
	case "Unscoped":
		st.unscoped = true
		return true
	case "Select", "Distinct":
		if op.name == "Distinct" {
			st.distinct = true
		}
		cols, ok := strArgs(op, 0)
		if !ok {
			return false
		}
		for _, c := range cols {
			st.selects = append(st.selects, withAt(c, op.pos))
		}
		return true
	case "Where":
		conds, ok := st.conds(op, op.args)
		if !ok {
			return false
		}
		if op.cond {
			for i := range conds {
				conds[i] = gormCond{spans: conditional(conds[i].spans, op.pos), wrap: false}
			}
		}
		st.where = append(st.where, conds...)
		return true
	case "Clauses":
		// Row locks (clause.Locking): they change no row the query
		// reads. An upsert's clause.OnConflict is written into the
		// INSERT of Create. Other clauses are not rendered.
		for _, a := range op.args {
			n := namedOf(a.gtype)
			if n == nil || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != libs.GormClausePath || a.lit != "literal" {
				return false
			}
			if n.Obj().Name() == "OnConflict" {
				on, ok := gormOnConflict(a, op.pos)
				if !ok {
					return false
				}
				st.onConflict = on
				continue
			}
			if n.Obj().Name() != "Locking" {
				return false
			}
			lock := ""
			for _, kv := range a.kv {
				if kv.val.kind != vStr || !allKnown(kv.val.spans) {
					return false
				}
				switch joined(kv.key) {
				case "Strength":
					lock = " FOR " + joined(kv.val.spans) + lock
				case "Options":
					lock += " " + joined(kv.val.spans)
				default:
					return false
				}
			}
			if !strings.HasPrefix(lock, " FOR ") {
				return false
			}
			st.locking = lock
		}
		return true
	case "Or":
		// Or(conds): one OR condition, its parts joined by AND in
		// parentheses (clause.Or(clause.And(conds...))).
		conds, ok := st.conds(op, op.args)
		if !ok || op.cond {
			return false
		}
		if len(conds) == 0 {
			return true
		}
		c := conds[0]
		if len(conds) > 1 {
			var t sqlText
			writeConds(&t, "(", conds, op.pos)
			t.kw(")", op.pos)
			c = gormCond{spans: t.spans}
		}
		c.or = true
		st.where = append(st.where, c)
		return true
	case "Not":
		// Not with one text condition: "NOT cond" (gorm negates the
		// other kinds operator by operator).
		if len(op.args) == 0 || op.args[0].kind != vStr || op.cond {
			return false
		}
		conds, ok := st.conds(op, op.args)
		if !ok || len(conds) != 1 {
			return false
		}
		var t sqlText
		t.kw("NOT ", op.pos)
		if conds[0].wrap {
			t.kw("(", op.pos)
		}
		t.add(conds[0].spans, op.pos)
		if conds[0].wrap {
			t.kw(")", op.pos)
		}
		st.where = append(st.where, gormCond{spans: t.spans})
		return true
	case "Joins":
		if len(op.args) == 0 || op.args[0].kind != vStr {
			return false
		}
		text := strings.ToUpper(strings.TrimSpace(joined(op.args[0].spans)))
		raw := false
		for _, p := range []string{"JOIN ", "LEFT ", "RIGHT ", "INNER ", "CROSS ", "FULL "} {
			raw = raw || strings.HasPrefix(text, p)
		}
		if !raw {
			return false // an association name: gorm builds the join
		}
		sp, ok := st.expand(op.args[0].spans, op.args[1:], op.pos)
		if !ok {
			return false
		}
		st.joins = append(st.joins, sp)
		return true
	case "Group":
		g, ok := strArg(op, 0)
		if !ok {
			return false
		}
		st.group = append(st.group, withAt(g, op.pos))
		return true
	case "Having":
		conds, ok := st.conds(op, op.args)
		st.having = append(st.having, conds...)
		return ok
	case "Order":
		if len(op.args) != 1 || op.args[0].kind != vStr {
			return false
		}
		st.order = append(st.order, withAt(op.args[0].spans, op.pos))
		return true
	case "Limit":
		st.limit = true
		return true
	case "Offset":
		st.offset = true
		return true
	}
	return false
}

func allKnown(spans []span) bool {
	for _, s := range spans {
		if !s.known {
			return false
		}
	}
	return true
}

// conds renders the conditions of Where(query, args...) or of a
// finisher's inline conditions.
func (st *gormStmt) conds(op bop, args []*bval) ([]gormCond, bool) {
	if len(args) == 0 {
		return nil, false
	}
	a := args[0]
	switch a.kind {
	case vStr:
		if !allKnown(a.spans) && len(args) == 1 {
			return []gormCond{{spans: withAt(a.spans, op.pos)}}, true
		}
		sp, ok := st.expand(a.spans, args[1:], op.pos)
		if !ok {
			return nil, false
		}
		if isEmptyText(sp) {
			return nil, true
		}
		up := strings.ToUpper(joined(sp))
		return []gormCond{{spans: sp, wrap: strings.Contains(up, " AND ") || strings.Contains(up, " OR ")}}, true
	case vConst:
		if len(args) != 1 || strings.HasPrefix(a.lit, "'") || a.lit == "true" || a.lit == "false" {
			return nil, false
		}
		return st.pkCond(op.pos)
	case vUnknown:
		// A number, of a named type too (type NodeID uint64): the primary
		// key.
		if b, ok := underlyingBasic(a.gtype); ok && len(args) == 1 && b.Info()&types.IsInteger != 0 {
			return st.pkCond(op.pos)
		}
		return nil, false
	case vList:
		if len(args) != 1 || a.typ != "" || len(a.list) == 0 {
			return nil, false
		}
		pk, ok := st.pkCond(op.pos)
		if !ok {
			return nil, false
		}
		var t sqlText
		t.add(pk[0].spans[:len(pk[0].spans)-1], op.pos)
		t.kw(" IN (", op.pos)
		for i := range a.list {
			if i > 0 {
				t.kw(",", op.pos)
			}
			t.kw("?", op.pos)
		}
		t.kw(")", op.pos)
		return []gormCond{{spans: t.spans}}, true
	case vMap:
		if len(args) != 1 || a.typ != "" {
			return nil, false
		}
		// One expression, its keys in order joined by AND.
		var t sqlText
		for i, kv := range a.kv {
			if i > 0 {
				t.kw(" AND ", op.pos)
			}
			t.add(st.eq(kv.key, kv.val, op.pos), op.pos)
		}
		if len(a.kv) == 0 {
			return nil, true
		}
		return []gormCond{{spans: t.spans, wrap: len(a.kv) > 1}}, true
	case vModel:
		if len(args) != 1 || a.lit != "literal" {
			return nil, false
		}
		m, ok := st.r.x.gormModel(a.gtype)
		if !ok {
			return nil, false
		}
		var out []gormCond
		for _, f := range m.fields {
			for _, kv := range a.kv {
				if joined(kv.key) == f.name && !isZeroVal(kv.val) {
					out = append(out, gormCond{spans: st.eq([]span{{text: f.column, known: true, at: op.pos}}, kv.val, op.pos)})
				}
			}
		}
		return out, true
	}
	return nil, false
}

// isZeroVal reports whether a field value of a literal is a zero
// constant (gorm skips zero fields of a struct condition).
func isZeroVal(v *bval) bool {
	switch v.kind {
	case vNil:
		return true
	case vConst:
		return v.lit == "0" || v.lit == "false"
	case vStr:
		return isEmptyText(v.spans)
	}
	return false
}

// eq renders `"table"."col" = ?` (IS NULL for nil, IN for a list).
func (st *gormStmt) eq(col []span, v *bval, at token.Pos) []span {
	var t sqlText
	if q := st.qualifier(); q != "" {
		t.kw(`"`+q+`".`, at)
	}
	t.kw(`"`, at)
	t.add(col, at)
	t.kw(`"`, at)
	switch {
	case v.kind == vNil:
		t.kw(" IS NULL", at)
	case v.kind == vList && v.typ == "" && len(v.list) > 0:
		t.kw(" IN (", at)
		for i := range v.list {
			if i > 0 {
				t.kw(",", at)
			}
			t.kw("?", at)
		}
		t.kw(")", at)
	default:
		t.kw(" = ?", at)
	}
	return t.spans
}

// pkCond renders `"table"."id" = ?` for the model's primary key.
func (st *gormStmt) pkCond(at token.Pos) ([]gormCond, bool) {
	if st.model == nil || st.model.pk() == "" {
		return nil, false
	}
	return []gormCond{{spans: st.eq([]span{{text: st.model.pk(), known: true, at: at}}, &bval{}, at)}}, true
}

// qualifier is the table name gorm's clause.CurrentTable stands for.
func (st *gormStmt) qualifier() string {
	if st.hasTable {
		return st.qual
	}
	if st.model != nil {
		return st.model.table
	}
	return ""
}

// expand replaces the ? of text by what gorm writes for each argument:
// "(?,?)" for a slice literal, "?" otherwise.
func (st *gormStmt) expand(text []span, args []*bval, at token.Pos) ([]span, bool) {
	text = withAt(text, at)
	need := false
	for _, a := range args {
		switch a.kind {
		case vBuilder:
			return nil, false // a subquery: not reconstructed
		case vList:
			need = true
		}
	}
	if !need {
		return text, true
	}
	if !allKnown(text) {
		return nil, false
	}
	return fillPlaceholders(text, len(args), at, func(i int) ([]span, bool) {
		a := args[i]
		if a.kind != vList {
			return []span{{text: "?", known: true, at: at}}, true
		}
		var t sqlText
		t.kw("(", at)
		for j := range a.list {
			if j > 0 {
				t.kw(",", at)
			}
			t.kw("?", at)
		}
		if len(a.list) == 0 {
			t.kw("NULL", at)
		}
		t.kw(")", at)
		return t.spans, true
	})
}

// finish renders the statement the finisher op sends.
func (st *gormStmt) finish(op bop) ([]span, bool) {
	at := op.pos
	destModel := func(i int) bool {
		if st.model != nil {
			return true
		}
		if i >= len(op.args) {
			return st.hasTable
		}
		if m, ok := st.r.x.gormModel(op.args[i].gtype); ok {
			st.model, st.modelAt, st.modelVal = m, op.pos, op.args[i]
			return true
		}
		return st.hasTable && namedOrMap(op.args[i].gtype)
	}
	switch op.name {
	case "Find", "First", "Last", "Take":
		if !destModel(0) {
			return nil, false
		}
		if len(op.args) > 1 {
			conds, ok := st.conds(op, op.args[1:])
			if !ok {
				return nil, false
			}
			st.where = append(st.where, conds...)
		}
		var order []span
		switch op.name {
		case "First", "Last":
			if st.model != nil && st.model.pk() != "" {
				order = []span{{text: `"` + st.qualifier() + `"."` + st.model.pk() + `"`, known: true, at: at}}
				if op.name == "Last" {
					order = append(order, span{text: " DESC", known: true, at: at})
				}
			}
			st.limit = true
		case "Take":
			st.limit = true
		}
		if order != nil {
			st.order = append(st.order, order)
		}
		return st.selectSQL(at, nil)
	case "Count":
		if !destModel(len(op.args)) || len(st.selects) > 0 {
			return nil, false
		}
		return st.selectSQL(at, []span{{text: "count(*)", known: true, at: at}})
	case "Pluck":
		if len(op.args) != 2 || op.args[0].kind != vStr || !destModel(len(op.args)) {
			return nil, false
		}
		st.selects = [][]span{withAt(op.args[0].spans, at)}
		return st.selectSQL(at, nil)
	case "Row", "Rows", "Scan":
		// Scan runs Rows and scans what it returns: its destination
		// names no table and adds no soft-delete scope.
		if !destModel(len(op.args)) {
			return nil, false
		}
		return st.selectSQL(at, nil)
	case "Update", "UpdateColumn", "Updates", "UpdateColumns":
		return st.updateSQL(op)
	case "Delete":
		return st.deleteSQL(op)
	case "Create":
		return st.createSQL(op)
	}
	return nil, false
}

// namedOrMap reports whether a destination without a model is one gorm
// fills from a table (a map or a slice of maps).
func namedOrMap(t types.Type) bool {
	for i := 0; i < 3 && t != nil; i++ {
		switch u := t.Underlying().(type) {
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			t = u.Elem()
		case *types.Map:
			return true
		default:
			return false
		}
	}
	return false
}

// from writes the table gorm reads or changes: Table's text as written,
// or the model's table quoted.
func (st *gormStmt) from(t *sqlText, at token.Pos) bool {
	switch {
	case st.hasTable:
		if isEmptyText(st.table) {
			return false
		}
		t.add(st.table, st.tableAt)
	case st.model != nil && st.model.table != "":
		t.kw(`"`+st.model.table+`"`, st.modelAtOr(at))
		st.r.noteModel(st.model)
	default:
		return false
	}
	return true
}

func (st *gormStmt) modelAtOr(at token.Pos) token.Pos {
	if st.modelAt.IsValid() {
		return st.modelAt
	}
	return at
}

// filter adds the live-row filter gorm adds for a soft-delete model,
// unless Unscoped turned it off.
func (st *gormStmt) filter(conds []gormCond, at token.Pos) ([]gormCond, bool) {
	if st.model == nil || st.model.soft == nil {
		return conds, true
	}
	if st.unscoped {
		st.r.includesDeleted = true
		return conds, true
	}
	q := st.qualifier()
	if q == "" {
		return nil, false
	}
	if slices.ContainsFunc(conds, func(c gormCond) bool { return c.or }) {
		// gorm puts the conditions in one group before it adds its own.
		var t sqlText
		if len(conds) > 1 {
			writeConds(&t, "(", conds, at)
			t.kw(")", at)
		} else {
			writeConds(&t, "", conds, at)
		}
		conds = []gormCond{{spans: t.spans}}
	}
	return append(conds, gormCond{spans: []span{{text: `"` + q + `"."` + st.model.soft.column + `"` + st.model.soft.Live, known: true, at: st.modelAtOr(at)}}}), true
}

func writeConds(t *sqlText, kw string, conds []gormCond, at token.Pos) {
	if len(conds) == 0 {
		return
	}
	// clause.Where moves a leading OR condition behind the first other.
	if i := slices.IndexFunc(conds, func(c gormCond) bool { return !c.or }); i > 0 {
		conds = slices.Clone(conds)
		conds[0], conds[i] = conds[i], conds[0]
	}
	t.kw(kw, at)
	for i, c := range conds {
		if i > 0 {
			if c.or {
				t.kw(" OR ", at)
			} else {
				t.kw(" AND ", at)
			}
		}
		if c.wrap && len(conds) > 1 {
			t.kw("(", at)
			t.add(c.spans, at)
			t.kw(")", at)
		} else {
			t.add(c.spans, at)
		}
	}
}

func (st *gormStmt) selectSQL(at token.Pos, cols []span) ([]span, bool) {
	where, ok := st.filter(st.where, at)
	if !ok {
		return nil, false
	}
	var t sqlText
	t.kw("SELECT ", at)
	if st.distinct {
		t.kw("DISTINCT ", at)
	}
	switch {
	case cols != nil:
		t.add(cols, at)
	case len(st.selects) > 0:
		t.join(st.selects, ",", at)
	case len(st.joins) > 0 && st.model != nil && len(st.model.fields) > 0 && st.qualifier() != "":
		// With joins, gorm lists the model's columns; written table.*
		// here, so that the rules do not take the listing of the
		// deleted_at column for a deliberate mention of it.
		t.kw(`"`+st.qualifier()+`".*`, at)
	default:
		t.kw("*", at)
	}
	t.kw(" FROM ", at)
	if !st.from(&t, at) {
		return nil, false
	}
	for _, j := range st.joins {
		t.kw(" ", at)
		t.add(j, at)
	}
	writeConds(&t, " WHERE ", where, at)
	if len(st.group) > 0 {
		t.kw(" GROUP BY ", at)
		t.join(st.group, ",", at)
		writeConds(&t, " HAVING ", st.having, at)
	}
	t.clause(" ORDER BY ", st.order, ",", at)
	if st.limit {
		t.kw(" LIMIT ?", at)
	}
	if st.offset {
		t.kw(" OFFSET ?", at)
	}
	if st.locking != "" {
		t.kw(st.locking, at)
	}
	return t.spans, true
}

// pkWhere adds the primary-key condition gorm adds for a model value
// that carries its key: a literal with the key field set, or a variable
// (whose key is taken to be set).
func (st *gormStmt) pkWhere(v *bval, at token.Pos) *gormCond {
	if st.model == nil || st.model.pk() == "" || v == nil {
		return nil
	}
	if n := namedOf(v.gtype); n == nil || isSliceModel(v.gtype) {
		return nil
	}
	if v.lit == "literal" {
		set := false
		for _, kv := range v.kv {
			if c, ok := st.model.column(joined(kv.key)); ok && c == st.model.pk() && !isZeroVal(kv.val) {
				set = true
			}
		}
		if !set {
			return nil
		}
	} else if v.kind != vModel {
		return nil
	}
	return &gormCond{spans: st.eq([]span{{text: st.model.pk(), known: true, at: at}}, &bval{}, at)}
}

func isSliceModel(t types.Type) bool {
	for i := 0; i < 3 && t != nil; i++ {
		switch u := types.Unalias(t).(type) {
		case *types.Pointer:
			t = u.Elem()
		case *types.Slice:
			return true
		default:
			t = nil
		}
	}
	return false
}

func (st *gormStmt) updateSQL(op bop) ([]span, bool) {
	at := op.pos
	if st.model == nil && !st.hasTable {
		return nil, false
	}
	var sets [][]span
	setCol := func(col string, v *bval) {
		var t sqlText
		t.kw(`"`+col+`" = `+boundValue(v), at)
		sets = append(sets, t.spans)
	}
	named := map[string]bool{}
	switch op.name {
	case "Update", "UpdateColumn":
		if len(op.args) != 2 || op.args[0].kind != vStr || !allKnown(op.args[0].spans) {
			return nil, false
		}
		c := joined(op.args[0].spans)
		named[c] = true
		setCol(c, op.args[1])
	default:
		if len(op.args) != 1 {
			return nil, false
		}
		a := op.args[0]
		switch {
		case a.kind == vMap && a.typ == "":
			for _, kv := range a.kv {
				if !allKnown(kv.key) {
					return nil, false
				}
				c := joined(kv.key)
				if st.model != nil {
					if col, ok := st.model.column(c); ok {
						c = col
					}
				}
				named[c] = true
				setCol(c, kv.val)
			}
		case a.kind == vModel && a.lit == "literal" && st.model != nil:
			for _, f := range st.model.fields {
				for _, kv := range a.kv {
					if joined(kv.key) == f.name && !isZeroVal(kv.val) && !f.pk {
						named[f.column] = true
						setCol(f.column, kv.val)
					}
				}
				if f.updatedAt && !named[f.column] && op.name == "Updates" {
					named[f.column] = true
					setCol(f.column, nil)
				}
			}
		default:
			return nil, false
		}
	}
	if st.model != nil && (op.name == "Update" || op.name == "Updates") {
		for _, f := range st.model.fields {
			if f.updatedAt && !named[f.column] {
				setCol(f.column, nil)
			}
		}
	}
	if len(sets) == 0 {
		return nil, false
	}
	where, ok := st.filter(st.where, at)
	if !ok {
		return nil, false
	}
	// gorm adds the model's key after the filter, unqualified.
	if pk := st.pkWhere(st.modelVal, at); pk != nil {
		where = append(where, gormCond{spans: []span{{text: `"` + st.model.pk() + `" = ?`, known: true, at: at}}})
	}
	var t sqlText
	t.kw("UPDATE ", at)
	if !st.from(&t, at) {
		return nil, false
	}
	t.kw(" SET ", at)
	t.join(sets, ",", at)
	writeConds(&t, " WHERE ", where, at)
	return t.spans, true
}

func (st *gormStmt) deleteSQL(op bop) ([]span, bool) {
	at := op.pos
	if len(op.args) == 0 {
		return nil, false
	}
	if st.model == nil {
		m, ok := st.r.x.gormModel(op.args[0].gtype)
		if !ok {
			return nil, false
		}
		st.model, st.modelAt, st.modelVal = m, at, op.args[0]
	}
	if pk := st.pkWhere(op.args[0], at); pk != nil {
		st.where = append(st.where, *pk)
	}
	if len(op.args) > 1 {
		conds, ok := st.conds(op, op.args[1:])
		if !ok {
			return nil, false
		}
		st.where = append(st.where, conds...)
	}
	if len(st.where) == 0 {
		return nil, false // gorm refuses a DELETE without conditions
	}
	var t sqlText
	if st.model.soft != nil && !st.unscoped {
		where, ok := st.filter(st.where, at)
		if !ok {
			return nil, false
		}
		t.kw("UPDATE ", at)
		if !st.from(&t, at) {
			return nil, false
		}
		t.kw(` SET "`+st.model.soft.column+`" = ?`, at)
		writeConds(&t, " WHERE ", where, at)
		return t.spans, true
	}
	if st.model.soft != nil {
		st.r.includesDeleted = true
	}
	t.kw("DELETE FROM ", at)
	if !st.from(&t, at) {
		return nil, false
	}
	writeConds(&t, " WHERE ", st.where, at)
	return t.spans, true
}

func (st *gormStmt) createSQL(op bop) ([]span, bool) {
	at := op.pos
	if len(op.args) != 1 || isSliceModel(op.args[0].gtype) {
		return nil, false
	}
	m, ok := st.r.x.gormModel(op.args[0].gtype)
	if !ok || m.named == nil {
		return nil, false
	}
	if st.model == nil {
		st.model, st.modelAt = m, at
	}
	// gorm leaves a zero key to the database; a variable's key is taken
	// to be zero (a new row).
	var cols []string
	for _, f := range m.fields {
		if !f.pk {
			cols = append(cols, `"`+f.column+`"`)
		}
	}
	var t sqlText
	t.kw("INSERT INTO ", at)
	if !st.from(&t, at) {
		return nil, false
	}
	t.kw(" ("+strings.Join(cols, ",")+") VALUES (", at)
	for i := range cols {
		if i > 0 {
			t.kw(",", at)
		}
		t.kw("?", at)
	}
	t.kw(")", at)
	if on := st.onConflict; on != nil {
		t.kw(" ON CONFLICT", at)
		t.add(on.target, at)
		switch {
		case on.updateAll:
			var sets []string
			for _, c := range cols {
				sets = append(sets, c+`="excluded".`+c)
			}
			t.kw(" DO UPDATE SET "+strings.Join(sets, ","), at)
		case len(on.updates) > 0:
			t.kw(" DO UPDATE SET ", at)
			t.add(on.updates, at)
		default:
			t.kw(" DO NOTHING", at)
		}
	}
	if m.pk() != "" {
		t.kw(` RETURNING "`+m.pk()+`"`, at)
	}
	return t.spans, true
}

// gormConflict is a clause.OnConflict: its target as gorm writes it
// after ON CONFLICT, and what it does on a conflict.
type gormConflict struct {
	target    []span // ` ("email") WHERE ...` or ` ON CONSTRAINT name`
	updates   []span // DoUpdates' SET list
	updateAll bool
}

// gormOnConflict reads a clause.OnConflict literal: Columns (by Name),
// TargetWhere of clause.Expr{SQL: ...}, OnConstraint, DoNothing,
// DoUpdates of clause.AssignmentColumns([]string{...}), UpdateAll.
func gormOnConflict(a *bval, at token.Pos) (*gormConflict, bool) {
	on := &gormConflict{}
	var cols, where []string
	constraint := ""
	for _, kv := range a.kv {
		switch v := kv.val; joined(kv.key) {
		case "Columns":
			if v.kind != vList {
				return nil, false
			}
			for _, c := range v.list {
				name := ""
				for _, f := range c.kv {
					if joined(f.key) == "Name" && f.val.kind == vStr && allKnown(f.val.spans) {
						name = joined(f.val.spans)
					}
				}
				if name == "" || c.lit != "literal" || len(c.kv) != 1 {
					return nil, false
				}
				cols = append(cols, `"`+name+`"`)
			}
		case "TargetWhere":
			// clause.Where{Exprs: []clause.Expression{clause.Expr{SQL: "..."}}}
			if v.lit != "literal" || len(v.kv) != 1 || joined(v.kv[0].key) != "Exprs" || v.kv[0].val.kind != vList {
				return nil, false
			}
			for _, e := range v.kv[0].val.list {
				if e.lit != "literal" || len(e.kv) != 1 || joined(e.kv[0].key) != "SQL" || e.kv[0].val.kind != vStr || !allKnown(e.kv[0].val.spans) {
					return nil, false
				}
				where = append(where, joined(e.kv[0].val.spans))
			}
		case "OnConstraint":
			if v.kind != vStr || !allKnown(v.spans) {
				return nil, false
			}
			constraint = joined(v.spans)
		case "DoNothing":
			if v.kind != vConst || v.lit != "true" {
				return nil, false
			}
		case "UpdateAll":
			if v.kind != vConst || v.lit != "true" {
				return nil, false
			}
			on.updateAll = true
		case "DoUpdates":
			if v.kind != vExpr || v.typ != "AssignmentColumns" || len(v.list) != 1 || v.list[0].kind != vList {
				return nil, false
			}
			var sets []string
			for _, c := range v.list[0].list {
				if c.kind != vStr || !allKnown(c.spans) {
					return nil, false
				}
				name := `"` + joined(c.spans) + `"`
				sets = append(sets, name+`="excluded".`+name)
			}
			if len(sets) == 0 {
				return nil, false
			}
			on.updates = []span{{text: strings.Join(sets, ","), known: true, at: at}}
		default:
			return nil, false
		}
	}
	var t sqlText
	switch {
	case constraint != "" && len(cols) == 0:
		t.kw(" ON CONSTRAINT "+constraint, at)
	case constraint == "" && len(cols) > 0:
		t.kw(" ("+strings.Join(cols, ",")+")", at)
		if len(where) > 0 {
			t.kw(" WHERE "+strings.Join(where, " AND "), at)
		}
	case constraint == "" && len(cols) == 0 && len(where) == 0:
	default:
		return nil, false
	}
	on.target = t.spans
	return on, true
}

// underlyingBasic is t's underlying basic type (int64 for type NodeID
// int64).
func underlyingBasic(t types.Type) (*types.Basic, bool) {
	if t == nil {
		return nil, false
	}
	b, ok := t.Underlying().(*types.Basic)
	return b, ok
}
