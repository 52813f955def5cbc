package analyzer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/internal/pgparse"
)

// A baseline records the findings a code base has today, so that a gate
// fails only on new ones (-baseline FILE, -write-baseline FILE).
//
// An entry is keyed by rule, file (relative to the module root), message
// and where in the file the finding is: the SQL statement, normalized
// (its words joined by single spaces), for a finding in SQL; the
// enclosing function for any other finding in Go code; nothing more for
// a finding in a schema file. No line number is part of it, so edits
// elsewhere in the file keep entries valid. The same key may be recorded
// several times (the same statement sent from two places); each finding
// matches one entry.
//
// go vet runs each package in a process of its own, so the file is never
// written whole. A package answers for the entries of the files it
// claims: its Go files, the .sql files of the sqlc queries it sends, and,
// for the package that owns the schema report, the schema files and
// every recorded file that no longer exists. -write-baseline replaces,
// under a lock file (FILE.lock), the entries of the files the package
// claims with its findings; entries of packages outside the run are kept.
// -baseline counts the claimed entries that no finding matched, and each
// package with such stale entries says so in one line on stderr (a
// package and its test variant count an entry once).

// fromRoot resolves a relative file name against the module root.
func fromRoot(root, name string) string {
	if name == "" || filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(root, name)
}

// baselineEntry is one recorded finding.
type baselineEntry struct {
	Rule      string `json:"rule"`
	File      string `json:"file"`
	Statement string `json:"statement,omitempty"`
	Function  string `json:"function,omitempty"`
	Message   string `json:"message"`
}

func (e baselineEntry) key() string {
	return strings.Join([]string{e.Rule, e.File, e.Statement, e.Function, e.Message}, "\x00")
}

// baselineFile is the file's shape.
type baselineFile struct {
	Version  int             `json:"version"`
	Findings []baselineEntry `json:"findings"`
}

const baselineVersion = 1

func readBaseline(name string) ([]baselineEntry, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("baseline: %v", err)
	}
	var f baselineFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("baseline %s: %v", name, err)
	}
	if f.Version != baselineVersion {
		return nil, fmt.Errorf("baseline %s: version %d, want %d", name, f.Version, baselineVersion)
	}
	return f.Findings, nil
}

func sortEntries(entries []baselineEntry) {
	sort.Slice(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.key() < b.key()
	})
}

var baselines sync.Map // file name -> *loadedBaseline

type loadedBaseline struct {
	once    sync.Once
	entries []baselineEntry
	err     error
}

// loadBaseline reads a baseline once per process.
func loadBaseline(name string) ([]baselineEntry, error) {
	v, _ := baselines.LoadOrStore(name, &loadedBaseline{})
	lb := v.(*loadedBaseline)
	lb.once.Do(func() { lb.entries, lb.err = readBaseline(name) })
	return lb.entries, lb.err
}

// staleSeen holds the stale entries already counted in this process (a
// package and its test variant find the same ones).
var (
	staleMu   sync.Mutex
	staleSeen = map[string]bool{}
)

// baselineKey is where a diagnostic's entry says it is.
func (r *reporter) baselineKey(d diagnostic) baselineEntry {
	p := r.pass.Fset.Position(d.Pos)
	e := baselineEntry{Rule: d.Category, File: r.relative(p.Filename), Statement: d.statement, Message: d.Message}
	if e.Statement == "" && strings.HasSuffix(p.Filename, ".go") {
		e.Function = r.enclosingFunc(d.Pos)
	}
	return e
}

// enclosingFunc names the declared function around pos (Type.Method for
// a method), or "" at package level.
func (r *reporter) enclosingFunc(pos token.Pos) string {
	for _, f := range r.pass.Files {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || pos < fd.Pos() || pos >= fd.End() {
				continue
			}
			if fd.Recv != nil && len(fd.Recv.List) > 0 {
				return recvName(fd.Recv.List[0].Type) + "." + fd.Name.Name
			}
			return fd.Name.Name
		}
	}
	return ""
}

func recvName(t ast.Expr) string {
	switch t := t.(type) {
	case *ast.StarExpr:
		return recvName(t.X)
	case *ast.IndexExpr:
		return recvName(t.X)
	case *ast.IndexListExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	}
	return ""
}

// statementText is the normalized text of statement raw of q.
func statementText(text string, pq *pgparse.Query, raw *pgast.RawStmt) string {
	start := pq.Offset(int(raw.StmtLocation))
	end := len(text)
	if raw.StmtLen > 0 {
		end = pq.Offset(int(raw.StmtLocation + raw.StmtLen))
	}
	start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
	if start > end {
		start = end
	}
	return strings.Join(strings.Fields(text[start:end]), " ")
}

