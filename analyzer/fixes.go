package analyzer

import (
	"go/ast"
	"go/token"
	"strconv"

	"golang.org/x/tools/go/analysis"

	"github.com/softdelete/softdelete/internal/pgparse"
	"github.com/softdelete/softdelete/rules"
	"github.com/softdelete/softdelete/sqlextract"
)

// suggestedFix turns a finding's SQL edits into edits of the Go string
// literals the SQL came from. It gives up (nil) unless every insertion
// point lies inside a literal of this package: the SQL may come from a
// constant of another package or a value known only at run time.
func (r *reporter) suggestedFix(f rules.Finding, pq *pgparse.Query, q *sqlextract.Query) []analysis.SuggestedFix {
	edits := f.Edits(pq.Text)
	if len(edits) == 0 {
		return nil
	}
	var out []analysis.TextEdit
	for _, e := range edits {
		off := pq.Offset(e.Offset)
		pos, ok := r.literalPos(q, off)
		if !ok {
			return nil
		}
		lit := r.literalAt(pos)
		if lit == nil {
			return nil
		}
		end := pos
		if e.Len > 0 {
			// A removal must lie in that literal, byte for byte: no
			// escape sequence or literal boundary inside it.
			endOff := pq.Offset(e.Offset + e.Len)
			var ok bool
			end, ok = r.literalPos(q, endOff)
			if !ok || r.literalAt(end) != lit || int(end-pos) != endOff-off {
				return nil
			}
		}
		text := e.Text
		if lit.Value[0] == '"' {
			quoted := strconv.Quote(text)
			text = quoted[1 : len(quoted)-1]
		}
		out = append(out, analysis.TextEdit{Pos: pos, End: end, NewText: []byte(text)})
	}
	msg := "add the live-row guard"
	if f.Rule == rules.OuterJoinFilter {
		msg = "move the live-row filter into the ON clause"
	}
	return []analysis.SuggestedFix{{Message: msg, TextEdits: out}}
}

// literalPos is the position of byte off of q's text, when that byte (or,
// at the very end, the one before it) lies in a string literal.
func (r *reporter) literalPos(q *sqlextract.Query, off int) (token.Pos, bool) {
	switch {
	case q.InLiteral(off):
		return q.Pos(off), true
	case off == len(q.Text) && off > 0 && q.InLiteral(off-1):
		return q.Pos(off), true // just after the last byte
	}
	return token.NoPos, false
}

// literalAt returns the string literal whose text holds pos (its closing
// quote included, for insertions at the end).
func (r *reporter) literalAt(pos token.Pos) *ast.BasicLit {
	var found *ast.BasicLit
	for _, file := range r.pass.Files {
		if pos < file.Pos() || pos > file.End() {
			continue
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if found != nil || n == nil || pos < n.Pos() || pos >= n.End() {
				return false
			}
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && pos > lit.Pos() {
				found = lit
			}
			return true
		})
	}
	return found
}
