// Package writeindex finds, across a whole module and without type
// information, every place that writes a soft-delete column: UPDATE and
// INSERT statements in Go string literals and .sql files, trigger and rule
// bodies in the migrations, query-builder calls that set the column, and ORM
// models whose delete is a soft delete.
//
// The index answers one question: is this soft-delete column ever set? A
// column nothing sets is vestigial (carried over from a table template or a
// base model), and its table is not treated as soft-delete. A write
// somewhere the analyzer cannot see by type (another binary of the module, a
// package the checked one does not import) still counts, which is why the
// index reads the module's files rather than the packages being analysed.
//
// The scan errs towards "written": a write whose table it cannot tell
// (`fmt.Sprintf("UPDATE %s SET deleted_at = now()", table)`, a gorm base
// model, a model whose naming-rule table the schema lacks) counts for
// every table with that column, because a wrong "vestigial" hides real
// findings.
package writeindex

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/softdelete/softdelete/internal/libs"
	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/internal/pgparse"
)

// Write is one soft-delete column set somewhere: lower-cased names; Table
// is empty when the writer does not say which table.
type Write struct {
	Table, Column string
	// Restore is set when an UPDATE sets the column back to its live value
	// (NULL, false, 0): not a delete.
	Restore bool
	// Also lists, comma-separated and sorted, the other columns the same
	// UPDATE sets (a soft delete that renames a key to free it: name =
	// name || ' deleted_' || ...). Empty for every other kind of write.
	Also string
	// Rewrites lists, the same way, those of Also whose new value is a
	// function of the old one (name = name || ' deleted_' || id): a key
	// the soft delete renames to free it. A value from elsewhere (email =
	// $2, a constant) may be the same for two deleted rows.
	Rewrites string
	// Keys lists, comma-separated and sorted, the columns a soft delete
	// picks its rows by when its WHERE is nothing but equalities of
	// columns to values ($1, a constant, = ANY($1), IN (…)) and tests of
	// soft-delete columns (the guard deleted_at IS NULL): project_id for
	// UPDATE events SET deleted_at = now() WHERE project_id = $1. Empty
	// when the rows are picked any other way or the write is not a parsed
	// UPDATE (see Index.DeletedBy).
	Keys string
	// Param is set on an INSERT of an sqlc query whose VALUES give the
	// column the query's parameter of the same name: it names the field
	// sqlc makes of it (CreateUserParams.deletedat, see paramField). The
	// row is inserted deleted only if a caller sets that field, so the
	// write counts only if the module does (see Models.ParamSets).
	Param string
	// Offset is where in its file the write is (the string literal, the
	// builder call or the model field; the statement in a .sql file): the
	// first place, for writes that occur several times.
	Offset int
}

// Index is the set of soft-delete columns a module writes.
type Index struct {
	Files map[string]File // by path relative to the module root, slash-separated

	once    sync.Once
	witness map[Write]witness // the first file, by path, with each write

	deletesOnce sync.Once
	deletes     map[string]bool // the gorm models deleted, see ModelDeleted

	paramsOnce  sync.Once
	unsetParams map[string]bool // the Write.Params no code sets, see counts

	deletedBy sync.Map // table + "\x00" + column → []string, see DeletedBy

	// Known reports whether the schema has table with column: a write
	// to the table an ORM's naming rule guesses for a model (see
	// guessPrefix) is a write of that table only when it is. Nil, every
	// guess counts for every table. Set it before the first question.
	Known func(table, column string) bool

	namingOnce sync.Once
	naming     bool // some file replaces an ORM's naming rule
}

// guessPrefix marks a Write.Table that an ORM's naming rule derives from
// the type name of a model that names no table itself (gorm's User is
// users). Index.resolve binds such a write to that table when the schema
// has it and no file of the module replaces the naming rule; otherwise
// to every table: a base model other structs embed (Base is bases, which
// is no table) gives its soft-delete field to tables no rule can tell.
const guessPrefix = "orm:"

// resolve returns w with a guessed table (guessPrefix) made definite:
// the table itself, or "" (every table).
func (ix *Index) resolve(w Write) Write {
	g, ok := strings.CutPrefix(w.Table, guessPrefix)
	if !ok {
		return w
	}
	ix.namingOnce.Do(func() {
		for _, f := range ix.Files {
			ix.naming = ix.naming || f.Models.Naming
		}
	})
	w.Table = ""
	if ix.Known != nil && !ix.naming && ix.Known(g, w.Column) {
		w.Table = g
	}
	return w
}

// counts reports whether w is a write of the module: an INSERT whose
// sqlc parameter no code sets inserts live rows only.
func (ix *Index) counts(w Write) bool {
	if w.Param == "" {
		return true
	}
	ix.paramsOnce.Do(func() {
		set := map[string]bool{}
		for _, f := range ix.Files {
			for _, p := range f.Models.ParamSets {
				set[p] = true
			}
		}
		ix.unsetParams = map[string]bool{}
		for _, f := range ix.Files {
			for _, p := range f.Models.ParamFields {
				typ, _, _ := strings.Cut(p, ".")
				if !set[p] && !set[typ+".*"] {
					ix.unsetParams[p] = true
				}
			}
		}
	})
	return !ix.unsetParams[w.Param]
}

// UnsetParam returns an INSERT that lists column of table with an sqlc
// parameter no code sets (the first by path and offset) and that field,
// or "": why such a column is not taken as written.
func (ix *Index) UnsetParam(table, column string) (rel string, offset int, field string) {
	table, column = strings.ToLower(table), strings.ToLower(column)
	for r, f := range ix.Files {
		for _, w := range f.Writes {
			if w.Table != table || w.Column != column || ix.counts(w) {
				continue
			}
			if rel == "" || r < rel || r == rel && w.Offset < offset {
				rel, offset, field = r, w.Offset, w.Param
			}
		}
	}
	return rel, offset, field
}

// ModelDeleted reports whether the module deletes gorm model typeName
// (a type name, without its package), or some model it cannot name.
func (ix *Index) ModelDeleted(typeName string) bool {
	ix.deletesOnce.Do(func() {
		ix.deletes = map[string]bool{}
		for _, f := range ix.Files {
			for _, d := range f.Models.Deletes {
				ix.deletes[d] = true
			}
		}
	})
	return ix.deletes[typeName] || ix.deletes[anyModel]
}

type witness struct {
	rel    string
	offset int
}

// File is what one source file contributes, with the file's size and
// modification time so an unchanged file is not read again.
type File struct {
	Size    int64
	ModTime int64
	Writes  []Write
	Models  Models
}

// Models is what one file says of gorm models: the model types its gorm
// Deletes name (db.Delete(&T{}), db.Model(&T{}).Where(…).Delete(…)), and
// anyModel when a delete's model is not a literal (db.Delete(&user)).
// A model nothing deletes has no deleted rows, whatever base model gives
// it a gorm.DeletedAt (see Index.ModelDeleted).
type Models struct {
	Deletes []string
	// ParamFields are the fields of the sqlc parameter structs the file
	// declares (types named ...Params) that carry a soft-delete column,
	// spelled as Write.Param; ParamSets are those its code sets: a keyed
	// literal of the struct giving the field a value other than nil
	// (Type.* for an unkeyed literal), or an assignment to a field of
	// that name in a function that names the struct type. A declared
	// field nothing sets stays zero, and so does the column.
	ParamFields, ParamSets []string
	// Naming is set when the file replaces an ORM's naming rule
	// (libs.ORM.NamingHooks): no model's table is then guessed.
	Naming bool
}

// anyModel is a delete whose model is not known.
const anyModel = "*"

