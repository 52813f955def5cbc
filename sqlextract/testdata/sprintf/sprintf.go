// Package sprintf exercises fmt.Sprintf with a constant format.
package sprintf

import (
	"database/sql"
	"fmt"
)

const cols = "id, email"

func f(db *sql.DB, table string, format string) {
	db.Query(fmt.Sprintf("SELECT %s FROM users WHERE deleted_at IS NULL", cols))      // want `sql: SELECT id, email FROM users WHERE deleted_at IS NULL`
	db.Query(fmt.Sprintf("SELECT id FROM %s", table))                                 // want `sql: SELECT id FROM __softdelete_dynamic_1` `dynamic`
	db.Query(fmt.Sprintf("SELECT id FROM t LIMIT %d", 10))                            // want `sql: SELECT id FROM t LIMIT 10`
	db.Query(fmt.Sprintf("SELECT id FROM t WHERE a LIKE 'x%%' AND b = %[1]v", "'y'")) // want `sql: SELECT id FROM t WHERE a LIKE 'x%' AND b = 'y'`
	db.Query(fmt.Sprintf("SELECT %s, %s FROM t", "a"))                                // want `sql: SELECT a, __softdelete_dynamic_1 FROM t` `dynamic`
	db.Query(fmt.Sprintf("SELECT %05d FROM t%", 7))                                   // want `sql: SELECT 00007 FROM t__softdelete_dynamic_1` `dynamic`
	db.Query(fmt.Sprintf(format, table))                                              // no query: unknown format

	where := fmt.Sprintf("%s.deleted_at IS NULL", "u")
	// A number the program computes is printed as some number: no SQL of its own.
	q := fmt.Sprintf("SELECT id FROM users u WHERE %s AND id = %d", where, len(table)) // want `sql: SELECT id FROM users u WHERE u.deleted_at IS NULL AND id = 0`
	db.Query(q)
	// The same number glued to a name is part of a name: not known.
	db.Query(fmt.Sprintf("SELECT id FROM part_%d", len(table))) // want `sql: SELECT id FROM part___softdelete_dynamic_1` `dynamic`
	var ids []int64
	var ratio float64
	db.Query(fmt.Sprintf("SELECT id FROM t WHERE r > %.2f AND id IN (%v)", ratio, ids)) // want `sql: SELECT id FROM t WHERE r > 0.00 AND id IN \(__softdelete_dynamic_1\)` `dynamic`
}
