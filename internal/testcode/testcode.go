// Package testcode tells test code from the code a service runs: tests
// read deleted rows on purpose (to check that a soft delete happened) and
// choose their rows as they please, so the analyzer neither reports in
// them nor judges their calls.
package testcode

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// File reports whether a file is test code: a _test.go file, or a file of
// helpers for tests compiled into its package (it imports testing).
func File(fset *token.FileSet, file *ast.File) bool {
	if strings.HasSuffix(fset.File(file.Pos()).Name(), "_test.go") {
		return true
	}
	for _, imp := range file.Imports {
		if imp.Path.Value == `"testing"` {
			return true
		}
	}
	return false
}

// Package reports whether a package is test code by Go's naming
// conventions: helpers that the tests of other packages share.
func Package(pkg *types.Package) bool {
	switch pkg.Name() {
	case "tests", "testutil", "testutils", "testhelper", "testhelpers":
		return true
	}
	return false
}
