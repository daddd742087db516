package jsonpos

import (
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/ecslint/ecslint/parser"
)

// bom is the UTF-8 encoding of U+FEFF, allowed (and skipped) at the start.
const bom = "\xef\xbb\xbf"

// slabSize is how many Nodes the decoder allocates at once.
const slabSize = 64

// Decode parses src, read from file, and returns its root value. A syntax
// error is returned as a *parser.Error naming file and the position of the
// offending byte, or the end of src when the text is truncated.
func Decode(file string, src []byte) (*Node, error) {
	d := decoder{file: file, src: src, line: 1, col: 1}
	if len(src) >= len(bom) && string(src[:len(bom)]) == bom {
		// The mark is not a character: what follows it is at column 1.
		d.i, d.off = len(bom), len(bom)
	}
	d.skipSpace()
	root, err := d.value()
	if err != nil {
		return nil, err
	}
	d.skipSpace()
	if d.i < len(src) {
		return nil, d.errorf(d.i, "invalid character %s after top-level value", describe(src, d.i))
	}
	return root, nil
}

// decoder is a recursive-descent scanner over one input.
type decoder struct {
	file  string
	src   []byte
	i     int // offset of the next unread byte
	depth int // open arrays and objects

	// The position cursor: offset off is at line:col. Positions are asked
	// for in increasing offset order, so each byte is counted once.
	off, line, col int

	slab []Node
	buf  []byte // scratch for unescaping strings
	// members and elems hold the members and elements of the objects and
	// arrays being decoded, innermost last; each is copied out, at its
	// exact size, when its value ends.
	members []Member
	elems   []*Node
}

// pos returns the position of offset off, which must not be before the
// previously requested one.
func (d *decoder) pos(off int) parser.Position {
	src := d.src
	line, col := d.line, d.col
	for i := d.off; i < off; {
		c := src[i]
		switch {
		case c == '\n':
			line++
			col = 1
			i++
		case c == '\r':
			// "\r\n" ends the line at the '\n'; a lone '\r' ends it here.
			if i+1 < len(src) && src[i+1] == '\n' {
				col++
			} else {
				line++
				col = 1
			}
			i++
		case c < utf8.RuneSelf:
			col++
			i++
		default:
			_, n := utf8.DecodeRune(src[i:off])
			col++
			i += n
		}
	}
	d.off, d.line, d.col = off, line, col
	return parser.Position{Line: line, Column: col, Offset: off}
}

// errorf builds a positioned error at offset off. Errors are rare, so the
// position is computed independently of the cursor, by parser.Lines.
func (d *decoder) errorf(off int, format string, args ...any) error {
	return parser.Errorf(d.file, parser.NewLines(d.src).Pos(off), format, args...)
}

// eof reports a truncated input.
func (d *decoder) eof(expected string) error {
	return d.errorf(len(d.src), "unexpected end of input, expected %s", expected)
}

func (d *decoder) node(k Kind) *Node {
	if len(d.slab) == 0 {
		d.slab = make([]Node, slabSize)
	}
	n := &d.slab[0]
	d.slab = d.slab[1:]
	n.Kind = k
	return n
}

