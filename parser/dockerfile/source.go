package dockerfile

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ecslint/ecslint/parser"
)

// utf8BOM is stripped before parsing, as buildkit does.
const utf8BOM = "\xEF\xBB\xBF"

// source is one Dockerfile's text as buildkit sees it: the BOM removed and
// lines split at "\n" only (buildkit's scanner). Positions are computed with
// parser.Lines over the same text, and the BOM's bytes are added back to
// every Offset, so columns on line 1 do not count the BOM but offsets index
// the original file.
type source struct {
	text  []byte
	bom   int
	lines *parser.Lines
	// bk holds the start of each of buildkit's lines: line n is
	// [bk[n-1], bk[n]) including its "\n", the last line ends the text.
	bk []int
	// last is the previous result of pos, reused to count columns from it
	// rather than from the start of a long line.
	last     parser.Position
	lastNext int // start of the line after last's
}

// substitute stands in for bytes that are not valid UTF-8 and for NUL.
const substitute = 0x1A

func newSource(src []byte) *source {
	s := &source{text: src, lastNext: -1}
	if bytes.HasPrefix(src, []byte(utf8BOM)) {
		s.bom = len(utf8BOM)
		s.text = src[len(utf8BOM):]
	}
	s.text = sanitize(s.text)
	s.lines = parser.NewLines(s.text)
	// Sized once: a file of blank lines has millions.
	s.bk = make([]int, 0, bytes.Count(s.text, []byte{'\n'})+1)
	for start := 0; start < len(s.text); {
		s.bk = append(s.bk, start)
		i := bytes.IndexByte(s.text[start:], '\n')
		if i < 0 {
			break
		}
		start += i + 1
	}
	return s
}

// lineSpan returns [start, end) of buildkit line n, 1 <= n <= numLines,
// including its "\n".
func (s *source) lineSpan(n int) (int, int) {
	if n < len(s.bk) {
		return s.bk[n-1], s.bk[n]
	}
	return s.bk[n-1], len(s.text)
}

// pos converts an offset into text to a Position whose Offset indexes the
// original file.
func (s *source) pos(off int) parser.Position {
	off = max(0, min(off, len(s.text)))
	var p parser.Position
	// Counting on from the last position is exact when it starts a rune.
	if s.lastNext >= 0 && off >= s.last.Offset && off < s.lastNext &&
		(s.last.Offset == len(s.text) || utf8.RuneStart(s.text[s.last.Offset])) {
		p = parser.Position{
			Line:   s.last.Line,
			Column: s.last.Column + utf8.RuneCount(s.text[s.last.Offset:off]),
			Offset: off,
		}
	} else {
		p = s.lines.Pos(off)
		s.lastNext = s.lines.LineStart(p.Line + 1)
		if s.lastNext < 0 {
			s.lastNext = len(s.text) + 1
		}
	}
	s.last = p
	p.Offset += s.bom
	return p
}

// sanitize returns text with every byte that is not valid UTF-8, and every
// NUL, replaced by U+001A. buildkit's shell lexer reads words with
// text/scanner, which prints such bytes to stderr. The replacement keeps
// offsets, lines and columns unchanged.
func sanitize(text []byte) []byte {
	if utf8.Valid(text) && bytes.IndexByte(text, 0) < 0 {
		return text
	}
	out := make([]byte, 0, len(text))
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRune(text[i:])
		switch {
		case r == utf8.RuneError && w == 1, r == 0:
			out = append(out, substitute)
		default:
			out = append(out, text[i:i+w]...)
		}
		i += w
	}
	return out
}

func (s *source) rng(start, end int) parser.Range {
	return parser.Range{Start: s.pos(start), End: s.pos(end)}
}

// numLines returns the number of buildkit lines.
func (s *source) numLines() int { return len(s.bk) }

// content returns [start, end) of buildkit line n without its line
// terminator (buildkit's trimNewline strips every trailing '\r' and '\n').
func (s *source) content(n int) (int, int) {
	if n < 1 || n > len(s.bk) {
		return len(s.text), len(s.text)
	}
	start, end := s.lineSpan(n)
	for end > start && (s.text[end-1] == '\n' || s.text[end-1] == '\r') {
		end--
	}
	return start, end
}

// lineStart returns the offset of the first non-blank character of buildkit
// line n (or of its end when it is blank), clamped to the text.
func (s *source) lineStart(n int) int {
	switch {
	case n < 1 || len(s.bk) == 0:
		return 0
	case n > len(s.bk):
		n = len(s.bk)
	}
	start, end := s.content(n)
	return start + leadingSpace(s.text[start:end])
}

