package analyzer

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/softdelete/softdelete/internal/writeindex"
	"github.com/softdelete/softdelete/schema"
)

// The catalog cache lets go vet's one-process-per-package runs share the
// work of parsing the migrations: the first process writes the catalog
// under the user cache directory, keyed by the name, size and time of every schema
// file, and the others read it back. The cache is the only thing
// softdelete writes.
//
// A cache file is cacheMagic, the SHA-256 of the payload, and the payload
// (schema.Catalog.Encode). A file that is short, foreign, corrupt or does
// not decode is ignored and rewritten, never trusted.

// CacheDirEnv names the environment variable that moves the cache
// directory; "off" disables the cache.
const CacheDirEnv = "SOFTDELETE_CACHE"

const cacheMagic = "softdelete-catalog-v3\n"

// loadCatalog loads the schema that paths name, through the disk cache.
func loadCatalog(paths []string) (*schema.Catalog, error) {
	return loadCatalogIn(cacheDir(), paths)
}

func loadCatalogIn(dir string, paths []string) (*schema.Catalog, error) {
	if dir == "" {
		srcs, err := schema.Sources(paths)
		if err != nil {
			return nil, err
		}
		return schema.LoadSources(srcs), nil
	}
	memo := runMemo(dir, "catalog\x00"+strings.Join(paths, "\x00"))
	if name := readRunMemo(memo); name != "" {
		if cat := readCachedCatalog(filepath.Join(dir, name)); cat != nil {
			return cat, nil
		}
	}
	stats, err := schema.Stats(paths)
	if err != nil {
		return nil, err
	}
	file := filepath.Join(dir, cacheKey(stats)+".catalog")
	if cat := readCachedCatalog(file); cat != nil {
		writeRunMemo(dir, memo, filepath.Base(file))
		return cat, nil
	}
	srcs, err := schema.Sources(paths)
	if err != nil {
		return nil, err
	}
	cat := schema.LoadSources(srcs)
	if allSettled(stats) {
		writeCachedCatalog(dir, file, cat)
		writeRunMemo(dir, memo, filepath.Base(file))
	}
	return cat, nil
}

// One go vet run takes one snapshot of the schema. Its vet processes are
// children of one go command; the first of them to find the catalog
// cache current (a stat of every schema file) leaves a memo naming the
// cache file, keyed by the parent's process id and start time, and the
// others of the run read the catalog without the stats. A migration
// edited while the run goes on is seen by the next run, as the go
// command sees the sources it has already compiled. Standalone and
// golangci-lint runs are one process: they have no memo and need none.

// runIdentity names the go vet run this process belongs to, or "" when
// it is not a vet process or the parent's start time cannot be told
// (then every process checks for itself).
var runIdentity = sync.OnceValue(func() string {
	if !vetRun() {
		return ""
	}
	ppid := os.Getppid()
	start := processStart(ppid)
	if start == "" {
		return ""
	}
	return fmt.Sprintf("%d@%s", ppid, start)
})

// runMemo is the memo file for what of this run, or "".
func runMemo(dir, what string) string {
	run := runIdentity()
	if dir == "" || run == "" {
		return ""
	}
	h := sha256.Sum256([]byte(toolVersion() + "\x00" + run + "\x00" + what))
	return filepath.Join(dir, hex.EncodeToString(h[:16])+".run")
}

// readRunMemo returns the cache file name a memo holds, or "".
func readRunMemo(memo string) string {
	if memo == "" {
		return ""
	}
	data, err := os.ReadFile(memo)
	if err != nil {
		return ""
	}
	name := string(data)
	if name == "" || filepath.Base(name) != name {
		return ""
	}
	return name
}

// writeRunMemo records the cache file name for the rest of the run,
// atomically: a process reading the memo sees a whole name or none.
func writeRunMemo(dir, memo, name string) {
	if memo != "" {
		writeAtomically(dir, memo, []byte(name))
	}
}

