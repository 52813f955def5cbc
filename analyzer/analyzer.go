// Package analyzer is softdelete's analysis.Analyzer: it reads the config,
// loads the schema once per process, takes the SQL a package sends from
// sqlextract, parses each distinct text once, runs the rules and reports
// each finding at the table reference inside the Go string literal.
package analyzer

import (
	"cmp"
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/internal/pgparse"
	"github.com/softdelete/softdelete/internal/testcode"
	"github.com/softdelete/softdelete/rules"
	"github.com/softdelete/softdelete/rules/cascade"
	"github.com/softdelete/softdelete/rules/intent"
	"github.com/softdelete/softdelete/schema"
	"github.com/softdelete/softdelete/sqlextract"
)

var doc = `report soft-delete mistakes in the SQL a Go program sends

softdelete finds the SQL each package sends to the database (string
literals, constants, concatenations, fmt.Sprintf with a constant format,
sqlc-generated queries, and wrappers around database/sql, sqlx and pgx),
parses it with the PostgreSQL parser, checks it against the schema the
module's migrations build, and reports queries that read or change
soft-deleted rows without meaning to.

Rules: ` + strings.Join(rules.IDs, ", ") + `.
Suppress a finding with "//softdelete:ignore <reason>" on or above the
line, or "-- softdelete:ignore <reason>" inside the SQL.`

// Analyzer is the softdelete analysis.
var Analyzer = New()

// New returns a fresh Analyzer with its own flags, for tests and for tools
// that host several configurations.
func New() *analysis.Analyzer {
	s := &settings{}
	a := &analysis.Analyzer{
		Name:       "softdelete",
		Doc:        doc,
		URL:        "https://github.com/softdelete/softdelete#rules",
		Run:        s.run,
		ResultType: reflect.TypeFor[*Report](),
		FactTypes:  slices.Concat(sqlextract.FactTypes, cascade.FactTypes, intent.FactTypes),
	}
	a.Flags.Init("softdelete", flag.ContinueOnError)
	a.Flags.StringVar(&s.schemaFlag, "schema", "", "comma-separated migration files, directories or globs (relative paths are taken from the module root); overrides config and discovery")
	a.Flags.StringVar(&s.configFlag, "config", "", "config file (default: "+ConfigFileName+" in the package directory or above, up to the module root)")
	a.Flags.StringVar(&s.baseline, "baseline", "", "report only the findings not recorded in this baseline file")
	a.Flags.StringVar(&s.writeBaseline, "write-baseline", "", "record the current findings in this baseline file (merged per package) and report none")
	return a
}

// settings holds one Analyzer's flags.
type settings struct {
	schemaFlag string
	configFlag string
	// fixed is set by hosts (golangci-lint) that pass config as a value.
	fixed *Config
	// schemaFS, when set, is where the schema comes from (migrations
	// embedded in the program): see NewWithSchemaFS.
	schemaFS  fs.FS
	schemaDir string
	// baseline and writeBaseline are the baseline files (baseline.go).
	baseline, writeBaseline string
	// anchors also reports findings golangci-lint would drop at Go
	// positions (anchors.go).
	anchors bool
}

// NewWithSchemaFS returns an Analyzer whose schema is the *.sql files of
// the directory dir of fsys, for example migrations embedded in the
// program that registers the analyzer with go:embed, and whose config is
// cfg (nil for the defaults). It reads no file of the module but the Go
// files it is given, as a build system that runs each package as a
// hermetic action needs (Bazel's nogo): no config file is looked for, no
// schema is discovered, no cache is written, and every soft-delete column
// counts as written (the module-wide index of writes is not read). The
// schema's own findings are not reported (they belong to the .sql files).
func NewWithSchemaFS(fsys fs.FS, dir string, cfg *Config) *analysis.Analyzer {
	if cfg == nil {
		cfg = &Config{}
	}
	a := New()
	a.Run = (&settings{fixed: cfg, schemaFS: fsys, schemaDir: dir}).run
	return a
}

// NewWithConfig returns an Analyzer that uses cfg instead of reading a
// config file; relative schema paths resolve against each package's module
// root.
func NewWithConfig(cfg *Config) *analysis.Analyzer {
	a := New()
	a.Run = (&settings{fixed: cfg}).run
	return a
}

