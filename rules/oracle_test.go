package rules

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	pgquery "github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/internal/pgparse"
	"github.com/softdelete/softdelete/internal/pgtest"
	"github.com/softdelete/softdelete/internal/writeindex"
	"github.com/softdelete/softdelete/schema"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

// oracle runs statements derived from the catalog against a real
// PostgreSQL and counts them.
type oracle struct {
	t     *testing.T
	conn  *pgx.Conn
	execs int
}

// exec runs sql inside a savepoint and returns the SQLSTATE of its error,
// "" on success.
func (o *oracle) exec(sql string) string {
	o.t.Helper()
	ctx := context.Background()
	o.execs++
	if _, err := o.conn.Exec(ctx, "SAVEPOINT s"); err != nil {
		o.t.Fatal(err)
	}
	_, err := o.conn.Exec(ctx, sql)
	if err != nil {
		o.conn.Exec(ctx, "ROLLBACK TO SAVEPOINT s")
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			return pe.Code
		}
		o.t.Fatalf("%s: %v", sql, err)
	}
	o.conn.Exec(ctx, "RELEASE SAVEPOINT s")
	return ""
}

// story runs steps in a transaction that is rolled back, so stories do not
// see each other's rows; it returns the SQLSTATE of the last step.
func (o *oracle) story(steps ...string) string {
	o.t.Helper()
	ctx := context.Background()
	if _, err := o.conn.Exec(ctx, "BEGIN"); err != nil {
		o.t.Fatal(err)
	}
	defer o.conn.Exec(ctx, "ROLLBACK")
	for i, s := range steps {
		code := o.exec(s)
		if i == len(steps)-1 {
			return code
		}
		if code != "" {
			o.t.Fatalf("setup step failed with %s: %s", code, s)
		}
	}
	return ""
}

// loadOracleSchema loads a testdata schema into the catalog and onto the
// server, file by file in the order the loader applied them.
func loadOracleSchema(t *testing.T, o *oracle, dir string) *Checker {
	t.Helper()
	cat, err := schema.Load([]string{dir})
	if err != nil || len(cat.Errors) > 0 {
		t.Fatalf("schema: %v %v", err, cat.Errors)
	}
	for _, f := range cat.Files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := o.conn.Exec(context.Background(), string(data)); err != nil {
			t.Fatalf("applying %s to PostgreSQL: %v", f, err)
		}
		o.execs++
	}
	return NewChecker(cat, Config{})
}

// committed runs steps on t each in a transaction of its own, as a
// service's requests run, and returns the SQLSTATE of the last; the rows
// are deleted afterwards.
func (o *oracle) committed(t *schema.Table, steps ...string) string {
	o.t.Helper()
	ctx := context.Background()
	defer o.conn.Exec(ctx, "DELETE FROM "+qualified(t))
	code := ""
	for i, s := range steps {
		if _, err := o.conn.Exec(ctx, "BEGIN"); err != nil {
			o.t.Fatal(err)
		}
		code = o.exec(s)
		if _, err := o.conn.Exec(ctx, "COMMIT"); err != nil {
			o.t.Fatal(err)
		}
		if code != "" && i < len(steps)-1 {
			o.t.Fatalf("setup step failed with %s: %s", code, s)
		}
	}
	return code
}

// nonGenerated is cols without the columns the database fills.
func nonGenerated(t *schema.Table, cols []string) []string {
	var out []string
	for _, name := range cols {
		if c := t.Column(name); c == nil || !c.Generated {
			out = append(out, name)
		}
	}
	return out
}

// row builds an INSERT of one row into t, with key columns set to keyVal
// and every other required column to a value of its type that no other
// row built here has.
func row(t *schema.Table, keyCols []string, keyVal string) (string, bool) {
	var cols, vals []string
	for _, c := range t.Columns {
		isKey := containsColumn(keyCols, c.Name)
		if !isKey && (!c.NotNull || c.Default != "" || c.Generated) {
			continue
		}
		v := keyVal
		if !isKey {
			rowSeq++
			v = fmt.Sprintf("r%d", rowSeq)
		}
		lit, ok := literalOf(c.Type, v)
		if !ok {
			return "", false
		}
		cols = append(cols, quoteIdent(c.Name))
		vals = append(vals, lit)
	}
	if len(cols) == 0 {
		return "INSERT INTO " + qualified(t) + " DEFAULT VALUES", true
	}
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", qualified(t), strings.Join(cols, ", "), strings.Join(vals, ", ")), true
}