// Written reports whether column of table is set anywhere in the module.
// Names compare the way PostgreSQL folds unquoted identifiers.
func (ix *Index) Written(table, column string) bool {
	return ix.Witness(table, column) != ""
}

// Witness returns a file that sets column of table, naming the table or
// not (the first such path in byte order), or "" if none does.
func (ix *Index) Witness(table, column string) string {
	rel, _ := ix.WitnessAt(table, column)
	return rel
}

// WitnessAt is Witness with the byte offset of the write in that file.
func (ix *Index) WitnessAt(table, column string) (rel string, offset int) {
	ix.once.Do(func() {
		ix.witness = map[Write]witness{}
		for rel, f := range ix.Files {
			for _, w := range f.Writes {
				if !ix.counts(w) {
					continue
				}
				w = ix.resolve(w)
				key := Write{Table: w.Table, Column: w.Column}
				if old, ok := ix.witness[key]; !ok || rel < old.rel || rel == old.rel && w.Offset < old.offset {
					ix.witness[key] = witness{rel, w.Offset}
				}
			}
		}
	})
	column = strings.ToLower(column)
	a, b := ix.witness[Write{Column: column}], ix.witness[Write{Table: strings.ToLower(table), Column: column}]
	if a.rel == "" || (b.rel != "" && b.rel < a.rel) {
		return b.rel, b.offset
	}
	return a.rel, a.offset
}

// Rewrites returns the columns that every soft delete of column on table
// also sets to a function of their old value — every write that is not a
// restore, including those that do not say their table — or nil. A unique
// key over such a column is rewritten when its row is deleted, so a
// deleted row does not keep it.
func (ix *Index) Rewrites(table, column string) []string {
	return ix.everyDelete(table, column, false)
}

// AlsoSets returns the columns that every soft delete of column on table
// also sets, to anything (SET is_deleted = true, deleted_on = now()).
func (ix *Index) AlsoSets(table, column string) []string {
	return ix.everyDelete(table, column, true)
}

// DeletedBy returns the columns by which every soft delete of column on
// table picks its rows (Write.Keys), when all of them pick by the same
// ones: project_id when the only soft delete of events is UPDATE events SET
// deleted_at = now() WHERE project_id = $1. Nil when there is none, or one
// picks rows another way, by other keys, or does not say its table.
func (ix *Index) DeletedBy(table, column string) []string {
	table, column = strings.ToLower(table), strings.ToLower(column)
	memo := table + "\x00" + column
	if v, ok := ix.deletedBy.Load(memo); ok {
		return v.([]string)
	}
	v := ix.sharedKeys(table, column)
	ix.deletedBy.Store(memo, v)
	return v
}

// Restored reports whether some write sets column of table back to its
// live value (a restore), including writes that do not say their table.
func (ix *Index) Restored(table, column string) bool {
	table, column = strings.ToLower(table), strings.ToLower(column)
	for _, f := range ix.Files {
		for _, w := range f.Writes {
			if w = ix.resolve(w); w.Restore && w.Column == column && (w.Table == "" || w.Table == table) {
				return true
			}
		}
	}
	return false
}

// sharedKeys is DeletedBy, computed.
func (ix *Index) sharedKeys(table, column string) []string {
	keys := ""
	for _, f := range ix.Files {
		for _, w := range f.Writes {
			w = ix.resolve(w)
			if w.Column != column || w.Restore || (w.Table != "" && w.Table != table) || !ix.counts(w) {
				continue
			}
			if w.Keys == "" || (keys != "" && w.Keys != keys) {
				return nil
			}
			keys = w.Keys
		}
	}
	if keys == "" {
		return nil
	}
	return strings.Split(keys, ",")
}

// everyDelete is the columns every soft delete of column on table also
// sets (also) or rewrites as a function of themselves.
func (ix *Index) everyDelete(table, column string, also bool) []string {
	table, column = strings.ToLower(table), strings.ToLower(column)
	var common map[string]bool
	for _, f := range ix.Files {
		for _, w := range f.Writes {
			w = ix.resolve(w)
			if w.Column != column || w.Restore || (w.Table != "" && w.Table != table) || !ix.counts(w) {
				continue
			}
			set := map[string]bool{}
			list := w.Rewrites
			if also {
				list = w.Also
			}
			if list != "" {
				for _, c := range strings.Split(list, ",") {
					if common == nil || common[c] {
						set[c] = true
					}
				}
			}
			common = set
			if len(common) == 0 {
				return nil
			}
		}
	}
	var out []string
	for c := range common {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Current reports whether the file at rel (slash-separated, relative to
// root) is still as the index recorded it: a regular file of the same size
// and modification time that Build would still include (no go.mod has
// appeared between it and root). Whatever such a file wrote, it still
// writes — which is what lets a caller trust a witness with one stat
// instead of walking the module.
func (ix *Index) Current(root, rel string) bool {
	f, ok := ix.Files[rel]
	if !ok {
		return false
	}
	path := filepath.Join(root, filepath.FromSlash(rel))
	info, err := os.Lstat(path)
	if err != nil || !info.Mode().IsRegular() || info.Size() != f.Size || info.ModTime().UnixNano() != f.ModTime {
		return false
	}
	for dir := filepath.Dir(path); len(dir) > len(root); dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return false
		}
	}
	return true
}

// Encode serialises the index for the disk cache: files in path order,
// each with its writes and deleted models, strings length-prefixed. Every
// vet process decodes it, so it is a plain binary form, not gob's.
func (ix *Index) Encode() ([]byte, error) {
	var b []byte
	str := func(s string) { b = binary.AppendUvarint(b, uint64(len(s))); b = append(b, s...) }
	num := func(v int64) { b = binary.AppendVarint(b, v) }
	b = append(b, encodingVersion)
	rels := make([]string, 0, len(ix.Files))
	for rel := range ix.Files {
		rels = append(rels, rel)
	}
	sort.Strings(rels)
	b = binary.AppendUvarint(b, uint64(len(rels)))
	for _, rel := range rels {
		f := ix.Files[rel]
		str(rel)
		num(f.Size)
		num(f.ModTime)
		b = binary.AppendUvarint(b, uint64(len(f.Writes)))
		for _, w := range f.Writes {
			str(w.Table)
			str(w.Column)
			restore := byte(0)
			if w.Restore {
				restore = 1
			}
			b = append(b, restore)
			str(w.Also)
			str(w.Rewrites)
			str(w.Param)
			str(w.Keys)
			num(int64(w.Offset))
		}
		for _, list := range [][]string{f.Models.Deletes, f.Models.ParamFields, f.Models.ParamSets} {
			b = binary.AppendUvarint(b, uint64(len(list)))
			for _, d := range list {
				str(d)
			}
		}
		naming := byte(0)
		if f.Models.Naming {
			naming = 1
		}
		b = append(b, naming)
	}
	return b, nil
}

// encodingVersion changes with the form Encode writes.
const encodingVersion = 4

// Decode reads what Encode wrote; data that does not decode is an error,
// never a partial index.
func Decode(data []byte) (*Index, error) {
	d := decoder{data: data, text: string(data)}
	if len(data) == 0 || data[0] != encodingVersion {
		return nil, errors.New("write index: unknown encoding")
	}
	d.data = d.data[1:]
	n := d.count()
	ix := &Index{Files: make(map[string]File, n)}
	for ; n > 0 && d.err == nil; n-- {
		rel := d.str()
		f := File{Size: d.num(), ModTime: d.num()}
		if k := d.count(); k > 0 {
			f.Writes = make([]Write, k)
			for i := range f.Writes {
				w := &f.Writes[i]
				w.Table, w.Column = d.str(), d.str()
				w.Restore = d.byte() == 1
				w.Also, w.Rewrites, w.Param, w.Keys = d.str(), d.str(), d.str(), d.str()
				w.Offset = int(d.num())
			}
		}
		for _, list := range []*[]string{&f.Models.Deletes, &f.Models.ParamFields, &f.Models.ParamSets} {
			for k := d.count(); k > 0; k-- {
				*list = append(*list, d.str())
			}
		}
		f.Models.Naming = d.byte() == 1
		ix.Files[rel] = f
	}
	if d.err == nil && len(d.data) > 0 {
		d.err = errors.New("trailing bytes")
	}
	if d.err != nil {
		return nil, fmt.Errorf("write index: %v", d.err)
	}
	return ix, nil
}

// decoder reads Encode's form; strings are substrings of one copy of the
// data.
type decoder struct {
	data []byte
	text string
	err  error
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errors.New("truncated")
	}
	d.data = nil
}

