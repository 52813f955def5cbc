// Package helpers builds its queries the way DAO code often does: a
// helper returns the FROM and WHERE of a family of queries (with early
// returns on guard paths), each caller puts its select list in front,
// some callers wrap it in a UNION on some paths, and a pagination helper
// appends LIMIT and OFFSET.
package helpers

import (
	"database/sql"
	"fmt"
	"strings"
)

type Filter struct {
	Owner string
	IDs   []int64
	Size  int
}

// conditions returns the FROM and WHERE shared by the item queries.
func conditions(f *Filter) (string, []any) {
	args := []any{}
	q := ` FROM items AS i`
	if f == nil {
		q += ` WHERE i.deleted_at IS NULL`
		return q, args
	}
	if f.IDs != nil && len(f.IDs) == 0 {
		q += ` WHERE 1 = 0`
		return q, args
	}
	if f.Owner != "" {
		q += ` JOIN users AS u ON u.id = i.owner_id`
	}
	q += ` WHERE i.deleted_at IS NULL`
	if f.Owner != "" {
		q += ` AND u.name = ?`
		args = append(args, f.Owner)
	}
	return q, args
}

// paginate appends LIMIT to a query.
func paginate(f *Filter, q string, args []any) (string, []any) {
	if f != nil && f.Size > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Size)
	}
	return q, args
}

// List reads the items of the filter and, for groups, the items granted
// to them.
func List(db *sql.DB, f *Filter, groups []string) {
	q, args := conditions(f)
	q = `SELECT i.id` + q // want `sql: SELECT i.id FROM items AS i JOIN users AS u ON u.id = i.owner_id WHERE i.deleted_at IS NULL AND u.name = \? UNION SELECT i.id FROM items AS i JOIN grants AS g ON g.item_id = i.id WHERE g.group_id IN \(__softdelete_dynamic_1\) ORDER BY 1 LIMIT \?` `dynamic`
	if len(groups) > 0 {
		q = fmt.Sprintf(`%s UNION SELECT i.id FROM items AS i JOIN grants AS g ON g.item_id = i.id WHERE g.group_id IN (%s)`, q, strings.Join(groups, ", "))
	}
	q += ` ORDER BY 1`
	q, args = paginate(f, q, args)
	db.Query(q, args...)
}

// Count counts the items of the filter.
func Count(db *sql.DB, f *Filter) {
	q, args := conditions(f)
	db.QueryRow(`SELECT count(*)`+q, args...) // want `sql: SELECT count\(\*\) FROM items AS i JOIN users AS u ON u.id = i.owner_id WHERE i.deleted_at IS NULL AND u.name = \?`
}

// byKind sends one of two queries: each is judged.
func byKind(db *sql.DB, deleted bool) {
	q := `SELECT id FROM items WHERE deleted_at IS NULL` // want `sql: SELECT id FROM items WHERE deleted_at IS NULL`
	if deleted {
		q = `SELECT id FROM items WHERE deleted_at IS NOT NULL` // want `sql: SELECT id FROM items WHERE deleted_at IS NOT NULL`
	}
	db.Query(q)
}

// filterUnless returns a live filter on some paths: its returns differ,
// so it is not followed and the query is one opaque part short.
func filterUnless(all bool) string {
	if all {
		return ""
	}
	return ` AND deleted_at IS NULL`
}

func ListAll(db *sql.DB, all bool) {
	db.Query(`SELECT id FROM items WHERE true` + filterUnless(all)) // want `sql: SELECT id FROM items WHERE true__softdelete_dynamic_1` `dynamic`
}

// since is a parameter appended to: the caller's text, then the append.
func since(q string, after bool) string {
	if after {
		q += ` AND created_at > ?`
	}
	return q
}

func Recent(db *sql.DB) {
	db.Query(since(`SELECT id FROM items WHERE deleted_at IS NULL`, true)) // want `sql: SELECT id FROM items WHERE deleted_at IS NULL AND created_at > \?`
}

// Helpers that call themselves are not followed into a loop.
func forever(q string) string { return forever(q + " ") }

func ping(q string) string { return pong(q) }

func pong(q string) string { return ping(q) }

func Loops(db *sql.DB) {
	db.Query(forever(`SELECT 1`))
	db.Query(ping(`SELECT 2`))
}
