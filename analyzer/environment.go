package analyzer

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/softdelete/softdelete/rules"
	"github.com/softdelete/softdelete/schema"
)

// environment is what every package of one module shares: its config and
// its schema. Environments are cached per process and safe for concurrent
// use, because golangci-lint analyses packages in parallel in one process
// and go vet starts one process per package.
type environment struct {
	root   string // module root, or the package directory outside a module
	cfg    *Config
	paths  []string // schema files, directories and globs, absolute
	source string   // where the paths came from, for messages
	// fsys and fsDir are an embedded schema (NewWithSchemaFS), used
	// instead of paths.
	fsys  fs.FS
	fsDir string

	once sync.Once
	cat  *rules.Checker
	err  error

	// rules is the config the rules see, with the module's write index
	// deciding which soft-delete columns are vestigial. Query findings are
	// checked against it only when there is one to report, so packages
	// without findings never build or read the index; schemaCat is cat
	// with vestigial tables left out, for the schema report.
	rules      rules.Config
	schemaOnce sync.Once
	schemaCat  *rules.Checker

	// ownerDir is computed once: every package of the module asks.
	ownerOnce sync.Once
	ownerDir  string

	// writes is the module-wide index of soft-delete writes, read on the
	// first question about a soft-delete table.
	writesOnce sync.Once
	writes     *moduleWrites
	// tables is the schema the write index checks its guesses against
	// (see writeindex.Index.Known), set when the catalog loads.
	tables *schema.Catalog
}

var (
	envMu    sync.Mutex
	envCache = map[string]*environment{}
	catMu    sync.Mutex
	catCache = map[string]*catalogEntry{}
)

type catalogEntry struct {
	once sync.Once
	cat  *schema.Catalog
	err  error
}

func (s *settings) environment(dir string) (*environment, error) {
	root := findModuleRoot(dir)
	if root == "" {
		root = dir
	}
	cfgFile := s.configFlag
	if cfgFile == "" && s.fixed == nil {
		cfgFile = findConfigFile(dir, root)
	}
	if cfgFile != "" {
		// Schema paths in the config are relative to its directory, and
		// every path the analyzer compares is absolute.
		if abs, err := filepath.Abs(cfgFile); err == nil {
			cfgFile = abs
		}
	}
	key := strings.Join([]string{root, cfgFile, s.schemaFlag, fmt.Sprintf("%p", s.fixed)}, "\x00")
	envMu.Lock()
	defer envMu.Unlock()
	if e, ok := envCache[key]; ok {
		return e, nil
	}
	e, err := s.newEnvironment(root, cfgFile)
	if err != nil {
		return nil, err
	}
	envCache[key] = e
	return e, nil
}

func (s *settings) newEnvironment(root, cfgFile string) (*environment, error) {
	e := &environment{root: root, cfg: &Config{}}
	switch {
	case s.fixed != nil:
		e.cfg = s.fixed
		if err := e.cfg.Validate("settings"); err != nil {
			return nil, err
		}
	case cfgFile != "":
		data, err := os.ReadFile(cfgFile)
		if err != nil {
			return nil, fmt.Errorf("config: %v", err)
		}
		if e.cfg, err = ParseConfig(cfgFile, data); err != nil {
			return nil, err
		}
	}
	switch {
	case s.schemaFS != nil:
		e.fsys, e.fsDir, e.source = s.schemaFS, s.schemaDir, "embedded schema"
		// Hermetic: nothing of the module beyond the package is read.
		e.rules = e.cfg.rulesConfig()
		return e, nil
	case s.schemaFlag != "":
		e.paths, e.source = absPaths(root, strings.Split(s.schemaFlag, ",")), "-schema"
	case len(e.cfg.Schema) > 0:
		base := root
		if cfgFile != "" {
			base = filepath.Dir(cfgFile)
		}
		e.paths, e.source = absPaths(base, e.cfg.Schema), "config schema"
	default:
		e.paths, e.source = schema.Discover(root), "auto-discovery"
	}
	e.rules = e.cfg.rulesConfig()
	e.rules.Written = e.written
	e.rules.KeyRewrites = e.keyRewrites
	e.rules.AlsoSets = e.alsoSets
	e.rules.DeletedBy = e.deletedBy
	return e, nil
}

