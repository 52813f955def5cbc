package sqlxstore

import (
	"context"

	"github.com/jmoiron/sqlx"

	"example.com/shop/dbx"
)

type User struct {
	ID    int64  `db:"id"`
	Email string `db:"email"`
}

func Users(ctx context.Context, db *sqlx.DB) ([]User, error) {
	var out []User
	err := db.SelectContext(ctx, &out, "SELECT id, email FROM users WHERE name = ?", "x") // want `users is a soft-delete table \(deleted_at\)`
	return out, err
}

func User1(db *sqlx.DB, id int64) (User, error) { // want User1:`reads\(live: users; deleted: \)`
	var u User
	err := db.Get(&u, "SELECT id, email FROM users WHERE id = ? AND deleted_at IS NULL", id)
	return u, err
}

func Named(db *sqlx.DB, u User) error { // want Named:`deferred\(missing-filter users sqlxstore/sqlxstore.go:29\[1\]\)`
	_, err := db.NamedExec("UPDATE users SET email = :email WHERE id = :id", u)
	return err
}

func Tx(tx *sqlx.Tx) error {
	var ids []int64
	return sqlx.Select(tx, &ids, "SELECT o.id FROM orders o WHERE o.user_id = $1", 1) // want `orders is a soft-delete table \(is_deleted\)`
}

// A wrapper from another package is a sink too (facts).
func ViaWrapper(ctx context.Context, d *dbx.DB) {
	d.Query(ctx, "SELECT id FROM users WHERE email = $1", "a@b") // want `users is a soft-delete table \(deleted_at\)`
	d.Must(ctx, "SELECT id FROM users WHERE email = $1 AND deleted_at IS NULL", "a@b")
}

// A constant from another package is reported at the argument that sends it.
func OtherPackageConstant(db *sqlx.DB) {
	db.Queryx(dbx.OrdersOfUser, 1) // want `orders is a soft-delete table \(is_deleted\)`
}
