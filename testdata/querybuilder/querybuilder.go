// Package querybuilder is the shop's own SQL text builder: trusted
// clauses are appended to the statement, arguments are kept beside it.
package querybuilder

import "strings"

// Query is one statement being built.
type Query struct {
	query strings.Builder
	Args  []any
}

// New starts a statement with its verb and table.
func New(stmt string) *Query { // want New:`new\(\$1 \+ " "\)`
	q := &Query{}
	q.query.WriteString(stmt + " ")
	return q
}

// B appends a clause and its arguments.
func (q *Query) B(clause string, args ...any) { // want B:`append\(\$1 \+ " "\)`
	q.query.WriteString(clause + " ")
	q.Args = append(q.Args, args...)
}

// String is the statement to send.
func (q *Query) String() string { // want String:`text\(\)`
	return q.query.String()
}

// Paginate appends LIMIT and OFFSET when a page is asked for.
func Paginate(q *Query, limit, offset int) { // want Paginate:`append to \$1\("LIMIT \? OFFSET \?" \+ " "\)`
	if limit == 0 {
		return
	}
	q.B("LIMIT ? OFFSET ?", limit, offset)
}

// In appends a parenthesised list of placeholders, one per value.
func In[T any](q *Query, values []T) {
	q.B("(")
	for i, v := range values {
		if i > 0 {
			q.B(",")
		}
		q.B("?", v)
	}
	q.B(")")
}
