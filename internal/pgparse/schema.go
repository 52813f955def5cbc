package pgparse

import (
	"strings"
	"sync"

	"github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/softdelete/softdelete/internal/pgast"
)

// ScanWithError is Scan for callers that need to know where scanning
// failed (an unterminated quote or comment, a NUL byte), so they can keep
// what comes before it. The error's offset is a byte offset into text.
func ScanWithError(text string) ([]*pgast.ScanToken, *Error) {
	if i := strings.IndexByte(text, 0); i >= 0 {
		return nil, &Error{Message: "text contains a NUL byte", Offset: i}
	}
	res, err := scanTokens(text)
	if err != nil {
		return nil, toError(err, text)
	}
	return res.Tokens, nil
}

// DeparseExpr prints an expression node (a column default, a predicate) as
// SQL text. It reports false when the node cannot be printed.
func DeparseExpr(expr *pgast.Node) (string, bool) {
	if expr == nil {
		return "", false
	}
	// The deparser prints whole statements; wrap the expression in a
	// one-column SELECT and cut the keyword off again.
	sel := &pgast.Node{Node: &pgast.Node_SelectStmt{SelectStmt: &pgast.SelectStmt{
		TargetList:  []*pgast.Node{{Node: &pgast.Node_ResTarget{ResTarget: &pgast.ResTarget{Val: expr}}}},
		LimitOption: pgast.LimitOption_LIMIT_OPTION_DEFAULT,
		Op:          pgast.SetOperation_SETOP_NONE,
	}}}
	tree := &pgast.ParseResult{Version: treeVersion(), Stmts: []*pgast.RawStmt{{Stmt: sel}}}
	out, err := parser.DeparseFromProtobuf(tree.Marshal())
	if err != nil {
		return "", false
	}
	const prefix = "SELECT "
	if !strings.HasPrefix(out, prefix) {
		return "", false
	}
	return out[len(prefix):], true
}

// treeVersion is the parse tree version the deparser expects, which
// pg_query_go does not export: take it from a parse.
var treeVersion = sync.OnceValue(func() int32 {
	tree, err := parseTree("SELECT 1")
	if err != nil {
		return 0
	}
	return tree.Version
})
