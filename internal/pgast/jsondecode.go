package pgast

import (
	"errors"
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// DecodeJSON reads the JSON libpg_query's parser writes
// (parser.ParseToJSON) into a tree.
func DecodeJSON(js string) (*ParseResult, error) {
	d := &jsonDecoder{data: js}
	tree := &ParseResult{}
	jsonDecodeParseResult(d, tree, MaxDepth)
	d.space()
	if d.err == nil && d.pos != len(d.data) {
		d.fail(errJSON)
	}
	if d.err != nil {
		return nil, d.err
	}
	return tree, nil
}

var errJSON = errors.New("malformed parse tree JSON")

// jsonDecoder reads the JSON libpg_query writes: objects, arrays, strings,
// numbers, booleans, with the protobuf JSON mapping's conventions (enums by
// name, defaults left out). The first error sticks and ends every loop.
type jsonDecoder struct {
	data string
	pos  int
	key  string // the member name nextKey read
	err  error
}

func (d *jsonDecoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
	d.pos = len(d.data)
}

func (d *jsonDecoder) space() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
}

// peek returns the next byte that is not white space, or 0 at the end.
func (d *jsonDecoder) peek() byte {
	d.space()
	if d.pos < len(d.data) {
		return d.data[d.pos]
	}
	return 0
}

func (d *jsonDecoder) expect(c byte) bool {
	if d.peek() != c {
		d.fail(errJSON)
		return false
	}
	d.pos++
	return true
}

func (d *jsonDecoder) beginObject(depth int) bool {
	if depth < 0 {
		d.fail(errTooDeep)
		return false
	}
	return d.expect('{')
}

// nextKey reads the next member's name into d.key and the colon after it;
// it reports false at the object's end.
func (d *jsonDecoder) nextKey() bool {
	switch d.peek() {
	case '}':
		d.pos++
		return false
	case ',':
		d.pos++
	case 0:
		d.fail(errJSON)
		return false
	}
	if !d.expect('"') {
		return false
	}
	start := d.pos
	for d.pos < len(d.data) && d.data[d.pos] != '"' {
		if d.data[d.pos] == '\\' {
			// Member names are field names: never escaped.
			d.fail(errJSON)
			return false
		}
		d.pos++
	}
	d.key = d.data[start:d.pos]
	d.pos++
	return d.expect(':')
}

func (d *jsonDecoder) beginArray() { d.expect('[') }

// nextElement reports whether another array element follows.
func (d *jsonDecoder) nextElement() bool {
	switch d.peek() {
	case ']':
		d.pos++
		return false
	case ',':
		d.pos++
		return true
	case 0:
		d.fail(errJSON)
		return false
	}
	return true
}

// skip passes over a value of a member the tree types do not have.
func (d *jsonDecoder) skip(depth int) {
	if depth < 0 {
		d.fail(errTooDeep)
		return
	}
	switch d.peek() {
	case '{':
		d.pos++
		for d.nextKey() {
			d.skip(depth - 1)
		}
	case '[':
		d.pos++
		for d.nextElement() {
			d.skip(depth - 1)
		}
	case '"':
		d.string()
	default:
		d.literal()
	}
}

// literal returns the bytes of a number, true, false or null.
func (d *jsonDecoder) literal() string {
	d.space()
	start := d.pos
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		if c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\t' || c == '\r' {
			break
		}
		d.pos++
	}
	if d.pos == start {
		d.fail(errJSON)
	}
	return d.data[start:d.pos]
}

func (d *jsonDecoder) string() string {
	if !d.expect('"') {
		return ""
	}
	start := d.pos
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		if c == '"' {
			s := d.data[start:d.pos]
			d.pos++
			if !utf8.ValidString(s) {
				d.fail(errInvalidUTF8)
				return ""
			}
			return s
		}
		if c == '\\' {
			return d.escapedString(start)
		}
		if c < 0x20 {
			break
		}
		d.pos++
	}
	d.fail(errJSON)
	return ""
}

// escapedString finishes a string with escapes, started at start.
func (d *jsonDecoder) escapedString(start int) string {
	buf := []byte(d.data[start:d.pos])
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		switch {
		case c == '"':
			d.pos++
			if !utf8.Valid(buf) {
				d.fail(errInvalidUTF8)
				return ""
			}
			return string(buf)
		case c < 0x20:
			d.fail(errJSON)
			return ""
		case c != '\\':
			buf = append(buf, c)
			d.pos++
			continue
		}
		if d.pos+1 >= len(d.data) {
			break
		}
		e := d.data[d.pos+1]
		d.pos += 2
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r := d.hex4()
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if d.pos+1 < len(d.data) && d.data[d.pos] == '\\' && d.data[d.pos+1] == 'u' {
					d.pos += 2
					r2 = d.hex4()
				}
				r = utf16.DecodeRune(r, r2)
			}
			buf = utf8.AppendRune(buf, r)
		default:
			d.fail(errJSON)
			return ""
		}
	}
	d.fail(errJSON)
	return ""
}

func (d *jsonDecoder) hex4() rune {
	if d.pos+4 > len(d.data) {
		d.fail(errJSON)
		return 0
	}
	v, err := strconv.ParseUint(d.data[d.pos:d.pos+4], 16, 16)
	if err != nil {
		d.fail(errJSON)
		return 0
	}
	d.pos += 4
	return rune(v)
}

func (d *jsonDecoder) bool() bool {
	switch d.literal() {
	case "true":
		return true
	case "false":
		return false
	}
	d.fail(errJSON)
	return false
}

// number returns a number's text; protobuf's JSON mapping also allows
// numbers as strings.
func (d *jsonDecoder) number() string {
	if d.peek() == '"' {
		return d.string()
	}
	return d.literal()
}

func (d *jsonDecoder) int(lo, hi int64) int64 {
	v, err := strconv.ParseInt(d.number(), 10, 64)
	if err != nil || v < lo || v > hi {
		d.fail(errJSON)
		return 0
	}
	return v
}

func (d *jsonDecoder) uint(hi uint64) uint64 {
	v, err := strconv.ParseUint(d.number(), 10, 64)
	if err != nil || v > hi {
		d.fail(errJSON)
		return 0
	}
	return v
}

func (d *jsonDecoder) float() float64 {
	s := d.number()
	switch s {
	case "NaN":
		return math.NaN()
	case "Infinity":
		return math.Inf(1)
	case "-Infinity":
		return math.Inf(-1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		d.fail(errJSON)
		return 0
	}
	return v
}

// enum reads an enum value by name, or by number.
func (d *jsonDecoder) enum(parse func(string) (int32, bool)) int32 {
	if d.peek() != '"' {
		return int32(d.int(math.MinInt32, math.MaxInt32))
	}
	v, ok := parse(d.string())
	if !ok {
		d.fail(errJSON)
	}
	return v
}
