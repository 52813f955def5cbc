package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/internal/pgparse"
	"github.com/softdelete/softdelete/sqlextract"
)

// Migration code written in Go (goose Go migrations, gormigrate and bun
// migrations, a data backfill next to its ALTER TABLE) is schema history,
// not application code: it runs once, against the schema of its day, and
// a backfill that must reach every row is not a query that forgot the
// live filter. Its statements are not judged; softdelete explain lists
// them with the reason.

// migrationRegistrars are the functions and struct fields of migration
// libraries that take a migration's Go function, by package path (any
// major version) and name.
var migrationRegistrars = []struct {
	pkg   string // import path, without a /vN suffix
	names []string
}{
	{"github.com/pressly/goose", []string{"AddMigration", "AddMigrationContext", "AddMigrationNoTx", "AddMigrationNoTxContext", "AddNamedMigration", "AddNamedMigrationContext", "AddNamedMigrationNoTx", "AddNamedMigrationNoTxContext", "NewGoMigration"}},
	{"github.com/go-gormigrate/gormigrate", []string{"Migrate", "Rollback"}}, // Migration{Migrate: func(tx *gorm.DB) error {…}}
	{"github.com/uptrace/bun/migrate", []string{"MustRegister", "Register"}},
}

// withoutMigrations takes the statements of migration code out of the
// queries to judge and lists them, with the reason, among those not judged.
func withoutMigrations(pass *analysis.Pass, queries []*sqlextract.Query, unresolved []sqlextract.Unresolved) ([]*sqlextract.Query, []sqlextract.Unresolved) {
	regions := migrationCode(pass, queries)
	if len(regions) == 0 {
		return queries, unresolved
	}
	kept := queries[:0:0]
	for _, q := range queries {
		if why := migrationReason(regions, q.Call.Pos()); why != "" {
			unresolved = append(unresolved, sqlextract.Unresolved{Pos: q.Call.Pos(), Callee: q.Callee, Reason: why})
			continue
		}
		kept = append(kept, q)
	}
	return kept, unresolved
}

// migrationRegion is a function whose statements are schema history.
type migrationRegion struct {
	node ast.Node
	why  string
}

// migrationCode finds the package's migration code: functions passed to a
// migration library, and functions (with the closures in them) that send
// DDL (CREATE, ALTER, DROP, CREATE INDEX) beside their other statements.
func migrationCode(pass *analysis.Pass, queries []*sqlextract.Query) []migrationRegion {
	var regions []migrationRegion
	decls := map[*types.Func]*ast.FuncDecl{}
	var funcs []ast.Node // top-level functions and literals, in source order
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				funcs = append(funcs, fd)
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					decls[fn] = fd
				}
			}
		}
	}
	// Functions handed to a migration library.
	mark := func(e ast.Expr, why string) {
		switch e := ast.Unparen(e).(type) {
		case *ast.FuncLit:
			regions = append(regions, migrationRegion{e, why})
		default:
			if fn, ok := pass.TypesInfo.Uses[nameOf(e)].(*types.Func); ok && decls[fn] != nil {
				regions = append(regions, migrationRegion{decls[fn], why})
			}
		}
	}
	for _, f := range pass.Files {
		if !importsRegistrar(pass.Pkg) {
			break
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if name, ok := registrar(pass, n.Fun); ok {
					for _, arg := range n.Args {
						mark(arg, "migration code (its function is registered with "+name+")")
					}
				}
			case *ast.KeyValueExpr:
				if key, ok := n.Key.(*ast.Ident); ok {
					if name, ok := registrarField(pass, key); ok {
						mark(n.Value, "migration code (its function is the "+name+" of a migration)")
					}
				}
			}
			return true
		})
	}
	// Functions that change the schema as well.
	for _, q := range queries {
		pq := pgparse.ParseQuery(q.Text)
		if pq.Err != nil || !hasDDL(pq.Tree.Stmts) {
			continue
		}
		if fn := enclosingFunc(funcs, q.Call.Pos()); fn != nil {
			regions = append(regions, migrationRegion{fn, "migration code (the function also changes the schema)"})
		}
	}
	sort.SliceStable(regions, func(i, j int) bool { return regions[i].node.Pos() < regions[j].node.Pos() })
	return regions
}

// migrationReason returns why the statement sent at pos is migration code,
// or "".
func migrationReason(regions []migrationRegion, pos token.Pos) string {
	for _, r := range regions {
		if r.node.Pos() <= pos && pos < r.node.End() {
			return r.why
		}
	}
	return ""
}

func enclosingFunc(funcs []ast.Node, pos token.Pos) ast.Node {
	for _, f := range funcs {
		if f.Pos() <= pos && pos < f.End() {
			return f
		}
	}
	return nil
}

// registrar reports whether fun names a migration library's registration
// function, and its name for messages.
func registrar(pass *analysis.Pass, fun ast.Expr) (string, bool) {
	fn, ok := pass.TypesInfo.Uses[nameOf(fun)].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return "", false
	}
	return migrationName(fn.Pkg().Path(), fn.Name())
}

// nameOf is the identifier an expression names a function by (f, pkg.F,
// recv.M), or nil.
func nameOf(e ast.Expr) *ast.Ident {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e
	case *ast.SelectorExpr:
		return e.Sel
	}
	return nil
}

// registrarField reports whether key is a field of a migration library's
// struct that holds a migration function (gormigrate's Migrate).
func registrarField(pass *analysis.Pass, key *ast.Ident) (string, bool) {
	v, ok := pass.TypesInfo.Uses[key].(*types.Var)
	if !ok || !v.IsField() || v.Pkg() == nil {
		return "", false
	}
	return migrationName(v.Pkg().Path(), v.Name())
}

func migrationName(path, name string) (string, bool) {
	path = trimMajor(path)
	for _, r := range migrationRegistrars {
		if r.pkg != path {
			continue
		}
		for _, n := range r.names {
			if n == name {
				return path[strings.LastIndexByte(path, '/')+1:] + "." + name, true
			}
		}
	}
	return "", false
}

// importsRegistrar reports whether pkg imports a migration library, the
// only way it can register a migration.
func importsRegistrar(pkg *types.Package) bool {
	for _, imp := range pkg.Imports() {
		for _, r := range migrationRegistrars {
			if trimMajor(imp.Path()) == r.pkg {
				return true
			}
		}
	}
	return false
}

// trimMajor drops a /vN major-version suffix from an import path.
func trimMajor(path string) string {
	i := strings.LastIndexByte(path, '/')
	if i < 0 || len(path) < i+3 || path[i+1] != 'v' {
		return path
	}
	for _, c := range path[i+2:] {
		if c < '0' || c > '9' {
			return path
		}
	}
	return path[:i]
}

// hasDDL reports whether any statement changes the schema.
func hasDDL(stmts []*pgast.RawStmt) bool {
	for _, raw := range stmts {
		if raw == nil || raw.Stmt == nil {
			continue
		}
		switch raw.Stmt.Node.(type) {
		case *pgast.Node_CreateStmt, *pgast.Node_AlterTableStmt, *pgast.Node_DropStmt,
			*pgast.Node_IndexStmt, *pgast.Node_RenameStmt, *pgast.Node_CreateTableAsStmt:
			return true
		}
	}
	return false
}
