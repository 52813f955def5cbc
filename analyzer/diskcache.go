package analyzer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"

	"github.com/softdelete/softdelete/schema"
)

// The catalog cache lets go vet's one-process-per-package runs share the
// work of parsing the migrations: the first process writes the catalog
// under the user cache directory, keyed by the content of every schema
// file, and the others read it back. The cache is the only thing
// softdelete writes.
//
// A cache file is cacheMagic, the SHA-256 of the payload, and the payload
// (schema.Catalog.Encode). A file that is short, foreign, corrupt or does
// not decode is ignored and rewritten, never trusted.

// CacheDirEnv names the environment variable that moves the cache
// directory; "off" disables the cache.
const CacheDirEnv = "SOFTDELETE_CACHE"

const cacheMagic = "softdelete-catalog-v1\n"

// loadCatalog loads the schema that paths name, through the disk cache.
func loadCatalog(paths []string) (*schema.Catalog, error) {
	return loadCatalogIn(cacheDir(), paths)
}

func loadCatalogIn(dir string, paths []string) (*schema.Catalog, error) {
	srcs, err := schema.Sources(paths)
	if err != nil {
		return nil, err
	}
	if dir == "" {
		return schema.LoadSources(srcs), nil
	}
	file := filepath.Join(dir, cacheKey(srcs)+".catalog")
	if cat := readCachedCatalog(file); cat != nil {
		return cat, nil
	}
	cat := schema.LoadSources(srcs)
	writeCachedCatalog(dir, file, cat)
	return cat, nil
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
// every schema file's name and content, in order.
func cacheKey(srcs []schema.Source) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s%s\x00", cacheMagic, toolVersion())
	for _, s := range srcs {
		fmt.Fprintf(h, "%s\x00%s\x00%d\x00", s.Name, s.Err, len(s.Data))
		h.Write(s.Data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// toolVersion identifies the build, so that a new softdelete never reads a
// catalog an older one wrote: the module version, or for a development
// build its VCS revision, else the executable's size and time.
var toolVersion = sync.OnceValue(func() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		v := bi.Main.Version
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" || s.Key == "vcs.modified" {
				v += " " + s.Value
			}
		}
		if v != "" && v != "(devel)" {
			return v
		}
	}
	if exe, err := os.Executable(); err == nil {
		if st, err := os.Stat(exe); err == nil {
			return fmt.Sprintf("%s %d %d", exe, st.Size(), st.ModTime().UnixNano())
		}
	}
	return "unknown"
})

func readCachedCatalog(file string) *schema.Catalog {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	payload, err := verify(data)
	if err != nil {
		return nil
	}
	cat, err := schema.Decode(payload)
	if err != nil {
		return nil
	}
	return cat
}

func verify(data []byte) ([]byte, error) {
	if !bytes.HasPrefix(data, []byte(cacheMagic)) || len(data) < len(cacheMagic)+sha256.Size {
		return nil, errors.New("not a catalog cache file")
	}
	sum := data[len(cacheMagic) : len(cacheMagic)+sha256.Size]
	payload := data[len(cacheMagic)+sha256.Size:]
	if got := sha256.Sum256(payload); !bytes.Equal(got[:], sum) {
		return nil, errors.New("catalog cache file is corrupt")
	}
	return payload, nil
}

// writeCachedCatalog writes atomically: a temporary file in the same
// directory, renamed into place, so a concurrent reader sees the old file,
// the new one, or none.
func writeCachedCatalog(dir, file string, cat *schema.Catalog) {
	payload, err := cat.Encode()
	if err != nil {
		return
	}
	sum := sha256.Sum256(payload)
	tmp, err := os.CreateTemp(dir, "catalog-*.tmp")
	if err != nil {
		return
	}
	defer os.Remove(tmp.Name())
	var buf bytes.Buffer
	buf.WriteString(cacheMagic)
	buf.Write(sum[:])
	buf.Write(payload)
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return
	}
	if err := tmp.Close(); err != nil {
		return
	}
	os.Rename(tmp.Name(), file)
}