func (d *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.data)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.data = d.data[n:]
	return v
}

func (d *decoder) num() int64 {
	v, n := binary.Varint(d.data)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.data = d.data[n:]
	return v
}

// count reads a number of elements, each at least one byte long.
func (d *decoder) count() int {
	n := d.uvarint()
	if n > uint64(len(d.data)) {
		d.fail()
		return 0
	}
	return int(n)
}

func (d *decoder) byte() byte {
	if len(d.data) == 0 {
		d.fail()
		return 0
	}
	b := d.data[0]
	d.data = d.data[1:]
	return b
}

func (d *decoder) str() string {
	n := d.uvarint()
	if n > uint64(len(d.data)) {
		d.fail()
		return ""
	}
	at := len(d.text) - len(d.data)
	d.data = d.data[n:]
	return d.text[at : at+int(n)]
}

// MaxFileBytes bounds the files read: larger ones are generated data.
const MaxFileBytes = 4 << 20

// Build indexes the module at root for writes of columns (soft-delete
// column names from the config). Files whose size and modification time
// match prev's entry are not read again; changed reports whether the result
// differs from prev, so a caller caching it knows when to write it back.
func Build(root string, columns []string, prev *Index) (ix *Index, changed bool) {
	cols := lowerSet(columns)
	ix = &Index{Files: map[string]File{}}
	dirs := map[string]map[string]string{} // package constants, read when a write names one
	seen := 0
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() && path != root {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if path != root && skipDir(path, d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if !indexed(d.Name()) {
			return nil
		}
		info, err := d.Info()
		if err != nil || !info.Mode().IsRegular() || info.Size() > MaxFileBytes {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return nil
		}
		rel = filepath.ToSlash(rel)
		seen++
		if prev != nil {
			if old, ok := prev.Files[rel]; ok && old.Size == info.Size() && old.ModTime == info.ModTime().UnixNano() {
				ix.Files[rel] = old
				return nil
			}
		}
		changed = true
		data, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		writes, models := scanFile(d.Name(), data, cols)
		f := File{Size: info.Size(), ModTime: info.ModTime().UnixNano(), Writes: writes, Models: models}
		resolveConsts(root, rel, &f, cols, dirs)
		ix.Files[rel] = f
		return nil
	})
	if prev == nil || seen != len(prev.Files) {
		changed = true
	}
	return ix, changed
}

// skipDir leaves out what the go command leaves out (testdata, vendor,
// hidden and underscore directories), other modules nested in this one, and
// node_modules.
func skipDir(path, name string) bool {
	if name == "testdata" || name == "vendor" || name == "node_modules" ||
		strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
		return true
	}
	_, err := os.Stat(filepath.Join(path, "go.mod"))
	return err == nil
}

// indexed selects Go sources and SQL files. Tests are left out: a test that
// soft-deletes a fixture row says nothing about the program.
func indexed(name string) bool {
	switch filepath.Ext(name) {
	case ".go":
		return !strings.HasSuffix(name, "_test.go")
	case ".sql":
		return true
	}
	return false
}

func lowerSet(names []string) map[string]bool {
	set := map[string]bool{}
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			set[strings.ToLower(n)] = true
		}
	}
	return set
}

// ScanFile returns the writes of columns (lower-cased) in one file: Go
// source when name ends in .go, SQL otherwise. A file that mentions none of
// the columns is not parsed at all. A table or column a Go constant names
// is left as constPrefix+name for Build to resolve from the file's package.
func ScanFile(name string, data []byte, columns map[string]bool) []Write {
	writes, _ := scanFile(name, data, columns)
	return writes
}

// scanFile is ScanFile with what the file says of gorm models.
func scanFile(name string, data []byte, columns map[string]bool) ([]Write, Models) {
	goFile := strings.HasSuffix(name, ".go")
	if !mentions(data, columns) && !(goFile && (mentionsModels(data) || mentionsParams(data))) {
		return nil, Models{}
	}
	s := &scan{columns: columns, seen: map[Write]bool{}, setArgs: map[*ast.CompositeLit]bool{}}
	if goFile {
		s.goFile(name, data)
	} else {
		s.sqlFile = true
		s.sql(string(data))
	}
	sort.Slice(s.out, func(i, j int) bool {
		if s.out[i].Table != s.out[j].Table {
			return s.out[i].Table < s.out[j].Table
		}
		return s.out[i].Column < s.out[j].Column
	})
	for _, list := range []*[]string{&s.models.Deletes, &s.models.ParamFields, &s.models.ParamSets} {
		slices.Sort(*list)
		*list = slices.Compact(*list)
	}
	return s.out, s.models
}

// mentionsModels is the cheap test for a Go file that may delete gorm
// models or replace an ORM's naming rule.
func mentionsModels(data []byte) bool {
	if bytes.Contains(data, []byte(libs.GormPath)) {
		return true
	}
	for hook := range namingHooks {
		if bytes.Contains(data, []byte(hook)) {
			return true
		}
	}
	return false
}

// namingHooks are the ORMs' NamingHooks.
var namingHooks = func() map[string]bool {
	m := map[string]bool{}
	for _, l := range libs.All {
		if l.ORM != nil {
			for _, h := range l.ORM.NamingHooks {
				m[h] = true
			}
		}
	}
	return m
}()

// mentionsParams is the cheap test for a Go file that may build an sqlc
// parameter struct without naming its fields (see Models.ParamSets).
func mentionsParams(data []byte) bool {
	return bytes.Contains(data, []byte("Params{"))
}

// mentions is the cheap test that lets most files go unparsed: does any
// column name, or its Go field spelling (DeletedAt), occur at all?
func mentions(data []byte, columns map[string]bool) bool {
	lower := bytes.ToLower(data)
	for c := range columns {
		if bytes.Contains(lower, []byte(c)) || bytes.Contains(lower, []byte(strings.ReplaceAll(c, "_", ""))) {
			return true
		}
	}
	return false
}

