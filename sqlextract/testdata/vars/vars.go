// Package vars exercises constants, concatenation and local variables.
package vars

import (
	"database/sql"
	"strings"
)

const (
	cols  = "id, email"
	table = "users"
	base  = "SELECT " + cols + " FROM " + table // want `sql: SELECT id, email FROM users WHERE deleted_at IS NULL`
)

// SQL is a named string type.
type SQL string

const typed SQL = "SELECT 1 FROM typed" // want `sql: SELECT 1 FROM typed`

func constants(db *sql.DB) {
	db.Query(base + " WHERE deleted_at IS NULL")
	db.Query(string(typed))
	const local = "DELETE FROM local" // want `sql: DELETE FROM local`
	db.Exec(local)
}

func concat(db *sql.DB) {
	db.Query("SELECT id " + "FROM users " + ("WHERE deleted_at IS NULL")) // want `sql: SELECT id FROM users WHERE deleted_at IS NULL`
}

func plusEq(db *sql.DB, active bool, name string) {
	q := "SELECT id FROM users WHERE true" // want `sql: SELECT id FROM users WHERE true AND deleted_at IS NULL AND name = __softdelete_dynamic_1` `dynamic`
	if active {
		q += " AND deleted_at IS NULL"
	}
	q += " AND name = " + name
	db.Query(q)
	q += " LIMIT 1" // after the call: not part of it
}

func varDecl(db *sql.DB) {
	var q = "SELECT id FROM v" // want `sql: SELECT id FROM v WHERE x`
	q = q + " WHERE " + "x"
	db.Query(q)
}

func zeroThenSet(db *sql.DB) {
	var q string
	q = "SELECT id FROM zero" // want `sql: SELECT id FROM zero`
	db.Query(q)
}

func straightReassign(db *sql.DB) {
	q := "SELECT id FROM first"
	q = "SELECT id FROM second" // want `sql: SELECT id FROM second`
	db.Query(q)
}

func twoAssignments(db *sql.DB, a bool) {
	var q string
	if a {
		q = "SELECT id FROM a" // want `sql: SELECT id FROM a`
	} else {
		q = "SELECT id FROM b" // want `sql: SELECT id FROM b`
	}
	db.Query(q) // the query of each path is judged
}

func assignInBranch(db *sql.DB, a bool) {
	q := "SELECT id FROM a" // want `sql: SELECT id FROM a`
	if a {
		q = "SELECT id FROM b" // want `sql: SELECT id FROM b`
	}
	db.Query(q) // the query of each path is judged
}

func closure(db *sql.DB) {
	q := "SELECT id FROM captured"
	func() { q += " WHERE x" }()
	db.Query(q) // no query: a closure may change q
}

func addressTaken(db *sql.DB) {
	q := "SELECT id FROM addr"
	p := &q
	*p += " WHERE x"
	db.Query(q) // no query
}

func inClosure(db *sql.DB) {
	go func() {
		q := "SELECT id FROM inner" // want `sql: SELECT id FROM inner`
		db.Query(q)
	}()
}

func unknown(db *sql.DB, r interface{ Query() string }) {
	db.Query(r.Query()) // no query: entirely unknown
	q, _ := pair()      // first of a multi-value call: the function's result
	db.Query(q)
	var s struct{ q string }
	db.Query(s.q)
}

func pair() (string, error) { return "SELECT 1", nil } // want `sql: SELECT 1`

var pkgQuery = "SELECT id FROM pkgvar" // want `sql: SELECT id FROM pkgvar`

var reassigned = "SELECT id FROM reassigned"

func init() { reassigned = "SELECT id FROM other" }

func packageVars(db *sql.DB) {
	db.Query(pkgQuery)
	db.Query(reassigned) // no query
}

func invalidUTF8(db *sql.DB) {
	db.Query("SELECT '\xff' FROM bytes") // want `sql: SELECT '.' FROM bytes`
	db.Query("SELECT '%s' FROM pct")     // want `sql: SELECT '%s' FROM pct`
}

func selfRef(db *sql.DB) {
	q := "SELECT id FROM self" // want `sql: SELECT id FROM selfSELECT id FROM self`
	q += q
	db.Query(q)
}

func capturedReadOnly(db *sql.DB) {
	q := "SELECT id FROM readonly" // want `sql: SELECT id FROM readonly`
	go func() {
		db.Query(q)
	}()
}

func readInClosureAfterReassign(db *sql.DB) {
	q := "SELECT id FROM early"
	run := func() { db.Query(q) } // no query: runs after the reassignment
	q = "SELECT id FROM late"
	run()
}

func loggedByClosure(db *sql.DB, query string) { // want loggedByClosure:"sqlwrapper\\(1\\)"
	defer func() { println(query) }()
	query = strings.TrimSpace(query)
	db.Query(query)
}

func callsLogged(db *sql.DB) {
	loggedByClosure(db, " SELECT id FROM logged ") // want `sql: SELECT id FROM logged`
}

// An append in a block that returns does not reach the sends after it:
// each send is read as what runs on its path.
func earlyReturn(db *sql.DB, all bool) {
	q := `SELECT id FROM early` // want `sql: SELECT id FROM early WHERE live` `sql: SELECT id FROM early$`
	if !all {
		q += ` WHERE live`
		db.Query(q)
		return
	}
	db.Query(q)
}
