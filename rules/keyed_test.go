package rules

import (
	"testing"

	"github.com/softdelete/softdelete/internal/pgparse"
)

// TestRowChoice checks which findings pick their rows by a key the
// program passes, and Reads' live and deleted reads.
func TestRowChoice(t *testing.T) {
	c := testCatalog(t)
	for sql, want := range map[string]RowChoice{
		"SELECT id FROM users WHERE id = $1":                                                   {ByKey: true, Lookup: true},
		"SELECT id FROM users WHERE id = ANY($1::bigint[])":                                    {ByKey: true, Lookup: true},
		"SELECT id FROM users WHERE id IN ($1, $2)":                                            {ByKey: true, Lookup: true},
		"SELECT id FROM users WHERE email = $1":                                                {}, // not a key
		"SELECT id FROM users WHERE id = 7":                                                    {}, // a constant, not the caller's
		"SELECT id FROM users WHERE id = $1 OR email = $2":                                     {}, // not a conjunct
		"UPDATE users SET deleted_at = now() WHERE id = $1":                                    {ByKey: true},
		"UPDATE users SET updated_at = now() WHERE id = $1":                                    {ByKey: true, Update: true},
		"UPDATE users SET name = $2 WHERE id = $1":                                             {ByKey: true, Update: true},
		"DELETE FROM users WHERE id = $1":                                                      {ByKey: true},
		"SELECT o.id FROM orders o JOIN users u ON u.id = o.user_id WHERE u.id = $1":           {}, // orders is soft-delete too
		"SELECT u.id, t.name FROM users u LEFT JOIN tags t ON t.id = u.org_id WHERE u.id = $1": {ByKey: true, Lookup: true},
		"SELECT u.id FROM users u JOIN tags t ON t.id = u.org_id WHERE u.id = $1":              {ByKey: true, Lookup: true},
		"SELECT u.id FROM users u JOIN tags t ON t.id = u.org_id WHERE t.id = $1":              {}, // the key is the other table's
	} {
		q := pgparse.ParseQuery(sql)
		if q.Err != nil {
			t.Fatalf("%s: %v", sql, q.Err)
		}
		var got *RowChoice
		for _, f := range c.CheckStatement(q.Tree.Stmts[0]) {
			if f.Table != nil && f.Table.Table.Name == "users" && f.Rule != OuterJoinFilter {
				got = &f.Row
				break
			}
		}
		if got == nil {
			t.Errorf("%s: no finding on users", sql)
			continue
		}
		if *got != want {
			t.Errorf("%s: row choice %+v, want %+v", sql, *got, want)
		}
	}
	for sql, want := range map[string]Read{
		"SELECT id FROM users WHERE id = $1 AND deleted_at IS NULL": {Live: true},
		"SELECT id FROM users WHERE deleted_at < $1":                {Deleted: true},
		"SELECT id FROM users WHERE id = $1":                        {},
	} {
		q := pgparse.ParseQuery(sql)
		reads := c.Reads(q.Tree.Stmts[0])
		if len(reads) != 1 || reads[0].Live != want.Live || reads[0].Deleted != want.Deleted {
			t.Errorf("%s: reads %+v, want one %+v", sql, reads, want)
		}
	}
}

// TestInsertsLive checks which INSERTs add live rows only.
func TestInsertsLive(t *testing.T) {
	c := testCatalog(t)
	for sql, want := range map[string]string{
		"INSERT INTO users (id, email) VALUES ($1, $2)":                                           "users",
		"INSERT INTO users (id, email) SELECT $1, $2":                                             "users",
		"INSERT INTO users (id, email, deleted_at) VALUES ($1, $2, $3)":                           "", // may insert a deleted row
		"INSERT INTO users VALUES ($1, $2)":                                                       "", // no column list
		"INSERT INTO users (id, email) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET email = $2": "", // the old row may be deleted
		"INSERT INTO tags (id, name) VALUES ($1, $2)":                                             "", // not soft-delete
		"UPDATE users SET email = $2 WHERE id = $1":                                               "",
	} {
		q := pgparse.ParseQuery(sql)
		if q.Err != nil {
			t.Fatalf("%s: %v", sql, q.Err)
		}
		got := ""
		if tb := c.InsertsLive(q.Tree.Stmts[0]); tb != nil {
			got = tb.Name
		}
		if got != want {
			t.Errorf("%s: inserts live into %q, want %q", sql, got, want)
		}
	}
}