// leadingSpace returns the length of b's leading Unicode white space, as
// buildkit's trimLeadingWhitespace removes it.
func leadingSpace(b []byte) int {
	return len(b) - len(bytes.TrimLeftFunc(b, unicode.IsSpace))
}

func isComment(b []byte) bool {
	b = b[leadingSpace(b):]
	return len(b) > 0 && b[0] == '#'
}

// logical is one instruction's logical line, rebuilt from the source the way
// buildkit's Parse joins continuation lines, with the text offset of every
// byte so tokens found in it map back to exact source ranges. The offsets
// are kept per piece of source added (one per physical line), not per byte.
type logical struct {
	text []byte
	segs []segment
}

// segment says that logical bytes from at on come from the text at from.
type segment struct {
	at, from int
}

func (l *logical) add(src []byte, start, end int) {
	if end <= start {
		return
	}
	l.segs = append(l.segs, segment{at: len(l.text), from: start})
	l.text = append(l.text, src[start:end]...)
}

// off returns the text offset of logical byte i, 0 <= i < len(l.text).
func (l *logical) off(i int) int {
	// The last segment that starts at or before i.
	lo, hi := 0, len(l.segs)
	for hi-lo > 1 {
		m := int(uint(lo+hi) >> 1)
		if l.segs[m].at <= i {
			lo = m
		} else {
			hi = m
		}
	}
	return l.segs[lo].from + i - l.segs[lo].at
}

// span maps the logical byte span [a, b) to a text span. b > a.
func (l *logical) span(a, b int) (int, int) {
	return l.off(a), l.off(b-1) + 1
}

// trimContinuation mirrors buildkit's lineContinuationRegex,
// `([^E])E[ \t]*$|^E[ \t]*$` with E the escape token: it reports the end of
// the line's content and whether the line continues.
func trimContinuation(b []byte, esc byte) (int, bool) {
	t := len(b)
	for t > 0 && (b[t-1] == ' ' || b[t-1] == '\t') {
		t--
	}
	if t == 0 || b[t-1] != esc {
		return len(b), false
	}
	if t == 1 {
		return 0, true
	}
	if b[t-2] == esc {
		return len(b), false
	}
	return t - 1, true
}

// logicalLine rebuilds the logical line of the instruction that buildkit
// started at line startLine, mirroring its Parse loop: the first line loses
// its leading white space; continuation lines keep theirs; comment lines and
// blank lines inside a continuation are skipped; escape tokens ending a line
// are dropped. It stops where buildkit stops, before any heredoc body.
func (s *source) logicalLine(startLine int, esc byte) *logical {
	l := &logical{}
	n := startLine
	start, end := s.content(n)
	start += leadingSpace(s.text[start:end])
	if isComment(s.text[start:end]) {
		end = start
	}
	cut, more := trimContinuation(s.text[start:end], esc)
	l.add(s.text, start, start+cut)
	for more && n < s.numLines() {
		n++
		start, end = s.content(n)
		line := s.text[start:end]
		if isComment(line) || leadingSpace(line) == len(line) {
			continue
		}
		cut, more = trimContinuation(line, esc)
		l.add(s.text, start, start+cut)
	}
	return l
}

// isBKSpace is buildkit's reWhitespace class, [\t\v\f\r ].
func isBKSpace(b byte) bool {
	switch b {
	case '\t', '\v', '\f', '\r', ' ':
		return true
	}
	return false
}

// word is a token of a logical line: its text after quote and escape
// removal, the logical index of each of its bytes, and its raw span.
type word struct {
	text       []byte
	offs       []int
	start, end int
}

func (w *word) add(b byte, at int) {
	w.text = append(w.text, b)
	w.offs = append(w.offs, at)
}

// mangled returns w's text the way buildkit's extractBuilderFlags writes it:
// one rune per byte, so non-ASCII bytes come out re-encoded.
func (w *word) mangled() string {
	var b strings.Builder
	for _, c := range w.text {
		b.WriteRune(rune(c))
	}
	return b.String()
}

// command is a logical line split the way buildkit's splitCommand,
// extractBuilderFlags and parseStringsWhitespaceDelimited split it.
type command struct {
	name  word
	flags []word
	// argsStart and argsEnd delimit the arguments after the flags
	// (logical indexes); argsStart == argsEnd when there are none.
	argsStart, argsEnd int
}

func trimSpan(b []byte, start, end int) (int, int) {
	s := b[start:end]
	lead := len(s) - len(bytes.TrimLeftFunc(s, unicode.IsSpace))
	s = bytes.TrimRightFunc(s[lead:], unicode.IsSpace)
	return start + lead, start + lead + len(s)
}

