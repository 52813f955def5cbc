package sqlextract

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"testing"
)

// fakes are small stand-ins for the packages whose sinks the extractor
// knows, type-checked once, so that fuzzing needs no export data.
var fakes = map[string]string{
	"context": `package context
type Context interface{ Done() <-chan struct{} }
func Background() Context { return nil }`,
	"fmt": `package fmt
func Sprintf(format string, a ...any) string { return "" }
func Sprint(a ...any) string { return "" }`,
	"database/sql": `package sql
import "context"
type DB struct{}
type Tx struct{}
type Conn struct{}
type Rows struct{}
type Row struct{}
type Stmt struct{}
type Result interface{ RowsAffected() (int64, error) }
func (*DB) Query(q string, args ...any) (*Rows, error) { return nil, nil }
func (*DB) QueryRow(q string, args ...any) *Row { return nil }
func (*DB) Exec(q string, args ...any) (Result, error) { return nil, nil }
func (*DB) Prepare(q string) (*Stmt, error) { return nil, nil }
func (*DB) QueryContext(ctx context.Context, q string, args ...any) (*Rows, error) { return nil, nil }
func (*DB) ExecContext(ctx context.Context, q string, args ...any) (Result, error) { return nil, nil }
func (*Tx) Query(q string, args ...any) (*Rows, error) { return nil, nil }
func (*Tx) ExecContext(ctx context.Context, q string, args ...any) (Result, error) { return nil, nil }`,
	"github.com/jmoiron/sqlx": `package sqlx
import "database/sql"
type DB struct{ *sql.DB }
type Queryer interface{ Query(query string, args ...interface{}) (*sql.Rows, error) }
func (*DB) Select(dest any, q string, args ...any) error { return nil }
func (*DB) Rebind(q string) string { return q }
func (*DB) NamedExec(q string, arg any) (sql.Result, error) { return nil, nil }
func In(q string, args ...any) (string, []any, error) { return q, nil, nil }
func Rebind(bindType int, q string) string { return q }
func Select(q Queryer, dest any, query string, args ...any) error { return nil }`,
	"github.com/Masterminds/squirrel": `package squirrel
type Sqlizer interface{ ToSql() (string, []any, error) }
type Eq map[string]any
type And []Sqlizer
type Or []Sqlizer
type SelectBuilder struct{}
type UpdateBuilder struct{}
type StatementBuilderType struct{}
var StatementBuilder StatementBuilderType
func Select(cols ...string) SelectBuilder { return SelectBuilder{} }
func Update(t string) UpdateBuilder { return UpdateBuilder{} }
func Expr(sql string, args ...any) Sqlizer { return nil }
func (StatementBuilderType) Select(cols ...string) SelectBuilder { return SelectBuilder{} }
func (b SelectBuilder) From(t string) SelectBuilder { return b }
func (b SelectBuilder) Join(j string, rest ...any) SelectBuilder { return b }
func (b SelectBuilder) LeftJoin(j string, rest ...any) SelectBuilder { return b }
func (b SelectBuilder) Where(p any, args ...any) SelectBuilder { return b }
func (b SelectBuilder) Prefix(s string, args ...any) SelectBuilder { return b }
func (b SelectBuilder) FromSelect(s SelectBuilder, a string) SelectBuilder { return b }
func (b SelectBuilder) ToSql() (string, []any, error) { return "", nil, nil }
func (b UpdateBuilder) Set(c string, v any) UpdateBuilder { return b }
func (b UpdateBuilder) Where(p any, args ...any) UpdateBuilder { return b }
func (b UpdateBuilder) ToSql() (string, []any, error) { return "", nil, nil }`,
	"github.com/doug-martin/goqu/v9/exp": `package exp
type Expression interface{ Expression() Expression }
type Ex map[string]any
type Op map[string]any
type Record map[string]any
type BooleanExpression interface{ Expression }
type AliasedExpression interface{ Expression }
type JoinCondition interface{ Type() int }
type IdentifierExpression interface {
	Expression
	IsNull() BooleanExpression
	Eq(v any) BooleanExpression
	In(vs ...any) BooleanExpression
	As(a any) AliasedExpression
}
func (e Ex) Expression() Expression { return e }`,
	"github.com/doug-martin/goqu/v9": `package goqu
import "github.com/doug-martin/goqu/v9/exp"
type Ex = exp.Ex
type Op = exp.Op
type Record = exp.Record
type DialectWrapper struct{}
type SelectDataset struct{}
type UpdateDataset struct{}
type DeleteDataset struct{}
func Dialect(d string) DialectWrapper { return DialectWrapper{} }
func From(t ...any) *SelectDataset { return nil }
func C(c string) exp.IdentifierExpression { return nil }
func I(c string) exp.IdentifierExpression { return nil }
func T(c string) exp.IdentifierExpression { return nil }
func L(s string, args ...any) exp.Expression { return nil }
func On(es ...exp.Expression) exp.JoinCondition { return nil }
func Or(es ...exp.Expression) exp.Expression { return nil }
func (DialectWrapper) From(t ...any) *SelectDataset { return nil }
func (DialectWrapper) Update(t any) *UpdateDataset { return nil }
func (DialectWrapper) Delete(t any) *DeleteDataset { return nil }
func (d *SelectDataset) Select(cs ...any) *SelectDataset { return d }
func (d *SelectDataset) Where(es ...exp.Expression) *SelectDataset { return d }
func (d *SelectDataset) Join(t exp.Expression, c exp.JoinCondition) *SelectDataset { return d }
func (d *SelectDataset) LeftJoin(t exp.Expression, c exp.JoinCondition) *SelectDataset { return d }
func (d *SelectDataset) Prepared(b bool) *SelectDataset { return d }
func (d *SelectDataset) Delete() *DeleteDataset { return nil }
func (d *SelectDataset) Update() *UpdateDataset { return nil }
func (d *SelectDataset) ToSQL() (string, []any, error) { return "", nil, nil }
func (d *UpdateDataset) Set(v any) *UpdateDataset { return d }
func (d *UpdateDataset) Where(es ...exp.Expression) *UpdateDataset { return d }
func (d *UpdateDataset) ToSQL() (string, []any, error) { return "", nil, nil }
func (d *DeleteDataset) Where(es ...exp.Expression) *DeleteDataset { return d }
func (d *DeleteDataset) ToSQL() (string, []any, error) { return "", nil, nil }`,
	"github.com/jackc/pgx/v5": `package pgx
import "context"
type Conn struct{}
type Batch struct{}
type Tx interface{ Exec(ctx context.Context, sql string, args ...any) (int, error) }
func (*Conn) Query(ctx context.Context, sql string, args ...any) (int, error) { return 0, nil }
func (*Conn) Prepare(ctx context.Context, name, sql string) (int, error) { return 0, nil }
func (*Batch) Queue(sql string, args ...any) {}`,
}