func absPaths(base string, paths []string) []string {
	var out []string
	for _, p := range paths {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(base, p)
		}
		out = append(out, p)
	}
	return out
}

// catalog loads the schema, once per process for each distinct set of
// paths, and applies the soft-delete config to it.
func (e *environment) catalog() (*rules.Checker, error) {
	e.once.Do(func() {
		cat := &schema.Catalog{}
		if e.fsys != nil {
			var err error
			if cat, err = schema.LoadFS(e.fsys, e.fsDir); err != nil {
				e.err = fmt.Errorf("schema (%s): %v", e.source, err)
				return
			}
		} else if len(e.paths) > 0 {
			key := strings.Join(e.paths, "\x00")
			catMu.Lock()
			entry, ok := catCache[key]
			if !ok {
				entry = &catalogEntry{}
				catCache[key] = entry
			}
			catMu.Unlock()
			entry.once.Do(func() { entry.cat, entry.err = loadCatalog(e.paths) })
			if entry.err != nil {
				e.err = fmt.Errorf("schema (%s): %v", e.source, entry.err)
				return
			}
			cat = entry.cat
		}
		e.tables = cat
		cfg := e.cfg.rulesConfig()
		if e.fsys == nil {
			// Only tables with several soft-delete columns ask this
			// early; findings on the others ask Written when reported.
			cfg.Choose = e.written
			// Asked only about a gap the query leaves, which is about
			// to ask Written anyway.
			cfg.DeletedBy = e.deletedBy
			cfg.Restored = e.restored
		}
		e.cat = rules.NewChecker(cat, cfg)
		if err := e.cat.Err(); err != nil {
			e.err = fmt.Errorf("config: %v", err)
		}
	})
	return e.cat, e.err
}

// schemaCatalog is the catalog for the schema report: soft-delete tables
// whose column nothing sets have no deleted rows for a unique key to
// count.
func (e *environment) schemaCatalog() *rules.Checker {
	e.schemaOnce.Do(func() {
		e.schemaCat = rules.NewChecker(e.cat.Schema, e.rules)
	})
	return e.schemaCat
}

// vestigial reports whether the soft-delete column of a finding's table is
// one nothing in the module sets. Tables the migrations do not define come
// from ORM models, whose ORM sets the column.
func (e *environment) vestigial(sd *rules.SoftDelete) bool {
	if sd == nil || e.cat == nil || e.cat.Schema.Tables[rules.TableKey(sd.Table)] != sd.Table {
		return false
	}
	return e.rules.Vestigial(sd)
}

// modelVestigial reports whether gorm model typeName, whose table t is
// one the ORM creates, has no deleted rows: nothing in the module deletes
// it (a base model such as gorm.Model gives every model a DeletedAt,
// deleted or not).
func (e *environment) modelVestigial(t *schema.Table, typeName string) bool {
	if e.rules.Written == nil || e.rules.Included(t) {
		return false
	}
	e.loadWrites()
	return !e.writes.validated().ModelDeleted(typeName)
}

// witnessAt is the file (absolute) and byte offset of a write that sets
// sd's column, or "" when the module's writes are not read (an embedded
// schema, a table tables.include names) or none is found.
func (e *environment) witnessAt(sd *rules.SoftDelete) (string, int) {
	if sd == nil || e.rules.Written == nil || e.rules.Included(sd.Table) {
		return "", 0
	}
	e.loadWrites()
	rel, offset := e.writes.witnessAt(sd.Table.Name, sd.Column)
	if rel == "" {
		return "", 0
	}
	return filepath.Join(e.root, filepath.FromSlash(rel)), offset
}