func (d *decoder) skipSpace() {
	for d.i < len(d.src) {
		switch d.src[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// value decodes the value starting at d.i, after any white space.
func (d *decoder) value() (*Node, error) {
	if d.i >= len(d.src) {
		return nil, d.eof("value")
	}
	switch c := d.src[d.i]; c {
	case '{':
		return d.object()
	case '[':
		return d.array()
	case '"':
		start := d.i
		s, err := d.str()
		if err != nil {
			return nil, err
		}
		n := d.node(String)
		n.Text = s
		n.Range = parser.Range{Start: d.pos(start), End: d.pos(d.i)}
		return n, nil
	case 't':
		return d.literal("true", Bool, true)
	case 'f':
		return d.literal("false", Bool, false)
	case 'n':
		return d.literal("null", Null, false)
	default:
		if c == '-' || (c >= '0' && c <= '9') {
			return d.number()
		}
		return nil, d.errorf(d.i, "invalid character %s looking for beginning of value", describe(d.src, d.i))
	}
}

func (d *decoder) literal(lit string, k Kind, b bool) (*Node, error) {
	start := d.i
	for j := 1; j < len(lit); j++ {
		i := start + j
		if i >= len(d.src) {
			return nil, d.errorf(i, "unexpected end of input in literal %s (expecting %q)", lit, lit[j])
		}
		if d.src[i] != lit[j] {
			return nil, d.errorf(i, "invalid character %s in literal %s (expecting %q)", describe(d.src, i), lit, lit[j])
		}
	}
	d.i = start + len(lit)
	n := d.node(k)
	n.Bool = b
	n.Range = parser.Range{Start: d.pos(start), End: d.pos(d.i)}
	return n, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// number scans -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (d *decoder) number() (*Node, error) {
	src := d.src
	start := d.i
	i := start
	if src[i] == '-' {
		i++
	}
	switch {
	case i >= len(src):
		return nil, d.errorf(i, "unexpected end of input in numeric literal")
	case src[i] == '0':
		i++
	case isDigit(src[i]):
		for i < len(src) && isDigit(src[i]) {
			i++
		}
	default:
		return nil, d.errorf(i, "invalid character %s in numeric literal", describe(src, i))
	}
	if i < len(src) && src[i] == '.' {
		i++
		if i >= len(src) {
			return nil, d.errorf(i, "unexpected end of input after decimal point in numeric literal")
		}
		if !isDigit(src[i]) {
			return nil, d.errorf(i, "invalid character %s after decimal point in numeric literal", describe(src, i))
		}
		for i < len(src) && isDigit(src[i]) {
			i++
		}
	}
	if i < len(src) && (src[i] == 'e' || src[i] == 'E') {
		i++
		if i < len(src) && (src[i] == '+' || src[i] == '-') {
			i++
		}
		if i >= len(src) {
			return nil, d.errorf(i, "unexpected end of input in exponent of numeric literal")
		}
		if !isDigit(src[i]) {
			return nil, d.errorf(i, "invalid character %s in exponent of numeric literal", describe(src, i))
		}
		for i < len(src) && isDigit(src[i]) {
			i++
		}
	}
	d.i = i
	n := d.node(Number)
	n.Text = string(src[start:i])
	n.Range = parser.Range{Start: d.pos(start), End: d.pos(i)}
	return n, nil
}

func (d *decoder) open() error {
	d.depth++
	if d.depth > MaxDepth {
		return d.errorf(d.i, "exceeded max nesting depth %d", MaxDepth)
	}
	return nil
}

func (d *decoder) object() (*Node, error) {
	if err := d.open(); err != nil {
		return nil, err
	}
	src := d.src
	n := d.node(Object)
	n.Range.Start = d.pos(d.i)
	d.i++ // '{'
	d.skipSpace()
	if d.i >= len(src) {
		return nil, d.eof("object key or '}'")
	}
	if src[d.i] == '}' {
		d.i++
		d.depth--
		n.Range.End = d.pos(d.i)
		return n, nil
	}
	base := len(d.members)
	defer func() {
		n.Members = append([]Member(nil), d.members[base:]...)
		d.members = d.members[:base]
	}()
	for {
		if src[d.i] != '"' {
			return nil, d.errorf(d.i, "invalid character %s looking for beginning of object key string", describe(src, d.i))
		}
		keyStart := d.i
		key, err := d.str()
		if err != nil {
			return nil, err
		}
		m := Member{Key: key, KeyRange: parser.Range{Start: d.pos(keyStart), End: d.pos(d.i)}}
		d.skipSpace()
		if d.i >= len(src) {
			return nil, d.eof("':'")
		}
		if src[d.i] != ':' {
			return nil, d.errorf(d.i, "invalid character %s after object key, expected ':'", describe(src, d.i))
		}
		d.i++
		d.skipSpace()
		if m.Value, err = d.value(); err != nil {
			return nil, err
		}
		d.members = append(d.members, m)
		d.skipSpace()
		if d.i >= len(src) {
			return nil, d.eof("',' or '}'")
		}
		switch src[d.i] {
		case ',':
			d.i++
			d.skipSpace()
			if d.i >= len(src) {
				return nil, d.eof("object key")
			}
		case '}':
			d.i++
			d.depth--
			n.Range.End = d.pos(d.i)
			return n, nil
		default:
			return nil, d.errorf(d.i, "invalid character %s after object member, expected ',' or '}'", describe(src, d.i))
		}
	}
}

func (d *decoder) array() (*Node, error) {
	if err := d.open(); err != nil {
		return nil, err
	}
	src := d.src
	n := d.node(Array)
	n.Range.Start = d.pos(d.i)
	d.i++ // '['
	d.skipSpace()
	if d.i >= len(src) {
		return nil, d.eof("value or ']'")
	}
	if src[d.i] == ']' {
		d.i++
		d.depth--
		n.Range.End = d.pos(d.i)
		return n, nil
	}
	base := len(d.elems)
	defer func() {
		n.Elems = append([]*Node(nil), d.elems[base:]...)
		d.elems = d.elems[:base]
	}()
	for {
		el, err := d.value()
		if err != nil {
			return nil, err
		}
		d.elems = append(d.elems, el)
		d.skipSpace()
		if d.i >= len(src) {
			return nil, d.eof("',' or ']'")
		}
		switch src[d.i] {
		case ',':
			d.i++
			d.skipSpace()
		case ']':
			d.i++
			d.depth--
			n.Range.End = d.pos(d.i)
			return n, nil
		default:
			return nil, d.errorf(d.i, "invalid character %s after array element, expected ',' or ']'", describe(src, d.i))
		}
	}
}

// str scans the string literal at d.i (its opening quote), leaves d.i just
// past the closing quote and returns the decoded string.
func (d *decoder) str() (string, error) {
	src := d.src
	start := d.i + 1
	i := start
	esc, high := false, false // seen an escape, a byte >= 0x80
	for {
		if i >= len(src) {
			return "", d.errorf(i, "unexpected end of input in string literal")
		}
		c := src[i]
		switch {
		case c == '"':
			d.i = i + 1
			body := src[start:i]
			if !esc && (!high || utf8.Valid(body)) {
				return string(body), nil
			}
			return d.unquote(body), nil
		case c == '\\':
			esc = true
			i++
			if i >= len(src) {
				return "", d.errorf(i, "unexpected end of input in string escape")
			}
			switch src[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				i++
				for k := 0; k < 4; k++ {
					if i >= len(src) {
						return "", d.errorf(i, "unexpected end of input in \\u escape")
					}
					if !isHex(src[i]) {
						return "", d.errorf(i, "invalid character %s in \\u escape, expected a hexadecimal digit", describe(src, i))
					}
					i++
				}
			default:
				return "", d.errorf(i, "invalid escape character %s in string literal", describe(src, i))
			}
		case c < 0x20:
			return "", d.errorf(i, "invalid character %s in string literal", describe(src, i))
		default:
			if c >= utf8.RuneSelf {
				high = true
			}
			i++
		}
	}
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// unquote decodes a validated string body with escapes or non-ASCII bytes
// the way encoding/json does: invalid UTF-8 bytes and unpaired surrogate
// escapes become U+FFFD.
func (d *decoder) unquote(s []byte) string {
	b := d.buf[:0]
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			switch s[i+1] {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r := hex4(s[i+2:])
				i += 6
				if utf16.IsSurrogate(r) {
					r2 := rune(-1)
					if i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
						r2 = hex4(s[i+2:])
					}
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						r = dec
						i += 6
					} else {
						r = utf8.RuneError
					}
				}
				b = utf8.AppendRune(b, r)
				continue
			default: // '"', '\\', '/'
				b = append(b, s[i+1])
			}
			i += 2
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			r, n := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && n == 1 {
				b = append(b, "\uFFFD"...)
			} else {
				b = append(b, s[i:i+n]...)
			}
			i += n
		}
	}
	d.buf = b
	return string(b)
}

// hex4 decodes four validated hexadecimal digits.
func hex4(s []byte) rune {
	var r rune
	for _, c := range s[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		default:
			c = c - 'A' + 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// describe quotes the character at src[off] for an error message: 'x',
// '\n', 'é', or '\xff' for a byte that is not valid UTF-8.
func describe(src []byte, off int) string {
	c := src[off]
	switch {
	case c == '\'':
		return `'\''`
	case c == '"':
		return `'"'`
	case c < utf8.RuneSelf:
		return strconv.QuoteRune(rune(c))
	}
	r, n := utf8.DecodeRune(src[off:])
	if r == utf8.RuneError && n == 1 {
		return fmt.Sprintf(`'\x%02x'`, c)
	}
	return strconv.QuoteRune(r)
}
