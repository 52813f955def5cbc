// Command softdelete reports soft-delete mistakes in the SQL a Go program
// sends. It runs standalone (softdelete ./...) and as a vet tool
// (go vet -vettool=$(which softdelete) ./...).
package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis/singlechecker"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/softdelete/softdelete/analyzer"
)

// vetGCPercent is the garbage collector's target under go vet.
const vetGCPercent = 200

func main() {
	if len(os.Args) > 1 && (os.Args[1] == "explain" || os.Args[1] == "graph") {
		os.Exit(explainMain(os.Args[1], os.Args[2:], os.Stdout, os.Stderr))
	}
	if invokedByGoVet(os.Args[1:]) {
		// Nothing reads a heap profile under go vet (it has no
		// -memprofile); sampling one costs stack walks in every process.
		runtime.MemProfileRate = 0
		if os.Getenv("GOGC") == "" {
			// go vet starts one short process per package; most end
			// before a collection at a bigger heap target would have
			// been worth its cost (~8% of a package's time measured
			// with the bench harness), and peak memory stays well
			// within budget (docs/performance.md).
			debug.SetGCPercent(vetGCPercent)
		}
		// The vet protocol, with flags named -softdelete.X as go vet
		// users write them for any vet tool.
		unitchecker.Main(analyzer.Analyzer)
	}
	singlechecker.Main(analyzer.Analyzer)
}

// invokedByGoVet recognises the go command's calls: "-flags" to describe
// the flags, and a trailing *.cfg unit to analyse.
func invokedByGoVet(args []string) bool {
	if len(args) == 0 {
		return false
	}
	last := args[len(args)-1]
	return last == "-flags" || strings.HasSuffix(last, ".cfg")
}