// alsoSets returns the columns every soft delete of table also sets, from
// the module's whole write index (asked by the schema report).
func (e *environment) alsoSets(table, column string) []string {
	e.loadWrites()
	return e.writes.alsoSets(table, column)
}

// deletedBy returns the columns every soft delete of table picks its rows
// by, from the module's whole write index.
func (e *environment) deletedBy(table, column string) []string {
	e.loadWrites()
	return e.writes.deletedBy(table, column)
}

// restored reports whether the module sets column of table back to its
// live value anywhere.
func (e *environment) restored(table, column string) bool {
	e.loadWrites()
	return e.writes.restored(table, column)
}

// written reports whether anything in the module sets column of table.
func (e *environment) written(table, column string) bool {
	e.loadWrites()
	return e.writes.written(table, column)
}

func (e *environment) loadWrites() {
	e.writesOnce.Do(func() {
		columns := e.rules.Columns
		if len(columns) == 0 {
			columns = rules.DefaultColumns
		}
		var names []string
		for _, c := range columns {
			// The index matches names as statements spell them.
			names = append(names, c.Spelling())
		}
		e.writes = newModuleWrites(cacheDir(), e.root, names, e.hasColumn)
	})
}

// hasColumn reports whether the schema has a table named table (in any
// schema) with column, names compared lower-cased as the write index
// keeps them.
func (e *environment) hasColumn(table, column string) bool {
	if e.tables == nil {
		return false
	}
	for _, t := range e.tables.Tables {
		if strings.ToLower(t.Name) != table {
			continue
		}
		for _, c := range t.Columns {
			if strings.ToLower(c.Name) == column {
				return true
			}
		}
	}
	return false
}

// keyRewrites returns the columns every soft delete of table also sets,
// from the module's whole write index (the schema report asks, once per
// run).
func (e *environment) keyRewrites(table, column string) []string {
	e.loadWrites()
	return e.writes.rewrites(table, column)
}

// ownsSchemaReport reports whether the package in dir reports the schema's
// own problems, so that each appears once per run however many packages
// are analysed: the owner is the first directory with Go files found going
// up from the first schema path to the module root (the package that
// embeds or sits beside the migrations, else the module root's package),
// else the module's first package directory in lexical order. Every
// process computes the same owner from the file tree alone, as go vet's
// one-process-per-package needs.
func (e *environment) ownsSchemaReport(dir string) bool {
	if len(e.paths) == 0 {
		return false
	}
	e.ownerOnce.Do(func() { e.ownerDir = e.owner() })
	return e.ownerDir == dir
}

func (e *environment) owner() string {
	return cachedOwner(cacheDir(), e.root, e.paths[0])
}

// schemaFindings reports the schema rules' findings at their place in the
// .sql file; "-- softdelete:ignore <reason>" on the line or the line above
// suppresses one.
func (r *reporter) schemaFindings(findings []rules.SchemaFinding) {
	for _, f := range findings {
		if r.cfg.disabled(f.Rule.ID) {
			continue
		}
		pos := r.fileOffset(f.Pos.File, f.Pos.Offset)
		if reason, ok := r.sqlFileIgnore(f.Pos.File, f.Pos.Offset); ok {
			if reason == "" {
				r.report(pos, "suppression", "softdelete:ignore needs a reason: say why this schema is right as it is")
			}
			continue
		}
		r.report(pos, f.Rule.ID, f.Message)
	}
}

// schemaErrors reports schema load problems at their place in the .sql
// file, through the pass's FileSet (as asmdecl does for assembly).
func (r *reporter) schemaErrors(errs []*schema.LoadError) {
	errs = append([]*schema.LoadError(nil), errs...)
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].Pos.File != errs[j].Pos.File {
			return errs[i].Pos.File < errs[j].Pos.File
		}
		return errs[i].Pos.Offset < errs[j].Pos.Offset
	})
	for _, le := range errs {
		pos := r.fileOffset(le.Pos.File, le.Pos.Offset)
		r.report(pos, "schema", "schema: "+le.Msg+" (skipped; the rest of the schema still loads)")
	}
}