// fakeImporter type-checks the fakes on demand, sharing one FileSet.
type fakeImporter struct {
	fset *token.FileSet
	pkgs map[string]*types.Package
}

func (imp *fakeImporter) Import(path string) (*types.Package, error) {
	if p, ok := imp.pkgs[path]; ok {
		return p, nil
	}
	src, ok := fakes[path]
	if !ok {
		return nil, fmt.Errorf("no fake for %q", path)
	}
	f, err := parser.ParseFile(imp.fset, path+"/fake.go", src, 0)
	if err != nil {
		return nil, err
	}
	conf := types.Config{Importer: imp}
	p, err := conf.Check(path, imp.fset, []*ast.File{f}, nil)
	if err != nil {
		return nil, err
	}
	imp.pkgs[path] = p
	return p, nil
}

var fuzzImporter = &fakeImporter{fset: token.NewFileSet(), pkgs: map[string]*types.Package{}}

var fuzzSeeds = []string{
	`package p
import "database/sql"
func f(db *sql.DB) { db.Query("SELECT 1 FROM t") }`,
	"package p\nimport (\n\t\"database/sql\"\n\t\"fmt\"\n)\nconst c = `SELECT\r\n id FROM \\t` + \"x\\ty\\u00e9\\377\"\n" +
		"func f(db *sql.DB, s string) {\n\tq := c + s\n\tif s != \"\" { q += \" WHERE \" + s }\n" +
		"\tdb.Query(fmt.Sprintf(\"%s %[1]s %*d %% %\", q, 3, 4))\n}\n",
	`package p
import ("context"; "github.com/jmoiron/sqlx"; "github.com/jackc/pgx/v5")
type DBTX interface{ QueryContext(context.Context, string, ...interface{}) (int, error) }
func W(db DBTX, q string) { db.QueryContext(nil, q) }
func V(q string) { W(nil, q) }
func g(x *sqlx.DB, c *pgx.Conn, b *pgx.Batch, ids []int) {
	q, args, _ := sqlx.In("SELECT id FROM t WHERE id IN (?)", ids)
	x.Select(nil, x.Rebind(q), args...)
	c.Prepare(nil, "n", "SELECT 1")
	b.Queue("UPDATE t SET a = 1")
	V("SELECT 2 FROM v")
	var r = "x"
	r = r + r + r
	r += r
	x.NamedExec(r, nil)
}`,
	`package p
import "database/sql"
const a = b
const b = a + "x"
var u = v
var v = u
func f(db *sql.DB) { db.Exec(a); db.Exec(u); x := x; db.Exec(x) }`,
	`package p
import "database/sql"
type S string
const (
	a S = "SELECT " + "1"
	b = a + a
	c = b + b
	d = c + c
)
func f(db *sql.DB) { db.Query(string(d + d + d)); db.Query(string(rune(65))) }`,
	`package p
import ("database/sql"; "fmt"; sq "github.com/Masterminds/squirrel")
var base = sq.Select("id").From("users u")
func live(b sq.SelectBuilder) sq.SelectBuilder { return b.Where(sq.Eq{"deleted_at": nil}) }
func f(db *sql.DB, flag bool, x any) {
	b := sq.StatementBuilder.Select("a", "b").From("t").Join("o ON o.t = t.id")
	if flag { b = b.Where("deleted_at IS NULL") }
	b = b.Where(sq.Or{sq.Expr("x IN (?)", base), sq.And{sq.Eq{"k": 0, "d": nil}}}).Where(x)
	b = live(b).Prefix("WITH c AS (SELECT 1)").FromSelect(base, "s")
	b.ToSql()
	q, _, _ := sq.Update("t").Set("a", 1).Where("id = ?", 2).ToSql()
	db.Query(fmt.Sprintf("SELECT * FROM (%s) x", q))
	for { b = b.LeftJoin("z"); b.ToSql() }
}`,
	`package p
import ("database/sql"; "github.com/doug-martin/goqu/v9"; "github.com/doug-martin/goqu/v9/exp")
var pg = goqu.Dialect("postgres")
func f(db *sql.DB, flag bool, name string, x exp.Expression, m map[string]any, ids []int) {
	ds := pg.From(goqu.T("users").As("u"), "a.b.c.d", name).Select("u.*", goqu.I(name), goqu.L("x=?", name, 1))
	if flag { ds = ds.Where(goqu.C("deleted_at").IsNull()) }
	ds = ds.Join(goqu.T("o"), goqu.On(goqu.Ex{"o.id": goqu.I("u.id"), "o.d": goqu.Op{"neq": nil, "gt": 1}}))
	ds = ds.LeftJoin(goqu.T(name), goqu.On(x, goqu.Ex(m), goqu.Or())).Where(goqu.Ex{}, goqu.C("id").In(1, 2), goqu.C("id").In(pg.From("z")), x, goqu.C("id").Eq(ids))
	q, _, _ := ds.Prepared(true).ToSQL()
	db.Query(q)
	pg.Update("users").Set(goqu.Record{"deleted_at": goqu.L("now()"), "n": name}).Where(goqu.C("id").Eq(true)).ToSQL()
	pg.From("t").Where(goqu.Ex{"id": 1}).Delete().ToSQL()
	pg.Delete(goqu.C(name).As(x)).ToSQL()
	for { ds = ds.Where(goqu.C("a").Eq(ds)); ds.ToSQL() }
}`,
}

