package pgparse

import (
	"strconv"
	"strings"

	"github.com/softdelete/softdelete/internal/pgast"
)

// rewritePlaceholders turns driver placeholders into PostgreSQL parameters
// so the parser accepts them: `?` (database/sql drivers, sqlx, squirrel,
// gorm) and `:name` (sqlx named queries) are syntax errors, and `@name`
// (pgx named arguments) would silently parse as the prefix operator `@`.
// Tokens come from the PostgreSQL scanner, so placeholders inside string
// literals, comments and dollar-quoted bodies are left alone.
func rewritePlaceholders(text string) (string, []edit) {
	if !strings.ContainsAny(text, "?:@") {
		return text, nil
	}
	toks := Scan(text)
	if toks == nil {
		return text, nil
	}
	next := 1
	for _, t := range toks {
		if t.Token == pgast.Token_PARAM {
			if n, err := strconv.Atoi(text[t.Start+1 : t.End]); err == nil && n >= next {
				next = n + 1
			}
		}
	}
	named := map[string]int{}
	var b strings.Builder
	var edits []edit
	last := 0
	replace := func(start, end int, key string) {
		n, ok := named[key]
		if !ok || key == "" {
			n = next
			next++
			if key != "" {
				named[key] = n
			}
		}
		b.WriteString(text[last:start])
		repl := "$" + strconv.Itoa(n)
		edits = append(edits, edit{orig: start, origLen: end - start, parsed: b.Len(), parsedLen: len(repl)})
		b.WriteString(repl)
		last = end
	}
	for i, t := range toks {
		start, end := int(t.Start), int(t.End)
		switch {
		case t.Token == pgast.Token_ASCII_63 || (t.Token == pgast.Token_Op && text[start:end] == "?"):
			if i > 0 && endsOperand(toks[i-1]) {
				continue // jsonb key-exists operator: `data ? 'key'`
			}
			replace(start, end, "")
		case t.Token == pgast.Token_Op && glued(text[start:end]):
			// `id=?`: the scanner reads =? as one operator.
			replace(end-1, end, "")
		case t.Token == pgast.Token_ASCII_58 || (t.Token == pgast.Token_Op && text[start:end] == "@"):
			if i+1 >= len(toks) || int(toks[i+1].Start) != end || !isWord(toks[i+1]) {
				continue
			}
			if t.Token == pgast.Token_ASCII_58 && i > 0 && toks[i-1].Token == pgast.Token_ASCII_91 {
				continue // array slice a[:hi]
			}
			nameEnd := int(toks[i+1].End)
			replace(start, nameEnd, strings.ToLower(text[end:nameEnd]))
		}
	}
	if edits == nil {
		return text, nil
	}
	b.WriteString(text[last:])
	return b.String(), edits
}

// glued reports whether op is a comparison operator with a placeholder
// written against it (=?, <>?, >=?), which PostgreSQL scans as one
// operator. Operators of jsonb and jsonpath that end in ? (@?) are not.
func glued(op string) bool {
	cmp, ok := strings.CutSuffix(op, "?")
	if !ok {
		return false
	}
	switch cmp {
	case "=", "<>", "!=", "<", ">", "<=", ">=":
		return true
	}
	return false
}

func isWord(t *pgast.ScanToken) bool {
	return t.Token == pgast.Token_IDENT || t.KeywordKind != pgast.KeywordKind_NO_KEYWORD
}

// endsOperand reports whether a token can end an operand, after which `?`
// is the binary jsonb operator rather than a placeholder.
func endsOperand(t *pgast.ScanToken) bool {
	switch t.Token {
	case pgast.Token_IDENT, pgast.Token_UIDENT, pgast.Token_SCONST, pgast.Token_USCONST,
		pgast.Token_ICONST, pgast.Token_FCONST, pgast.Token_BCONST, pgast.Token_XCONST,
		pgast.Token_PARAM, pgast.Token_ASCII_41, pgast.Token_ASCII_93:
		return true
	}
	// Unreserved and column-name keywords are usually column names here
	// (`name ? 'x'`); reserved ones (WHERE, AND, LIMIT, VALUES) precede operands.
	return t.KeywordKind == pgast.KeywordKind_UNRESERVED_KEYWORD || t.KeywordKind == pgast.KeywordKind_COL_NAME_KEYWORD
}