// NewForGolangci returns the Analyzer golangci-lint runs: NewWithConfig's,
// which also reports each finding in a .sql file or a generated file at
// a Go position golangci-lint keeps (see anchors.go).
func NewForGolangci(cfg *Config) *analysis.Analyzer {
	a := New()
	a.Run = (&settings{fixed: cfg, anchors: true}).run
	a.FactTypes = append(a.FactTypes, new(QueryFindingsFact))
	return a
}

func (s *settings) run(pass *analysis.Pass) (any, error) {
	dir := packageDir(pass)
	if inGOROOT(dir) {
		// The standard library sends SQL for no one: its sinks are known
		// by type, and go vet runs every vet tool on all of it.
		return (*Report)(nil), nil
	}
	if dir == "" || (pass.Module != nil && pass.Module.Version != "") {
		// A dependency from the module cache: its wrappers matter to the
		// code being checked (facts), its queries are not ours to judge,
		// and the module's config and schema do not apply to it.
		sqlextract.Extract(pass, sqlextract.Options{})
		return (*Report)(nil), nil
	}
	env, err := s.environment(dir)
	if err != nil {
		return nil, err
	}
	opts := sqlextract.Options{}
	for _, f := range env.cfg.Functions {
		opts.ExtraSinks = append(opts.ExtraSinks, sqlextract.Sink{Func: f.Func, Arg: f.Arg})
	}
	checkFunctionConfig(pass, env)
	queries, unresolved := sqlextract.ExtractExplained(pass, opts)
	if len(queries) > 0 {
		queries, unresolved = withoutMigrations(pass, queries, unresolved)
	}
	report := newReport(pass, env, queries, unresolved, func(q *sqlextract.Query) error {
		if pq := pgparse.ParseQuery(q.Text); pq.Err != nil {
			return pq.Err
		}
		return nil
	})
	if len(queries) > 0 && len(env.paths) == 0 && env.fsys == nil {
		warnOnce(noSchemaWarning(env.root))
	}
	owner := env.ownsSchemaReport(dir)
	cascading := !env.cfg.disabled(rules.MissingCascade.ID)
	// gorm models whose tags are the schema (AutoMigrate).
	models := sqlextract.GormModelSchemas(pass)
	if len(queries) == 0 && !owner && len(models) == 0 && !(cascading && cascade.NeedsSchema(pass)) && !intent.NeedsSchema(pass) {
		if cascading {
			// No SQL, but its calls may write: pass that on.
			cascade.Run(pass, nil, nil, nil, nil)
		}
		if s.anchors || s.baseline != "" || s.writeBaseline != "" {
			// Calls of query methods with findings; stale entries.
			n, err := s.newReporter(pass, env, nil).flush()
			if err != nil {
				return nil, err
			}
			report.Findings = n
		}
		return report, nil
	}
	cat, err := env.catalog()
	if err != nil {
		return nil, err
	}
	if len(env.paths) > 0 || env.fsys != nil {
		// Without a schema every name matches nothing: the warning that
		// no schema was found says it all, and the names may be of ORM
		// models' tables (a read-only model in tables.include).
		for _, line := range cat.UnmatchedConfig() {
			warnOnce("softdelete: config " + line)
		}
	}
	r := s.newReporter(pass, env, queries)
	r.vestigial = env.vestigial
	r.modelVestigial = env.modelVestigial
	r.witness = env.witnessAt
	if env.fsys != nil {
		r.readSchemaFile = func(name string) ([]byte, error) { return fs.ReadFile(env.fsys, name) }
	}
	if owner {
		r.schemaFiles = cat.Schema.Files
		r.schemaErrors(cat.Schema.Errors)
		r.schemaFindings(env.schemaCatalog().CheckSchema())
		if msg := env.allVestigialWarning(cat); msg != "" {
			warnOnce(msg)
		}
	}
	r.modelKeys(cat, models)
	// Tables the migrations lack but the package's ORM models declare.
	qcat := modelCatalog(cat, queries)
	for _, q := range queries {
		r.query(qcat, q)
		for _, o := range q.Omitted {
			r.notReported = append(r.notReported, IntentNote{Pos: pass.Fset.Position(o.Pos), Why: o.Reason})
		}
	}
	report.Intent = sortedNotes(intentNotes(pass, r.judgeIntent(cat, queries)))
	report.NotReported = sortedNotes(r.notReported)
	if cascading {
		sites := cascade.Run(pass, cat, queries, r.line, func(s *cascade.Site) {
			r.related = r.childrenRelated(s.Unhandled)
			defer func() { r.related = nil }()
			if s.Query == nil { // a call of a function that passes its cascade on
				if s.At != "" {
					r.related = append([]analysis.RelatedInformation{{Pos: s.Pos,
						Message: fmt.Sprintf("%s is soft-deleted at %s", s.Write.Table.Name, s.At)}}, r.related...)
				}
				r.reportFinding(s.Pos, nil, s.Finding)
				return
			}
			r.sqlFinding(s.Query.SQL, s.Query.Parsed, s.Write.Stmt, s.Finding)
		})
		report.cascades(pass, cat, sites)
		for _, s := range sites {
			if s.Left != "" && len(s.Unhandled) > 0 {
				report.Intent = append(report.Intent, IntentNote{Pos: pass.Fset.Position(s.Pos),
					Rule: rules.MissingCascade.ID, Table: rules.TableKey(s.Write.Table), Why: s.Left})
			}
		}
		report.Intent = sortedNotes(report.Intent)
	}
	r.staleSuppressions()
	n, err := r.flush()
	if err != nil {
		return nil, err
	}
	report.Findings = n
	return report, nil
}

