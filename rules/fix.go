package rules

import (
	"github.com/softdelete/softdelete/internal/pgast"
	"github.com/softdelete/softdelete/internal/pgparse"
)

// Edit replaces the Len bytes at Offset of the parsed SQL text with Text
// (Len 0: inserts Text before Offset).
type Edit struct {
	Offset int
	Len    int
	Text   string
}

// filterFix is how to add a missing live-row predicate, or move one.
type filterFix struct {
	pred   string
	clause *pgast.Node // the WHERE or ON expression to extend; nil: add a WHERE
	from   int         // the table reference, where a new WHERE is looked for
	wrap   bool        // the clause is an OR at the top: parenthesise it first
	// move is a conjunct of WHERE to take out and add to clause (an ON):
	// its own text is the predicate.
	move *pgast.Node
}

// Edits returns the insertions that apply the finding's fix to text, the
// SQL the finding was computed on, or nil when the fix is not mechanical.
// Clause ends come from the PostgreSQL scanner: parse trees carry start
// locations only.
func (f Finding) Edits(text string) []Edit {
	fx := f.fix
	if fx == nil {
		return nil
	}
	toks := pgparse.Scan(text)
	if toks == nil {
		return nil
	}
	var removal []Edit
	if fx.move != nil {
		start, end, del, ok := conjunctSpan(toks, fx.move)
		if !ok {
			return nil
		}
		moved := *fx
		moved.pred, moved.move = text[start:end], nil
		fx = &moved
		removal = []Edit{del}
	}
	edits := fx.insertion(toks)
	if edits == nil {
		return nil
	}
	for _, del := range removal {
		// "ON a WHERE p": the predicate goes where the WHERE was; one
		// edit, not an insertion and a removal at the same offset.
		if last := &edits[len(edits)-1]; last.Len == 0 && last.Offset == del.Offset {
			last.Len = del.Len
			continue
		}
		edits = append(edits, del)
	}
	return edits
}

// insertion returns the edits that add fx.pred.
func (fx *filterFix) insertion(toks []*pgast.ScanToken) []Edit {
	if fx.clause == nil {
		i := tokenAt(toks, fx.from)
		if i < 0 {
			return nil
		}
		end, ok := clauseEnd(toks, i, whereEnds)
		if !ok {
			return nil
		}
		return []Edit{{Offset: end, Text: " WHERE " + fx.pred}}
	}
	loc := minLocation(fx.clause)
	if loc < 0 {
		return nil
	}
	// The clause starts after the last WHERE or ON keyword before its
	// first located node (a leading parenthesis has no location).
	kw := -1
	for i, t := range toks {
		if int(t.Start) >= loc {
			break
		}
		if t.Token == pgast.Token_WHERE || t.Token == pgast.Token_ON {
			kw = i
		}
	}
	if kw < 0 || kw+1 >= len(toks) {
		return nil
	}
	ends := whereEnds
	if toks[kw].Token == pgast.Token_ON {
		ends = onEnds
	}
	end, ok := clauseEnd(toks, kw+1, ends)
	if !ok {
		return nil
	}
	if fx.wrap {
		return []Edit{{Offset: int(toks[kw+1].Start), Text: "("}, {Offset: end, Text: ") AND " + fx.pred}}
	}
	return []Edit{{Offset: end, Text: " AND " + fx.pred}}
}

var whereEnds = map[pgast.Token]bool{
	pgast.Token_GROUP_P: true, pgast.Token_ORDER: true, pgast.Token_LIMIT: true,
	pgast.Token_OFFSET: true, pgast.Token_FETCH: true, pgast.Token_FOR: true,
	pgast.Token_HAVING: true, pgast.Token_WINDOW: true, pgast.Token_UNION: true,
	pgast.Token_INTERSECT: true, pgast.Token_EXCEPT: true, pgast.Token_RETURNING: true,
	pgast.Token_ASCII_59: true, pgast.Token_WHERE: true,
}

