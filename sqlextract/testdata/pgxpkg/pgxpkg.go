// Package pgxpkg exercises the pgx sinks.
package pgxpkg

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

func sinks(ctx context.Context, conn *pgx.Conn, pool *pgxpool.Pool, pc *pgxpool.Conn, ptx *pgxpool.Tx, tx pgx.Tx, b *pgx.Batch) {
	conn.Query(ctx, "SELECT id FROM a")                                           // want `sql: SELECT id FROM a`
	conn.QueryRow(ctx, "SELECT id FROM b WHERE id = @id", pgx.NamedArgs{"id": 1}) // want `sql: SELECT id FROM b WHERE id = @id`
	conn.Exec(ctx, "DELETE FROM c")                                               // want `sql: DELETE FROM c`
	conn.Prepare(ctx, "stmt_name", "SELECT id FROM d")                            // want `sql: SELECT id FROM d`
	pool.Query(ctx, "SELECT id FROM e")                                           // want `sql: SELECT id FROM e`
	pool.QueryRow(ctx, "SELECT id FROM f")                                        // want `sql: SELECT id FROM f`
	pool.Exec(ctx, "UPDATE g SET x = 1")                                          // want `sql: UPDATE g SET x = 1`
	pc.Query(ctx, "SELECT id FROM h")                                             // want `sql: SELECT id FROM h`
	ptx.Exec(ctx, "DELETE FROM i")                                                // want `sql: DELETE FROM i`
	tx.Query(ctx, "SELECT id FROM j")                                             // want `sql: SELECT id FROM j`
	tx.Exec(ctx, "DELETE FROM k")                                                 // want `sql: DELETE FROM k`
	b.Queue("UPDATE l SET deleted_at = now()")                                    // want `sql: UPDATE l SET deleted_at = now\(\)`
	conn.SendBatch(ctx, b)
}
