package sqlextract

import (
	"go/ast"
	"go/token"
	"strconv"
	"unicode/utf8"
)

// A span is one piece of resolved SQL text.
//
// A known span has text; if it is also exact, byte k of text is at
// base+offs[k] in the Go source (base+k when offs is nil). offs, when
// present, has len(text)+1 entries; the last one is the position just
// after the last byte. An unknown span is an opaque part.
type span struct {
	text  string
	known bool
	exact bool
	base  token.Pos
	offs  []int32
	// at, for a span that is not exact, is the position to report for its
	// bytes: the builder call that produced the text; NoPos for Query.Expr.
	at token.Pos
}

// pos returns the position of byte k (0 <= k <= len(s.text)) of an exact span.
func (s span) pos(k int) token.Pos {
	if s.offs != nil {
		return s.base + token.Pos(s.offs[k])
	}
	return s.base + token.Pos(k)
}

// slice returns the span of s.text[i:j].
func (s span) slice(i, j int) span {
	s.text = s.text[i:j]
	if s.exact {
		if s.offs != nil {
			s.offs = s.offs[i : j+1]
		} else {
			s.base += token.Pos(i)
		}
	}
	return s
}

// textSpan is a known span whose source is not a literal of this package.
func textSpan(text string) span { return span{text: text, known: true} }

// opaque is a span whose value is not known.
var opaque = span{}

// litSpan returns the span of the string literal lit whose value is val.
// Positions are exact unless the literal's source cannot be decoded to
// val: then the span is inexact rather than misleading.
func (x *extractor) litSpan(lit *ast.BasicLit, val string) span {
	src := lit.Value
	if len(src) < 2 || !lit.Pos().IsValid() {
		return textSpan(val)
	}
	if int(lit.End()-lit.Pos()) != len(src) {
		// The scanner strips carriage returns from raw strings, so
		// lit.Value is shorter than the source: read the source.
		var ok bool
		if src, ok = x.source(lit); !ok {
			return textSpan(val)
		}
	}
	body := src[1 : len(src)-1]
	base := lit.Pos() + 1
	var dec []byte
	var offs []int32
	switch src[0] {
	case '`':
		if !containsByte(body, '\r') {
			return linear(body, val, base)
		}
		dec, offs = decodeRaw(body)
	case '"':
		if !containsByte(body, '\\') {
			return linear(body, val, base)
		}
		var ok bool
		dec, offs, ok = decodeInterpreted(body)
		if !ok {
			return textSpan(val)
		}
	default:
		return textSpan(val)
	}
	if string(dec) != val {
		return textSpan(val)
	}
	return span{text: val, known: true, exact: true, base: base, offs: offs}
}

// source returns the source text of lit, read from its file.
func (x *extractor) source(lit *ast.BasicLit) (string, bool) {
	tf := x.fset.File(lit.Pos())
	if tf == nil || x.readFile == nil || lit.End() > token.Pos(tf.Base()+tf.Size()) {
		return "", false
	}
	content, ok := x.sources[tf]
	if !ok {
		b, err := x.readFile(tf.Name())
		if err == nil && len(b) == tf.Size() {
			content = b
		}
		x.sources[tf] = content // nil: unreadable
	}
	start, end := tf.Offset(lit.Pos()), tf.Offset(lit.End())
	if content == nil || end-start < 2 {
		return "", false
	}
	return string(content[start:end]), true
}

func linear(body, val string, base token.Pos) span {
	if body != val {
		return textSpan(val)
	}
	return span{text: val, known: true, exact: true, base: base}
}

func containsByte(s string, c byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return true
		}
	}
	return false
}

// decodeRaw decodes the body of a raw string literal, in which carriage
// returns are discarded, recording the source offset of each byte.
func decodeRaw(body string) ([]byte, []int32) {
	dec := make([]byte, 0, len(body))
	offs := make([]int32, 0, len(body)+1)
	for i := 0; i < len(body); i++ {
		if body[i] == '\r' {
			continue
		}
		dec = append(dec, body[i])
		offs = append(offs, int32(i))
	}
	return dec, append(offs, int32(len(body)))
}

// decodeInterpreted decodes the body of an interpreted string literal,
// recording for each byte the source offset of the character or escape
// that produced it. It reports false on a malformed escape.
func decodeInterpreted(body string) ([]byte, []int32, bool) {
	dec := make([]byte, 0, len(body))
	offs := make([]int32, 0, len(body)+1)
	for i := 0; i < len(body); {
		start := int32(i)
		if body[i] != '\\' {
			dec = append(dec, body[i])
			offs = append(offs, start)
			i++
			continue
		}
		if i+1 >= len(body) {
			return nil, nil, false
		}
		c := body[i+1]
		i += 2
		switch c {
		case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\', '"':
			dec = append(dec, unescapeSimple(c))
			offs = append(offs, start)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			if i+2 > len(body) {
				return nil, nil, false
			}
			v, err := strconv.ParseUint(body[i-1:i+2], 8, 8)
			if err != nil {
				return nil, nil, false
			}
			dec = append(dec, byte(v))
			offs = append(offs, start)
			i += 2
		case 'x', 'u', 'U':
			n := map[byte]int{'x': 2, 'u': 4, 'U': 8}[c]
			if i+n > len(body) {
				return nil, nil, false
			}
			v, err := strconv.ParseUint(body[i:i+n], 16, 32)
			if err != nil {
				return nil, nil, false
			}
			i += n
			if c == 'x' {
				dec = append(dec, byte(v))
				offs = append(offs, start)
				break
			}
			r := rune(v)
			if !utf8.ValidRune(r) {
				return nil, nil, false
			}
			before := len(dec)
			dec = utf8.AppendRune(dec, r)
			for range len(dec) - before {
				offs = append(offs, start)
			}
		default:
			return nil, nil, false
		}
	}
	return dec, append(offs, int32(len(body))), true
}

func unescapeSimple(c byte) byte {
	switch c {
	case 'a':
		return '\a'
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	case 'v':
		return '\v'
	}
	return c // '\\', '"'
}
