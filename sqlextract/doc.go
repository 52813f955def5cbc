// Package sqlextract finds the SQL text that a Go package sends to a
// database, and maps every byte of that text back to its position in the
// Go source.
//
// It knows nothing of rules or schemas. Given an [analysis.Pass], [Extract]
// returns one [Query] per call that sends SQL:
//
//   - calls to the known sinks of database/sql, github.com/jmoiron/sqlx,
//     github.com/jackc/pgx/v5 and its pgxpool, matched by type (through
//     pointers, aliases and promoted methods), never by variable name;
//   - calls to methods of any interface whose method name and signature
//     have the shape of one of those sinks (sqlc's DBTX, sqlx.Queryer, ...);
//   - calls to user-configured sinks ([Options.ExtraSinks]);
//   - calls to wrappers: functions that pass one of their string
//     parameters straight to a sink. Wrappers are found to a fixed point
//     within a package and exported as [WrapperFact]s so that callers in
//     other packages see them too.
//
// The SQL argument is resolved statically: string literals, constants,
// concatenations, conversions, local variables built with := and +=,
// package-level variables that are never reassigned, and fmt.Sprintf with
// a constant format. What cannot be known is replaced by an opaque
// identifier (OpaquePrefix followed by a number), so the text still parses
// as SQL. A call whose SQL argument is entirely unknown produces no Query.
//
// [Query.Pos] maps a byte offset in the text to the exact token.Pos of the
// byte in the Go string literal it came from, through escapes, raw strings,
// concatenations and constants declared elsewhere in the package, so that
// diagnostics can point inside the literal.
package sqlextract
