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
		var pos token.Pos
		switch {
		case q.InLiteral(off):
			pos = q.Pos(off)
		case off == len(q.Text) && off > 0 && q.InLiteral(off-1):
			pos = q.Pos(off) // just after the last byte
		default:
			return nil
		}
		lit := r.literalAt(pos)
		if lit == nil {
			return nil
		}
		text := e.Text
		if lit.Value[0] == '"' {
			quoted := strconv.Quote(text)
			text = quoted[1 : len(quoted)-1]
		}
		out = append(out, analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(text)})
	}
	return []analysis.SuggestedFix{{Message: "add the live-row guard", TextEdits: out}}
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
