package schema

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// maxFileBytes bounds a schema file. Schema dumps and migrations are far
// smaller; anything larger is data (a pg_dump with contents), not schema.
const maxFileBytes = 256 << 20

// Load builds the catalog that the given schema files leave behind.
//
// Each path is a file, a directory (its *.sql files, not recursively) or a
// glob (its matching *.sql files, and the *.sql files of matching
// directories). The files of one path apply in version order (see
// sortFiles); paths apply in the order given, and a file named twice is
// read once. Files ending in .down.sql are never read.
//
// The error is for a path that does not exist, a glob that matches
// nothing, or a file that cannot be read. Problems inside files (syntax
// errors, binary content) are collected in Catalog.Errors, each naming
// file and line, and the rest still loads.
func Load(paths []string) (*Catalog, error) {
	srcs, err := Sources(paths)
	if err != nil {
		return nil, err
	}
	return LoadSources(srcs), nil
}

// Source is one schema file's name and content, or why it could not be
// read.
type Source struct {
	Name string
	Data []byte
	Err  string
}

// Sources reads the schema files that paths name, in the order Load
// applies them: what a cache of the catalog must be keyed on. A file that
// a directory or glob lists but that cannot be read (a dangling or looping
// symlink, no permission, too large) is a Source with Err set, reported by
// LoadSources, not a reason to load nothing.
func Sources(paths []string) ([]Source, error) {
	files, err := expand(paths)
	if err != nil {
		return nil, err
	}
	srcs := make([]Source, 0, len(files))
	for _, f := range files {
		data, err := readFile(f)
		if err != nil {
			srcs = append(srcs, Source{Name: f, Err: err.Error()})
			continue
		}
		srcs = append(srcs, Source{Name: f, Data: data})
	}
	return srcs, nil
}

// FileStat is what a cache of the catalog can key on without reading the
// files: each schema file's name, size and modification time, in order.
type FileStat struct {
	Name    string
	Size    int64
	ModTime int64 // nanoseconds
	Err     string
}

// Stats lists the schema files that paths name, in the order Load applies
// them, with their sizes and modification times.
func Stats(paths []string) ([]FileStat, error) {
	files, err := expand(paths)
	if err != nil {
		return nil, err
	}
	out := make([]FileStat, 0, len(files))
	for _, f := range files {
		info, err := os.Stat(f)
		if err != nil {
			out = append(out, FileStat{Name: f, Err: err.Error()})
			continue
		}
		out = append(out, FileStat{Name: f, Size: info.Size(), ModTime: info.ModTime().UnixNano()})
	}
	return out, nil
}

// LoadSources builds the catalog from files read by Sources.
func LoadSources(srcs []Source) *Catalog {
	c := newCatalog()
	for _, s := range srcs {
		if s.Err != "" {
			c.Errors = append(c.Errors, &LoadError{Pos: Pos{File: s.Name, Line: 1, Col: 1}, Msg: "cannot read schema file: " + s.Err})
			continue
		}
		c.Files = append(c.Files, s.Name)
		c.loadFile(s.Name, s.Data)
	}
	return c
}

func newCatalog() *Catalog {
	return &Catalog{Tables: map[string]*Table{}, Views: map[string]*View{}}
}

// readFile reads a schema file, refusing what cannot be a schema.
func readFile(name string) ([]byte, error) {
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if info.Size() > maxFileBytes {
		return nil, fmt.Errorf("%s: schema file too large (%d bytes)", name, info.Size())
	}
	return os.ReadFile(name)
}

// loadFile applies one file's up migration to the catalog.
func (c *Catalog) loadFile(name string, src []byte) {
	f := &file{name: name, src: src, lines: lineStarts(src)}
	text := string(upSQL(src))
	stmts, errs := parseSQL(text)
	for i, e := range errs {
		if i == maxErrorsPerFile {
			c.Errors = append(c.Errors, &LoadError{
				Pos: f.pos(e.offset),
				Msg: fmt.Sprintf("%d more errors in this file not shown", len(errs)-i),
			})
			break
		}
		c.Errors = append(c.Errors, &LoadError{Pos: f.pos(e.offset), Msg: strings.ToValidUTF8(e.msg, "\uFFFD")})
	}
	a := &applier{c: c, f: f, text: text}
	for _, raw := range stmts {
		a.apply(raw)
	}
}

// file is a schema file being applied: what positions are computed from.
type file struct {
	name  string
	src   []byte
	lines []int // byte offset of the start of each line
}

func lineStarts(src []byte) []int {
	lines := []int{0}
	for i, c := range src {
		if c == '\n' {
			lines = append(lines, i+1)
		}
	}
	return lines
}

// pos converts a byte offset of the file to a position, clamping offsets
// outside the file to its ends.
func (f *file) pos(off int) Pos {
	off = clamp(off, 0, len(f.src))
	line := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	return Pos{File: f.name, Offset: off, Line: line + 1, Col: off - f.lines[line] + 1}
}

