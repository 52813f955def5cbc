package pgxstore

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

func Users(ctx context.Context, pool *pgxpool.Pool) (pgx.Rows, error) {
	return pool.Query(ctx, "SELECT id FROM users WHERE email = @email", pgx.NamedArgs{"email": "a"}) // want `users is a soft-delete table \(deleted_at\)`
}

func LiveUsers(ctx context.Context, conn *pgx.Conn) pgx.Row { // want LiveUsers:`reads\(live: users; deleted: \)`
	return conn.QueryRow(ctx, "SELECT id FROM users WHERE email = @email AND deleted_at IS NULL", pgx.NamedArgs{"email": "a"})
}

func InTx(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, "UPDATE orders SET total = 0 WHERE user_id = $1", 1) // want `orders is a soft-delete table \(is_deleted\) but this UPDATE`
	return err
}

func Batch(b *pgx.Batch) {
	b.Queue("SELECT id FROM orders WHERE user_id = $1", 1) // want `orders is a soft-delete table`
}
