package schema

import (
	"sort"
	"strings"

	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/internal/pgparse"
)

// maxErrorsPerFile bounds the errors reported for one file: a binary or
// non-PostgreSQL file would otherwise give one per semicolon.
const maxErrorsPerFile = 10

// parseError is a problem at a byte offset of the parsed text.
type parseError struct {
	offset int
	msg    string
}

// parseSQL parses the SQL of one file. Locations in the returned statements
// are byte offsets into text, whichever way it was parsed.
//
// The whole text is parsed at once when it can be. Otherwise it is cut into
// statements with the PostgreSQL scanner and each is parsed on its own, so
// a bad statement gives one error and the others still apply. When the
// text cannot even be scanned (an unterminated quote or comment, a NUL
// byte), what comes before the bad token is kept.
func parseSQL(text string) ([]*pgast.RawStmt, []parseError) {
	var errs []parseError
	limit := len(text)
	lexFailed := false
	if i := strings.IndexByte(text, 0); i >= 0 {
		// pg_query takes C strings, which end at a NUL.
		limit, lexFailed = i, true
		errs = append(errs, parseError{i, "file contains a NUL byte (binary file?); the rest of the file is ignored"})
	} else if tree, err := pgparse.Parse(text); err == nil {
		return tree.Stmts, nil
	}

	toks, serr := pgparse.ScanWithError(text[:limit])
	if serr != nil {
		off := clamp(serr.Offset, 0, limit)
		limit, lexFailed = off, true
		errs = append(errs, parseError{off, serr.Message + "; the rest of the file is ignored"})
		toks, _ = pgparse.ScanWithError(text[:limit])
	}

	var stmts []*pgast.RawStmt
	for _, s := range splitStatements(toks) {
		if !s.terminated && lexFailed {
			continue // cut short by the bad token, whose error is reported
		}
		tree, err := pgparse.Parse(text[s.start:s.end])
		if err != nil {
			if kept, elemErrs := recoverStatement(text[s.start:s.end]); kept != nil {
				for _, e := range elemErrs {
					errs = append(errs, parseError{s.start + e.offset, e.msg})
				}
				tree = &pgast.ParseResult{Stmts: kept}
				err = nil
			}
		}
		if err != nil {
			off := s.start
			if err.Offset >= 0 {
				off = clamp(s.start+err.Offset, s.start, s.end)
			}
			errs = append(errs, parseError{off, err.Message})
			continue
		}
		for _, raw := range tree.Stmts {
			shiftLocations(raw, int32(s.start))
			if raw.StmtLen == 0 {
				// "The rest of the text" is the rest of this statement.
				raw.StmtLen = int32(s.end) - raw.StmtLocation
			}
			stmts = append(stmts, raw)
		}
	}
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].offset < errs[j].offset })
	return stmts, errs
}

// span is one statement's bytes, from its first token to its semicolon.
type span struct {
	start, end int
	terminated bool // ends with a semicolon, rather than the end of the text
}

// splitStatements cuts a token stream at the semicolons that end
// statements. Semicolons inside the parentheses of a multi-action CREATE
// RULE and inside a BEGIN ATOMIC ... END function body do not end one;
// quoted and dollar-quoted text is a single token and needs no care.
// Parentheses are only counted in rules, so that an unbalanced one in a
// bad statement does not swallow the statements after it.
func splitStatements(toks []*pgast.ScanToken) []span {
	var spans []span
	start := -1
	words := 0    // tokens so far in the statement
	rule := false // the statement is CREATE [OR REPLACE] RULE
	depth := 0    // parentheses, in a rule
	atomic := 0   // open BEGIN ATOMIC bodies
	cases := 0    // open CASE expressions inside them, which also end with END
	for i, t := range toks {
		switch t.Token {
		case pgast.Token_SQL_COMMENT, pgast.Token_C_COMMENT:
			continue
		}
		if start < 0 {
			if t.Token == pgast.Token_ASCII_59 {
				continue // empty statement
			}
			start, words, rule, depth = int(t.Start), 0, false, 0
		}
		words++
		switch t.Token {
		case pgast.Token_RULE:
			rule = rule || words <= 4
		case pgast.Token_ASCII_40:
			if rule {
				depth++
			}
		case pgast.Token_ASCII_41:
			if depth > 0 {
				depth--
			}
		case pgast.Token_BEGIN_P:
			if i+1 < len(toks) && toks[i+1].Token == pgast.Token_ATOMIC {
				atomic++
			}
		case pgast.Token_CASE:
			if atomic > 0 {
				cases++
			}
		case pgast.Token_END_P:
			if cases > 0 {
				cases--
			} else if atomic > 0 {
				atomic--
			}
		case pgast.Token_ASCII_59:
			if depth == 0 && atomic == 0 {
				spans = append(spans, span{start, int(t.End), true})
				start = -1
			}
		}
	}
	if start >= 0 {
		spans = append(spans, span{start, int(toks[len(toks)-1].End), false})
	}
	return spans
}

// shiftLocations adds delta to every location in a parse tree, turning
// offsets into a statement's text into offsets into the file. Unknown
// locations (-1) stay unknown.
func shiftLocations(m pgast.Message, delta int32) {
	pgast.Inspect(m, func(m pgast.Message) bool {
		pgast.Locations(m, func(_ string, loc *int32) {
			if *loc >= 0 {
				*loc += delta
			}
		})
		return true
	})
}

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}
