package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/softdelete/softdelete/internal/testcode"
	"github.com/softdelete/softdelete/sqlextract"
)

// Anchors: golangci-lint keeps only findings in Go files that are not
// generated, but an sqlc query's findings are in its .sql file (or, when
// that file is not found, in the generated Go file) and schema findings
// are in the migrations. Under golangci-lint (NewForGolangci) each such
// finding is also reported at a Go position where it can be seen:
//
//   - a finding in a query that a function of a generated file sends, at
//     every call of that function outside generated files, in this package
//     or, through a QueryFindingsFact, in the packages that import it;
//   - a schema finding, in the package that owns the schema report, at the
//     //go:embed directive that embeds the finding's file, else at the
//     package clause of the package's first Go file.
//
// The anchored message names the query (or file) and the finding's
// original position, which is where it is fixed.

// QueryFindingsFact is exported, under golangci-lint only, on a function
// of a generated file (an sqlc query method) whose query has findings, so
// that the packages calling it report them at their calls.
type QueryFindingsFact struct{ Findings []QueryFinding }

// QueryFinding is one finding of a generated query method's query.
type QueryFinding struct {
	Rule    string
	Message string // with its " [rule]" suffix
	Where   string // module-relative file:line:col of the finding
}

// AFact implements analysis.Fact.
func (*QueryFindingsFact) AFact() {}

func (f *QueryFindingsFact) String() string {
	var parts []string
	for _, q := range f.Findings {
		parts = append(parts, q.Where+" "+q.Rule)
	}
	return "queryfindings(" + strings.Join(parts, ", ") + ")"
}

// anchor adds to r.out the Go positions of the diagnostics golangci-lint
// would drop, and exports the findings of generated query methods.
func (r *reporter) anchor() {
	generated := map[*ast.File]bool{}
	for _, f := range r.pass.Files {
		generated[f] = ast.IsGenerated(f)
	}
	byFunc := map[*types.Func][]QueryFinding{}
	var schemaDiags []analysis.Diagnostic
	for i := range r.out {
		// golangci-lint reports related information in another file as
		// an issue of its own at the finding's position: a copy of each
		// finding, once uniq-by-line is off to show several findings on
		// one line.
		r.out[i].Related = sameFile(r.pass.Fset, r.out[i].Pos, r.out[i].Related)
	}
	for _, d := range r.out {
		file := r.pass.Fset.File(d.Diagnostic.Pos)
		if file == nil {
			continue
		}
		goFile := strings.HasSuffix(file.Name(), ".go")
		if goFile && !r.inGeneratedFile(d.Diagnostic.Pos, generated) {
			continue // golangci-lint shows it where it is
		}
		fns := r.generatedSenders(d.Diagnostic.Pos, generated)
		for _, fn := range fns {
			byFunc[fn] = append(byFunc[fn], QueryFinding{Rule: d.Category, Message: d.Message, Where: r.where(d.Diagnostic.Pos)})
		}
		if len(fns) == 0 && !goFile {
			schemaDiags = append(schemaDiags, d.Diagnostic)
		}
	}
	for fn, findings := range byFunc {
		r.pass.ExportObjectFact(fn, &QueryFindingsFact{Findings: findings})
	}
	r.anchorCalls(byFunc, generated)
	r.anchorSchema(schemaDiags, generated)
}

func sameFile(fset *token.FileSet, pos token.Pos, related []analysis.RelatedInformation) []analysis.RelatedInformation {
	var out []analysis.RelatedInformation
	for _, rel := range related {
		if fset.File(rel.Pos) == fset.File(pos) {
			out = append(out, rel)
		}
	}
	return out
}

func (r *reporter) inGeneratedFile(pos token.Pos, generated map[*ast.File]bool) bool {
	for f, gen := range generated {
		if gen && f.FileStart <= pos && pos <= f.FileEnd {
			return true
		}
	}
	return false
}

// generatedSenders returns the functions of generated files that send a
// query whose text holds pos (in the .sql file or in the Go constant).
func (r *reporter) generatedSenders(pos token.Pos, generated map[*ast.File]bool) []*types.Func {
	var out []*types.Func
	for _, q := range r.queries {
		if !containsPos(r.pass.Fset, q, pos) {
			continue
		}
		if fn := r.generatedFunc(q.Call.Pos(), generated); fn != nil && !containsFunc(out, fn) {
			out = append(out, fn)
		}
	}
	return out
}

func containsFunc(fns []*types.Func, fn *types.Func) bool {
	for _, f := range fns {
		if f == fn {
			return true
		}
	}
	return false
}

// containsPos reports whether pos is inside the text of q where it is
// reported: between the positions of its first and last bytes, in the
// same file.
func containsPos(fset *token.FileSet, q *sqlextract.Query, pos token.Pos) bool {
	if len(q.Text) == 0 {
		return false
	}
	first, last := q.Pos(0), q.Pos(len(q.Text)-1)
	f := fset.File(pos)
	if f == nil || fset.File(first) != f || fset.File(last) != f {
		return false
	}
	return first <= pos && pos <= last
}

