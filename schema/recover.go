package schema

import (
	"strings"

	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/internal/pgparse"
)

// recoverElements parses a CREATE TABLE or ALTER TABLE statement that
// PostgreSQL rejects because of some of its elements (a column or table
// constraint the grammar refuses, such as UNIQUE (a, lower(b)); an ALTER
// action), keeping the others: the table still exists with its columns,
// and every rule about it still runs. Each element is parsed alone, after
// the statement's head ("CREATE TABLE t (" or "ALTER TABLE t"); those that
// fail are blanked out of the statement (offsets are kept), and each gives
// an error at its own position. It returns nil statements when the
// statement is not of that kind, or still does not parse without its bad
// elements (the fault is elsewhere).
func recoverElements(stmt string, toks []*pgast.ScanToken) ([]*pgast.RawStmt, []parseError) {
	head, elems, closing := tableElements(stmt, toks)
	if elems == nil {
		return nil, nil
	}
	text := []byte(stmt)
	var errs []parseError
	dropped := 0
	for i, e := range elems {
		candidate := stmt[:head] + stmt[e.start:e.end] + closing
		_, err := pgparse.Parse(candidate)
		if err == nil {
			continue
		}
		off := e.start
		if err.Offset > head && err.Offset-head < e.end-e.start {
			off = e.start + err.Offset - head
		}
		errs = append(errs, parseError{off, err.Message + "; this element is skipped, the rest of the statement is kept"})
		// Blank the element and one comma beside it: the one after it, or
		// for the last element the one before.
		from, to := e.start, e.end
		if i+1 < len(elems) {
			to = elems[i+1].start
		} else if i > 0 && dropped < i {
			from = elems[i-1].end
		}
		for j := from; j < to; j++ {
			if text[j] != '\n' {
				text[j] = ' '
			}
		}
		dropped++
	}
	if len(errs) == 0 {
		return nil, nil
	}
	tree, err := pgparse.Parse(string(text))
	if err != nil {
		return nil, nil
	}
	return tree.Stmts, errs
}

// recoverStatement is recoverElements on a statement's own tokens.
func recoverStatement(stmt string) ([]*pgast.RawStmt, []parseError) {
	toks, err := pgparse.ScanWithError(stmt)
	if err != nil {
		return nil, nil
	}
	return recoverElements(stmt, toks)
}

// element is one comma-separated element's bytes.
type element struct{ start, end int }

// tableElements finds the elements of a CREATE TABLE (the columns and
// constraints between its parentheses) or an ALTER TABLE (its actions):
// the length of the head before the first element, the elements, and what
// closes a lone element's statement (")" for CREATE TABLE). Commas inside
// parentheses or brackets do not separate elements.
func tableElements(stmt string, toks []*pgast.ScanToken) (head int, elems []element, closing string) {
	var words []*pgast.ScanToken
	for _, t := range toks {
		if t.Token != pgast.Token_SQL_COMMENT && t.Token != pgast.Token_C_COMMENT {
			words = append(words, t)
		}
	}
	if len(words) < 4 {
		return 0, nil, ""
	}
	i := 0
	isCreate := words[0].Token == pgast.Token_CREATE
	switch {
	case isCreate:
		// CREATE [GLOBAL|LOCAL] [TEMP|TEMPORARY|UNLOGGED] TABLE
		for i < len(words) && i < 4 && words[i].Token != pgast.Token_TABLE {
			i++
		}
	case words[0].Token == pgast.Token_ALTER:
		i = 1
	}
	if i >= len(words) || words[i].Token != pgast.Token_TABLE {
		return 0, nil, ""
	}
	i++
	// [IF NOT EXISTS] / [IF EXISTS] [ONLY], then a possibly qualified name.
	for i < len(words) && (words[i].Token == pgast.Token_IF_P || words[i].Token == pgast.Token_NOT ||
		words[i].Token == pgast.Token_EXISTS || words[i].Token == pgast.Token_ONLY) {
		i++
	}
	i++ // the name
	for i+1 < len(words) && words[i].Token == pgast.Token_ASCII_46 {
		i += 2
	}
	if i >= len(words) {
		return 0, nil, ""
	}
	end := len(words)
	if isCreate {
		if words[i].Token != pgast.Token_ASCII_40 {
			return 0, nil, "" // CREATE TABLE … AS, PARTITION OF: no element list
		}
		i++
		closing = ")"
	} else if words[end-1].Token == pgast.Token_ASCII_59 {
		end--
	}
	if i >= end {
		return 0, nil, "" // the statement stops before its first element
	}
	head = int(words[i].Start)
	start, depth := head, 0
	for j := i; j < end; j++ {
		switch words[j].Token {
		case pgast.Token_ASCII_40, pgast.Token_ASCII_91:
			depth++
		case pgast.Token_ASCII_41, pgast.Token_ASCII_93:
			if depth == 0 && isCreate {
				// The list's closing parenthesis.
				return head, append(elems, element{start, trimEnd(stmt, start, int(words[j].Start))}), closing
			}
			depth--
		case pgast.Token_ASCII_44:
			if depth == 0 {
				if j+1 >= end {
					return 0, nil, "" // a trailing comma: nothing to keep apart
				}
				elems = append(elems, element{start, trimEnd(stmt, start, int(words[j].Start))})
				start = int(words[j+1].Start)
			}
		}
	}
	if isCreate {
		return 0, nil, "" // unbalanced
	}
	return head, append(elems, element{start, int(words[end-1].End)}), ""
}

// trimEnd moves end back over white space, down to start.
func trimEnd(s string, start, end int) int {
	return start + len(strings.TrimRight(s[start:end], " \t\r\n"))
}
