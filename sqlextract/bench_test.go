package sqlextract

import (
	"os"
	"testing"

	gopackages "golang.org/x/tools/go/packages"
)

// BenchmarkExtractBuilders extracts the queries of the builder test
// module (squirrel, goqu, bun, gorm chains and models), its packages
// loaded and type-checked once: the cost of interpretation and rendering
// alone. Facts of other packages are not available, as in a package
// analysed on its own.
func BenchmarkExtractBuilders(b *testing.B) {
	cfg := &gopackages.Config{
		Mode: gopackages.NeedName | gopackages.NeedFiles | gopackages.NeedSyntax | gopackages.NeedTypes | gopackages.NeedTypesInfo,
		Dir:  "../testdata/builders",
	}
	pkgs, err := gopackages.Load(cfg, "./...")
	if err != nil {
		b.Fatal(err)
	}
	var units []*unit
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			b.Fatalf("%s: %v", p.PkgPath, p.Errors)
		}
		units = append(units, &unit{fset: p.Fset, files: p.Syntax, pkg: p.Types, info: p.TypesInfo, readFile: os.ReadFile})
	}
	n := 0
	for _, u := range units {
		qs, _, _ := extract(u, Options{})
		n += len(qs)
	}
	if n == 0 {
		b.Fatal("no queries")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, u := range units {
			extract(u, Options{})
		}
	}
}
