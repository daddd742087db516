package parser

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// Lines converts byte offsets of one source text into Positions.
type Lines struct {
	src    []byte
	starts []int // byte offset of the start of each line
}

// NewLines indexes the line starts of src. "\n", "\r\n" and a lone "\r" all
// end a line.
func NewLines(src []byte) *Lines {
	// Sized once: a file of blank lines must not cost several copies of
	// its line table while it grows.
	n := 1 + bytes.Count(src, []byte{'\n'}) + bytes.Count(src, []byte{'\r'})
	starts := make([]int, 1, n)
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\n':
			starts = append(starts, i+1)
		case '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		}
	}
	return &Lines{src: src, starts: starts}
}

// bom is the UTF-8 byte order mark.
const bom = "\ufeff"

// Pos returns the position of byte offset off (clamped to the text). The
// column counts code points from the start of the line; invalid UTF-8 bytes
// count one each. A byte order mark at the start of the text is not a
// character of line 1, as in editors.
func (l *Lines) Pos(off int) Position {
	off = max(0, min(off, len(l.src)))
	line := sort.Search(len(l.starts), func(i int) bool { return l.starts[i] > off }) - 1
	start := l.starts[line]
	if line == 0 && len(l.src) >= len(bom) && string(l.src[:len(bom)]) == bom {
		start = min(len(bom), off)
	}
	col := 1 + utf8.RuneCount(l.src[start:off])
	return Position{Line: line + 1, Column: col, Offset: off}
}

// Range returns the range of bytes [start, end).
func (l *Lines) Range(start, end int) Range {
	return Range{Start: l.Pos(start), End: l.Pos(end)}
}

// LineStart returns the byte offset where 1-based line n starts, or -1.
func (l *Lines) LineStart(n int) int {
	if n < 1 || n > len(l.starts) {
		return -1
	}
	return l.starts[n-1]
}

// LineEnd returns the byte offset of the end of 1-based line n, before its
// line terminator, or -1.
func (l *Lines) LineEnd(n int) int {
	if n < 1 || n > len(l.starts) {
		return -1
	}
	end := len(l.src)
	if n < len(l.starts) {
		end = l.starts[n]
	}
	for end > l.starts[n-1] && (l.src[end-1] == '\n' || l.src[end-1] == '\r') {
		end--
	}
	return end
}

// NumLines returns the number of lines.
func (l *Lines) NumLines() int { return len(l.starts) }