// settleTime is how old a modification time must be to key a cache on.
// File systems stamp times from a coarse clock, so two writes a few
// milliseconds apart can leave the same time and size; a file written in
// the last moments may yet change without its time changing. (The go
// command's module index keeps the same distance.)
const settleTime = 2 * time.Second

func settled(mtime int64) bool { return time.Since(time.Unix(0, mtime)) > settleTime }

func allSettled(stats []schema.FileStat) bool {
	for _, st := range stats {
		if st.Err == "" && !settled(st.ModTime) {
			return false
		}
	}
	return true
}

var cacheDir = sync.OnceValue(func() string {
	dir := os.Getenv(CacheDirEnv)
	switch dir {
	case "off":
		return ""
	case "":
		base, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		dir = filepath.Join(base, "softdelete")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return ""
	}
	return dir
})

// cacheKey hashes what the catalog depends on: the loader's version and
// every schema file's name, size and modification time, in order. Stat,
// not content: go vet starts a process per package, and reading every
// migration in each of them costs more than decoding the catalog. An edit
// changes the time (a file touched but unchanged only costs a rebuild).
func cacheKey(stats []schema.FileStat) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s%s\x00", cacheMagic, toolVersion())
	for _, s := range stats {
		fmt.Fprintf(h, "%s\x00%s\x00%d\x00%d\x00", s.Name, s.Err, s.Size, s.ModTime)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// toolVersion identifies the build, so that a new softdelete never reads a
// catalog an older one wrote.
var toolVersion = sync.OnceValue(func() string {
	bi, _ := debug.ReadBuildInfo()
	return buildVersion(bi, func() string {
		if exe, err := os.Executable(); err == nil {
			if st, err := os.Stat(exe); err == nil {
				return fmt.Sprintf("%s %d %d", exe, st.Size(), st.ModTime().UnixNano())
			}
		}
		return ""
	})
})

// buildVersion is the module version, or for a development build its VCS
// revision; a build with uncommitted changes (vcs.modified) or without VCS
// information adds exe, the executable's identity, since every such build
// of one revision reports the same settings.
func buildVersion(bi *debug.BuildInfo, exe func() string) string {
	v, modified := "", false
	if bi != nil {
		v = bi.Main.Version
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision":
				v += " " + s.Value
			case s.Key == "vcs.modified" && s.Value == "true":
				modified = true
			}
		}
	}
	if v != "" && v != "(devel)" && !modified {
		return v
	}
	if id := exe(); id != "" {
		return v + " " + id
	}
	if v != "" {
		return v
	}
	return "unknown"
}

func readCachedCatalog(file string) *schema.Catalog {
	payload := readCacheFile(file, cacheMagic)
	if payload == nil {
		return nil
	}
	cat, err := schema.Decode(payload)
	if err != nil {
		return nil
	}
	return cat
}

func writeCachedCatalog(dir, file string, cat *schema.Catalog) {
	if payload, err := cat.Encode(); err == nil {
		writeCacheFile(dir, file, cacheMagic, payload)
	}
}

// Cache files live as long as they are used, as in the go command's build
// cache: a file read is marked used (its modification time, at most hourly),
// and each write removes the files unused for cacheTrimAge. Every fresh
// clone in CI keys a new catalog; without trimming they would pile up.
const (
	cacheTrimAge  = 5 * 24 * time.Hour
	cacheMarkStep = time.Hour
)

// readCacheFile returns the verified payload of a cache file, or nil.
func readCacheFile(file, magic string) []byte {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	payload, err := verify(data, magic)
	if err != nil {
		return nil
	}
	if info, err := os.Stat(file); err == nil && time.Since(info.ModTime()) > cacheMarkStep {
		now := time.Now()
		os.Chtimes(file, now, now)
	}
	return payload
}

