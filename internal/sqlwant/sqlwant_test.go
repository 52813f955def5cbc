package sqlwant

import "testing"

// recorder keeps what filterSQL passes on.
type recorder struct{ got []string }

func (r *recorder) Helper() {}

func (r *recorder) Error(args ...any) { r.got = append(r.got, args[0].(string)) }

// Only complaints about a diagnostic at a .sql position are dropped.
func TestFilterSQL(t *testing.T) {
	for msg, dropped := range map[string]bool{
		"db/migrations/1_init.up.sql:3:5: unexpected diagnostic: users.email is unique [unique-ignores-deleted]": true,
		// A Go file's unexpected finding whose message names a .sql position.
		"store/books.go:12:3: unexpected diagnostic: authors is a soft-delete table (query.sql:4:10) [missing-filter]": false,
		"store/books.go:12:3: unexpected diagnostic: see db/query.sql:4:10":                                            false,
		"store/books.go:12:3: diagnostic \"x\" does not match pattern `db/query.sql:4`":                                false,
	} {
		r := &recorder{}
		filterSQL{r}.Errorf("%s", msg)
		if gotDropped := len(r.got) == 0; gotDropped != dropped {
			t.Errorf("%q: dropped = %v, want %v", msg, gotDropped, dropped)
		}
	}
}
