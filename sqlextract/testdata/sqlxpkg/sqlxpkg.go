// Package sqlxpkg exercises the sqlx sinks and transforms.
package sqlxpkg

import (
	"context"

	"github.com/jmoiron/sqlx"
)

type user struct{ ID int }

func methods(ctx context.Context, db *sqlx.DB, tx *sqlx.Tx, conn *sqlx.Conn) {
	var dest []user
	var u user
	db.Select(&dest, "SELECT id FROM a")                              // want `sql: SELECT id FROM a`
	db.Get(&u, "SELECT id FROM b WHERE id = ?", 1)                    // want `sql: SELECT id FROM b WHERE id = \?`
	db.Queryx("SELECT id FROM c")                                     // want `sql: SELECT id FROM c`
	db.QueryRowx("SELECT id FROM d")                                  // want `sql: SELECT id FROM d`
	db.MustExec("DELETE FROM e")                                      // want `sql: DELETE FROM e`
	db.NamedExec("UPDATE f SET x = :x", map[string]any{"x": 1})       // want `sql: UPDATE f SET x = :x`
	db.NamedQuery("SELECT id FROM g WHERE x = :x", u)                 // want `sql: SELECT id FROM g WHERE x = :x`
	db.Preparex("SELECT id FROM h")                                   // want `sql: SELECT id FROM h`
	db.PrepareNamed("SELECT id FROM i")                               // want `sql: SELECT id FROM i`
	db.SelectContext(ctx, &dest, "SELECT id FROM j")                  // want `sql: SELECT id FROM j`
	db.GetContext(ctx, &u, "SELECT id FROM k")                        // want `sql: SELECT id FROM k`
	tx.QueryxContext(ctx, "SELECT id FROM l")                         // want `sql: SELECT id FROM l`
	tx.NamedExecContext(ctx, "UPDATE m SET x = :x", u)                // want `sql: UPDATE m SET x = :x`
	conn.QueryRowxContext(ctx, "SELECT id FROM n")                    // want `sql: SELECT id FROM n`
	conn.SelectContext(ctx, &dest, "SELECT id FROM o")                // want `sql: SELECT id FROM o`
	db.QueryContext(ctx, "SELECT id FROM promoted")                   // want `sql: SELECT id FROM promoted`
	tx.Exec("DELETE FROM promotedtx")                                 // want `sql: DELETE FROM promotedtx`
	db.Select(&dest, db.Rebind("SELECT id FROM rebind WHERE id = ?")) // want `sql: SELECT id FROM rebind WHERE id = \?`
}

func funcs(ctx context.Context, db *sqlx.DB, ids []int) error {
	var dest []user
	sqlx.Select(db, &dest, "SELECT id FROM p")                           // want `sql: SELECT id FROM p`
	sqlx.Get(db, &dest, "SELECT id FROM q")                              // want `sql: SELECT id FROM q`
	sqlx.SelectContext(ctx, db, &dest, "SELECT id FROM r")               // want `sql: SELECT id FROM r`
	sqlx.GetContext(ctx, db, &dest, "SELECT id FROM s")                  // want `sql: SELECT id FROM s`
	sqlx.NamedExec(db, "DELETE FROM t WHERE id = :id", dest)             // want `sql: DELETE FROM t WHERE id = :id`
	sqlx.NamedQuery(db, "SELECT id FROM u WHERE id = :id", dest)         // want `sql: SELECT id FROM u WHERE id = :id`
	sqlx.MustExec(db, "UPDATE v SET x = 1")                              // want `sql: UPDATE v SET x = 1`
	sqlx.Preparex(db, "SELECT id FROM w")                                // want `sql: SELECT id FROM w`
	sqlx.NamedExecContext(ctx, db, "DELETE FROM x WHERE id = :id", dest) // want `sql: DELETE FROM x WHERE id = :id`

	// sqlx.In and Rebind return the query: the text is the literal's.
	query, args, err := sqlx.In("SELECT id FROM users WHERE id IN (?)", ids) // want `sql: SELECT id FROM users WHERE id IN \(\?\)`
	if err != nil {
		return err
	}
	query = db.Rebind(query)
	return db.Select(&dest, query, args...)
}

// Interfaces of sqlx have the shape of sinks.
func ext(e sqlx.Ext, q sqlx.QueryerContext, ctx context.Context) {
	e.Query("SELECT id FROM ext")              // want `sql: SELECT id FROM ext`
	e.Exec("DELETE FROM ext")                  // want `sql: DELETE FROM ext`
	q.QueryxContext(ctx, "SELECT id FROM qxc") // want `sql: SELECT id FROM qxc`
}

// DB is what a store keeps of its connection: *sqlx.DB or *sqlx.Tx.
type DB interface {
	sqlx.ExtContext
	Rebind(query string) string
	BindNamed(query string, arg any) (string, []any, error)
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}

// Transforms through the interface keep the query.
func iface(ctx context.Context, db DB) error {
	var dest []user
	if err := db.SelectContext(ctx, &dest, db.Rebind("SELECT id FROM irebind WHERE id = ?"), 1); err != nil { // want `sql: SELECT id FROM irebind WHERE id = \?`
		return err
	}
	q, args, err := db.BindNamed("SELECT id FROM ibind WHERE id = :id", map[string]any{"id": 1}) // want `sql: SELECT id FROM ibind WHERE id = :id`
	if err != nil {
		return err
	}
	return db.SelectContext(ctx, &dest, q, args...)
}