type scan struct {
	// gorm is set in a file that imports gorm; models is what the file
	// says of gorm models (see Models).
	gorm   bool
	models Models
	bare   map[*ast.CallExpr]bool // calls that are statements: their results are dropped

	columns map[string]bool
	seen    map[Write]bool
	out     []Write
	// setArgs are the literals a setter call already read with its table.
	setArgs map[*ast.CompositeLit]bool
	// at is the byte offset in the file of what is being read; sqlFile
	// says the file is SQL, whose statements set it.
	at      int
	sqlFile bool
	// fragmentTable is the table of the last `UPDATE t` fragment among
	// the string literals of the function being read: a statement
	// assembled piece by piece (a strings.Builder, a service's own
	// builder: New("UPDATE t"); B("SET deleted_at = ?")) names its table
	// in one literal and the column it sets in a later one.
	fragmentTable string
	// model is the struct type being read and the table it names for its
	// ORM (see modelTable), "" when it names none.
	model      *ast.StructType
	modelName  string
	modelTable string
	// query is the name sqlc gives the statement being read (its "--
	// name:" line), "" outside sqlc's query files and constants.
	query string
	// fn is the function declaration being read, and fnParams the sqlc
	// parameter struct types it names (computed when first needed).
	fn       *ast.FuncDecl
	fnParams []string
	fnRead   bool
}

func (s *scan) add(table, column string) {
	s.addParam(table, column, "")
}

// addParam adds a write that happens only when param is set (see
// Write.Param), or always when param is "".
func (s *scan) addParam(table, column, param string) {
	column = strings.ToLower(column)
	if !s.columns[column] {
		return
	}
	if !strings.HasPrefix(table, constPrefix) { // a Go name keeps its case
		table = strings.ToLower(table)
	}
	s.addWrite(Write{Table: table, Column: column, Param: param})
}

func (s *scan) addWrite(w Write) {
	if !s.seen[w] {
		s.seen[w] = true
		w.Offset = s.at
		s.out = append(s.out, w)
	}
}

// sql records the writes of a SQL text: from the parse tree when it
// parses, else from its tokens (a fragment, a fmt format, a body).
func (s *scan) sql(text string) {
	if !mentions([]byte(text), s.columns) || !mayWrite(text) {
		return
	}
	q := pgparse.ParseQuery(text)
	if q.Err != nil || q.Tree == nil {
		s.tokens(text)
		return
	}
	for _, raw := range q.Tree.Stmts {
		if v := raw.Stmt.GetVariableSetStmt(); v != nil && !s.sqlFile {
			// `SET deleted_at = ?` in Go is a fragment of an UPDATE
			// being assembled, not a session setting.
			s.tokens(text)
			return
		}
		loc := q.Offset(int(raw.StmtLocation)) // placeholders were rewritten
		start := statementStart(text, loc)
		if s.sqlFile {
			s.at = start
		}
		s.query = sqlcQueryName(text[loc:start])
		s.tree(raw.Stmt)
	}
	s.query = ""
}

// sqlcQueryName is the query name of sqlc's "-- name: GetUser :one" line
// among the comments before a statement, or "".
func sqlcQueryName(comments string) string {
	for _, line := range strings.Split(comments, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "-- name:"); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				return f[0]
			}
		}
	}
	return ""
}

