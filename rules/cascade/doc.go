// Package cascade is the interprocedural engine of the missing-cascade
// rule: it finds, in one package at a time, the soft deletes of a parent
// table whose children no function on the way soft-deletes or deletes.
//
// A soft delete is an UPDATE, so no foreign-key action fires: the children
// of the row stay live unless the application deletes them. A child is
// handled when the function that soft-deletes the parent, or any function
// it calls, in this package or another, writes the child's table. So the
// engine groups the package's queries by the function that sends them
// (function literals count as part of the function they are in),
// computes the tables each function writes through its calls, to a fixed
// point within the package and through facts across packages, and asks
// the catalog (rules.Catalog.MissingCascade) which children each soft
// delete leaves live.
//
// Two facts carry what a package learned to the packages that import it:
//
//   - WritesFact, on an exported function that writes tables, itself or
//     through its calls, so that its callers count those tables as handled;
//   - CallerCascadesFact, on a generated query method (sqlc and the like:
//     one statement per method) that soft-deletes a parent without its
//     children. Such a method cannot cascade, so each function that calls
//     it is judged instead, with everything that function writes.
//
// Run is the entry point: the analyzer calls it once per package with the
// package's queries and the catalog, and reports the sites it is given.
// A package that sends no SQL still runs it, without a catalog, to pass
// its calls' writes on; NeedsSchema says when such a package must be
// judged all the same. The messages and the lookup of children are the
// rules package's (rules.MissingCascade, rules.Catalog.Children).
package cascade
