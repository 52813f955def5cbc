// Package cascade is the interprocedural engine of the missing-cascade
// rule: it finds, in one package at a time, the soft deletes of a parent
// table whose children no function on the way soft-deletes or deletes.
//
// A soft delete is an UPDATE, so no foreign-key action fires: the children
// of the row stay live unless the application deletes them. A child is
// handled when the function that soft-deletes the parent, or any function
// it calls, in this package or another, writes the child rows tied to the
// parent (rules.Write.Keys, rules.HandlesChild), or checks that there are
// none. So the engine groups the package's queries by the function that
// sends them (function literals count as part of the function they are
// in), computes what each function writes and checks through its calls,
// to a fixed point within the package and through facts across packages,
// and asks the catalog (rules.Checker.MissingCascade) which children each
// soft delete leaves live. A call of an interface method counts as a call
// of each implementation the engine has seen: the package's own methods,
// and other packages' methods that carry a fact.
//
// Three facts carry what a package learned to the packages that import it:
//
//   - WritesFact, on an exported function that writes rows, itself or
//     through its calls, so that its callers count them as handled;
//   - ChecksFact, on an exported function that checks whether rows exist,
//     so that a caller that checks a parent's children through it before
//     the soft delete counts them as handled;
//   - CallerCascadesFact, on a function whose only write is the soft delete
//     of a parent without its children (a store method, or a generated
//     query method). Such a function cannot cascade, so each function that
//     calls it, directly or through an interface, is judged instead, with
//     everything that function writes.
//
// Run is the entry point: the analyzer calls it once per package with the
// package's queries and the catalog, and reports the sites it is given.
// A package that sends no SQL still runs it, without a catalog, to pass
// its calls' writes on; NeedsSchema says when such a package must be
// judged all the same. The messages and the lookup of children are the
// rules package's (rules.MissingCascade, rules.Checker.Children).
package cascade