var rowSeq int

// literalOf renders v as a constant of the column type: the same v gives
// the same value.
func literalOf(typ, v string) (string, bool) {
	h := 0
	for _, r := range v {
		h = h*31 + int(r)
	}
	h = h%1000000 + 1
	switch typ {
	case "text", "varchar", "bpchar", "citext":
		return "'" + v + "'", true
	case "int2":
		return fmt.Sprint(h % 30000), true
	case "int4", "int8", "numeric":
		return fmt.Sprint(h), true
	case "uuid":
		return fmt.Sprintf("'00000000-0000-0000-0000-%012d'", h), true
	case "bool":
		return "false", true
	case "timestamptz", "timestamp":
		return "now()", true
	case "date":
		return "current_date", true
	}
	return "", false
}

// dropOtherKeys returns the DDL that drops every unique key of t but keep
// and the primary key.
func dropOtherKeys(t *schema.Table, keep uniqueKey) []string {
	var ddl []string
	for _, k := range uniqueKeys(t) {
		if k.primary || k.pos == keep.pos {
			continue
		}
		ddl = append(ddl, dropKey(t, k))
	}
	return ddl
}

func dropKey(t *schema.Table, k uniqueKey) string {
	if k.kind == "constraint" {
		return fmt.Sprintf("ALTER TABLE %s DROP CONSTRAINT %s", qualified(t), quoteIdent(k.name))
	}
	return "DROP INDEX " + schemaPrefix(t) + quoteIdent(k.name)
}

// indexNamed fails (division by zero) unless an index of exactly that name
// exists: a string literal is compared, where an identifier would be
// truncated the way the index's own name was (and so would a literal
// compared with a name: the comparison is made as text).
func indexNamed(name string) string {
	return fmt.Sprintf("SELECT 1 / count(*)::int FROM pg_class WHERE relkind = 'i' AND relname::text = '%s'::text", strings.ReplaceAll(name, "'", "''"))
}

// suggestedIndex is the name the message's CREATE UNIQUE INDEX gives.
func suggestedIndex(ddl string) string {
	name := strings.Fields(ddl)[3]
	return strings.Trim(name, `"`)
}

func schemaPrefix(t *schema.Table) string {
	if t.Schema != "" && t.Schema != "public" {
		return quoteIdent(t.Schema) + "."
	}
	return ""
}

func qualified(t *schema.Table) string {
	if t.Schema != "" && t.Schema != "public" {
		return quoteIdent(t.Schema) + "." + quoteIdent(t.Name)
	}
	return quoteIdent(t.Name)
}

// moduleSoftDeletes finds the soft deletes a testdata module sends: every
// string literal of its Go files that is an UPDATE setting a soft-delete
// column, by table, with its WHERE clause dropped so that it marks every
// row of the story deleted.
func moduleSoftDeletes(t *testing.T, dir string) map[string][]string {
	out := map[string][]string{}
	fset := token.NewFileSet()
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			text, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			// Parsed uncached: the tree is edited below, and the
			// process-wide cache is shared with the other tests.
			tree, perr := pgparse.Parse(text)
			if perr != nil || len(tree.Stmts) != 1 {
				return true
			}
			up := tree.Stmts[0].Stmt.GetUpdateStmt()
			if up == nil || !setsSoftDeleteColumn(up) {
				return true
			}
			up.WhereClause = nil
			sql, err := pgquery.DeparseFromProtobuf(tree.Marshal())
			if err != nil {
				t.Fatalf("deparse %q: %v", text, err)
			}
			out[up.Relation.Relname] = append(out[up.Relation.Relname], sql)
			return true
		})
		return nil
	})
	return out
}