// packageDir is the package's source directory. Files cgo generated into
// the build cache do not say where the package lives.
func packageDir(pass *analysis.Pass) string {
	for _, f := range pass.Files {
		name := pass.Fset.File(f.Pos()).Name()
		if filepath.IsAbs(name) && !inBuildCache(name) {
			return filepath.Dir(name)
		}
	}
	return ""
}

var goBuildCache = sync.OnceValue(func() string {
	if dir := os.Getenv("GOCACHE"); dir != "" && dir != "off" {
		return dir
	}
	if base, err := os.UserCacheDir(); err == nil {
		return filepath.Join(base, "go-build")
	}
	return ""
})

func inBuildCache(name string) bool {
	c := goBuildCache()
	return c != "" && strings.HasPrefix(name, c+string(filepath.Separator))
}

func inGOROOT(dir string) bool {
	root := filepath.Join(build.Default.GOROOT, "src") + string(filepath.Separator)
	return build.Default.GOROOT != "" && strings.HasPrefix(dir+string(filepath.Separator), root)
}

// reporter turns findings into diagnostics: positions, rule switches,
// suppression and de-duplication (a constant sent by several calls is one
// finding).
type reporter struct {
	pass      *analysis.Pass
	testFiles map[*token.File]bool // see inTestCode
	cfg       *Config
	ignore    *suppressions
	seen      map[string]bool
	out       []diagnostic
	files     map[string]*token.File
	// contents holds the schema files read for positions, for suppression.
	contents map[string]string
	// sqlIgnores holds each query's -- softdelete:ignore comments.
	sqlIgnores map[*sqlextract.Query]sqlIgnores
	// vestigial says whether a finding's table has a soft-delete column
	// nothing sets: such findings are dropped.
	vestigial func(*rules.SoftDelete) bool
	// modelVestigial says whether a gorm model (its table, its type's
	// name) is never deleted, so its table has no deleted rows.
	modelVestigial func(t *schema.Table, typeName string) bool
	// notReported are the model keys not judged and the findings spared,
	// for explain.
	notReported []IntentNote
	// witness is where the module sets a table's soft-delete column (the
	// write that makes it a soft-delete table), for related information.
	witness func(*rules.SoftDelete) (file string, offset int)
	// readSchemaFile reads a schema file for positions (os.ReadFile
	// unless the schema is embedded).
	readSchemaFile func(string) ([]byte, error)
	// related is added to the related information of the finding being
	// reported (a missing cascade's children).
	related []analysis.RelatedInformation
	// current is the query whose finding is being reported; keyed holds
	// the findings on rows chosen by key, for rules/intent.
	current *sqlextract.Query
	keyed   []keyedFinding

	// For baselines and anchors: the module root, the package's queries,
	// the schema files when it owns the schema report, and the statement
	// whose finding is being reported.
	root                    string
	queries                 []*sqlextract.Query
	schemaFiles             []string
	statement               string
	anchors                 bool
	baseline, writeBaseline string
}