// mayWrite is the cheap test that lets reads go unparsed: every write the
// scan records is an UPDATE, INSERT or MERGE, a SET list, or a function
// body holding one, so its text has one of these words.
func mayWrite(text string) bool {
	lower := strings.ToLower(text)
	for _, w := range []string{"update", "insert", "merge", "set"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// statementStart skips the blank lines and comments a statement's location
// includes after the previous semicolon.
func statementStart(text string, at int) int {
	for at < len(text) {
		rest := text[at:]
		switch {
		case rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\n' || rest[0] == '\r':
			at++
		case strings.HasPrefix(rest, "--"):
			end := strings.IndexByte(rest, '\n')
			if end < 0 {
				return len(text)
			}
			at += end + 1
		case strings.HasPrefix(rest, "/*"):
			end := strings.Index(rest, "*/")
			if end < 0 {
				return len(text)
			}
			at += end + 2
		default:
			return at
		}
	}
	return at
}

func (s *scan) tree(stmt *pgast.Node) {
	if stmt == nil {
		return
	}
	pgast.Inspect(stmt, func(m pgast.Message) bool {
		switch n := m.(type) {
		case *pgast.UpdateStmt:
			s.update(relName(n.Relation), n.TargetList, n.WhereClause)
		case *pgast.InsertStmt:
			// Rows inserted already deleted (an import, a copy of
			// tombstones) make the column live as surely as an UPDATE;
			// rows inserted live (VALUES of NULL, false, 0, DEFAULT)
			// do not.
			s.insert(relName(n.Relation), n)
			if oc := n.OnConflictClause; oc != nil {
				s.targets(relName(n.Relation), oc.TargetList)
			}
		case *pgast.MergeStmt:
			for _, w := range n.MergeWhenClauses {
				if mw := w.GetMergeWhenClause(); mw != nil {
					s.targets(relName(n.Relation), mw.TargetList)
				}
			}
		case *pgast.CreateFunctionStmt:
			// PL/pgSQL is not SQL: its statements are read from tokens.
			for _, o := range n.Options {
				s.body(o.GetDefElem())
			}
		case *pgast.DoStmt:
			for _, a := range n.Args {
				s.body(a.GetDefElem())
			}
		}
		return true
	})
}

func (s *scan) body(d *pgast.DefElem) {
	if d == nil || d.Defname != "as" || d.Arg == nil {
		return
	}
	if l := d.Arg.GetList(); l != nil {
		for _, item := range l.Items {
			if str := item.GetString_(); str != nil {
				s.tokens(str.Sval)
			}
		}
	} else if str := d.Arg.GetString_(); str != nil {
		s.tokens(str.Sval)
	}
}

// insert records the soft-delete columns an INSERT lists, except those
// that every row of its VALUES sets live.
func (s *scan) insert(table string, ins *pgast.InsertStmt) {
	var rows []*pgast.Node
	if sel := ins.SelectStmt.GetSelectStmt(); sel != nil && len(sel.ValuesLists) > 0 {
		rows = sel.ValuesLists
	} else if sel != nil && sel.Op == pgast.SetOperation_SETOP_NONE && len(sel.TargetList) > 0 {
		// INSERT … SELECT: its select list is the one row it writes
		// (NULL AS deleted_at, or a parameter, as in VALUES).
		row := &pgast.List{}
		for _, t := range sel.TargetList {
			row.Items = append(row.Items, t.GetResTarget().GetVal())
		}
		rows = []*pgast.Node{{Node: &pgast.Node_List{List: row}}}
	}
	for i, n := range ins.Cols {
		rt := n.GetResTarget()
		if rt == nil || rows != nil && insertedLive(rows, i) {
			continue
		}
		s.addParam(table, rt.Name, s.insertParam(rows, i, rt.Name))
	}
}

// insertParam returns the field of sqlc's parameter struct that column i
// of a one-row VALUES takes, when the value is the query's parameter of
// the column's own name ($1, which sqlc names after the column;
// @deleted_at, sqlc.arg(deleted_at), sqlc.narg('deleted_at'), cast or
// not); otherwise "": a parameter of another name may be any value.
func (s *scan) insertParam(rows []*pgast.Node, i int, column string) string {
	if s.query == "" || len(rows) != 1 {
		return ""
	}
	items := rows[0].GetList().GetItems()
	if i >= len(items) {
		return ""
	}
	name := sqlcParam(items[i], column)
	if name == "" || paramField(name) != paramField(column) {
		return ""
	}
	return s.query + "Params." + paramField(column)
}

// sqlcParam is the name of the sqlc parameter v is, or "". A positional
// one ($1, and @name, which pgparse rewrites to one) is named after
// column: sqlc names a field after its column, and a parameter named
// otherwise gives a field no Models.ParamFields entry matches, so its
// write counts.
func sqlcParam(v *pgast.Node, column string) string {
	for v.GetTypeCast() != nil {
		v = v.GetTypeCast().Arg
	}
	if v == nil {
		return ""
	}
	switch n := v.Node.(type) {
	case *pgast.Node_ParamRef:
		return column
	case *pgast.Node_FuncCall:
		fc := n.FuncCall
		if len(fc.Funcname) != 2 || fc.Funcname[0].GetString_().GetSval() != "sqlc" || len(fc.Args) != 1 {
			return ""
		}
		if fn := fc.Funcname[1].GetString_().GetSval(); fn != "arg" && fn != "narg" {
			return ""
		}
		if c := fc.Args[0].GetAConst(); c != nil {
			return c.GetSval().GetSval() // sqlc.arg('deleted_at')
		}
		if f := fc.Args[0].GetColumnRef().GetFields(); len(f) == 1 {
			return f[0].GetString_().GetSval() // sqlc.arg(deleted_at)
		}
	}
	return ""
}

// paramField is how Write.Param and Models spell a field: sqlc names the
// field of column deleted_at DeletedAt, and of parameter @deletedAt
// Deletedat, so case and underscores are dropped.
func paramField(name string) string {
	return strings.ToLower(strings.ReplaceAll(strings.Trim(name, `"`), "_", ""))
}

// insertedLive reports whether column i of every VALUES row is a live
// value or DEFAULT.
func insertedLive(rows []*pgast.Node, i int) bool {
	for _, row := range rows {
		items := row.GetList().GetItems()
		if i >= len(items) {
			return false
		}
		if v := items[i]; v.GetSetToDefault() == nil && !livesAgain(v) {
			return false
		}
	}
	return true
}

func (s *scan) targets(table string, list []*pgast.Node) {
	for _, n := range list {
		if rt := n.GetResTarget(); rt != nil {
			s.add(table, rt.Name)
		}
	}
}

// update records an UPDATE's soft-delete columns with whether each is a
// restore, what else the statement sets and the keys it picks rows by.
func (s *scan) update(table string, list []*pgast.Node, where *pgast.Node) {
	var names []string
	rewritten := map[string]bool{}
	for _, n := range list {
		if rt := n.GetResTarget(); rt != nil && rt.Name != "" && !unchanged(rt) {
			names = append(names, strings.ToLower(rt.Name))
			if refersTo(rt.Val, rt.Name) {
				rewritten[strings.ToLower(rt.Name)] = true
			}
		}
	}
	for _, n := range list {
		rt := n.GetResTarget()
		if rt == nil || !s.columns[strings.ToLower(rt.Name)] {
			continue
		}
		col := strings.ToLower(rt.Name)
		var also, rewrites []string
		for _, other := range names {
			if other != col && !slices.Contains(also, other) {
				also = append(also, other)
				if rewritten[other] {
					rewrites = append(rewrites, other)
				}
			}
		}
		sort.Strings(also)
		sort.Strings(rewrites)
		w := Write{Table: strings.ToLower(table), Column: col, Restore: livesAgain(rt.Val), Also: strings.Join(also, ","), Rewrites: strings.Join(rewrites, ",")}
		if !w.Restore {
			w.Keys = s.keys(where)
		}
		s.addWrite(w)
	}
}

// keys returns, comma-separated and sorted, the columns an UPDATE's WHERE
// equates to values, when that and tests of soft-delete columns are all it
// does (see Write.Keys); else "".
func (s *scan) keys(where *pgast.Node) string {
	var keys []string
	var conjuncts func(n *pgast.Node) bool
	conjuncts = func(n *pgast.Node) bool {
		if b := n.GetBoolExpr(); b != nil && b.Boolop == pgast.BoolExprType_AND_EXPR {
			for _, a := range b.Args {
				if !conjuncts(a) {
					return false
				}
			}
			return true
		}
		if col, ok := keyEquality(n); ok {
			if !s.columns[strings.ToLower(col)] {
				keys = append(keys, col)
			}
			return true
		}
		return s.testsSoftDelete(n)
	}
	if where == nil || !conjuncts(where) || len(keys) == 0 {
		return ""
	}
	sort.Strings(keys)
	return strings.Join(slices.Compact(keys), ",")
}

// keyEquality recognises col = value, col = ANY(value) and col IN (values),
// the value a parameter or a constant (possibly cast), and returns col as
// PostgreSQL stores it.
func keyEquality(n *pgast.Node) (string, bool) {
	e := n.GetAExpr()
	if e == nil || len(e.Name) != 1 || e.Name[0].GetString_().GetSval() != "=" {
		return "", false
	}
	col := columnName(e.Lexpr)
	if col == "" {
		return "", false
	}
	switch e.Kind {
	case pgast.A_Expr_Kind_AEXPR_OP, pgast.A_Expr_Kind_AEXPR_OP_ANY:
		return col, isValue(e.Rexpr)
	case pgast.A_Expr_Kind_AEXPR_IN:
		for _, item := range e.Rexpr.GetList().GetItems() {
			if !isValue(item) {
				return "", false
			}
		}
		return col, e.Rexpr.GetList() != nil
	}
	return "", false
}

// columnName is the name of a column reference (qualified or not), or "".
func columnName(n *pgast.Node) string {
	for n != nil && n.GetTypeCast() != nil {
		n = n.GetTypeCast().Arg
	}
	cr := n.GetColumnRef()
	if cr == nil || len(cr.Fields) == 0 {
		return ""
	}
	return cr.Fields[len(cr.Fields)-1].GetString_().GetSval()
}

// isValue reports whether n is a parameter or a constant, possibly cast.
func isValue(n *pgast.Node) bool {
	for n != nil && n.GetTypeCast() != nil {
		n = n.GetTypeCast().Arg
	}
	return n.GetParamRef() != nil || n.GetAConst() != nil
}

// testsSoftDelete reports whether n only tests a soft-delete column: the
// guard of a soft delete (deleted_at IS NULL, NOT is_deleted, DeleteAt = 0).
func (s *scan) testsSoftDelete(n *pgast.Node) bool {
	var arg *pgast.Node
	switch {
	case n.GetNullTest() != nil:
		arg = n.GetNullTest().Arg
	case n.GetBooleanTest() != nil:
		arg = n.GetBooleanTest().Arg
	case n.GetBoolExpr() != nil && n.GetBoolExpr().Boolop == pgast.BoolExprType_NOT_EXPR && len(n.GetBoolExpr().Args) == 1:
		arg = n.GetBoolExpr().Args[0]
	case n.GetAExpr() != nil:
		e := n.GetAExpr()
		if !isValue(e.Rexpr) {
			return false
		}
		arg = e.Lexpr
	default:
		arg = n
	}
	col := columnName(arg)
	return col != "" && s.columns[strings.ToLower(col)]
}

// refersTo reports whether an expression reads column (unqualified or
// qualified, any case): a new value computed from the old one.
func refersTo(v *pgast.Node, column string) bool {
	found := false
	pgast.Inspect(v, func(m pgast.Message) bool {
		if cr, ok := m.(*pgast.ColumnRef); ok && len(cr.Fields) > 0 {
			if last := cr.Fields[len(cr.Fields)-1].GetString_(); last != nil && strings.EqualFold(last.Sval, column) {
				found = true
			}
		}
		return !found
	})
	return found
}

// unchanged reports whether a SET target keeps its value (email = email,
// possibly cast): it rewrites nothing, so it frees no key.
func unchanged(rt *pgast.ResTarget) bool {
	v := rt.Val
	for v != nil && v.GetTypeCast() != nil {
		v = v.GetTypeCast().Arg
	}
	cr := v.GetColumnRef()
	if cr == nil || len(cr.Fields) == 0 {
		return false
	}
	last := cr.Fields[len(cr.Fields)-1].GetString_()
	return last != nil && strings.EqualFold(last.Sval, rt.Name)
}

// livesAgain reports whether a value written to a soft-delete column marks
// the row live: NULL, false, 0 (possibly cast).
func livesAgain(v *pgast.Node) bool {
	for v != nil && v.GetTypeCast() != nil {
		v = v.GetTypeCast().Arg
	}
	c := v.GetAConst()
	switch {
	case c == nil:
		return false
	case c.Isnull:
		return true
	case c.GetBoolval() != nil:
		return !c.GetBoolval().Boolval
	case c.GetIval() != nil:
		return c.GetIval().Ival == 0
	case c.GetSval() != nil:
		switch strings.ToLower(c.GetSval().Sval) {
		case "f", "false", "0", "n", "no", "off":
			return true
		}
	}
	return false
}

func relName(rv *pgast.RangeVar) string {
	if rv == nil {
		return ""
	}
	return rv.Relname
}

// tokens finds `UPDATE t … SET col = …` and `SET col = …` in text that does
// not parse as a statement: fmt formats with %s holes, builder fragments,
// PL/pgSQL bodies. A SET with no readable UPDATE target counts for every
// table.
func (s *scan) tokens(text string) {
	toks := pgparse.Scan(text)
	table, inSet := s.fragmentTable, false
	for i, t := range toks {
		switch t.Token {
		case pgast.Token_UPDATE:
			table, inSet = qualifiedName(text, toks, i+1), false
		case pgast.Token_SET:
			inSet = true
		case pgast.Token_WHERE, pgast.Token_FROM, pgast.Token_RETURNING, pgast.Token_ASCII_59:
			if t.Token == pgast.Token_ASCII_59 {
				table = ""
			}
			inSet = false
		default:
			if !inSet || !isWord(t) || i == 0 || i+1 >= len(toks) || toks[i+1].Token != pgast.Token_ASCII_61 {
				continue
			}
			if p := toks[i-1].Token; p == pgast.Token_SET || p == pgast.Token_ASCII_44 || p == pgast.Token_ASCII_40 {
				s.add(table, identText(text, t))
			}
		}
	}
}

// fragment notes the table of a literal that begins `UPDATE t` (see
// fragmentTable).
func (s *scan) fragment(text string) {
	trimmed := strings.TrimLeft(text, " \t\r\n")
	if len(trimmed) < len("update") || !strings.EqualFold(trimmed[:len("update")], "update") {
		return
	}
	toks := pgparse.Scan(trimmed)
	if len(toks) > 1 && toks[0].Token == pgast.Token_UPDATE {
		s.fragmentTable = qualifiedName(trimmed, toks, 1)
	}
}

// qualifiedName reads the table after UPDATE [ONLY]: the last part of a
// dotted name, or "" when something else (a %s hole) stands there.
func qualifiedName(text string, toks []*pgast.ScanToken, i int) string {
	if i < len(toks) && toks[i].Token == pgast.Token_ONLY {
		i++
	}
	name := ""
	for i < len(toks) && isWord(toks[i]) {
		name = identText(text, toks[i])
		if i+2 < len(toks) && toks[i+1].Token == pgast.Token_ASCII_46 {
			i += 2
			continue
		}
		// `UPDATE t%s` or `UPDATE t_%s`: a name built at run time.
		if i+1 < len(toks) && toks[i+1].Start == toks[i].End && toks[i+1].Token == pgast.Token_ASCII_37 {
			return ""
		}
		return name
	}
	return ""
}

func isWord(t *pgast.ScanToken) bool {
	return t.Token == pgast.Token_IDENT || t.KeywordKind == pgast.KeywordKind_UNRESERVED_KEYWORD ||
		t.KeywordKind == pgast.KeywordKind_COL_NAME_KEYWORD
}

// identText is an identifier as PostgreSQL stores it: quoted exactly,
// unquoted folded to lower case.
func identText(text string, t *pgast.ScanToken) string {
	if int(t.End) > len(text) || t.Start < 0 || t.Start >= t.End {
		return ""
	}
	raw := text[t.Start:t.End]
	if strings.HasPrefix(raw, `"`) && strings.HasSuffix(raw, `"`) && len(raw) >= 2 {
		return strings.ReplaceAll(raw[1:len(raw)-1], `""`, `"`)
	}
	return strings.ToLower(raw)
}

// goFile reads Go source: string literals (and constant concatenations)
// as SQL, builder calls that set a column, and ORM soft-delete fields.
func (s *scan) goFile(name string, data []byte) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, data, parser.SkipObjectResolution)
	if err != nil {
		// A file that does not parse does not build either; its string
		// literals may still say what the program does.
		s.goStrings(fset, name, data)
		return
	}
	imports := map[string]string{} // local name -> path
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		local := p[strings.LastIndex(p, "/")+1:]
		if imp.Name != nil {
			local = imp.Name.Name
		}
		imports[local] = p
	}
	for _, p := range imports {
		s.gorm = s.gorm || p == libs.GormPath
	}
	tableNames := tableNameMethods(f)
	// Offsets from the file's base: fset.Position would compute a line
	// and column for every node.
	base, size := fset.File(f.Pos()).Base(), len(data)
	ast.Inspect(f, func(n ast.Node) bool {
		if n != nil && n.Pos().IsValid() {
			s.at = min(max(int(n.Pos())-base, 0), size)
		}
		switch n := n.(type) {
		case *ast.FuncDecl:
			s.fragmentTable = ""
			s.fn, s.fnParams, s.fnRead = n, nil, false
		case *ast.AssignStmt:
			s.paramAssign(n)
		case *ast.ExprStmt:
			if call, ok := n.X.(*ast.CallExpr); ok && s.gorm {
				if s.bare == nil {
					s.bare = map[*ast.CallExpr]bool{}
				}
				s.bare[call] = true
			}
		case *ast.BinaryExpr:
			if text, ok := constantString(n); ok {
				s.fragment(text)
				s.sql(text)
				return false
			}
		case *ast.BasicLit:
			if text, ok := stringLit(n); ok {
				s.fragment(text)
				s.sql(text)
			}
		case *ast.CallExpr:
			s.builderCall(n)
			s.modelDelete(n)
		case *ast.CompositeLit:
			// goqu.Record{"deleted_at": …} is an update's SET list.
			if sel, ok := n.Type.(*ast.SelectorExpr); ok && recordTypes[sel.Sel.Name] && !s.setArgs[n] {
				s.mapKeys(n, "")
			}
			s.paramsLiteral(n)
		case *ast.Ident:
			if namingHooks[n.Name] {
				s.models.Naming = true
			}
		case *ast.TypeSpec:
			if st, ok := n.Type.(*ast.StructType); ok {
				s.model, s.modelName, s.modelTable = st, n.Name.Name, modelTable(n.Name.Name, st, imports, tableNames)
				if t, ok := tableNames[n.Name.Name]; ok && t == "" {
					s.modelName = "" // its TableName computes the table: no guess
				}
				s.paramsStruct(n.Name.Name, st)
			}
		case *ast.Field:
			table, model := "", ""
			if s.model != nil && s.model.Pos() <= n.Pos() && n.End() <= s.model.End() {
				table, model = s.modelTable, s.modelName
			}
			s.ormField(n, imports, table, model)
		}
		return true
	})
}

