package sqlextract

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"unicode/utf8"
)

// sprintf resolves fmt.Sprintf(format, args...) with a statically known
// format. The literal parts of the format keep their positions; each verb
// becomes the text of its argument when that is known (%s and %v of a
// string splice the argument's spans, other verbs of a constant are
// formatted without positions) and an opaque part otherwise.
func (r *resolver) sprintf(call *ast.CallExpr, depth int) []span {
	if len(call.Args) == 0 {
		return []span{opaque}
	}
	format := r.resolve(call.Args[0], depth+1)
	for _, s := range format {
		if !s.known {
			return []span{opaque}
		}
	}
	if textLen(format) > maxText {
		return []span{opaque}
	}
	args := call.Args[1:]
	spread := call.Ellipsis.IsValid() // Sprintf(f, xs...): arguments unknown
	text := joined(format)

	var out []span
	lit := 0    // start of the pending literal run of the format
	argNum := 0 // next argument, as in fmt
	for i := 0; i < len(text); {
		if text[i] != '%' {
			i++
			continue
		}
		out = append(out, sliceSpans(format, lit, i)...)
		if i+1 < len(text) && text[i+1] == '%' {
			out = append(out, sliceSpans(format, i, i+1)...) // %% is a literal %
			i += 2
			lit = i
			continue
		}
		v := parseVerb(text[i+1:])
		// A verb glued to a name (users_%d, u%d.id) prints part of a
		// name, whatever its argument.
		inName := i > 0 && isNameByte(text[i-1]) || i+1+v.size < len(text) && isNameByte(text[i+1+v.size])
		i += 1 + v.size
		lit = i
		if v.verb == 0 { // a lone % at the end: fmt prints %!(NOVERB)
			out = append(out, opaque)
			continue
		}
		argNum += v.stars // widths and precisions from arguments
		if v.index > 0 {
			argNum = v.index - 1 + v.stars
		}
		if spread || argNum >= len(args) {
			out = append(out, opaque)
			argNum++
			continue
		}
		out = append(out, r.verbArg(v, args[argNum], inName, depth)...)
		argNum++
	}
	return append(out, sliceSpans(format, lit, len(text))...)
}

// verbArg returns the spans that verb v prints for argument arg; inName
// when the verb prints part of a name.
func (r *resolver) verbArg(v verb, arg ast.Expr, inName bool, depth int) []span {
	plain := v.spec == "%"+string(v.verb)
	if plain && (v.verb == 's' || v.verb == 'v') && r.isStringExpr(arg) {
		return r.resolve(arg, depth+1)
	}
	tv, ok := r.x.info.Types[arg]
	if !ok || v.stars > 0 {
		return []span{opaque}
	}
	if tv.Value == nil {
		// A number printed as a number (%d of an int64 id) is a value
		// whatever it is, never SQL of its own: any number stands for it.
		if n, ok := numberText(v, tv.Type); ok && !inName {
			return []span{textSpan(n)}
		}
		return []span{opaque}
	}
	var val any
	switch tv.Value.Kind() {
	case constant.String:
		val = constant.StringVal(tv.Value)
	case constant.Int:
		if i, ok := constant.Int64Val(tv.Value); ok {
			val = i
		}
	case constant.Bool:
		val = constant.BoolVal(tv.Value)
	}
	if val == nil {
		return []span{opaque}
	}
	return []span{textSpan(fmt.Sprintf(v.spec, val))}
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '"'
}

// numberText is what verb v prints for a zero of type t when t is a
// number and v prints numbers (%d, %x, %v of an integer; %f, %g, %v of a
// float), else false.
func numberText(v verb, t types.Type) (string, bool) {
	b, ok := t.Underlying().(*types.Basic)
	if !ok {
		return "", false
	}
	switch {
	case b.Info()&types.IsInteger != 0 && strings.ContainsRune("dxXobv", v.verb):
		return fmt.Sprintf(v.spec, 0), true
	case b.Info()&types.IsFloat != 0 && strings.ContainsRune("feEgGv", v.verb):
		return fmt.Sprintf(v.spec, 0.0), true
	}
	return "", false
}

// A verb is one formatting directive of a format string.
type verb struct {
	spec  string // the directive without an explicit argument index, e.g. "%-5d"
	verb  rune   // 0 if the format ends before the verb
	size  int    // bytes after the '%'
	index int    // explicit argument index [n], 1-based; 0 if none
	stars int    // '*' widths/precisions, each consuming an argument
}

// parseVerb parses the directive after a '%' like fmt does: flags, an
// optional [n] index, width, precision and the verb rune.
func parseVerb(s string) verb {
	v := verb{spec: "%"}
	i := 0
	for i < len(s) && isFlag(s[i]) {
		i++
	}
	v.spec += s[:i]
	num := func() {
		if i < len(s) && s[i] == '[' {
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j < len(s) && s[j] == ']' {
				if n, err := strconv.Atoi(s[i+1 : j]); err == nil && n > 0 {
					v.index = n
				}
				i = j + 1
			}
		}
		if i < len(s) && s[i] == '*' {
			v.stars++
			v.spec += "*"
			i++
			return
		}
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		v.spec += s[j:i]
	}
	num()
	if i < len(s) && s[i] == '.' {
		v.spec += "."
		i++
		num()
	}
	if i < len(s) && s[i] == '[' {
		num() // [n] just before the verb
	}
	if i >= len(s) {
		v.size = i
		return v
	}
	r, n := rune(s[i]), 1
	if r >= 0x80 {
		r, n = utf8.DecodeRuneInString(s[i:])
	}
	v.verb = r
	v.spec += s[i : i+n]
	v.size = i + n
	return v
}

func isFlag(c byte) bool {
	switch c {
	case '+', '-', '#', ' ', '0':
		return true
	}
	return false
}

// sliceSpans returns the spans of bytes [i, j) of the text of spans.
// fillPlaceholders writes text with its first n ? placeholders replaced
// by fill(i) for the i-th, as the builders interpolate their arguments;
// text must be known. A ? beyond the last argument stays.
func fillPlaceholders(text []span, n int, at token.Pos, fill func(i int) ([]span, bool)) ([]span, bool) {
	full, pos := joined(text), 0
	var t sqlText
	for i := 0; i < n; i++ {
		j := strings.IndexByte(full[pos:], '?')
		if j < 0 {
			break
		}
		val, ok := fill(i)
		if !ok {
			return nil, false
		}
		t.add(sliceSpans(text, pos, pos+j), at)
		t.add(val, at)
		pos += j + 1
	}
	t.add(sliceSpans(text, pos, len(full)), at)
	return t.spans, true
}

func sliceSpans(spans []span, i, j int) []span {
	var out []span
	off := 0
	for _, s := range spans {
		start, end := off, off+len(s.text)
		off = end
		lo, hi := max(i, start), min(j, end)
		if lo < hi {
			out = append(out, s.slice(lo-start, hi-start))
		}
	}
	return out
}