// expand turns Load's paths into the list of files to apply.
func expand(paths []string) ([]string, error) {
	var files []string
	seen := map[string]bool{}
	for _, p := range paths {
		group, err := expandOne(p)
		if err != nil {
			return nil, err
		}
		sortFiles(group)
		for _, f := range group {
			key := f
			if abs, err := filepath.Abs(f); err == nil {
				key = abs
			}
			if !seen[key] {
				seen[key] = true
				files = append(files, f)
			}
		}
	}
	return files, nil
}

// expandOne lists the files one path names.
func expandOne(p string) ([]string, error) {
	info, err := os.Stat(p)
	switch {
	case err == nil && info.IsDir():
		return sqlFilesIn(p)
	case err == nil:
		if isDown(p) {
			return nil, nil
		}
		return []string{p}, nil
	case !strings.ContainsAny(p, "*?["):
		return nil, fmt.Errorf("schema path %s: %w", p, err)
	}
	matches, gerr := filepath.Glob(p)
	if gerr != nil {
		return nil, fmt.Errorf("schema glob %s: %w", p, gerr)
	}
	var files []string
	for _, m := range matches {
		info, err := os.Stat(m)
		switch {
		case err != nil:
			continue
		case info.IsDir():
			in, err := sqlFilesIn(m)
			if err != nil {
				return nil, err
			}
			files = append(files, in...)
		case isSQL(m):
			files = append(files, m)
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("schema glob %s matches no .sql file", p)
	}
	return dropPairedDowns(files), nil
}

// sqlFilesIn lists the up-migration *.sql files directly in dir. A
// directory without any is not an error: goose keeps Go migrations there.
func sqlFilesIn(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("schema directory %s: %w", dir, err)
	}
	var files []string
	for _, e := range entries {
		if e.Type()&fs.ModeType != 0 && e.Type()&fs.ModeSymlink == 0 {
			continue // subdirectories, devices, pipes
		}
		p := filepath.Join(dir, e.Name())
		if e.Type()&fs.ModeSymlink != 0 {
			// A dangling or looping link named like a migration is
			// listed, so that reading it reports the problem; links to
			// directories and devices are not migrations.
			if info, err := os.Stat(p); err == nil && !info.Mode().IsRegular() {
				continue
			}
		}
		if isSQL(p) {
			files = append(files, p)
		}
	}
	return dropPairedDowns(files), nil
}

// dropPairedDowns removes the down migrations named with an underscore or
// a dash, X_down.sql beside X_up.sql (the maragudk/migrate naming, whose
// up pattern also matches X_up.sql): with its up file next to it, such a
// file is a down migration, never applied. A lone X_down.sql (a migration
// about slowing something down) stays.
func dropPairedDowns(files []string) []string {
	have := map[string]bool{}
	for _, f := range files {
		have[strings.ToLower(f)] = true
	}
	out := files[:0]
	for _, f := range files {
		lower := strings.ToLower(f)
		paired := false
		for _, sep := range []string{"_", "-"} {
			if stem, ok := strings.CutSuffix(lower, sep+"down.sql"); ok && have[stem+sep+"up.sql"] {
				paired = true
			}
		}
		if !paired {
			out = append(out, f)
		}
	}
	return out
}

func isSQL(p string) bool {
	return strings.HasSuffix(strings.ToLower(p), ".sql") && !isDown(p)
}

// isDown reports a golang-migrate down migration, which is never applied.
func isDown(p string) bool {
	return strings.HasSuffix(strings.ToLower(p), ".down.sql")
}

// sortFiles orders files by version: the number that starts the file name
// (golang-migrate 000001_x.up.sql, goose 20230101120000_x.sql, plain
// 001_init.sql), compared as a number so that 2_x comes before 10_x; then
// by name. Files whose name does not start with a digit come after all
// numbered ones, in name order: in a directory of numbered migrations they
// are the extras (views.sql, seed.sql) written against the final schema.
func sortFiles(files []string) {
	sort.SliceStable(files, func(i, j int) bool {
		bi, bj := filepath.Base(files[i]), filepath.Base(files[j])
		vi, vj := version(bi), version(bj)
		switch {
		case (vi == "") != (vj == ""):
			return vi != ""
		case len(vi) != len(vj):
			return len(vi) < len(vj)
		case vi != vj:
			return vi < vj
		case bi != bj:
			return bi < bj
		}
		return files[i] < files[j]
	})
}

// version returns the leading decimal number of a file name without its
// leading zeros ("0" for an all-zero prefix), or "" if there is none.
// Comparing by length then text compares any size of number.
func version(base string) string {
	n := 0
	for n < len(base) && '0' <= base[n] && base[n] <= '9' {
		n++
	}
	if n == 0 {
		return ""
	}
	v := strings.TrimLeft(base[:n], "0")
	if v == "" {
		v = "0"
	}
	return v
}