func setsSoftDeleteColumn(up *pgast.UpdateStmt) bool {
	for _, n := range up.TargetList {
		for _, col := range DefaultColumns {
			if rt := n.GetResTarget(); rt != nil && strings.EqualFold(rt.Name, col.Name) {
				return true
			}
		}
	}
	return false
}

// distinctKeys fails with division_by_zero (22012) when two rows of t
// hold the same values in cols.
func distinctKeys(t *schema.Table, cols []string) string {
	return fmt.Sprintf("SELECT 1 / (count(DISTINCT ROW(%s)) = count(*))::int FROM %s", joinIdents(cols), qualified(t))
}

// copyKey inserts a row whose key columns copy those of a row already in t
// (overriding identity columns) and whose other required columns are new.
func copyKey(t *schema.Table, keyCols []string) string {
	var cols, vals []string
	for _, c := range t.Columns {
		switch {
		case containsColumn(keyCols, c.Name):
			cols, vals = append(cols, quoteIdent(c.Name)), append(vals, quoteIdent(c.Name))
		case c.NotNull && c.Default == "" && !c.Generated:
			rowSeq++
			lit, _ := literalOf(c.Type, fmt.Sprintf("r%d", rowSeq))
			cols, vals = append(cols, quoteIdent(c.Name)), append(vals, lit)
		}
	}
	return fmt.Sprintf("INSERT INTO %s (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM %s LIMIT 1",
		qualified(t), strings.Join(cols, ", "), strings.Join(vals, ", "), qualified(t))
}

// softDeleteAll marks every row of t deleted.
func softDeleteAll(t *schema.Table, sd *SoftDelete) (string, bool) {
	var v string
	switch sd.kind {
	case liveNull:
		v = "now()"
	case liveFalse:
		v = "true"
	default:
		return "", false
	}
	return fmt.Sprintf("UPDATE %s SET %s = %s", qualified(t), quoteIdent(sd.Column), v), true
}

const uniqueViolation = "23505"

