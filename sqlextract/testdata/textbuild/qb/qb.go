// Package qb is a service's own SQL text builder, in the shape services
// write one: trusted clauses go into a strings.Builder, arguments beside.
package qb

import "strings"

// Query builds one statement.
type Query struct {
	text strings.Builder
	Args []any
}

// New starts a statement.
func New(stmt string) *Query { // want New:`new\(\$1 \+ " "\)`
	q := &Query{}
	q.text.WriteString(stmt + " ")
	return q
}

// B appends a clause and its arguments.
func (q *Query) B(clause string, args ...any) { // want B:`append\(\$1 \+ " "\)`
	q.text.WriteString(clause + " ")
	q.Args = append(q.Args, args...)
}

// Where appends a condition through B.
func (q *Query) Where(cond string, args ...any) { // want Where:`append\("WHERE " \+ \$1 \+ " "\)`
	q.B("WHERE "+cond, args...)
}

// Arg adds an argument only.
func (q *Query) Arg(a any) { // want Arg:`keep\(\)`
	q.Args = append(q.Args, a)
}

// Clear drops the text: not followed.
func (q *Query) Clear() {
	q.text.Reset()
}

// Pick appends one of two clauses: not followed.
func (q *Query) Pick(first bool, a, b string) {
	if first {
		q.text.WriteString(a)
	} else {
		q.text.WriteString(b)
	}
}

// String is the statement's text.
func (q *Query) String() string { // want String:`text\(\)`
	return q.text.String()
}

// Label is text kept elsewhere: not a text builder.
type Label struct{ parts []string }

func (l *Label) String() string { return strings.Join(l.parts, " ") }
