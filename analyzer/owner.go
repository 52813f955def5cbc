package analyzer

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/build"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// The schema report's owner is decided from directory listings alone (see
// ownsSchemaReport). Listing the migrations directory and walking to the
// module's first package costs a millisecond or more in every go vet
// process with SQL, so the answer is cached with the modification time of
// every directory it read: adding, removing or renaming an entry changes
// its directory's time, so the same times mean the same listings and the
// same owner, checked with a few stats.
const ownerMagic = "softdelete-owner-v2\n"

// cachedOwner is findOwner through the disk cache in dir ("" for none).
func cachedOwner(dir, root, firstPath string) string {
	if dir == "" {
		owner, _ := findOwner(root, firstPath)
		return owner
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s%s\x00%s\x00%s", ownerMagic, toolVersion(), root, firstPath)
	file := filepath.Join(dir, hex.EncodeToString(h.Sum(nil))+".owner")
	// The run's snapshot (see runMemo): once a process of this go vet
	// run has found the cached owner current, the others take it as is.
	memo := runMemo(dir, "owner\x00"+file)
	if readRunMemo(memo) == filepath.Base(file) {
		if payload := readCacheFile(file, ownerMagic); payload != nil {
			if owner, _, ok := strings.Cut(string(payload), "\n"); ok {
				return owner
			}
		}
	}
	if payload := readCacheFile(file, ownerMagic); payload != nil {
		if owner, ok := validOwner(string(payload)); ok {
			writeRunMemo(dir, memo, filepath.Base(file))
			return owner
		}
	}
	owner, read := findOwner(root, firstPath)
	for _, r := range read {
		if !settled(r.mtime) {
			return owner
		}
	}
	var b strings.Builder
	b.WriteString(owner + "\n")
	for _, r := range read {
		fmt.Fprintf(&b, "%d %s\n", r.mtime, r.dir)
	}
	if writeCacheFile(dir, file, ownerMagic, []byte(b.String())) {
		writeRunMemo(dir, memo, filepath.Base(file))
	}
	return owner
}

// validOwner returns the owner recorded in payload if every directory it
// was computed from still has the recorded modification time.
func validOwner(payload string) (string, bool) {
	owner, rest, ok := strings.Cut(payload, "\n")
	if !ok {
		return "", false
	}
	for _, line := range strings.Split(strings.TrimSuffix(rest, "\n"), "\n") {
		if line == "" {
			continue
		}
		ts, dir, ok := strings.Cut(line, " ")
		mtime, err := strconv.ParseInt(ts, 10, 64)
		if !ok || err != nil {
			return "", false
		}
		st, err := os.Stat(dir)
		if err != nil || st.ModTime().UnixNano() != mtime {
			return "", false
		}
	}
	return owner, true
}

// dirRead is a directory listing findOwner used, with the directory's
// modification time taken before reading it (a change during the read
// leaves a time that no longer matches).
type dirRead struct {
	dir   string
	mtime int64
}

// findOwner is the first directory with Go files going up from the first
// schema path to the module root, else the module's first package
// directory in lexical order; read lists the directories consulted.
func findOwner(root, first string) (owner string, read []dirRead) {
	list := func(dir string) []fs.DirEntry {
		st, err := os.Stat(dir)
		if err != nil {
			return nil
		}
		read = append(read, dirRead{dir, st.ModTime().UnixNano()})
		entries, _ := os.ReadDir(dir)
		return entries
	}
	if i := strings.IndexAny(first, "*?["); i >= 0 {
		first = filepath.Dir(first[:i])
	}
	if st, err := os.Stat(first); err != nil || !st.IsDir() {
		first = filepath.Dir(first)
	}
	for d := first; ; d = filepath.Dir(d) {
		if hasGoFiles(d, list(d)) {
			return d, read
		}
		if d == root || filepath.Dir(d) == d || !strings.HasPrefix(d, root) {
			break
		}
	}
	if found := firstPackageDir(root, root, list); found != "" {
		return found, read
	}
	return root, read
}

// firstPackageDir returns the first directory under dir, in lexical walk
// order, that holds a Go package of the module rooted at root (testdata,
// vendor, hidden and _ directories and nested modules are not part of
// it), or "".
func firstPackageDir(root, dir string, list func(string) []fs.DirEntry) string {
	entries := list(dir)
	if dir != root {
		for _, en := range entries {
			if en.Name() == "go.mod" {
				return ""
			}
		}
	}
	if hasGoFiles(dir, entries) {
		return dir
	}
	for _, en := range entries {
		name := en.Name()
		if !en.IsDir() || name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			continue
		}
		if found := firstPackageDir(root, filepath.Join(dir, name), list); found != "" {
			return found
		}
	}
	return ""
}

// hasGoFiles reports whether dir's entries include a Go file that the
// build includes: a directory whose only file is a "//go:build tools"
// list of imports is no package go vet analyses.
func hasGoFiles(dir string, entries []fs.DirEntry) bool {
	for _, en := range entries {
		n := en.Name()
		if en.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		if ok, err := build.Default.MatchFile(dir, n); err != nil || ok {
			return true
		}
	}
	return false
}