// TestOracleUniqueKeys proves on PostgreSQL what the unique rules say of
// every unique key of every soft-delete table in testdata/schemarules:
// unique-ignores-deleted — after a soft delete the same key is refused;
// unique-nulls-distinct — two live rows with the same key are accepted;
// silent — the key can be used again after a soft delete, and live
// duplicates are refused.
func TestOracleUniqueKeys(t *testing.T) {
	o := &oracle{t: t, conn: pgtest.Open(t)}
	module := filepath.Join("..", "testdata", "schemarules")
	c := loadOracleSchema(t, o, filepath.Join(module, "migrations"))
	// The module's own soft deletes decide which keys they free.
	var names []string
	for _, col := range DefaultColumns {
		names = append(names, col.Name)
	}
	writes, _ := writeindex.Build(module, names, nil)
	c = NewChecker(c.Schema, Config{KeyRewrites: writes.Rewrites})
	deletes := moduleSoftDeletes(t, module)
	findings := map[schema.Pos]*Rule{}
	for _, f := range c.CheckSchema() {
		findings[f.Pos] = f.Rule
	}
	proved := map[string]int{}
	for _, tbl := range c.tablesInOrder() {
		sd := c.SoftDelete(tbl)
		if sd == nil {
			continue
		}
		for _, k := range uniqueKeys(tbl) {
			if k.primary {
				continue
			}
			keyCols := withoutColumn(k.columns, sd.Column)
			insert, ok := row(tbl, keyCols, "k")
			del, ok2 := softDeleteAll(tbl, sd)
			if !ok || !ok2 {
				t.Errorf("%s.%s: cannot build the story for this key's types", tbl.Name, k.name)
				continue
			}
			// Each key is judged alone: the others are dropped inside the
			// story's transaction (DDL rolls back too), so that they
			// cannot refuse the rows.
			isolate := dropOtherKeys(tbl, k)
			second, _ := row(tbl, keyCols, "k")
			reinsert := o.story(append(isolate, insert, del, second)...)
			liveDup := o.story(append(isolate, insert, second)...)
			generated := hasGeneratedColumn(tbl, k.columns)
			if generated {
				// The database picks part of the key: rows set the rest
				// alike and leave that part to its default. The claim is
				// that a new row never gets the deleted row's key (the
				// second row's key differs from the first's), while a live
				// row that copies another's key is still refused. A clock
				// default gives each transaction a new value, as the
				// service's inserts are, so where no other key needs
				// dropping each step is a transaction of its own.
				fixed := nonGenerated(tbl, keyCols)
				insert, _ = row(tbl, fixed, "k")
				second, _ = row(tbl, fixed, "k")
				if len(isolate) == 0 {
					reinsert = o.committed(tbl, insert, del, second, distinctKeys(tbl, keyCols))
				} else {
					reinsert = o.story(append(isolate, insert, del, second, distinctKeys(tbl, keyCols))...)
				}
				liveDup = o.story(append(isolate, insert, copyKey(tbl, keyCols))...)
			}
			name := tbl.Name + "." + k.name
			switch findings[k.pos] {
			case UniqueIgnoresDeleted:
				if reinsert != uniqueViolation {
					t.Errorf("%s: reported as counting deleted rows, but re-inserting the key after a soft delete gave %q", name, reinsert)
				}
				proved["unique-ignores-deleted: deleted row blocks the key"]++
				if slices.Contains(k.columns, "") {
					continue // an expression key: the fix is written by hand
				}
				// The fix the message gives: the key replaced by the
				// partial index it writes, which PostgreSQL creates under
				// the name given, frees the key after a soft delete and
				// still refuses a live duplicate.
				fix := partialIndexDDL(tbl, sd, k.columns)
				fixed := append(append(isolate, dropKey(tbl, k), fix, indexNamed(suggestedIndex(fix))), insert, del)
				if got := o.story(append(fixed, second)...); got != "" {
					t.Errorf("%s: after the suggested fix %q, re-inserting after a soft delete gave %q", name, fix, got)
				}
				if got := o.story(append(append(isolate, dropKey(tbl, k), fix, indexNamed(suggestedIndex(fix))), insert, second)...); got != uniqueViolation {
					t.Errorf("%s: after the suggested fix %q, a live duplicate gave %q", name, fix, got)
				}
				proved["unique-ignores-deleted: the suggested index frees the key and keeps live rows unique"]++
			case UniqueNullsDistinct:
				if liveDup != "" {
					t.Errorf("%s: reported as enforcing nothing between live rows, but a live duplicate gave %q", name, liveDup)
				}
				proved["unique-nulls-distinct: live duplicate accepted"]++
			case nil:
				if containsKey(k, uniqueKeys(tbl)) {
					// A smaller key refuses every row this one would: with
					// this key dropped and the others kept, the deleted
					// row still blocks its key and a live duplicate is
					// still refused.
					drop := dropKey(tbl, k)
					if got := o.story(drop, insert, del, second); got != uniqueViolation {
						t.Errorf("%s: silent as containing another key, but without it re-inserting after a soft delete gave %q", name, got)
					}
					if got := o.story(drop, insert, second); got != uniqueViolation {
						t.Errorf("%s: silent as containing another key, but without it a live duplicate gave %q", name, got)
					}
					proved["silent: contains a smaller key that refuses the same rows"]++
					continue
				}
				if c.rewrittenOnDelete(tbl, sd, k.columns) {
					// The module renames the key when it deletes: each of
					// its own soft deletes (run on every row) frees it.
					stmts := deletes[tbl.Name]
					if len(stmts) == 0 {
						t.Errorf("%s: silent as rewritten on delete, but the module has no soft delete of %s", name, tbl.Name)
					}
					for _, del := range stmts {
						if got := o.story(append(isolate, insert, del, second)...); got != "" {
							t.Errorf("%s: silent as rewritten on delete, but after %q re-inserting gave %q", name, del, got)
						}
					}
					if liveDup != uniqueViolation {
						t.Errorf("%s: silent as rewritten on delete, but a live duplicate gave %q", name, liveDup)
					}
					proved["silent: every soft delete rewrites the key, which is reusable"]++
					continue
				}
				if reinsert != "" {
					t.Errorf("%s: not reported, but re-inserting after a soft delete gave %q", name, reinsert)
				}
				if liveDup != uniqueViolation {
					t.Errorf("%s: not reported, but a live duplicate gave %q", name, liveDup)
				}
				if generated {
					proved["silent: generated key never repeats, live duplicates refused"]++
				} else {
					proved["silent: key reusable after delete, live duplicates refused"]++
				}
			default:
				t.Errorf("%s: unexpected finding %s", name, findings[k.pos].ID)
			}
		}
	}
	if len(proved) == 0 {
		t.Fatal("the oracle proved nothing")
	}
	t.Logf("%d statements executed on PostgreSQL; proved %v", o.execs, proved)
}

