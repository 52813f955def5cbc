// Package wrapuser calls the wrappers of another package (through facts)
// and uses its constants (no positions).
package wrapuser

import (
	"context"
	"database/sql"

	"example.com/extract/wrap"
)

func use(ctx context.Context, s *wrap.Store, db *sql.DB, r *wrap.Repo[int]) {
	s.Query(ctx, "SELECT id FROM users WHERE deleted_at IS NULL")     // want `sql: SELECT id FROM users WHERE deleted_at IS NULL`
	wrap.Exec(db, "UPDATE users SET deleted_at = now() WHERE id = 1") // want `sql: UPDATE users SET deleted_at = now\(\) WHERE id = 1`
	s.Query(ctx, wrap.ActiveUsers)                                    // want `sql: SELECT id FROM users WHERE deleted_at IS NULL`
	s.Query(ctx, wrap.ActiveUsers+" AND id = $1", 1)                  // want `sql: SELECT id FROM users WHERE deleted_at IS NULL AND id = \$1`
	s.One(ctx, "SELECT id FROM one")                                  // want `sql: SELECT id FROM one`
	s.Execute(ctx, "UPDATE t SET a = 1 WHERE id = $1", 7)             // want `sql: UPDATE t SET a = 1 WHERE id = \$1`
	s.Select(ctx, nil, "SELECT id FROM sel")                          // want `sql: SELECT id FROM sel`
	r.Find("SELECT id FROM generic")                                  // want `sql: SELECT id FROM generic`
}

// Wrapping an imported wrapper makes a wrapper here too.
func Find(ctx context.Context, s *wrap.Store, query string) error { // want Find:"sqlwrapper\\(2\\)"
	return s.One(ctx, query)
}
