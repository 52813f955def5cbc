package analyzer

import (
	"context"
	"fmt"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/softdelete/softdelete/internal/pgtest"
	"github.com/softdelete/softdelete/internal/testmod"
	"github.com/softdelete/softdelete/rules"
	"github.com/softdelete/softdelete/rules/cascade"
	"github.com/softdelete/softdelete/schema"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// TestOracleMissingCascade proves missing-cascade on PostgreSQL. It runs
// the analyzer over the sample module, keeping every function it saw, then
// for each soft delete the rule judged, on the module's migrations applied
// to a real server:
//
//   - seeds several rows in every table, with distinct keys: row r has
//     the key r in each "id" and each column a foreign key references;
//     its foreign keys reference another row of the parent (see
//     parentRow), so that each of the first parents has several children
//     and no child has the number of its parent; other required columns
//     get a value of their type, and soft-delete columns keep their
//     default (live);
//   - executes the SQL of the soft-deleting function in source order,
//     calls expanded into the SQL of the called function (in any package),
//     binding parameter $n to the key n (n, 'n', true or now(), whichever
//     the server says the parameter's type is): a write by the wrong key
//     reaches other rows than the parent's children;
//   - for a finding, shows for each child it names a live row whose
//     foreign keys lead (through the children in between) to the parent
//     row, now soft-deleted; for a soft delete the rule is silent on,
//     shows that no live row of any child references it.
//
// Which statements, tables and columns come from the analysis and the
// catalog; no case is listed here. A finding PostgreSQL contradicts fails.
func TestOracleMissingCascade(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	testmod.Download(t, dir)
	var (
		mu    sync.Mutex
		cat   *rules.Checker
		funcs = map[string]*cascade.Func{} // by types.Func.FullName
		all   []*cascade.Func
	)
	cascade.Trace = func(pass *analysis.Pass, c *rules.Checker, fs []*cascade.Func) {
		mu.Lock()
		defer mu.Unlock()
		if c != nil {
			cat = c
		}
		for _, f := range fs {
			if f.Obj != nil {
				funcs[f.Obj.FullName()] = f
			}
			all = append(all, f)
		}
	}
	defer func() { cascade.Trace = nil }()
	// TestShop checks the expectations; here only the functions matter.
	results := analysistest.Run(quiet{}, dir, New(), "./...")
	if cat == nil {
		t.Fatal("the analyzer saw no catalog")
	}

	// The findings as reported, for the check that each is one the
	// oracle proves.
	reported := map[string]string{} // position -> message
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if d.Category == rules.MissingCascade.ID {
				reported[r.Action.Package.Fset.Position(d.Pos).String()] = d.Message
			}
		}
	}
	if len(reported) == 0 {
		t.Fatal("no missing-cascade findings in the sample module")
	}

	o := &cascadeOracle{t: t, ctx: context.Background(), conn: pgtest.Open(t), cat: cat, funcs: funcs}
	o.migrate()
	proven := map[string]bool{}
	var findings, silent, skipped int
	for _, f := range all {
		for _, s := range f.Sites {
			pos := results[0].Action.Package.Fset.Position(s.Pos).String()
			if len(cat.Children(s.Write.Table)) == 0 {
				continue // nothing references it: nothing to prove
			}
			steps, ok := o.steps(f, 0)
			if !ok {
				skipped++
				t.Logf("%s: SQL not known statically, not executed", pos)
				continue
			}
			if len(s.Unhandled) > 0 {
				findings++
				if msg, ok := reported[pos]; ok && strings.Contains(msg, "leaves live rows in") {
					proven[pos] = true
				}
			} else {
				silent++
			}
			o.prove(pos, s, steps)
		}
	}
	for pos, msg := range reported {
		if !proven[pos] {
			t.Errorf("%s: finding the oracle did not run: %s", pos, msg)
		}
	}
	t.Logf("PostgreSQL agrees with %d missing-cascade sites (%d reported findings) and %d silent soft deletes (%d skipped, %d refused by a guard); %d statements executed, %d of them the functions' own SQL",
		findings, len(proven), silent, skipped, o.refused, o.execs, o.calls)
}

// quiet discards analysistest's complaints: TestShop owns the expectations.
type quiet struct{}

