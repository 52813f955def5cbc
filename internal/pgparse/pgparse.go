// Package pgparse is the one place softdelete calls the PostgreSQL parser.
//
// Everything else sees the parse tree (package pgast) and byte offsets into the
// text the caller gave; placeholder rewriting, error positions and the
// per-process parse cache live here so that switching parsers is one file.
package pgparse

import (
	"errors"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/softdelete/softdelete/internal/opaqueid"
	"github.com/softdelete/softdelete/internal/pgast"
)

// MaxQueryBytes bounds the text handed to the parser from Go code; larger
// strings are generated data, not queries a person wrote.
const MaxQueryBytes = 1 << 20

// Query is a parsed statement list together with what is needed to map
// parser locations back to the caller's text.
type Query struct {
	// Tree is nil when Err is set.
	Tree *pgast.ParseResult
	// Text is what the parser read: the caller's text with placeholders
	// rewritten. Tree locations are byte offsets into it.
	Text string
	// Err is the parse error, if any. Its offset is in the caller's text.
	Err *Error

	edits []edit
}

// Error is a parse failure located in the caller's text.
type Error struct {
	Message string
	// Offset is a byte offset into the original text, or -1 if unknown.
	Offset int
}

func (e *Error) Error() string { return e.Message }

// edit records that the original bytes [orig, orig+origLen) became
// [parsed, parsed+parsedLen) in the text given to the parser.
type edit struct {
	orig, origLen     int
	parsed, parsedLen int
}

// Offset maps a byte offset in the parsed (placeholder-rewritten) text back
// to the original text. Offsets inside a rewritten placeholder map to its start.
func (q *Query) Offset(parsed int) int {
	delta := 0
	for _, e := range q.edits {
		if parsed < e.parsed {
			break
		}
		if parsed < e.parsed+e.parsedLen {
			return e.orig
		}
		delta = e.orig + e.origLen - (e.parsed + e.parsedLen)
	}
	return parsed + delta
}

var cache sync.Map // string -> *cacheEntry

type cacheEntry struct {
	once sync.Once
	q    *Query
}

// ParseQuery parses SQL sent from Go code. Driver placeholders (`?`,
// `:name`, `@name`) are rewritten to `$n` first. Results are cached per
// process by text, so each distinct query is parsed once however many
// packages or goroutines ask.
func ParseQuery(text string) *Query {
	v, _ := cache.LoadOrStore(text, &cacheEntry{})
	e := v.(*cacheEntry)
	e.once.Do(func() { e.q = parseQuery(text) })
	return e.q
}

func parseQuery(text string) *Query {
	if len(text) > MaxQueryBytes {
		return &Query{Err: &Error{Message: "query text too large to analyse", Offset: -1}}
	}
	if strings.IndexByte(text, 0) >= 0 {
		return &Query{Err: &Error{Message: "query text contains a NUL byte", Offset: -1}}
	}
	rewritten, edits := rewritePlaceholders(text)
	q := &Query{Text: rewritten, edits: edits}
	tree, err := parseTree(rewritten)
	for try := 0; err != nil && try < maxDroppedNames; try++ {
		blanked, ok := dropJuxtaposedOpaque(rewritten, toError(err, rewritten).Offset)
		if !ok {
			break
		}
		if t, e := parseTree(blanked); e == nil || toError(e, blanked).Offset != toError(err, rewritten).Offset {
			rewritten, tree, err = blanked, t, e
			q.Text = rewritten
			continue
		}
		break
	}
	if err != nil {
		q.Err = toError(err, rewritten)
		if q.Err.Offset >= 0 {
			q.Err.Offset = q.Offset(q.Err.Offset)
		}
		return q
	}
	q.Tree = tree
	return q
}

// maxDroppedNames bounds the opaque names one query may lose to
// dropJuxtaposedOpaque.
const maxDroppedNames = 4

// dropJuxtaposedOpaque blanks (with spaces, so offsets stay) the opaque
// name at off when it directly follows a name: "ORDER BY col <dir>",
// where a sort direction or another word built at run time stood. Only
// there does a syntax error at an opaque name say that the name stood for
// a keyword; anywhere else the unknown text is left to fail the parse.
func dropJuxtaposedOpaque(text string, off int) (string, bool) {
	if off < 0 || !strings.HasPrefix(text[off:], opaqueid.Prefix) {
		return "", false
	}
	end := off + len(opaqueid.Prefix)
	for end < len(text) && text[end] >= '0' && text[end] <= '9' {
		end++
	}
	toks := Scan(text[:off])
	if len(toks) == 0 {
		return "", false
	}
	last := toks[len(toks)-1]
	name := last.Token == pgast.Token_IDENT || last.KeywordKind == pgast.KeywordKind_UNRESERVED_KEYWORD ||
		last.KeywordKind == pgast.KeywordKind_COL_NAME_KEYWORD
	if !name || int(last.End) != len(strings.TrimRight(text[:off], " \t\r\n")) {
		return "", false
	}
	return text[:off] + strings.Repeat(" ", end-off) + text[end:], true
}

// Parse parses SQL text as is (migration files, DDL): no placeholder
// rewriting and no cache, because each schema file is read once.
func Parse(text string) (*pgast.ParseResult, *Error) {
	if strings.IndexByte(text, 0) >= 0 {
		return nil, &Error{Message: "text contains a NUL byte", Offset: strings.IndexByte(text, 0)}
	}
	tree, err := parseTree(text)
	if err != nil {
		return nil, toError(err, text)
	}
	return tree, nil
}

// Scan returns the lexical tokens of text, or nil if it cannot be scanned.
func Scan(text string) []*pgast.ScanToken {
	if strings.IndexByte(text, 0) >= 0 {
		return nil
	}
	res, err := scanTokens(text)
	if err != nil {
		return nil
	}
	return res.Tokens
}

func toError(err error, text string) *Error {
	var pe *parser.Error
	if errors.As(err, &pe) {
		off := -1
		if pe.Cursorpos > 0 {
			off = charToByte(text, pe.Cursorpos-1)
		}
		return &Error{Message: pe.Message, Offset: off}
	}
	return &Error{Message: err.Error(), Offset: -1}
}

// charToByte converts a character index (what PostgreSQL's cursor position
// counts) to a byte offset.
func charToByte(text string, chars int) int {
	i := 0
	for n := 0; n < chars && i < len(text); n++ {
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return i
}