func (s *scan) goStrings(fset *token.FileSet, name string, data []byte) {
	var sc scanner.Scanner
	sc.Init(fset.AddFile(name, -1, len(data)), data, nil, 0)
	for {
		_, tok, lit := sc.Scan()
		if tok == token.EOF {
			return
		}
		if tok == token.STRING {
			if text, err := strconv.Unquote(lit); err == nil {
				s.sql(text)
			}
		}
	}
}

func stringLit(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	text, err := strconv.Unquote(lit.Value)
	return text, err == nil
}

// constantString evaluates a + chain made only of string literals.
func constantString(e ast.Expr) (string, bool) {
	switch e := e.(type) {
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		x, ok := constantString(e.X)
		if !ok {
			return "", false
		}
		y, ok := constantString(e.Y)
		return x + y, ok
	case *ast.ParenExpr:
		return constantString(e.X)
	}
	return stringLit(e)
}

// Without types, a call is taken for a library's whenever some library
// has a method of that name: setterMethods name the columns to set
// (squirrel's Set, gorm's Update), tableMethods the table of a chain
// (sq.Update("t"), db.Table("t")), recordTypes are maps of the columns to
// set (goqu.Record).
var (
	setterMethods = libs.Union(func(l *libs.Library) []string { return l.Setters })
	tableMethods  = libs.Union(func(l *libs.Library) []string { return l.Tables })
	recordTypes   = libs.Union(func(l *libs.Library) []string { return l.Records })
)

