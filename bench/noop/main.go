// Command noop is the floor softdelete is measured against: a vet tool
// whose analyzer declares a fact type (so go vet runs it on every
// dependency, as it does softdelete) and does nothing.
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
)

type nothing struct{}

func (*nothing) AFact()         {}
func (*nothing) String() string { return "nothing" }

var analyzer = &analysis.Analyzer{
	Name:      "noop",
	Doc:       "does nothing, at the cost of a cross-package analyzer",
	FactTypes: []analysis.Fact{new(nothing)},
	Run:       func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { unitchecker.Main(analyzer) }
