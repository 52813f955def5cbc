// Package positions is checked byte by byte by TestPositions.
package positions

import "database/sql"

const filter = "deleted_at IS NULL"

func f(db *sql.DB) {
	db.Query( /* want `sql: SELECT id FROM users u JOIN orders o ON o.user_id = u.id WHERE u.deleted_at IS NULL` */ `SELECT id
	FROM users u
		JOIN orders o ON o.user_id = u.id
	WHERE u.deleted_at IS NULL`)
	db.Query("SELECT \"id\",\t\"name\" FROM \x75sers WHERE x = '\u00e9' AND deleted_at IS NULL") // want `sql: SELECT "id", "name" FROM users WHERE x = 'é' AND deleted_at IS NULL`
	db.Query("SELECT id FROM orders" +                                                           // want `sql: SELECT id FROM orders WHERE deleted_at IS NULL`
		" WHERE " +
		filter)
}