var onEnds = map[pgast.Token]bool{
	pgast.Token_JOIN: true, pgast.Token_INNER_P: true, pgast.Token_LEFT: true,
	pgast.Token_RIGHT: true, pgast.Token_FULL: true, pgast.Token_CROSS: true,
	pgast.Token_NATURAL: true, pgast.Token_ASCII_44: true,
}

func init() {
	for t := range whereEnds {
		onEnds[t] = true
	}
}

// clauseEnd returns the offset just after the last token of the clause
// that starts at token i: the clause ends before a token in ends at its
// own parenthesis depth, before the ")" that closes an enclosing one, or
// at the end of the text.
func clauseEnd(toks []*pgast.ScanToken, i int, ends map[pgast.Token]bool) (int, bool) {
	depth, last := 0, -1
	for ; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.Token == pgast.Token_SQL_COMMENT || t.Token == pgast.Token_C_COMMENT:
			continue
		case t.Token == pgast.Token_ASCII_40:
			depth++
		case t.Token == pgast.Token_ASCII_41:
			if depth == 0 {
				return endOf(toks, last)
			}
			depth--
		case depth == 0 && ends[t.Token]:
			return endOf(toks, last)
		}
		last = i
	}
	return endOf(toks, last)
}

func endOf(toks []*pgast.ScanToken, i int) (int, bool) {
	if i < 0 {
		return 0, false
	}
	return int(toks[i].End), true
}

// conjunctEnds ends one conjunct of an AND list.
var conjunctEnds = map[pgast.Token]bool{pgast.Token_AND: true}

func init() {
	for t := range whereEnds {
		conjunctEnds[t] = true
	}
}

// conjunctSpan finds the text of conj, a conjunct of a WHERE clause, and
// the edit that removes it with its AND (or, alone, with the WHERE).
// Parenthesised conjuncts are left alone (ok false).
func conjunctSpan(toks []*pgast.ScanToken, conj *pgast.Node) (start, end int, del Edit, ok bool) {
	i := tokenAt(toks, minLocation(conj))
	if i < 2 {
		return 0, 0, Edit{}, false
	}
	end, ok = clauseEnd(toks, i, conjunctEnds)
	if !ok {
		return 0, 0, Edit{}, false
	}
	start = int(toks[i].Start)
	next := len(toks)
	for j := i; j < len(toks); j++ {
		if int(toks[j].Start) >= end {
			next = j
			break
		}
	}
	switch prev := toks[i-1].Token; {
	case prev == pgast.Token_AND:
		// "… AND p": from the end of what precedes the AND.
		from := int(toks[i-2].End)
		return start, end, Edit{Offset: from, Len: end - from}, true
	case prev == pgast.Token_WHERE && next+1 < len(toks) && toks[next].Token == pgast.Token_AND:
		// "WHERE p AND …": up to what follows the AND.
		to := int(toks[next+1].Start)
		return start, end, Edit{Offset: start, Len: to - start}, true
	case prev == pgast.Token_WHERE:
		// "… WHERE p" alone: the WHERE goes too.
		from := int(toks[i-2].End)
		return start, end, Edit{Offset: from, Len: end - from}, true
	}
	return 0, 0, Edit{}, false
}

// tokenAt returns the index of the token starting at offset.
func tokenAt(toks []*pgast.ScanToken, offset int) int {
	for i, t := range toks {
		if int(t.Start) == offset {
			return i
		}
	}
	return -1
}

// minLocation is the smallest location of any node in the tree: where its
// text starts, give or take a parenthesis.
func minLocation(n *pgast.Node) int {
	min := -1
	inspect(n, func(m pgast.Message) bool {
		pgast.Locations(m, func(field string, loc *int32) {
			if l := int(*loc); field == "location" && l >= 0 && (min < 0 || l < min) {
				min = l
			}
		})
		return true
	})
	return min
}
