// Command softdelete reports soft-delete mistakes in the SQL a Go program
// sends. It runs standalone (softdelete ./...) and as a vet tool
// (go vet -vettool=$(which softdelete) ./...).
package main

import (
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/singlechecker"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/softdelete/softdelete/analyzer"
)

func main() {
	if invokedByGoVet(os.Args[1:]) {
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