// trimCache removes the cache files of dir unused for cacheTrimAge.
func trimCache(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		switch filepath.Ext(e.Name()) {
		case ".catalog", ".writes", ".owner", ".tmp", ".warned", ".run":
		default:
			continue
		}
		if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > cacheTrimAge {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// checksum guards a cache file against a torn or damaged write, not
// against forgery (the cache directory is the user's own): CRC-32 (IEEE),
// which the CPU computes (carry-less multiplication) with no table to
// build. Every vet process verifies the catalog: a cryptographic hash of it
// cost ~5% of a package's time, and CRC-32C's tables, built on each
// process's first use, ~2%.
func checksum(payload []byte) []byte {
	return binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(payload))
}

const checksumSize = 4

func verify(data []byte, magic string) ([]byte, error) {
	if !bytes.HasPrefix(data, []byte(magic)) || len(data) < len(magic)+checksumSize {
		return nil, errors.New("not a softdelete cache file")
	}
	sum := data[len(magic) : len(magic)+checksumSize]
	payload := data[len(magic)+checksumSize:]
	if !bytes.Equal(checksum(payload), sum) {
		return nil, errors.New("cache file is corrupt")
	}
	return payload, nil
}

// writeCacheFile writes atomically: a temporary file in the same
// directory, renamed into place, so a concurrent reader sees the old file,
// the new one, or none.
func writeCacheFile(dir, file, magic string, payload []byte) bool {
	trimCache(dir)
	var buf bytes.Buffer
	buf.WriteString(magic)
	buf.Write(checksum(payload))
	buf.Write(payload)
	return writeAtomically(dir, file, buf.Bytes())
}

// writeAtomically writes data to file through a temporary file in dir
// renamed into place, and reports whether it did.
func writeAtomically(dir, file string, data []byte) bool {
	tmp, err := os.CreateTemp(dir, "cache-*.tmp")
	if err != nil {
		return false
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return false
	}
	if err := tmp.Close(); err != nil {
		return false
	}
	return os.Rename(tmp.Name(), file) == nil
}

// The write index is cached the same way, one file per module root and
// set of soft-delete column names. It records each file's size and
// modification time, so a later process stats the module's files and
// reads only those that changed.
const writesMagic = "softdelete-writes-v7\n"

// moduleWrites answers "does anything in the module set this column?"
// through the cached index. A yes needs one witness: a file the cached
// index says sets the column and that is unchanged since (one stat), so a
// process with findings to report rarely walks the module. A no, or a
// witness that changed, validates the whole index against the module's
// files (the walk, rebuilding what changed) once per process.
type moduleWrites struct {
	dir, root string
	columns   []string
	known     func(table, column string) bool // see writeindex.Index.Known

	cachedOnce sync.Once
	cached     *writeindex.Index // as read from the cache, unvalidated
	file       string

	fullOnce sync.Once
	full     *writeindex.Index

	// current memoizes Index.Current of the cached index by file: many
	// tables share one witness (a helper that soft-deletes any table).
	current sync.Map // rel -> bool
}

// cachedCurrent reports whether rel, a witness of the cached index, is
// unchanged on disk.
func (m *moduleWrites) cachedCurrent(rel string) bool {
	if v, ok := m.current.Load(rel); ok {
		return v.(bool)
	}
	ok := m.cached.Current(m.root, rel)
	m.current.Store(rel, ok)
	return ok
}

func newModuleWrites(dir, root string, columns []string, known func(table, column string) bool) *moduleWrites {
	return &moduleWrites{dir: dir, root: root, columns: columns, known: known}
}

func (m *moduleWrites) written(table, column string) bool {
	m.readCached()
	if m.cached != nil {
		if rel := m.cached.Witness(table, column); rel != "" && m.cachedCurrent(rel) {
			return true
		}
	}
	return m.validated().Written(table, column)
}

// witnessAt is the place (file relative to the root, byte offset) that
// sets column of table: the cached index's when that file is unchanged.
func (m *moduleWrites) witnessAt(table, column string) (string, int) {
	m.readCached()
	if m.cached != nil {
		if rel, offset := m.cached.WitnessAt(table, column); rel != "" && m.cachedCurrent(rel) {
			return rel, offset
		}
	}
	return m.validated().WitnessAt(table, column)
}

// alsoSets is Index.AlsoSets of the validated index.
func (m *moduleWrites) alsoSets(table, column string) []string {
	return m.validated().AlsoSets(table, column)
}

// deletedBy is Index.DeletedBy of the validated index: a question about
// every write, which no single witness answers.
func (m *moduleWrites) deletedBy(table, column string) []string {
	return m.validated().DeletedBy(table, column)
}

// restored is Index.Restored of the validated index.
func (m *moduleWrites) restored(table, column string) bool {
	return m.validated().Restored(table, column)
}

// rewrites is Index.Rewrites of the validated index: a question about
// every write, which no single witness answers.
func (m *moduleWrites) rewrites(table, column string) []string {
	return m.validated().Rewrites(table, column)
}

func (m *moduleWrites) readCached() {
	m.cachedOnce.Do(func() {
		writeIndexLoads.Add(1)
		m.file, m.cached = readWriteIndex(m.dir, m.root, m.columns)
		if m.cached != nil {
			m.cached.Known = m.known
		}
	})
}

func (m *moduleWrites) validated() *writeindex.Index {
	m.readCached()
	m.fullOnce.Do(func() {
		// The run's snapshot (see runMemo): a process of this go vet
		// run has brought the cached index up to date; read it again,
		// as this process may have read it before that.
		memo := ""
		if m.file != "" {
			memo = runMemo(m.dir, "writes\x00"+m.file)
		}
		if readRunMemo(memo) == filepath.Base(m.file) {
			if _, ix := readWriteIndex(m.dir, m.root, m.columns); ix != nil {
				ix.Known = m.known
				m.full = ix
				return
			}
		}
		full, cached := buildWriteIndexCached(m.dir, m.file, m.root, m.columns, m.cached)
		if cached {
			writeRunMemo(m.dir, memo, filepath.Base(m.file))
		}
		full.Known = m.known
		m.full = full
	})
	return m.full
}

// writeIndexLoads counts the index loads, for the test that shows which
// runs never read the module's other files.
var writeIndexLoads atomic.Int64

// loadWriteIndexIn is the validated index of the module at root: the
// cached one brought up to date.
func loadWriteIndexIn(dir, root string, columns []string) *writeindex.Index {
	file, prev := readWriteIndex(dir, root, columns)
	return buildWriteIndex(dir, file, root, columns, prev)
}

// readWriteIndex reads the cached index of the module at root without
// checking it against the files; file is its cache file ("" without a
// cache directory).
func readWriteIndex(dir, root string, columns []string) (file string, ix *writeindex.Index) {
	if dir == "" {
		return "", nil
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s%s\x00%s\x00%s", writesMagic, toolVersion(), root, strings.Join(columns, "\x00"))
	file = filepath.Join(dir, hex.EncodeToString(h.Sum(nil))+".writes")
	if payload := readCacheFile(file, writesMagic); payload != nil {
		ix, _ = writeindex.Decode(payload)
	}
	return file, ix
}

// buildWriteIndex brings prev up to date with the module's files (reading
// only those that changed) and caches the result if it differs.
func buildWriteIndex(dir, file, root string, columns []string, prev *writeindex.Index) *writeindex.Index {
	ix, _ := buildWriteIndexCached(dir, file, root, columns, prev)
	return ix
}

// buildWriteIndexCached is buildWriteIndex, and whether the cache file
// now holds the writes of the index it returns.
func buildWriteIndexCached(dir, file, root string, columns []string, prev *writeindex.Index) (_ *writeindex.Index, cached bool) {
	ix, changed := writeindex.Build(root, columns, prev)
	if !changed {
		return ix, prev != nil && file != ""
	}
	if file != "" {
		// Files too new to trust their time are cached with none, so
		// the next process reads them again.
		cached := &writeindex.Index{Files: make(map[string]writeindex.File, len(ix.Files))}
		for rel, f := range ix.Files {
			if !settled(f.ModTime) {
				f.ModTime = -1
			}
			cached.Files[rel] = f
		}
		if payload, err := cached.Encode(); err == nil {
			return ix, writeCacheFile(dir, file, writesMagic, payload)
		}
	}
	return ix, false
}