func (s *settings) newReporter(pass *analysis.Pass, env *environment, queries []*sqlextract.Query) *reporter {
	r := newReporter(pass, env.cfg)
	r.root, r.queries = env.root, queries
	r.anchors = s.anchors
	// Relative to the module root, as -schema: go vet runs each package
	// in its own directory.
	r.baseline, r.writeBaseline = fromRoot(env.root, s.baseline), fromRoot(env.root, s.writeBaseline)
	return r
}

func newReporter(pass *analysis.Pass, cfg *Config) *reporter {
	return &reporter{pass: pass, cfg: cfg, ignore: newSuppressions(pass), seen: map[string]bool{},
		sqlIgnores: map[*sqlextract.Query]sqlIgnores{}}
}

func (r *reporter) query(cat *rules.Checker, q *sqlextract.Query) {
	pq := pgparse.ParseQuery(q.Text)
	if pq.Err != nil {
		// Not PostgreSQL (MySQL, SQLite, a template) or not SQL at all:
		// nothing we can say with confidence.
		return
	}
	r.sqlIgnoresOf(q) // registered even if no finding uses them: they may be stale
	for _, raw := range pq.Tree.Stmts {
		reported, spared := r.checkStatement(cat, raw, q)
		for _, f := range reported {
			r.sqlFinding(q, pq, raw, f)
		}
		for _, f := range spared {
			r.sparedFinding(q, pq, f)
		}
	}
}

// sqlFinding reports a finding in statement raw of q, unless config turns
// its rule off or a suppression in the SQL or the Go code covers it.
func (r *reporter) sqlFinding(q *sqlextract.Query, pq *pgparse.Query, raw *pgast.RawStmt, f rules.Finding) {
	if q.IncludesDeleted && f.Rule.ExcusedByIncludeDeleted {
		return // the ORM call asked for deleted rows by name (gorm's Unscoped)
	}
	off := pq.Offset(f.Offset)
	if r.baseline != "" || r.writeBaseline != "" {
		r.statement = statementText(q.Text, pq, raw)
		defer func() { r.statement = "" }()
	}
	// Suppressions are matched before the config's rule switches, so a
	// directive over a finding of a disabled rule is not stale.
	if reason, ok := r.sqlIgnoresOf(q).covers(q.Text, off, int(raw.StmtLocation)); ok {
		if reason == "" && !r.cfg.disabled(f.Rule.ID) {
			r.report(q.Pos(off), "suppression", "softdelete:ignore needs a reason: say why this query may read deleted rows")
		}
		return
	}
	r.current = q
	defer func() { r.current = nil }()
	r.reportFinding(q.Pos(off), q.Call, f, r.suggestedFix(f, pq, q)...)
}

// sparedFinding records, for explain, a finding its rule judged intended,
// unless it would not have been reported anyway.
func (r *reporter) sparedFinding(q *sqlextract.Query, pq *pgparse.Query, f rules.Finding) {
	if r.cfg.disabled(f.Rule.ID) || r.vestigial != nil && r.vestigial(f.Table) ||
		q.IncludesDeleted && f.Rule.ExcusedByIncludeDeleted {
		return
	}
	table := ""
	if f.Table != nil {
		table = rules.TableKey(f.Table.Table)
	}
	r.notReported = append(r.notReported, IntentNote{Pos: r.pass.Fset.Position(q.Pos(pq.Offset(f.Offset))),
		Rule: f.Rule.ID, Table: table, Why: f.Spared})
}

// keyedFinding is a finding held back for rules/intent to place.
type keyedFinding struct {
	intent.Keyed
	fixes     []analysis.SuggestedFix
	statement string
}