func (quiet) Errorf(string, ...any) {}

type cascadeOracle struct {
	t     *testing.T
	ctx   context.Context
	conn  *pgx.Conn
	cat   *rules.Checker
	funcs map[string]*cascade.Func
	// execs counts every statement sent; calls, those of the functions
	// under test; refused, the functions a guard stopped.
	execs, calls, refused int
}

// migrate applies the migrations, file by file, in the loader's order.
func (o *cascadeOracle) migrate() {
	for _, f := range o.cat.Schema.Files {
		data, err := os.ReadFile(f)
		if err != nil {
			o.t.Fatal(err)
		}
		if _, err := o.conn.Exec(o.ctx, string(data)); err != nil {
			o.t.Fatalf("applying %s: %v", f, err)
		}
		o.execs++
	}
}

// stmt is one statement a function sends; check is set for a check that
// rows exist (rules.Checker.ExistenceChecks), after which a function that
// finds them refuses to go on.
type stmt struct {
	sql   string
	check bool
}

// steps is the SQL a function runs, in source order, with the SQL of the
// functions it calls in their place (for an interface method, that of the
// first implementation the analysis saw); ok is false when some of it is
// built at run time.
func (o *cascadeOracle) steps(f *cascade.Func, depth int) (out []stmt, ok bool) {
	if depth > 8 {
		return nil, true
	}
	type step struct {
		pos   int
		sql   []stmt
		inner *cascade.Func
	}
	var steps []step
	for _, cq := range f.Queries {
		if cq.SQL.Dynamic {
			return nil, false
		}
		var stmts []stmt
		for _, raw := range cq.Parsed.Tree.Stmts {
			start, end := int(raw.StmtLocation), int(raw.StmtLocation+raw.StmtLen)
			if raw.StmtLen == 0 {
				end = len(cq.SQL.Text)
			}
			stmts = append(stmts, stmt{sql: cq.SQL.Text[start:end], check: len(o.cat.ExistenceChecks(raw)) > 0})
		}
		steps = append(steps, step{pos: int(cq.SQL.Call.Pos()), sql: stmts})
	}
	for _, c := range f.Calls {
		if g := o.callee(c.Fn); g != nil && g != f {
			steps = append(steps, step{pos: int(c.Pos), inner: g})
		}
	}
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].pos < steps[j].pos })
	for _, s := range steps {
		if s.inner != nil {
			more, ok := o.steps(s.inner, depth+1)
			if !ok {
				return nil, false
			}
			out = append(out, more...)
			continue
		}
		out = append(out, s.sql...)
	}
	return out, true
}

