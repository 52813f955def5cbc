package schema

import (
	"fmt"
	"io/fs"
	"path"
)

// LoadFS builds the catalog from the *.sql files of the directory dir of
// fsys (not recursively), in the order Load applies a directory's files:
// for migrations embedded in a program (go:embed), where the analysis
// must read nothing but its declared inputs (Bazel's nogo). Source names,
// and so positions, are slash paths inside fsys.
func LoadFS(fsys fs.FS, dir string) (*Catalog, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("schema directory %s: %w", dir, err)
	}
	var files []string
	for _, e := range entries {
		if e.Type().IsRegular() && isSQL(e.Name()) {
			files = append(files, path.Join(dir, e.Name()))
		}
	}
	files = dropPairedDowns(files)
	sortFiles(files)
	srcs := make([]Source, 0, len(files))
	for _, f := range files {
		data, err := readFileFS(fsys, f)
		if err != nil {
			srcs = append(srcs, Source{Name: f, Err: err.Error()})
			continue
		}
		srcs = append(srcs, Source{Name: f, Data: data})
	}
	return LoadSources(srcs), nil
}

func readFileFS(fsys fs.FS, name string) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if info.Size() > maxFileBytes {
		return nil, fmt.Errorf("%s: schema file too large (%d bytes)", name, info.Size())
	}
	return fs.ReadFile(fsys, name)
}