// TestOracleOnConflict builds an upsert for every unique key of every
// table in testdata/schemarules, asks on-conflict-partial about it, and
// runs it: reported ones fail with 42P10 (or 42704 for ON CONSTRAINT) and
// their suggested rewrite succeeds; silent ones succeed.
func TestOracleOnConflict(t *testing.T) {
	o := &oracle{t: t, conn: pgtest.Open(t)}
	c := loadOracleSchema(t, o, filepath.Join("..", "testdata", "schemarules", "migrations"))
	reported, silent := 0, 0
	for _, tbl := range c.tablesInOrder() {
		for _, k := range uniqueKeys(tbl) {
			if containsColumn(k.columns, "") || hasGeneratedColumn(tbl, k.columns) {
				continue // expressions, and keys the database assigns
			}
			insert, ok := row(tbl, k.columns, "u")
			if !ok {
				continue
			}
			upserts := []string{insert + " ON CONFLICT (" + joinIdents(k.columns) + ") DO NOTHING"}
			if k.where != nil {
				// A predicate that does not imply the index's.
				upserts = append(upserts, insert+" ON CONFLICT ("+joinIdents(k.columns)+") WHERE "+quoteIdent(k.columns[0])+" IS NOT NULL DO NOTHING")
			}
			if k.kind == "index" || k.name != "" {
				upserts = append(upserts, insert+" ON CONFLICT ON CONSTRAINT "+quoteIdent(k.name)+" DO NOTHING")
			}
			for _, sql := range upserts {
				fs := checkSQL(t, c, sql)
				code := o.story(sql)
				if len(fs) == 0 {
					if code != "" {
						t.Errorf("%s: not reported, but PostgreSQL said %s", sql, code)
					}
					silent++
					continue
				}
				f := fs[0]
				want := "42P10"
				if strings.Contains(sql, "ON CONSTRAINT") {
					want = "42704"
				}
				if code != want {
					t.Errorf("%s: reported (%s), but PostgreSQL said %q, not %s", sql, f.Message, code, want)
				}
				if f.Rewrite != "" {
					fixed := strings.Replace(sql, f.Replaces, f.Rewrite, 1)
					if fixed == sql {
						t.Errorf("%s: rewrite %q does not apply", sql, f.Rewrite)
					} else if code := o.story(fixed); code != "" {
						t.Errorf("suggested rewrite %s failed with %s", fixed, code)
					}
				}
				reported++
			}
		}
	}
	if reported == 0 || silent == 0 {
		t.Errorf("oracle covered %d reported and %d silent upserts; want both", reported, silent)
	}
	t.Logf("%d statements executed on PostgreSQL; %d upserts reported and proved failing (fixes proved working), %d silent and proved working", o.execs, reported, silent)
}

func checkSQL(t *testing.T, c *Checker, sql string) []Finding {
	q := pgparse.ParseQuery(sql)
	if q.Err != nil {
		t.Fatalf("%s: %v", sql, q.Err)
	}
	var out []Finding
	for _, raw := range q.Tree.Stmts {
		for _, f := range c.CheckStatement(raw) {
			if f.Rule == OnConflictPartial {
				out = append(out, f)
			}
		}
	}
	return out
}
