// Package dbsql exercises the database/sql sinks.
package dbsql

import (
	"context"
	"database/sql"
	"fmt"
)

// Store embeds *sql.DB: its promoted methods are sinks too.
type Store struct{ *sql.DB }

// DB is an alias: methods resolve to *sql.DB's.
type DB = sql.DB

func sinks(ctx context.Context, db *sql.DB, tx *sql.Tx, conn *sql.Conn, s Store, alias *DB) {
	db.Query("SELECT 1 FROM a")                     // want `sql: SELECT 1 FROM a`
	db.QueryRow("SELECT 1 FROM b WHERE id = $1", 1) // want `sql: SELECT 1 FROM b WHERE id = \$1`
	db.Exec("DELETE FROM c")                        // want `sql: DELETE FROM c`
	db.Prepare("SELECT 1 FROM d")                   // want `sql: SELECT 1 FROM d`
	db.QueryContext(ctx, "SELECT 1 FROM e")         // want `sql: SELECT 1 FROM e`
	db.QueryRowContext(ctx, "SELECT 1 FROM f")      // want `sql: SELECT 1 FROM f`
	db.ExecContext(ctx, "UPDATE g SET x = 1")       // want `sql: UPDATE g SET x = 1`
	db.PrepareContext(ctx, "SELECT 1 FROM h")       // want `sql: SELECT 1 FROM h`
	tx.Query("SELECT 1 FROM i")                     // want `sql: SELECT 1 FROM i`
	tx.ExecContext(ctx, "INSERT INTO j VALUES (1)") // want `sql: INSERT INTO j VALUES \(1\)`
	conn.QueryContext(ctx, "SELECT 1 FROM k")       // want `sql: SELECT 1 FROM k`
	s.Query("SELECT 1 FROM promoted")               // want `sql: SELECT 1 FROM promoted`
	alias.Exec("DELETE FROM aliased")               // want `sql: DELETE FROM aliased`
	(*sql.DB).Query(db, "SELECT 1 FROM methodexpr") // want `sql: SELECT 1 FROM methodexpr`

	// Not sinks, or not statically known.
	db.Ping()
	f := db.Query // method values are not followed
	f("SELECT 1 FROM methodvalue")
	args := []any{1}
	db.Query(query(args), args...)
	db.Query(constQuery(), args...) // want `sql: SELECT 1`
}

func query(args []any) string { return "SELECT " + fmt.Sprint(len(args)) } // want `sql: SELECT __softdelete_dynamic_1` `dynamic`

// A function of the package that returns a constant is followed.
func constQuery() string { return "SELECT 1" }
