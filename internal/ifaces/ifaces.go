// Package ifaces finds the methods a call of an interface method may run,
// among those an analysis can see: the package's own methods and the
// methods of other packages that carry one of the analysis's facts (the
// only ones that matter to it). An implementation in a package the
// caller does not import, directly or not, is not seen.
package ifaces

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Implementations resolves interface method calls for one pass.
type Implementations struct {
	pass     *analysis.Pass
	relevant func(analysis.Fact) bool
	byName   map[string][]*types.Func
	imported bool
	results  map[*types.Func][]*types.Func
}

// New indexes the package's methods local (the functions among them
// without a receiver are skipped) and, on the first interface call, the
// methods of other packages with a fact relevant says matters.
func New(pass *analysis.Pass, local []*types.Func, relevant func(analysis.Fact) bool) *Implementations {
	im := &Implementations{pass: pass, relevant: relevant, byName: map[string][]*types.Func{}, results: map[*types.Func][]*types.Func{}}
	seen := map[*types.Func]bool{}
	for _, fn := range local {
		if fn == nil || seen[fn] || fn.Signature().Recv() == nil || IsInterfaceMethod(fn) {
			continue
		}
		seen[fn] = true
		im.byName[fn.Name()] = append(im.byName[fn.Name()], fn)
	}
	return im
}

// Of returns the implementations of fn when it is an interface method of
// a package outside the standard library, else nil.
func (im *Implementations) Of(fn *types.Func) []*types.Func {
	if !IsInterfaceMethod(fn) || Standard(im.pass, fn.Pkg()) {
		return nil
	}
	if r, ok := im.results[fn]; ok {
		return r
	}
	if !im.imported { // facts of other packages, read on the first interface call
		im.imported = true
		seen := map[*types.Func]bool{}
		for _, f := range im.pass.AllObjectFacts() {
			m, ok := f.Object.(*types.Func)
			if !ok || seen[m] || m.Pkg() == im.pass.Pkg || m.Signature().Recv() == nil || !im.relevant(f.Fact) {
				continue
			}
			seen[m] = true
			im.byName[m.Name()] = append(im.byName[m.Name()], m)
		}
	}
	iface, _ := fn.Signature().Recv().Type().Underlying().(*types.Interface)
	var out []*types.Func
	for _, m := range im.byName[fn.Name()] {
		recv := m.Signature().Recv().Type()
		if iface != nil && (types.Implements(recv, iface) || !isPointer(recv) && types.Implements(types.NewPointer(recv), iface)) {
			out = append(out, m)
		}
	}
	im.results[fn] = out
	return out
}

// Standard reports whether pkg is the universe (error) or, by its path,
// the standard library: no store implements its interfaces (io.Writer,
// context.Context), and most interface calls are to them.
func Standard(pass *analysis.Pass, pkg *types.Package) bool {
	if pkg == nil {
		return true
	}
	path := pkg.Path()
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".") && pass.Module != nil && pass.Module.Path != "" &&
		path != pass.Module.Path && !strings.HasPrefix(path, pass.Module.Path+"/")
}

// IsInterfaceMethod reports whether fn is a method of an interface type.
func IsInterfaceMethod(fn *types.Func) bool {
	recv := fn.Signature().Recv()
	return recv != nil && types.IsInterface(recv.Type())
}

func isPointer(t types.Type) bool {
	_, ok := t.(*types.Pointer)
	return ok
}

// Foreign returns the name (pkg.Name) of an interface declared in a
// package the pass's package imports (not the standard library's) that
// names method m and that m's receiver implements, or "": calls through
// that interface may be in packages that do not import m's, which no
// fact of m's package reaches.
func Foreign(pass *analysis.Pass, m *types.Func) string {
	recv := m.Signature().Recv()
	if recv == nil {
		return ""
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	ptr := types.NewPointer(t)
	for _, imp := range pass.Pkg.Imports() {
		if Standard(pass, imp) {
			continue
		}
		scope := imp.Scope()
		for _, name := range scope.Names() {
			tn, ok := scope.Lookup(name).(*types.TypeName)
			if !ok {
				continue
			}
			iface, ok := tn.Type().Underlying().(*types.Interface)
			if !ok || iface.NumMethods() == 0 {
				continue
			}
			has := false
			for i := 0; i < iface.NumMethods(); i++ {
				if iface.Method(i).Name() == m.Name() {
					has = true
					break
				}
			}
			if has && (types.Implements(t, iface) || types.Implements(ptr, iface)) {
				return imp.Name() + "." + name
			}
		}
	}
	return ""
}