func FuzzExtract(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkExtract(t, src)
	})
}

// FuzzExtractBody fuzzes the body of a function that has sinks at hand,
// which mutations of whole files rarely keep parseable.
func FuzzExtractBody(f *testing.F) {
	for _, s := range []string{
		`db.Query("SELECT 1 FROM t")`,
		"q := `SELECT\n id` + s\nif s != \"\" { q += \" WHERE \" + s }\ndb.Query(q)",
		`db.Exec(fmt.Sprintf("SELECT %s, %[1]q, %*d %% FROM %v", c, 3, 4, s))`,
		`var q string; q = c; q = q + q; x.Select(nil, x.Rebind(q), 1)`,
		`q, a, _ := sqlx.In("SELECT \"id\"\tFROM t WHERE id IN (?)", 1); x.Select(nil, q, a...)`,
		`b.Queue(string(c) + "\u00e9\377"); func() { db.Query(c + s) }()`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		checkExtract(t, `package p
import (
	"database/sql"
	"fmt"
	"github.com/jmoiron/sqlx"
	"github.com/jackc/pgx/v5"
)
const c = "SELECT id FROM users WHERE deleted_at IS NULL"
var _ = fmt.Sprintf
func f(db *sql.DB, x *sqlx.DB, b *pgx.Batch, s string) {
`+body+`
}
`)
	})
}