func (s *scan) builderCall(call *ast.CallExpr) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || !setterMethods[sel.Sel.Name] || len(call.Args) == 0 {
		return
	}
	table := chainTable(sel.X)
	for i, arg := range call.Args {
		if text, ok := stringLit(arg); ok {
			if col := setterColumn(text); col != "" {
				s.add(table, col)
			}
			continue
		}
		if lit, ok := arg.(*ast.CompositeLit); ok {
			s.setArgs[lit] = true
			s.mapKeys(lit, table)
			continue
		}
		if id, ok := arg.(*ast.Ident); ok && i == 0 {
			// Set(colDeletedAt, now): the column a constant of the
			// package names, resolved by Build.
			s.addConst(table, id)
		}
	}
}

// setterColumn is the column a setter's string argument or a map key
// names, read as SQL reads it (a quoted name exactly, "DeleteAt"): the
// column itself, or bun's "deleted_at = ?"; the text as written if it is
// neither.
func setterColumn(text string) string {
	if text = strings.TrimSpace(text); text == "" {
		return ""
	}
	toks := pgparse.Scan(text)
	switch {
	case len(toks) == 1 && isWord(toks[0]):
		return identText(text, toks[0])
	case len(toks) >= 2 && isWord(toks[0]) && toks[1].Token == pgast.Token_ASCII_61:
		return identText(text, toks[0])
	}
	return text
}

// addConst records a write of the column a constant names, for Build to
// resolve from the constants of the file's package; a name that is no
// constant there (a variable, a parameter) is dropped then.
func (s *scan) addConst(table string, id *ast.Ident) {
	switch id.Name {
	case "_", "nil", "true", "false":
		return
	}
	if !strings.HasPrefix(table, constPrefix) {
		table = strings.ToLower(table)
	}
	s.addWrite(Write{Table: table, Column: constPrefix + id.Name})
}

// chainTable follows a method chain back to the call that names its table.
func chainTable(e ast.Expr) string {
	for {
		call, ok := e.(*ast.CallExpr)
		if !ok {
			return ""
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok {
			return ""
		}
		if tableMethods[sel.Sel.Name] && len(call.Args) > 0 {
			if name, ok := stringLit(call.Args[0]); ok {
				return tableOf(name)
			}
			if id, ok := call.Args[0].(*ast.Ident); ok && id.Name != "_" {
				// Update(tableSessions): a constant of the package,
				// resolved by Build from the files of its directory.
				return constPrefix + id.Name
			}
			return ""
		}
		e = sel.X
	}
}

// tableOf is the table a builder's table argument names: "public.users
// AS u" is users.
func tableOf(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	if f := strings.Fields(name); len(f) > 0 {
		return strings.Trim(f[0], `"`)
	}
	return ""
}

// constPrefix marks a Write.Table or Write.Column that is the name of a Go
// constant of the file's package, until Build resolves it.
const constPrefix = "const:"

// resolveConsts replaces the constant names in the tables and columns of
// files[rel]'s writes by the constants' values, read from the Go files of
// the file's directory (its package). A table no file there declares as
// one string stays unknown (""), which counts for every table; a column
// that resolves to none of columns, or to nothing, is no write. A
// resolved write is cached with the file that makes it: a later change of
// the constant alone is seen when that file changes too (the known cost of
// not re-reading a package for every file).
func resolveConsts(root, rel string, f *File, columns map[string]bool, dirs map[string]map[string]string) {
	consts := func() map[string]string {
		dir := path.Dir(rel)
		c, ok := dirs[dir]
		if !ok {
			c = packageConsts(filepath.Join(root, filepath.FromSlash(dir)))
			dirs[dir] = c
		}
		return c
	}
	out := f.Writes[:0]
	for _, w := range f.Writes {
		if name, ok := strings.CutPrefix(w.Table, constPrefix); ok {
			w.Table = strings.ToLower(tableOf(consts()[name]))
		}
		if name, ok := strings.CutPrefix(w.Column, constPrefix); ok {
			w.Column = strings.ToLower(setterColumn(consts()[name]))
			if !columns[w.Column] {
				continue
			}
		}
		out = append(out, w)
	}
	f.Writes = out
}

// packageConsts returns the string constants declared at the top level of
// the Go files of dir; a name declared with two values is left out.
func packageConsts(dir string) map[string]string {
	out := map[string]string{}
	entries, _ := os.ReadDir(dir)
	fset := token.NewFileSet()
	for _, en := range entries {
		if en.IsDir() || !strings.HasSuffix(en.Name(), ".go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, en.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if i >= len(vs.Values) {
						continue
					}
					v, ok := constantString(vs.Values[i])
					if old, dup := out[n.Name]; !ok || dup && old != v {
						v = ""
					}
					out[n.Name] = v
				}
			}
		}
	}
	return out
}

func (s *scan) mapKeys(lit *ast.CompositeLit, table string) {
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if key, ok := stringLit(kv.Key); ok {
			s.add(table, setterColumn(key))
		} else if id, ok := kv.Key.(*ast.Ident); ok {
			s.addConst(table, id)
		}
	}
}

// modelDelete notes the model a gorm Delete deletes: db.Delete(&T{}),
// db.Delete(&pkg.T{}, id), db.Model(&T{}).Where(…).Delete(nil); anyModel
// for one whose model is a value (db.Delete(&user)). An association's
// Delete removes links, and Unscoped().Delete deletes rows for good:
// neither is a soft delete.
func (s *scan) modelDelete(call *ast.CallExpr) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !s.gorm || !ok || sel.Sel.Name != "Delete" {
		return
	}
	model := ""
	if len(call.Args) > 0 {
		model = literalModel(call.Args[0])
	}
	for x := sel.X; ; {
		c, ok := x.(*ast.CallExpr)
		if !ok {
			break
		}
		inner, ok := c.Fun.(*ast.SelectorExpr)
		if !ok {
			break
		}
		switch inner.Sel.Name {
		case "Association", "Unscoped":
			return
		case "Model":
			if model == "" && len(c.Args) == 1 {
				model = literalModel(c.Args[0])
			}
		}
		x = inner.X
	}
	if model == "" {
		// A Delete whose result is dropped, of a value that is no
		// pointer, on no gorm chain is some other type's (a map's,
		// a sync.Map's): gorm's returns the *gorm.DB that carries
		// the error.
		addr := len(call.Args) > 0 && isAddr(call.Args[0])
		if s.bare[call] && !addr && !gormChain(sel.X) {
			return
		}
		model = anyModel
	}
	s.models.Deletes = append(s.models.Deletes, model)
}