// judgeIntent lets rules/intent place the findings on rows chosen by key:
// at the SQL, or at the calls that choose the rows, or nowhere with a
// reason explain gives.
func (r *reporter) judgeIntent(cat *rules.Checker, queries []*sqlextract.Query) []intent.Note {
	keyed := r.keyed
	r.keyed = nil
	return intent.Run(r.pass, cat, queries, keyedOnly(keyed), intent.Reporter{
		Here: func(i int, call token.Pos) {
			k := keyed[i]
			r.statement = k.statement
			if call.IsValid() {
				p := r.pass.Fset.Position(call)
				r.related = []analysis.RelatedInformation{{Pos: call, Message: fmt.Sprintf(
					"the rows are chosen by the call at %s:%d", filepath.Base(p.Filename), p.Line)}}
			}
			r.emit(k.Pos, k.Finding, k.fixes...)
			r.statement, r.related = "", nil
		},
		AtCall: func(call token.Pos, f rules.Finding, others []token.Pos) {
			for _, o := range others {
				r.related = append(r.related, analysis.RelatedInformation{Pos: o, Message: "another call that chooses the rows"})
			}
			r.reportFinding(call, nil, f)
			r.related = nil
		},
	})
}

func keyedOnly(keyed []keyedFinding) []intent.Keyed {
	out := make([]intent.Keyed, len(keyed))
	for i, k := range keyed {
		out[i] = k.Keyed
	}
	return out
}

// sqlIgnoresOf returns the -- softdelete:ignore comments of a query,
// scanned once per query.
func (r *reporter) sqlIgnoresOf(q *sqlextract.Query) sqlIgnores {
	ig, ok := r.sqlIgnores[q]
	if !ok {
		ig = sqlSuppressions(q.Text)
		r.sqlIgnores[q] = ig
	}
	return ig
}

// staleSuppressions reports directives that suppressed nothing: the query
// they excused was fixed or moved, and they would silently excuse the
// next one.
func (r *reporter) staleSuppressions() {
	const msg = "softdelete:ignore suppresses nothing here (the finding it excused is gone): remove it"
	for _, pos := range r.ignore.stale() {
		r.report(pos, "suppression", msg)
	}
	for q, ig := range r.sqlIgnores {
		for _, c := range ig {
			if !*c.used {
				r.report(q.Pos(c.start), "suppression", msg)
			}
		}
	}
}

// checkStatement runs the rules on one statement; a failure there is
// contained to that statement and reported, never a crash of the run.
func (r *reporter) checkStatement(cat *rules.Checker, raw *pgast.RawStmt, q *sqlextract.Query) (reported, spared []rules.Finding) {
	defer func() {
		if p := recover(); p != nil {
			stack := string(debug.Stack())
			r.report(q.Expr.Pos(), "internal-error", fmt.Sprintf("internal error analysing this SQL statement, please report it: %v\n%s", p, firstFrames(stack)))
			reported, spared = nil, nil
		}
	}()
	if statementHook != nil {
		statementHook(raw)
	}
	return cat.JudgeStatement(raw)
}

// statementHook lets tests make the rules fail on a statement.
var statementHook func(*pgast.RawStmt)

func firstFrames(stack string) string {
	lines := strings.Split(stack, "\n")
	if len(lines) > 12 {
		lines = lines[:12]
	}
	return strings.Join(lines, "\n")
}

func (r *reporter) reportFinding(pos token.Pos, call ast.Node, f rules.Finding, fixes ...analysis.SuggestedFix) {
	if reason, ok := r.ignore.covers(pos, call); ok {
		if reason == "" && !r.cfg.disabled(f.Rule.ID) {
			r.report(pos, "suppression", "//softdelete:ignore needs a reason: say why this query may read deleted rows")
		}
		return
	}
	// Last, because the write index may have to be read: a table whose
	// soft-delete column nothing sets has no deleted rows.
	if r.cfg.disabled(f.Rule.ID) || r.vestigial != nil && r.vestigial(f.Table) {
		return
	}
	if r.current != nil && intent.Candidate(f) {
		// Rows chosen by key: judged with the callers (see rules/intent).
		r.keyed = append(r.keyed, keyedFinding{
			Keyed:     intent.Keyed{Pos: pos, Query: r.current, Finding: f, Where: r.line(pos)},
			fixes:     fixes,
			statement: r.statement,
		})
		return
	}
	r.emit(pos, f, fixes...)
}

