// Package intent judges a finding on rows the caller chose with what the
// Go code around it knows about those rows.
//
// A statement that picks its rows by their unique key equal to values the
// program passes (SELECT … WHERE id = $1, UPDATE … WHERE id = ANY($1))
// acts on the rows its caller asked for. Whether those can be deleted ones
// is decided where the key comes from, not in the SQL:
//
//   - a lookup whose caller checks the row's soft-delete field before it
//     uses it (if u.DeletedAt.Valid { return ErrDeleted }) keeps to live
//     rows (missing-filter);
//   - a soft delete, or an UPDATE of the row's content (one that leaves
//     the soft-delete column alone: a save, a stamp, a counter), whose key is a field of a row the caller read live, or a
//     key the caller first passed to a filtered read (the handler loaded
//     the row live, then deletes it), does not reach a deleted row
//     (redelete, missing-filter);
//   - a DELETE whose keys are fields of rows read with the deleted-row
//     predicate (SELECT id … WHERE deleted_at < $1) purges (hard-delete).
//
// So such a finding (rules.Finding.Row.ByKey) is not reported at the SQL
// when the function that sends the statement can pass it to its callers:
// a declared function that no code of its package takes as a value (a bus
// handler, a callback: callers unknown). Each caller, in this package or,
// through DeferredFact, in the packages that import it (directly or
// through an interface method whose implementation it sees), is judged:
// silent with the evidence above; passed on again when the key is the
// caller's own parameter or the lookup is the caller's result; reported
// otherwise: at the statement, with its fix, when the caller is in the
// statement's package, else at the first such call of the caller's
// package, its other calls in the related information. A method that an
// interface of another package names may have callers, through that
// interface, in packages that do not import its own (a store wired in
// main): they cannot see the finding and are not judged, and explain says
// so; the statement alone does not show a deleted row reaching it. An
// unexported function that nothing calls is dead code: its finding is not
// reported. Calls in test code are not judged: tests choose rows as they
// please. Test code is a _test.go file, a file of test helpers (it imports
// package testing), or a package of them (named tests or testutil).
//
// ReadsFact carries which soft-delete tables a function returns rows of,
// read live or deleted only (its own SELECTs, the functions whose results
// it returns, a lookup it checks), so that the evidence crosses packages.
// A function of the package whose results are built from its parameters
// (return &view{Row: *row}) is a wrapper: what it returns holds the rows
// of the arguments it wraps.
//
// `softdelete explain` lists every finding judged here with what was
// decided and why.
package intent
