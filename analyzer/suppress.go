package analyzer

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/internal/pgparse"
)

const ignoreDirective = "softdelete:ignore"

// suppressions are the //softdelete:ignore comments of a package, by file
// and line.
type suppressions struct {
	fset    *token.FileSet
	byLine  map[string]map[int]*directive // file -> line -> directive
	all     []*directive
	present bool
}

// directive is one //softdelete:ignore comment and whether it suppressed
// anything, so that one left behind by a fixed query is reported.
type directive struct {
	pos    token.Pos
	reason string
	used   bool
}

func newSuppressions(pass *analysis.Pass) *suppressions {
	s := &suppressions{fset: pass.Fset, byLine: map[string]map[int]*directive{}}
	for _, f := range pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				reason, ok := parseDirective(strings.TrimPrefix(c.Text, "//"))
				if !ok || !strings.HasPrefix(c.Text, "//") {
					continue
				}
				p := pass.Fset.Position(c.Pos())
				if s.byLine[p.Filename] == nil {
					s.byLine[p.Filename] = map[int]*directive{}
				}
				d := &directive{pos: c.Pos(), reason: reason}
				s.byLine[p.Filename][p.Line] = d
				s.all = append(s.all, d)
				s.present = true
			}
		}
	}
	return s
}

// parseDirective recognises "softdelete:ignore <reason>" and returns the
// reason, which may be empty.
func parseDirective(text string) (string, bool) {
	text = strings.TrimSpace(text)
	if !strings.HasPrefix(text, ignoreDirective) {
		return "", false
	}
	rest := text[len(ignoreDirective):]
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return "", false
	}
	return strings.TrimSpace(rest), true
}

// covers reports whether a directive sits on or above the line of pos, or
// on or above the first line of the call that sends the SQL (a raw string
// spanning lines cannot hold a Go comment), if there is one.
func (s *suppressions) covers(pos token.Pos, call ast.Node) (string, bool) {
	if !s.present {
		return "", false
	}
	places := []token.Pos{pos}
	if call != nil {
		places = append(places, call.Pos())
	}
	for _, p := range places {
		if !p.IsValid() {
			continue
		}
		at := s.fset.Position(p)
		lines := s.byLine[at.Filename]
		for _, l := range []int{at.Line, at.Line - 1} {
			if d, ok := lines[l]; ok {
				d.used = true
				return d.reason, true
			}
		}
	}
	return "", false
}

// stale returns the directives that suppressed nothing.
func (s *suppressions) stale() []token.Pos {
	var out []token.Pos
	for _, d := range s.all {
		if !d.used {
			out = append(out, d.pos)
		}
	}
	return out
}

// sqlIgnore is a "-- softdelete:ignore" comment inside SQL text.
type sqlIgnore struct {
	start, end int // the comment's bytes
	reason     string
	used       *bool
}

type sqlIgnores []sqlIgnore

// sqlSuppressions finds softdelete:ignore comments in SQL text with the
// PostgreSQL scanner, so the directive inside a string literal is not one.
func sqlSuppressions(text string) sqlIgnores {
	if !strings.Contains(text, ignoreDirective) {
		return nil
	}
	var out sqlIgnores
	for _, t := range pgparse.Scan(text) {
		if t.Token != pgast.Token_SQL_COMMENT && t.Token != pgast.Token_C_COMMENT {
			continue
		}
		body := text[t.Start:t.End]
		body = strings.TrimPrefix(body, "--")
		body = strings.TrimSuffix(strings.TrimPrefix(body, "/*"), "*/")
		if reason, ok := parseDirective(body); ok {
			out = append(out, sqlIgnore{start: int(t.Start), end: int(t.End), reason: reason, used: new(bool)})
		}
	}
	return out
}

// covers reports whether a comment applies to the finding at offset: a
// comment before the statement's first token covers the whole statement;
// elsewhere it covers its own line and the next.
func (ig sqlIgnores) covers(text string, offset, stmtStart int) (string, bool) {
	for _, c := range ig {
		if stmtStart >= 0 && c.start >= stmtStart && strings.TrimSpace(stripComments(text[stmtStart:c.start])) == "" && c.start <= offset {
			*c.used = true
			return c.reason, true
		}
		cl := strings.Count(text[:c.start], "\n")
		fl := strings.Count(text[:min(offset, len(text))], "\n")
		if fl == cl || fl == cl+1 {
			*c.used = true
			return c.reason, true
		}
	}
	return "", false
}

// stripComments drops the comment tokens from a statement's prefix so
// several leading comments still count as "before the statement".
func stripComments(prefix string) string {
	toks := pgparse.Scan(prefix)
	var b strings.Builder
	last := 0
	for _, t := range toks {
		if t.Token == pgast.Token_SQL_COMMENT || t.Token == pgast.Token_C_COMMENT {
			b.WriteString(prefix[last:t.Start])
			last = int(t.End)
		}
	}
	b.WriteString(prefix[last:])
	return b.String()
}