// callee is the function a call runs: the function called, or for an
// interface method its first implementation among the functions seen.
func (o *cascadeOracle) callee(fn *types.Func) *cascade.Func {
	if g := o.funcs[fn.FullName()]; g != nil {
		return g
	}
	recv := fn.Signature().Recv()
	if recv == nil || !types.IsInterface(recv.Type()) {
		return nil
	}
	iface := recv.Type().Underlying().(*types.Interface)
	var names []string
	for name, g := range o.funcs {
		if r := g.Obj.Signature().Recv(); r != nil && g.Obj.Name() == fn.Name() &&
			(types.Implements(r.Type(), iface) || types.Implements(types.NewPointer(r.Type()), iface)) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	sort.Strings(names)
	return o.funcs[names[0]]
}

// prove runs one soft delete's function on freshly seeded rows, in a
// transaction rolled back afterwards, and checks the children. A check
// that finds rows stops the function there, as the guard it is returns.
func (o *cascadeOracle) prove(pos string, s *cascade.Site, steps []stmt) {
	o.t.Helper()
	tx, err := o.conn.Begin(o.ctx)
	if err != nil {
		o.t.Fatal(err)
	}
	defer tx.Rollback(o.ctx)
	o.seed(tx)
	refused := false
	for _, st := range steps {
		o.calls++
		if st.check && o.found(tx, pos, st.sql) {
			refused = true
			break
		}
		o.exec(tx, pos, st.sql)
	}
	parent := s.Write.Table
	psd := o.cat.SoftDelete(parent)
	if refused {
		o.refused++
	} else if n := o.count(tx, fmt.Sprintf("SELECT count(*) FROM %s p WHERE NOT (%s)", qualified(parent), psd.LivePredicate("p"))); n == 0 {
		o.t.Errorf("%s: the function did not soft-delete a seeded %s row", pos, parent.Name)
		return
	}
	if len(s.Unhandled) > 0 {
		byTable := map[*schema.Table]rules.Child{}
		for _, ch := range s.Unhandled {
			if _, ok := byTable[ch.Table]; !ok {
				byTable[ch.Table] = ch
			}
		}
		for _, ch := range s.Unhandled {
			if n := o.count(tx, o.chainQuery(ch, parent, byTable)); n == 0 {
				o.t.Errorf("%s: finding says %s rows stay live, PostgreSQL shows none referencing the deleted %s row", pos, ch.Table.Name, parent.Name)
			}
		}
		return
	}
	for _, ch := range o.cat.Children(parent) {
		if n := o.count(tx, o.chainQuery(ch, parent, nil)); n != 0 {
			o.t.Errorf("%s: rule is silent, but PostgreSQL shows %d live %s rows referencing the deleted %s row", pos, n, ch.Table.Name, parent.Name)
		}
	}
}

// chainQuery counts the live rows of ch.Table whose foreign keys lead, up
// the children listed in via, to a soft-deleted row of root.
func (o *cascadeOracle) chainQuery(ch rules.Child, root *schema.Table, via map[*schema.Table]rules.Child) string {
	from := fmt.Sprintf("%s c0", qualified(ch.Table))
	where := []string{"TRUE"}
	if sd := ch.SoftDelete; sd != nil {
		where[0] = sd.LivePredicate("c0")
	}
	for i, cur := 0, ch; ; i++ {
		alias := fmt.Sprintf("c%d", i+1)
		if cur.Parent == root {
			alias = "p"
		}
		var on []string
		for k, col := range cur.Columns {
			on = append(on, fmt.Sprintf("c%d.%s = %s.%s", i, quote(col), alias, quote(refColumn(cur, k))))
		}
		from += fmt.Sprintf(" JOIN %s %s ON %s", qualified(cur.Parent), alias, strings.Join(on, " AND "))
		if cur.Parent == root {
			break
		}
		next, ok := via[cur.Parent]
		if !ok || i > 8 {
			o.t.Fatalf("no path from %s up to %s", ch.Table.Name, root.Name)
		}
		cur = next
	}
	where = append(where, "NOT ("+o.cat.SoftDelete(root).LivePredicate("p")+")")
	return fmt.Sprintf("SELECT count(*) FROM %s WHERE %s", from, strings.Join(where, " AND "))
}

// refColumn is the parent column the k-th foreign-key column references.
func refColumn(ch rules.Child, k int) string {
	if k < len(ch.RefColumns) {
		return ch.RefColumns[k]
	}
	for _, c := range ch.Parent.Constraints {
		if c.Kind == schema.PrimaryKey && k < len(c.Columns) {
			return c.Columns[k]
		}
	}
	return "id"
}

// seedCount is how many rows seed inserts into every table; the first
// seedParents rows of a parent have the children.
const seedCount, seedParents = 6, 3

// parentRow is the row of the parent that row r (1-based) of a child
// references: each of the first seedParents parents has several children,
// and no child references the parent row of its own number, so that a
// write by the child's own key (WHERE id = $1) reaches other rows than a
// write by the foreign key (WHERE order_id = $1). A foreign key that is
// also a unique key (a one-to-one child) takes a permutation instead.
func parentRow(r int, unique bool) int {
	if unique {
		return r%seedCount + 1
	}
	return r%seedParents + 1
}

// seed inserts seedCount rows into every table, parents first. Row r of a
// table has the key value r in every key column (each "id", each column a
// foreign key references); its foreign-key columns hold the key of row
// parentRow(r) of the parent.
func (o *cascadeOracle) seed(tx pgx.Tx) {
	fks := map[*schema.Table]map[string]fkColumn{}
	for _, t := range o.cat.Schema.Tables {
		for _, ch := range o.cat.Children(t) {
			if fks[ch.Table] == nil {
				fks[ch.Table] = map[string]fkColumn{}
			}
			unique := uniqueColumns(ch.Table, ch.Columns)
			for k := range ch.Columns {
				fks[ch.Table][ch.Columns[k]] = fkColumn{unique: unique}
				if fks[t] == nil {
					fks[t] = map[string]fkColumn{}
				}
				if _, ok := fks[t][refColumn(ch, k)]; !ok {
					fks[t][refColumn(ch, k)] = fkColumn{referenced: true}
				}
			}
		}
	}
	done := map[*schema.Table]bool{}
	for len(done) < len(o.cat.Schema.Tables) {
		progress := false
		for _, t := range sortedTables(o.cat.Schema) {
			if done[t] || !o.parentsDone(t, done) {
				continue
			}
			o.exec(tx, "seed", seedRows(t, fks[t], o.cat.SoftDelete(t)))
			done[t], progress = true, true
		}
		if !progress {
			o.t.Fatal("foreign keys form a cycle: cannot seed")
		}
	}
}

// fkColumn is a key column of a table: one a foreign key references, or
// a foreign-key column (unique when it is also a unique key).
type fkColumn struct{ referenced, unique bool }

// uniqueColumns reports whether a unique key of t lies within cols.
func uniqueColumns(t *schema.Table, cols []string) bool {
	within := func(key []string) bool {
		if len(key) == 0 {
			return false
		}
		for _, k := range key {
			if !slices.Contains(cols, k) {
				return false
			}
		}
		return true
	}
	for _, k := range t.Constraints {
		if (k.Kind == schema.PrimaryKey || k.Kind == schema.Unique) && within(k.Columns) {
			return true
		}
	}
	for _, ix := range t.Indexes {
		if ix.Unique && !ix.Partial() && within(ix.Columns) {
			return true
		}
	}
	return false
}

func mark(m map[*schema.Table]map[string]bool, t *schema.Table, col string) {
	if m[t] == nil {
		m[t] = map[string]bool{}
	}
	m[t][col] = true
}

func (o *cascadeOracle) parentsDone(t *schema.Table, done map[*schema.Table]bool) bool {
	for _, k := range t.Constraints {
		if p := o.cat.Schema.Table(k.RefSchema, k.RefTable); k.Kind == schema.ForeignKey && p != nil && p != t && !done[p] {
			return false
		}
	}
	return true
}

func sortedTables(cat *schema.Catalog) []*schema.Table {
	var ts []*schema.Table
	for _, t := range cat.Tables {
		ts = append(ts, t)
	}
	sort.Slice(ts, func(i, j int) bool { return rules.TableKey(ts[i]) < rules.TableKey(ts[j]) })
	return ts
}

// seedRows is the INSERT of t's rows: key columns the row's key (or its
// parent's), other required columns a value of their type, the
// soft-delete column its default.
func seedRows(t *schema.Table, keys map[string]fkColumn, sd *rules.SoftDelete) string {
	var cols []string
	var rows [][]string
	for r := 1; r <= seedCount; r++ {
		var vals []string
		for _, c := range t.Columns {
			key, isKey := keys[c.Name]
			if !isKey && c.Name != "id" && (sd != nil && c.Name == sd.Column || !c.NotNull || c.Default != "" || c.Generated) {
				continue
			}
			if r == 1 {
				cols = append(cols, quote(c.Name))
			}
			v := r
			if isKey && !key.referenced {
				v = parentRow(r, key.unique)
			}
			vals = append(vals, typedValue(c.Type, v))
		}
		rows = append(rows, vals)
	}
	if len(cols) == 0 {
		return "INSERT INTO " + qualified(t) + " SELECT FROM generate_series(1, " + fmt.Sprint(seedCount) + ")"
	}
	var values []string
	for _, vals := range rows {
		values = append(values, "("+strings.Join(vals, ", ")+")")
	}
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES %s", qualified(t), strings.Join(cols, ", "), strings.Join(values, ", "))
}

// typedValue is the seed value n of a column type, or its nearest kin.
func typedValue(typ string, n int) string {
	switch typ {
	case "bool", "boolean":
		return "false"
	case "timestamptz", "timestamp", "date":
		return "now()"
	case "uuid":
		return fmt.Sprintf("'00000000-0000-0000-0000-%012d'", n)
	}
	return fmt.Sprintf("'%d'", n) // numbers and text alike accept a quoted literal
}

// exec runs one statement with parameter $n bound to the key n (of the
// parameter's type): the function's soft delete of the parent row 1 (WHERE
// id = $1) and its writes by the foreign key (WHERE order_id = $1) meet
// the same rows only when the statements tie them.
func (o *cascadeOracle) exec(tx pgx.Tx, pos, sql string) {
	o.t.Helper()
	desc, err := tx.Conn().PgConn().Prepare(o.ctx, "", sql, nil)
	if err != nil {
		o.t.Fatalf("%s: preparing %q: %v", pos, sql, err)
	}
	args := make([]any, len(desc.ParamOIDs))
	for i, oid := range desc.ParamOIDs {
		args[i] = paramValue(oid, i+1)
	}
	if _, err := tx.Exec(o.ctx, sql, args...); err != nil {
		o.t.Fatalf("%s: executing %q: %v", pos, sql, err)
	}
	o.execs++
}

// paramValue is the seeded key n as a value of the parameter's type.
func paramValue(oid uint32, n int) any {
	switch oid {
	case 16: // bool
		return true
	case 1082, 1114, 1184: // date, timestamp, timestamptz
		return time.Now()
	case 20, 21, 23: // int8, int2, int4
		return int64(n)
	case 1016: // int8[]
		return []int64{int64(n)}
	case 1700, 700, 701: // numeric, float4, float8
		return float64(n)
	}
	return fmt.Sprint(n)
}

// found runs a check that rows exist, with its parameters bound as exec
// binds them, and reports whether it found any: a count or EXISTS that is
// not 0 or false, or any row.
func (o *cascadeOracle) found(tx pgx.Tx, pos, sql string) bool {
	o.t.Helper()
	desc, err := tx.Conn().PgConn().Prepare(o.ctx, "", sql, nil)
	if err != nil {
		o.t.Fatalf("%s: preparing %q: %v", pos, sql, err)
	}
	args := make([]any, len(desc.ParamOIDs))
	for i, oid := range desc.ParamOIDs {
		args[i] = paramValue(oid, i+1)
	}
	var v any
	o.execs++
	switch err := tx.QueryRow(o.ctx, sql, args...).Scan(&v); {
	case err == pgx.ErrNoRows:
		return false
	case err != nil:
		o.t.Fatalf("%s: executing %q: %v", pos, sql, err)
	}
	switch v := v.(type) {
	case int64:
		return v != 0
	case int32:
		return v != 0
	case bool:
		return v
	}
	return true
}

func (o *cascadeOracle) count(tx pgx.Tx, sql string) int {
	o.t.Helper()
	var n int
	if err := tx.QueryRow(o.ctx, sql).Scan(&n); err != nil {
		o.t.Fatalf("%s: %v", sql, err)
	}
	o.execs++
	return n
}

func qualified(t *schema.Table) string {
	if t.Schema != "" && t.Schema != "public" {
		return quote(t.Schema) + "." + quote(t.Name)
	}
	return quote(t.Name)
}

func quote(id string) string { return `"` + strings.ReplaceAll(id, `"`, `""`) + `"` }

// TestCascadeMessageLength holds every missing-cascade message of the
// sample modules, and each line of its related information, to 400
// characters: the message names three children and counts the rest.
func TestCascadeMessageLength(t *testing.T) {
	const limit = 400
	var n int
	for _, mod := range []string{"", "schemarules", "sentinel"} {
		dir, err := filepath.Abs(filepath.Join("..", "testdata", mod))
		if err != nil {
			t.Fatal(err)
		}
		testmod.Download(t, dir)
		for _, r := range analysistest.Run(quiet{}, dir, New(), "./...") {
			for _, d := range r.Diagnostics {
				if d.Category != rules.MissingCascade.ID {
					continue
				}
				n++
				lines := []string{d.Message}
				for _, rel := range d.Related {
					lines = append(lines, rel.Message)
				}
				for _, l := range lines {
					if len(l) > limit {
						t.Errorf("%s: %d characters (more than %d): %s", r.Action.Package.Fset.Position(d.Pos), len(l), limit, l)
					}
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no missing-cascade findings in the sample modules")
	}
}