// TestFuzzSeeds runs the fuzz checks on the seeds and on past crashers.
func TestFuzzSeeds(t *testing.T) {
	for _, s := range fuzzSeeds {
		checkExtract(t, s)
	}
	big := "package p\nimport \"database/sql\"\nfunc f(db *sql.DB) { db.Query(\"SELECT " +
		strings.Repeat("\\x41\\t", 1<<17) + strings.Repeat("a", 1<<20) + "\" + `" + strings.Repeat("b\r", 1<<16) + "`) }\n"
	checkExtract(t, big)

	// Doubling a 1 MB variable: the text is bounded, not 16 GB.
	double := "package p\nimport (\"database/sql\"; \"fmt\")\nfunc f(db *sql.DB) {\n\tq := \"" + strings.Repeat("x", 1<<20) + "\"\n" +
		strings.Repeat("\tq += q\n", 14) + "\tdb.Query(q)\n\tdb.Query(fmt.Sprintf(q))\n}\n"
	checkExtract(t, double)
}

// checkExtract type-checks src (tolerating type errors), extracts its
// queries, and checks that every position is NoPos, the argument's
// position, the use of a constant that names a table or column, or a
// byte inside a string literal of src that produced it.
func checkExtract(t *testing.T, src string) {
	fset := fuzzImporter.fset
	file, err := parser.ParseFile(fset, "input.go", src, parser.SkipObjectResolution)
	if err != nil {
		return
	}
	info := &types.Info{
		Types:      make(map[ast.Expr]types.TypeAndValue),
		Defs:       make(map[*ast.Ident]types.Object),
		Uses:       make(map[*ast.Ident]types.Object),
		Implicits:  make(map[ast.Node]types.Object),
		Selections: make(map[*ast.SelectorExpr]*types.Selection),
		Scopes:     make(map[ast.Node]*types.Scope),
		Instances:  make(map[*ast.Ident]types.Instance),
	}
	conf := types.Config{Importer: fuzzImporter, Error: func(error) {}}
	pkg, _ := conf.Check("example.com/p", fset, []*ast.File{file}, info)
	if pkg == nil {
		return
	}
	u := &unit{
		fset:     fset,
		files:    []*ast.File{file},
		pkg:      pkg,
		info:     info,
		readFile: func(string) ([]byte, error) { return []byte(src), nil },
		// Pretend that imported functions starting with W are wrappers.
		importFact: func(fn *types.Func) (int, bool) {
			return len(fn.Name()) % 3, strings.HasPrefix(fn.Name(), "W")
		},
	}
	queries, _, _ := extract(u, Options{ExtraSinks: []Sink{{Func: "example.com/p.Sink", Arg: 1}}})

	var lits []*ast.BasicLit
	ast.Inspect(file, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			lits = append(lits, lit)
		}
		return true
	})
	// A name kept in a constant points at its use, which may be outside
	// the argument (q := "SELECT * FROM " + table; db.Query(q)).
	constUses := map[token.Pos]bool{}
	for id, obj := range info.Uses {
		if _, ok := obj.(*types.Const); ok {
			constUses[id.Pos()] = true
		}
	}
	tf := fset.File(file.Pos())
	for _, q := range queries {
		for off := 0; off <= len(q.Text); off++ {
			p := q.Pos(off)
			if !q.InLiteral(off) {
				if q.Builder != "" {
					// Text a builder added points at a builder call.
					if !p.IsValid() || p < file.Pos() || p > file.End() {
						t.Fatalf("%v: offset %d at %v, outside the file", q, off, p)
					}
					continue
				}
				if p != q.Expr.Pos() && !constUses[p] {
					t.Fatalf("%v: inexact offset %d at %v, want Expr.Pos() or the use of a constant", q, off, p)
				}
				continue
			}
			var in *ast.BasicLit
			for _, lit := range lits {
				if lit.Pos() < p && p < lit.End() {
					in = lit
				}
			}
			if in == nil {
				t.Fatalf("%v: offset %d at %v, not inside a string literal", q, off, fset.Position(p))
			}
			if off == len(q.Text) {
				continue // the end: just after the last byte, still inside
			}
			c := src[tf.Offset(p)]
			if c != q.Text[off] && c != '\\' {
				t.Fatalf("%v: offset %d (%q) at %v is %q", q, off, q.Text[off], fset.Position(p), c)
			}
		}
	}
}

