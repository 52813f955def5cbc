package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/softdelete/softdelete/analyzer"
)

// BenchmarkShop runs the analyzer over the sample module: extraction,
// parsing (cached after the first iteration, as in one golangci-lint
// process), rules and reporting for nine packages, loading excluded.
func BenchmarkShop(b *testing.B) {
	dir := testdata(b)
	a := analyzer.New()
	want := -1
	for b.Loop() {
		n := 0
		for _, r := range analysistest.Run(quiet{}, dir, a, "./store") {
			n += len(r.Diagnostics)
		}
		if n == 0 || (want >= 0 && n != want) {
			b.Fatalf("%d findings, want the same non-zero count in every iteration (first: %d)", n, want)
		}
		want = n
	}
}

// quiet discards analysistest's complaints: the benchmark measures, the
// tests judge.
type quiet struct{}

func (quiet) Errorf(string, ...any) {}