// claims reports whether this package answers for entries of file (a
// module-relative name).
func (r *reporter) claims() func(file string) bool {
	files := map[string]bool{}
	for _, f := range r.pass.Files {
		files[r.relative(r.pass.Fset.File(f.Pos()).Name())] = true
	}
	for _, q := range r.queries {
		if len(q.Text) == 0 {
			continue
		}
		if name := r.pass.Fset.Position(q.Pos(0)).Filename; !strings.HasSuffix(name, ".go") {
			files[r.relative(name)] = true
		}
	}
	for _, name := range r.schemaFiles {
		files[r.relative(name)] = true
	}
	return func(file string) bool {
		if files[file] {
			return true
		}
		if r.schemaFiles == nil || r.root == "" {
			return false
		}
		// The schema report's owner answers for files that are gone.
		_, err := os.Stat(filepath.Join(r.root, filepath.FromSlash(file)))
		return errors.Is(err, os.ErrNotExist)
	}
}

// applyBaseline writes the package's findings to the -write-baseline file
// (reporting none), or drops the findings the -baseline file records and
// says how many of its entries are stale.
func (r *reporter) applyBaseline(out []diagnostic) ([]diagnostic, error) {
	if r.writeBaseline != "" {
		var entries []baselineEntry
		for _, d := range out {
			entries = append(entries, r.baselineKey(d))
		}
		return nil, mergeBaseline(r.writeBaseline, r.claims(), entries)
	}
	recorded, err := loadBaseline(r.baseline)
	if err != nil {
		return nil, err
	}
	claimed := r.claims()
	left := map[string][]int{} // key -> indexes of unmatched entries
	for i, e := range recorded {
		if claimed(e.File) {
			left[e.key()] = append(left[e.key()], i)
		}
	}
	var kept []diagnostic
	for _, d := range out {
		k := r.baselineKey(d).key()
		if idx := left[k]; len(idx) > 0 {
			left[k] = idx[1:]
			continue
		}
		kept = append(kept, d)
	}
	stale := 0
	staleMu.Lock()
	for _, idx := range left {
		for _, i := range idx {
			id := fmt.Sprintf("%s\x00%d", r.baseline, i)
			if !staleSeen[id] {
				staleSeen[id] = true
				stale++
			}
		}
	}
	staleMu.Unlock()
	if stale > 0 {
		noun := "entries no longer match a finding"
		if stale == 1 {
			noun = "entry no longer matches a finding"
		}
		fmt.Fprintf(os.Stderr, "softdelete: %s: %d baseline %s (fixed or changed): rewrite %s with -write-baseline to drop them\n",
			r.pass.Pkg.Path(), stale, noun, r.baseline)
	}
	return kept, nil
}

// mergeBaseline replaces, in the baseline file name, the entries of the
// files claimed with entries, under a lock file: go vet runs packages in
// parallel processes.
func mergeBaseline(name string, claimed func(string) bool, entries []baselineEntry) error {
	unlock, err := lockFile(name + ".lock")
	if err != nil {
		return fmt.Errorf("write-baseline: %v", err)
	}
	defer unlock()
	var all []baselineEntry
	if _, err := os.Stat(name); err == nil {
		old, err := readBaseline(name)
		if err != nil {
			return fmt.Errorf("write-baseline: %v", err)
		}
		for _, e := range old {
			if !claimed(e.File) {
				all = append(all, e)
			}
		}
	}
	all = append(all, entries...)
	sortEntries(all)
	if all == nil {
		all = []baselineEntry{}
	}
	data, err := json.MarshalIndent(baselineFile{Version: baselineVersion, Findings: all}, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".tmp*")
	if err != nil {
		return fmt.Errorf("write-baseline: %v", err)
	}
	_, werr := tmp.Write(append(data, '\n'))
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), name)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write-baseline: %v", werr)
	}
	return nil
}

// lockTimeout bounds the wait for the lock file; a lock file older than
// it was left by a process that died and is removed.
const lockTimeout = 30 * time.Second

// lockFile takes the lock file name (created exclusively, so processes
// and goroutines alike wait for each other) and returns its release.
func lockFile(name string) (func(), error) {
	deadline := time.Now().Add(lockTimeout)
	for {
		f, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o666)
		if err == nil {
			f.Close()
			return func() { os.Remove(name) }, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return nil, err
		}
		if st, err := os.Stat(name); err == nil && time.Since(st.ModTime()) > lockTimeout {
			os.Remove(name)
			continue
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%s: held for more than %v", name, lockTimeout)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