// FuzzLiteral checks the literal decoder against strconv: every quoting
// of s decodes to s, with each byte mapped to its character or escape.
func FuzzLiteral(f *testing.F) {
	for _, s := range []string{"", "a\tb", "é\xff\x00\"\\", "\u2028\U0001F600", "a\r\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, lit := range []string{strconv.Quote(s), strconv.QuoteToASCII(s), strconv.QuoteToGraphic(s)} {
			body := lit[1 : len(lit)-1]
			dec, offs, ok := decodeInterpreted(body)
			if !ok || string(dec) != s {
				t.Fatalf("decode %s: got %q, %v; want %q", lit, dec, ok, s)
			}
			if len(offs) != len(dec)+1 || offs[len(dec)] != int32(len(body)) {
				t.Fatalf("decode %s: %d offsets for %d bytes", lit, len(offs), len(dec))
			}
			for k := range dec {
				if c := body[offs[k]]; c != dec[k] && c != '\\' || k > 0 && offs[k] < offs[k-1] {
					t.Fatalf("decode %s: byte %d (%q) at offset %d (%q)", lit, k, dec[k], offs[k], c)
				}
			}
		}
		if !strings.Contains(s, "`") {
			dec, offs := decodeRaw(s)
			if want := strings.ReplaceAll(s, "\r", ""); string(dec) != want || len(offs) != len(dec)+1 {
				t.Fatalf("decodeRaw(%q) = %q, want %q", s, dec, want)
			}
		}
	})
}