// emit reports a finding that is to be reported, with its related
// information.
func (r *reporter) emit(pos token.Pos, f rules.Finding, fixes ...analysis.SuggestedFix) {
	d := analysis.Diagnostic{Pos: pos, Category: f.Rule.ID, Message: f.Message + " [" + f.Rule.ID + "]", SuggestedFixes: fixes}
	if sd := f.Table; sd != nil {
		if col := sd.Table.Column(sd.Column); col != nil && col.Pos.File != "" {
			d.Related = []analysis.RelatedInformation{{
				Pos:     r.fileOffset(col.Pos.File, col.Pos.Offset),
				Message: fmt.Sprintf("%s.%s makes %s a soft-delete table", sd.Table.Name, sd.Column, sd.Table.Name),
			}}
		}
		if r.witness != nil {
			if file, offset := r.witness(sd); file != "" {
				d.Related = append(d.Related, analysis.RelatedInformation{
					Pos:     r.fileOffset(file, offset),
					Message: fmt.Sprintf("%s.%s is set here: %s has deleted rows", sd.Table.Name, sd.Column, sd.Table.Name),
				})
			}
		}
	}
	d.Related = append(d.Related, r.related...)
	r.add(d)
}

// childrenRelated is the related information of a missing cascade: each
// child left live, at its foreign key in the schema.
func (r *reporter) childrenRelated(children []rules.Child) []analysis.RelatedInformation {
	var out []analysis.RelatedInformation
	for _, ch := range children {
		if ch.Pos.File == "" {
			continue
		}
		out = append(out, analysis.RelatedInformation{Pos: r.fileOffset(ch.Pos.File, ch.Pos.Offset), Message: rules.ChildNote(ch)})
	}
	return out
}

func (r *reporter) report(pos token.Pos, category, msg string) {
	r.add(analysis.Diagnostic{Pos: pos, Category: category, Message: msg + " [" + category + "]"})
}

// add records a diagnostic once: a constant sent by several calls is one
// finding.
//
// Nothing is reported in test code (_test.go files, files of test
// helpers: see testcode): tests read deleted rows on purpose (to check
// that a soft delete happened) and write fixtures as they please. Their
// calls still count for facts.
func (r *reporter) add(d analysis.Diagnostic) {
	if !d.Pos.IsValid() || r.inTestCode(d.Pos) {
		return
	}
	key := fmt.Sprintf("%d\x00%s", d.Pos, d.Message)
	if r.seen[key] {
		return
	}
	r.seen[key] = true
	r.out = append(r.out, diagnostic{d, r.statement})
}

// inTestCode reports whether pos is in a file of test code.
func (r *reporter) inTestCode(pos token.Pos) bool {
	if r.testFiles == nil {
		r.testFiles = map[*token.File]bool{}
		pkg := testcode.Package(r.pass.Pkg)
		for _, f := range r.pass.Files {
			r.testFiles[r.pass.Fset.File(f.Pos())] = pkg || testcode.File(r.pass.Fset, f)
		}
	}
	return r.testFiles[r.pass.Fset.File(pos)]
}

// diagnostic is a diagnostic with the statement it is in, for baselines.
type diagnostic struct {
	analysis.Diagnostic
	statement string // normalized; "" when not in an SQL statement
}

// flush reports the package's diagnostics in order and returns how many.
func (r *reporter) flush() (int, error) {
	if r.anchors {
		r.anchor()
	}
	// By file name and offset, not token.Pos: the loader adds files to the
	// FileSet in whatever order its goroutines finish parsing them.
	sort.SliceStable(r.out, func(i, j int) bool {
		a, b := r.pass.Fset.Position(r.out[i].Pos), r.pass.Fset.Position(r.out[j].Pos)
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		return a.Offset < b.Offset
	})
	out := r.out
	if r.baseline != "" || r.writeBaseline != "" {
		var err error
		if out, err = r.applyBaseline(out); err != nil {
			return 0, err
		}
	}
	for _, d := range out {
		r.pass.Report(d.Diagnostic)
	}
	return len(out), nil
}

// sortedNotes orders notes by file and position, then rule and table:
// explain prints them in the same order on every run.
func sortedNotes(notes []IntentNote) []IntentNote {
	slices.SortStableFunc(notes, func(a, b IntentNote) int {
		return cmp.Or(
			cmp.Compare(a.Pos.Filename, b.Pos.Filename),
			cmp.Compare(a.Pos.Offset, b.Pos.Offset),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Table, b.Table),
			cmp.Compare(a.Why, b.Why),
		)
	})
	// A statement a helper builds for several callers is noted once.
	return slices.Compact(notes)
}
