package analyzer

import (
	"fmt"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/softdelete/softdelete/sqlextract"
)

// checkFunctionConfig warns, once per run, about functions: entries that
// name nothing, since such a sink is silently never seen. An entry can be
// checked where its package is: when the package analysed is it or
// imports it, the member must exist; when it names a package of the
// module, that package's directory must exist.
func checkFunctionConfig(pass *analysis.Pass, env *environment) {
	for i, f := range env.cfg.Functions {
		if msg := functionConfigProblem(pass, env.root, f.Func); msg != "" {
			warnOnce(fmt.Sprintf("softdelete: config functions[%d].func %q %s, so no SQL is read from it", i, f.Func, msg))
		}
	}
}

func functionConfigProblem(pass *analysis.Pass, root, name string) string {
	// The package it names, if this one is it or imports it (the longest
	// path wins: example.com/db.v2.Query is in example.com/db.v2).
	var pkg *types.Package
	var member string
	for _, p := range append([]*types.Package{pass.Pkg}, pass.Pkg.Imports()...) {
		if m, ok := sqlextract.SinkMember(name, p.Path()); ok && (pkg == nil || len(p.Path()) > len(pkg.Path())) {
			pkg, member = p, m
		}
	}
	if pkg != nil {
		if declares(pkg, member) {
			return ""
		}
		msg := fmt.Sprintf("matches no function or method of %s", pkg.Path())
		if near := nearMembers(pkg, member); len(near) > 0 {
			msg += " (did you mean " + strings.Join(near, " or ") + "?)"
		}
		return msg
	}
	path, member := sqlextract.SplitSinkName(name)
	if member == "" {
		return "names no function (write it as import/path.Func or import/path.(*Type).Method)"
	}
	if pass.Module != nil && pass.Module.Path != "" && root != "" {
		mod := pass.Module.Path
		if rel, ok := strings.CutPrefix(path, mod); ok && (rel == "" || rel[0] == '/') {
			if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(rel))); err != nil {
				return fmt.Sprintf("names package %s, which module %s does not have", path, mod)
			}
		}
	}
	return ""
}

// declares reports whether pkg has the function "F" or the method "T.M".
func declares(pkg *types.Package, member string) bool {
	typ, method, isMethod := strings.Cut(member, ".")
	obj := pkg.Scope().Lookup(typ)
	if !isMethod {
		_, ok := obj.(*types.Func)
		return ok
	}
	tn, ok := obj.(*types.TypeName)
	if !ok {
		return false
	}
	m, _, _ := types.LookupFieldOrMethod(tn.Type(), true, pkg, method)
	_, ok = m.(*types.Func)
	return ok
}

// nearMembers lists the functions and methods of pkg spelled like member
// but for case, or with its last name, in the form the config takes.
func nearMembers(pkg *types.Package, member string) []string {
	last := member[strings.LastIndexByte(member, '.')+1:]
	var near []string
	add := func(m string) {
		if strings.EqualFold(m, member) || m[strings.LastIndexByte(m, '.')+1:] == last {
			near = append(near, pkg.Path()+"."+m)
		}
	}
	scope := pkg.Scope()
	for _, n := range scope.Names() {
		switch obj := scope.Lookup(n).(type) {
		case *types.Func:
			add(n)
		case *types.TypeName:
			ms := types.NewMethodSet(types.NewPointer(obj.Type()))
			if types.IsInterface(obj.Type()) {
				ms = types.NewMethodSet(obj.Type())
			}
			for i := 0; i < ms.Len(); i++ {
				add(n + "." + ms.At(i).Obj().Name())
			}
		}
	}
	sort.Strings(near)
	if len(near) > 3 {
		near = near[:3]
	}
	return near
}