func splitCommand(l *logical, esc byte) command {
	var c command
	ts, te := trimSpan(l.text, 0, len(l.text))
	i := ts
	for i < te && !isBKSpace(l.text[i]) {
		i++
	}
	c.name = word{start: ts, end: i}
	for k := ts; k < i; k++ {
		c.name.add(l.text[k], k)
	}
	c.argsStart, c.argsEnd = te, te
	if i == te {
		return c
	}
	j := i
	for j < te && isBKSpace(l.text[j]) {
		j++
	}
	rest, flags := extractFlags(l.text[:te], j, esc)
	c.flags = flags
	if rest >= 0 {
		c.argsStart, c.argsEnd = trimSpan(l.text, rest, te)
	}
	return c
}

// extractFlags ports buildkit's extractBuilderFlags, which walks bytes (not
// runes) and treats any byte that unicode.IsSpace accepts as a separator. It
// returns the index where the arguments begin (-1 when nothing follows the
// flags) and the flags.
func extractFlags(line []byte, from int, esc byte) (int, []word) {
	const (
		inSpaces = iota
		inWord
		inQuote
	)
	var (
		words   []word
		cur     word
		phase   = inSpaces
		quote   byte
		blankOK bool
	)
	for pos := from; pos <= len(line); pos++ {
		var ch byte
		if pos != len(line) {
			ch = line[pos]
		}
		if phase == inSpaces {
			if pos == len(line) {
				break
			}
			if unicode.IsSpace(rune(ch)) {
				continue
			}
			if ch != '-' || pos+1 == len(line) || line[pos+1] != '-' {
				return pos, words
			}
			phase = inWord
			cur = word{start: pos}
		}
		if pos == len(line) {
			if string(cur.text) != "--" && (blankOK || len(cur.text) > 0) {
				cur.end = pos
				words = append(words, cur)
			}
			break
		}
		if phase == inWord {
			if unicode.IsSpace(rune(ch)) {
				phase = inSpaces
				if string(cur.text) == "--" {
					return pos, words
				}
				if blankOK || len(cur.text) > 0 {
					cur.end = pos
					words = append(words, cur)
				}
				cur = word{}
				blankOK = false
				continue
			}
			if ch == '\'' || ch == '"' {
				quote = ch
				blankOK = true
				phase = inQuote
				continue
			}
			if ch == esc {
				if pos+1 == len(line) {
					continue
				}
				pos++
				ch = line[pos]
			}
			cur.add(ch, pos)
			continue
		}
		// inQuote
		if ch == quote {
			phase = inWord
			continue
		}
		if ch == esc {
			if pos+1 == len(line) {
				phase = inWord
				continue
			}
			pos++
			ch = line[pos]
		}
		cur.add(ch, pos)
	}
	return -1, words
}

// fields splits b[start:end) at runs of buildkit's reWhitespace, as
// parseStringsWhitespaceDelimited does.
func fields(b []byte, start, end int) [][2]int {
	var out [][2]int
	i := start
	for i < end {
		for i < end && isBKSpace(b[i]) {
			i++
		}
		if i == end {
			break
		}
		j := i
		for j < end && !isBKSpace(b[j]) {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// csvField is one field of a RUN --mount value: its text and, for each byte,
// the index of that byte in the flag's text.
type csvField struct {
	text []byte
	idx  []int
}

// csvFields splits a --mount value the way buildkit's csvvalue.Fields does
// (RFC 4180 quoting, no lazy quotes, no space trimming). ok is false when
// buildkit would reject the value.
func csvFields(v []byte) ([]csvField, bool) {
	if len(v) == 0 {
		return nil, false
	}
	var out []csvField
	pos := 0
	for {
		var f csvField
		if pos >= len(v) || v[pos] != '"' {
			end := bytes.IndexByte(v[pos:], ',')
			if end < 0 {
				end = len(v)
			} else {
				end += pos
			}
			if bytes.IndexByte(v[pos:end], '"') >= 0 {
				return nil, false
			}
			for i := pos; i < end; i++ {
				f.text = append(f.text, v[i])
				f.idx = append(f.idx, i)
			}
			out = append(out, f)
			if end == len(v) {
				return out, true
			}
			pos = end + 1
			continue
		}
		pos++
		for {
			q := bytes.IndexByte(v[pos:], '"')
			if q < 0 {
				return nil, false
			}
			for i := pos; i < pos+q; i++ {
				f.text = append(f.text, v[i])
				f.idx = append(f.idx, i)
			}
			pos += q + 1
			switch {
			case pos < len(v) && v[pos] == '"':
				f.text = append(f.text, '"')
				f.idx = append(f.idx, pos)
				pos++
				continue
			case pos < len(v) && v[pos] == ',':
				out = append(out, f)
				pos++
			case pos == len(v):
				return append(out, f), true
			default:
				return nil, false
			}
			break
		}
	}
}
