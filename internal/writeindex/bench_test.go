package writeindex

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkScanFile scans every Go and SQL file of the repository's test
// modules (query builders, ORM models, migrations): the per-file cost of
// a module-wide Build, without the file system.
func BenchmarkScanFile(b *testing.B) {
	type file struct {
		name string
		data []byte
	}
	var files []file
	root := filepath.Join("..", "..", "testdata")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !indexed(d.Name()) {
			return err
		}
		data, err := os.ReadFile(path)
		files = append(files, file{d.Name(), data})
		return err
	})
	if err != nil || len(files) == 0 {
		b.Fatalf("reading %s: %v (%d files)", root, err, len(files))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		writes := 0
		for _, f := range files {
			writes += len(ScanFile(f.name, f.data, defaultColumns))
		}
		if writes == 0 {
			b.Fatal("no soft-delete writes found in the testdata files")
		}
	}
}
