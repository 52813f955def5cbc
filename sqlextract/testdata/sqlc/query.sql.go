package sqlc

import (
	"context"
)

const getUser = /* want `sql: -- name: GetUser :one SELECT id, email FROM users WHERE id = \$1 AND deleted_at IS NULL` */ `-- name: GetUser :one
SELECT id, email FROM users
WHERE id = $1 AND deleted_at IS NULL
`

type User struct {
	ID    int64
	Email string
}

func (q *Queries) GetUser(ctx context.Context, id int64) (User, error) {
	row := q.db.QueryRowContext(ctx, getUser, id)
	var i User
	err := row.Scan(&i.ID, &i.Email)
	return i, err
}

const softDeleteUser = /* want `sql: -- name: SoftDeleteUser :exec UPDATE users SET deleted_at = now\(\) WHERE id = \$1` */ `-- name: SoftDeleteUser :exec
UPDATE users SET deleted_at = now() WHERE id = $1`

func (q *Queries) SoftDeleteUser(ctx context.Context, id int64) error {
	_, err := q.db.ExecContext(ctx, softDeleteUser, id)
	return err
}

const listUsers = "-- name: ListUsers :many\nSELECT id FROM users WHERE deleted_at IS NULL" // want `sql: -- name: ListUsers :many SELECT id FROM users WHERE deleted_at IS NULL`

func (q *Queries) ListUsers(ctx context.Context) error {
	rows, err := q.db.QueryContext(ctx, listUsers)
	if err != nil {
		return err
	}
	return rows.Close()
}

type PgxQueries struct{ db PgxDBTX }

const pgxDelete = "-- name: HardDelete :exec\nDELETE FROM users WHERE id = $1" // want `sql: -- name: HardDelete :exec DELETE FROM users WHERE id = \$1`

func (q *PgxQueries) HardDelete(ctx context.Context, id int64) error {
	_, err := q.db.Exec(ctx, pgxDelete, id)
	return err
}
