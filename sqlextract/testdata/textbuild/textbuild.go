// Package textbuild exercises SQL text accumulated in text builders: the
// standard library's, and a service's own (package qb) through facts.
package textbuild

import (
	"bytes"
	"database/sql"
	"strings"

	"example.com/extract/textbuild/qb"
)

func stringsBuilder(db *sql.DB, byName bool) {
	var sb strings.Builder
	sb.WriteString("SELECT id FROM users") // want `sql: SELECT id FROM users WHERE deleted_at IS NULL AND name = \$1`
	sb.WriteByte(' ')
	sb.WriteString("WHERE deleted_at IS NULL")
	if byName {
		sb.WriteString(" AND name = $1")
	}
	db.Query(sb.String())
}

func bytesBuffer(db *sql.DB) {
	buf := new(bytes.Buffer)
	buf.WriteString("DELETE FROM sessions") // want `sql: DELETE FROM sessions`
	db.Exec(buf.String())
}

func ownBuilder(db *sql.DB, id int64, byOrg bool) error {
	q := qb.New("UPDATE access_keys") // want `sql: UPDATE access_keys SET deleted_at = \$1 WHERE id = \$2 AND org = \$3`
	q.B("SET deleted_at = $1", 1)
	q.Where("id = $2", id)
	q.Arg(2)
	if byOrg {
		q.B("AND org = $3", 3)
	}
	_, err := db.Exec(q.String(), q.Args...)
	return err
}

// After the text is sent, later appends are not part of it.
func appendAfter(db *sql.DB) {
	q := qb.New("SELECT 1 FROM t") // want `sql: SELECT 1 FROM t`
	db.Query(q.String())
	q.B("WHERE x")
}

// Handed to helpers of the package that append to it: guards that
// return early and appends under an if are followed.
func handedOn(db *sql.DB, limit int, org string) {
	q := qb.New("SELECT id FROM users") // want `sql: SELECT id FROM users WHERE org = \$1 LIMIT 10`
	byOrg(q, org)
	paginate(limit, q)
	db.Query(q.String())
}

func byOrg(q *qb.Query, org string) { // want byOrg:`append to \$1\("WHERE org = \$1" \+ " "\)`
	if org == "" {
		return
	}
	if org != "*" {
		q.B("WHERE org = $1", org)
	}
}

func paginate(limit int, q *qb.Query) { // want paginate:`append to \$2\("LIMIT 10" \+ " "\)`
	q.B("LIMIT 10")
}

// A helper whose appends are repeated in a loop, or that returns after
// some: not followed.
func handedToLoop(db *sql.DB, ids []string) {
	q := qb.New("SELECT id FROM users WHERE id IN")
	inList(q, ids)
	db.Query(q.String())
}

func inList(q *qb.Query, ids []string) {
	for range ids {
		q.B("?")
	}
}

func handedToReturning(db *sql.DB, ids []string) {
	q := qb.New("SELECT id FROM users WHERE id IN")
	emptyOr(q, ids)
	db.Query(q.String())
}

func emptyOr(q *qb.Query, ids []string) {
	if len(ids) == 0 {
		q.B("(NULL)")
		return
	}
	q.B("(?)")
}

// A method that is not summarised.
func cleared(db *sql.DB) {
	q := qb.New("SELECT id FROM users")
	q.Clear()
	db.Query(q.String())
}

func picked(db *sql.DB, first bool) {
	q := qb.New("SELECT id FROM users")
	q.Pick(first, "WHERE a", "WHERE b")
	db.Query(q.String())
}

// Appended by a closure that may run at any time.
func closure(db *sql.DB, each func(func())) {
	var sb strings.Builder
	sb.WriteString("SELECT id FROM users")
	each(func() { sb.WriteString(" WHERE x") })
	db.Query(sb.String())
}

// A Stringer that is no text builder.
func label(db *sql.DB, l *qb.Label) {
	db.Query(l.String())
}

type keysTable struct{}

func (keysTable) Table() string { return "access_keys" }

// A table name kept in a method of the package.
func tableMethod(db *sql.DB) {
	q := qb.New("SELECT id FROM") // want `sql: SELECT id FROM access_keys WHERE deleted_at IS NULL`
	q.B(keysTable{}.Table())
	q.B("WHERE deleted_at IS NULL")
	db.Query(q.String())
}

// A method of a type without a package (error) in the SQL argument.
func errorText(db *sql.DB, err error) {
	db.Query("SELECT 1 FROM errors WHERE msg = '" + err.Error() + "'") // want `sql: SELECT 1 FROM errors WHERE msg = '__softdelete_dynamic_1'` `dynamic`
}
