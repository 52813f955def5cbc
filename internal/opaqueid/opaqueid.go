// Package opaqueid names the identifiers that stand in extracted SQL for
// text not known statically, so that the text still parses: extraction
// writes them, the rules recognise them.
package opaqueid

import "strings"

// Prefix starts each such identifier: Prefix+N, N counting from 1 within
// a query.
const Prefix = "__softdelete_dynamic_"

// Describe replaces each opaque name in a message meant for a person by
// words saying what it stands for.
func Describe(msg string) string {
	var b strings.Builder
	for {
		i := strings.Index(msg, Prefix)
		if i < 0 {
			b.WriteString(msg)
			return b.String()
		}
		j := i + len(Prefix)
		for j < len(msg) && msg[j] >= '0' && msg[j] <= '9' {
			j++
		}
		b.WriteString(msg[:i])
		b.WriteString("a part built at run time")
		msg = msg[j:]
	}
}