func isAddr(e ast.Expr) bool {
	u, ok := e.(*ast.UnaryExpr)
	return ok && u.Op == token.AND
}

// gormChain reports whether x is a chain of gorm query methods
// (db.Where(…), tx.Model(…)).
func gormChain(x ast.Expr) bool {
	c, ok := x.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	return ok && slices.Contains(libs.GormChainMethods, sel.Sel.Name)
}

// literalModel is T of &T{…}, &pkg.T{…} or T{…}; "" for anything else.
func literalModel(e ast.Expr) string {
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return ""
	}
	switch t := lit.Type.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.SelectorExpr:
		return t.Sel.Name
	}
	return ""
}

// ormField recognises model fields whose ORM turns Delete into a soft
// delete: a field of a soft-delete type (gorm.DeletedAt), or one tagged
// as the soft-delete column (bun's soft_delete). The write is of table,
// the one the model names; of the table the ORM's naming rule gives
// model's type name when it names none (see guessPrefix); of every table
// for a field outside a named struct type.
func (s *scan) ormField(f *ast.Field, imports map[string]string, table, model string) {
	path, typeName := fieldType(f.Type, imports)
	if path == "" && f.Tag == nil {
		return // neither a library's type nor a tag: most fields, parameters and results
	}
	var tag reflect.StructTag
	if f.Tag != nil {
		if t, err := strconv.Unquote(f.Tag.Value); err == nil {
			tag = reflect.StructTag(t)
		}
	}
	for _, l := range libs.All {
		orm := l.ORM
		if orm == nil {
			continue
		}
		ormTag := tag.Get(orm.Tag)
		if _, ok := orm.SoftDeleteType(path, typeName); !ok && !orm.SoftDeleteTagged(ormTag) {
			continue
		}
		if table == "" && model != "" {
			table = guessPrefix + orm.Table(model)
		}
		if len(f.Names) == 0 { // embedded: the field's name is its type's
			s.add(table, orm.Column(ormTag, typeName))
		}
		for _, n := range f.Names {
			s.add(table, orm.Column(ormTag, n.Name))
		}
	}
}

// paramsType reports whether a type name is one sqlc gives a query's
// parameter struct (CreateUserParams).
func paramsType(name string) bool {
	return len(name) > len("Params") && strings.HasSuffix(name, "Params")
}

// typeName is the name of a literal's type written T, pkg.T or &T.
func typeName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.SelectorExpr:
		return t.Sel.Name
	}
	return ""
}

// softField reports whether a Go field name is a soft-delete column's
// (DeletedAt, Deletedat for deleted_at).
func (s *scan) softField(name string) bool {
	key := paramField(name)
	for c := range s.columns {
		if paramField(c) == key {
			return true
		}
	}
	return false
}

// paramsStruct records the soft-delete fields of an sqlc parameter
// struct (see Models.ParamFields).
func (s *scan) paramsStruct(name string, st *ast.StructType) {
	if !paramsType(name) || st.Fields == nil {
		return
	}
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			if s.softField(n.Name) {
				s.models.ParamFields = append(s.models.ParamFields, name+"."+paramField(n.Name))
			}
		}
	}
}

// paramsLiteral records the soft-delete fields a literal of an sqlc
// parameter struct sets.
func (s *scan) paramsLiteral(lit *ast.CompositeLit) {
	name := typeName(lit.Type)
	if !paramsType(name) {
		return
	}
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			s.models.ParamSets = append(s.models.ParamSets, name+".*")
			return
		}
		if key, ok := kv.Key.(*ast.Ident); ok && s.softField(key.Name) && !isNil(kv.Value) {
			s.models.ParamSets = append(s.models.ParamSets, name+"."+paramField(key.Name))
		}
	}
}

// paramAssign records p.DeletedAt = v, for each sqlc parameter struct
// the enclosing function names (the type of p is not known here).
func (s *scan) paramAssign(as *ast.AssignStmt) {
	for i, lhs := range as.Lhs {
		sel, ok := lhs.(*ast.SelectorExpr)
		if !ok || !s.softField(sel.Sel.Name) || len(as.Rhs) == len(as.Lhs) && isNil(as.Rhs[i]) {
			continue
		}
		if !s.fnRead {
			s.fnRead = true
			if s.fn != nil && s.fn.Body != nil {
				ast.Inspect(s.fn, func(n ast.Node) bool {
					if id, ok := n.(*ast.Ident); ok && paramsType(id.Name) {
						s.fnParams = append(s.fnParams, id.Name)
					}
					return true
				})
			}
		}
		for _, t := range s.fnParams {
			s.models.ParamSets = append(s.models.ParamSets, t+"."+paramField(sel.Sel.Name))
		}
	}
}

func isNil(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "nil"
}

// modelTable is the table a model struct names for its ORM itself: bun's
// `bun:"table:users"` on its bun.BaseModel field, or the string its gorm
// TableName method returns (tableNames, from the same file). A model that
// names none (its table follows the ORM's naming, which a program may
// configure, or the struct is a base other models embed) gives "": its
// soft-delete field is then taken as written for every table with that
// column, rather than guessed onto one.
func modelTable(typeName string, st *ast.StructType, imports map[string]string, tableNames map[string]string) string {
	for _, l := range libs.All {
		orm := l.ORM
		if orm == nil || st.Fields == nil {
			continue
		}
		for _, f := range st.Fields.List {
			path, name := fieldType(f.Type, imports)
			if path == "" || !orm.BaseModel(path, name) || f.Tag == nil {
				continue
			}
			tag, err := strconv.Unquote(f.Tag.Value)
			if err != nil {
				continue
			}
			if t, ok := orm.Option(reflect.StructTag(tag).Get(orm.Tag), "table"); ok && t != "" {
				return unqualified(t)
			}
		}
	}
	return tableNames[typeName]
}

// tableNameMethods maps the types of a file that have a TableName method
// (gorm's Tabler) to the table it returns when that is a string literal,
// else to "": such a model names a table, but not one the scan can read.
func tableNameMethods(f *ast.File) map[string]string {
	var out map[string]string
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Name.Name != "TableName" || fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Body == nil {
			continue
		}
		table := ""
		if len(fd.Body.List) != 1 {
			// computed: no table the scan can read
		} else if ret, ok := fd.Body.List[0].(*ast.ReturnStmt); ok && len(ret.Results) == 1 {
			if text, ok := stringLit(ret.Results[0]); ok {
				table = unqualified(text)
			}
		}
		recv := fd.Recv.List[0].Type
		if star, ok := recv.(*ast.StarExpr); ok {
			recv = star.X
		}
		if id, ok := recv.(*ast.Ident); ok {
			if out == nil {
				out = map[string]string{}
			}
			out[id.Name] = table
		}
	}
	return out
}

// unqualified is the table name of a possibly schema-qualified name.
func unqualified(name string) string {
	return strings.Trim(name[strings.LastIndexByte(name, '.')+1:], `"`)
}

// fieldType returns the import path and name of a field's type written
// pkg.Name or *pkg.Name; a type of the file's own package has path "".
func fieldType(typ ast.Expr, imports map[string]string) (path, name string) {
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	switch t := typ.(type) {
	case *ast.Ident:
		return "", t.Name
	case *ast.SelectorExpr:
		if x, ok := t.X.(*ast.Ident); ok {
			return imports[x.Name], t.Sel.Name
		}
	}
	return "", ""
}