// generatedFunc returns the declared function of a generated file that
// contains pos.
func (r *reporter) generatedFunc(pos token.Pos, generated map[*ast.File]bool) *types.Func {
	for _, f := range r.pass.Files {
		if !generated[f] || pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Pos() <= pos && pos < fd.End() {
				fn, _ := r.pass.TypesInfo.Defs[fd.Name].(*types.Func)
				return fn
			}
		}
	}
	return nil
}

// where is a position as the anchored message names it: file:line:col,
// the file relative to the module root.
func (r *reporter) where(pos token.Pos) string {
	p := r.pass.Fset.Position(pos)
	return r.relative(p.Filename) + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column)
}

// line is where pos is as file:line, the file relative to the module
// root: how a message names a statement in another function.
func (r *reporter) line(pos token.Pos) string {
	p := r.pass.Fset.Position(pos)
	return r.relative(p.Filename) + ":" + strconv.Itoa(p.Line)
}

// relative is name relative to the module root, with forward slashes.
func (r *reporter) relative(name string) string {
	if r.root != "" {
		if rel, err := filepath.Rel(r.root, name); err == nil && !strings.HasPrefix(rel, "..") {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(name)
}

// anchorCalls reports the findings of generated query methods at each of
// their calls outside generated files: methods of this package (local)
// and of others (their facts).
func (r *reporter) anchorCalls(local map[*types.Func][]QueryFinding, generated map[*ast.File]bool) {
	imported := map[*types.Func][]QueryFinding{}
	findingsOf := func(fn *types.Func) []QueryFinding {
		if fs, ok := local[fn]; ok {
			return fs
		}
		if fn.Pkg() == nil || fn.Pkg() == r.pass.Pkg {
			return nil
		}
		fs, ok := imported[fn]
		if !ok {
			var fact QueryFindingsFact
			if r.pass.ImportObjectFact(fn, &fact) {
				fs = fact.Findings
			}
			imported[fn] = fs
		}
		return fs
	}
	for _, f := range r.pass.Files {
		if generated[f] {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var id *ast.Ident
			switch fun := ast.Unparen(call.Fun).(type) {
			case *ast.Ident:
				id = fun
			case *ast.SelectorExpr:
				id = fun.Sel
			default:
				return true
			}
			fn, ok := r.pass.TypesInfo.Uses[id].(*types.Func)
			if !ok {
				return true
			}
			for _, qf := range findingsOf(fn.Origin()) {
				r.add(analysis.Diagnostic{Pos: id.Pos(), Category: qf.Rule,
					Message: fn.Name() + " (" + qf.Where + "): " + qf.Message})
			}
			return true
		})
	}
}

// anchorSchema reports findings in schema files at the //go:embed
// directive of this package that embeds their file, else at the package
// clause of its first Go file. Only the owner of the schema report has
// such findings.
func (r *reporter) anchorSchema(diags []analysis.Diagnostic, generated map[*ast.File]bool) {
	if len(diags) == 0 {
		return
	}
	var files []*ast.File
	for _, f := range r.pass.Files {
		if !generated[f] && !testcode.File(r.pass.Fset, f) {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return
	}
	sort.Slice(files, func(i, j int) bool {
		return r.pass.Fset.File(files[i].Pos()).Name() < r.pass.Fset.File(files[j].Pos()).Name()
	})
	for _, d := range diags {
		at := files[0].Package
		name := r.pass.Fset.Position(d.Pos).Filename
		if pos := embedding(r.pass.Fset, files, name); pos.IsValid() {
			at = pos
		}
		r.add(analysis.Diagnostic{Pos: at, Category: d.Category, Message: r.where(d.Pos) + ": " + d.Message})
	}
}

// embedding returns the position of the first //go:embed directive in
// files whose patterns embed the file name, or token.NoPos.
func embedding(fset *token.FileSet, files []*ast.File, name string) token.Pos {
	for _, f := range files {
		dir := filepath.Dir(fset.File(f.Pos()).Name())
		rel, err := filepath.Rel(dir, name)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		rel = filepath.ToSlash(rel)
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if args, ok := strings.CutPrefix(c.Text, "//go:embed "); ok && embeds(embedPatterns(args), rel) {
					return c.Pos()
				}
			}
		}
	}
	return token.NoPos
}

// embedPatterns splits a //go:embed directive's arguments: space-separated
// patterns, each possibly a Go string literal.
func embedPatterns(args string) []string {
	var out []string
	for args = strings.TrimSpace(args); args != ""; args = strings.TrimSpace(args) {
		var p string
		if args[0] == '"' || args[0] == '`' {
			end := strings.IndexByte(args[1:], args[0])
			if end < 0 {
				return out
			}
			lit := args[:end+2]
			p, _ = strconv.Unquote(lit)
			args = args[len(lit):]
		} else {
			p, args, _ = strings.Cut(args, " ")
		}
		out = append(out, p)
	}
	return out
}

// embeds reports whether one of the patterns embeds the file rel (a path
// relative to the directive's package): the pattern names the file or
// one of the directories above it.
func embeds(patterns []string, rel string) bool {
	for _, p := range patterns {
		p = strings.TrimPrefix(p, "all:")
		for prefix := rel; prefix != "."; prefix = path.Dir(prefix) {
			if ok, _ := path.Match(p, prefix); ok {
				return true
			}
		}
	}
	return false
}
