package printer

import (
	"bufio"
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ecslint/ecslint/parser"
)

// How the text format shows a source line (Options.ShowSource):
//
//	infra/api/taskdef.json:12:16: error: image "nginx:1.27" is pulled ... [TD001]
//	   12 |       "image": "nginx:1.27",
//	      |                ^~~~~~~~~~~
//
// The caret sits under the start column and "~" continues it to the end
// column when the range ends on the same line. The shown line is safe to
// send to a terminal and its cells line up with the caret: tabs become
// sourceTabWidth spaces, control characters, DEL, C1 controls and
// invisible format characters (bidi overrides, zero-width spaces) are
// written as \xHH or \uHHHH escapes, and bytes that are not UTF-8 as
// U+FFFD. A line wider than sourceMaxWidth cells is cut to a window around
// the column, with … where text was left out.
const (
	sourceMaxWidth    = 100 // cells of a source line shown in full
	sourceLeftContext = 30  // cells kept left of the caret when a line is cut
	sourceNumWidth    = 5   // minimum width of the line-number gutter
	sourceTabWidth    = 4
)

// sourceFile is one file's content, split into lines the way the parsers
// count them (parser.Lines), so a line number means the same line.
type sourceFile struct {
	src   []byte
	lines *parser.Lines
	shown map[int]*lineIndex // lines indexed so far, by number
}

// sources shows source lines for one Print call, fetching and splitting
// each file, and indexing each line, at most once. A nil *sources shows
// nothing.
type sources struct {
	fetch func(file string) []byte
	files map[string]*sourceFile // nil value: the file is unavailable
}

func newSources(opts Options) *sources {
	if !opts.ShowSource || opts.Source == nil {
		return nil
	}
	return &sources{fetch: opts.Source, files: map[string]*sourceFile{}}
}

// line returns line n of file, or nil when it is unavailable. Its text
// lacks the line terminator and, on line 1, a byte order mark (columns do
// not count it).
func (s *sources) line(file string, n int) *lineIndex {
	f, ok := s.files[file]
	if !ok {
		if src := s.fetch(file); src != nil {
			f = &sourceFile{src: src, lines: parser.NewLines(src), shown: map[int]*lineIndex{}}
		}
		s.files[file] = f
	}
	if f == nil || n < 1 || n > f.lines.NumLines() {
		return nil
	}
	ix, ok := f.shown[n]
	if !ok {
		text := f.src[f.lines.LineStart(n):f.lines.LineEnd(n)]
		if n == 1 {
			text = bytes.TrimPrefix(text, []byte("\ufeff"))
		}
		ix = indexLine(text)
		f.shown[n] = ix
	}
	return ix
}

// write shows the start line of rng in file with a caret line under it,
// the caret painted in color when on. It writes nothing when rng has no
// position or the line is unavailable.
func (s *sources) write(w *bufio.Writer, file string, rng parser.Range, color string, on bool) {
	if s == nil || !rng.Start.IsValid() {
		return
	}
	ix := s.line(file, rng.Start.Line)
	if ix == nil {
		return
	}
	start := max(1, rng.Start.Column)
	end := start + 1
	if rng.End.Line == rng.Start.Line && rng.End.Column > start {
		end = rng.End.Column
	}
	shown, pad, width := renderLine(ix, start, end)
	num := strconv.Itoa(rng.Start.Line)
	gutter := strings.Repeat(" ", max(sourceNumWidth, len(num)))
	// A bufio.Writer keeps its first error; Print returns it from Flush.
	_, _ = w.WriteString(gutter[len(num):] + num + " |")
	if shown != "" {
		_, _ = w.WriteString(" " + shown)
	}
	_, _ = w.WriteString("\n" + gutter + " | " + strings.Repeat(" ", pad) +
		paint(on, color, "^"+strings.Repeat("~", width-1)) + "\n")
}

// lineIndex is a source line with its width in cells and a mark every
// markEvery columns, so that showing a window of a long (minified) line
// costs the window, not the line, however many findings it has.
type lineIndex struct {
	text  []byte
	total int // cells
	marks []lineMark
}

// lineMark is where column j*markEvery+1 of a line starts.
type lineMark struct{ off, cells int }

const markEvery = 256

func indexLine(text []byte) *lineIndex {
	ix := &lineIndex{text: text}
	for i, col := 0, 0; i < len(text); col++ {
		if col%markEvery == 0 {
			ix.marks = append(ix.marks, lineMark{i, ix.total})
		}
		size, cells, _ := cell(text[i:])
		i += size
		ix.total += cells
	}
	return ix
}

// column returns the cells before 1-based column col. Columns past the
// end of the line give the end. Columns count code points, and an invalid
// UTF-8 byte counts as one, as parser.Lines does.
func (ix *lineIndex) column(col int) (cells int) {
	j := min((col-1)/markEvery, len(ix.marks)-1)
	if j < 0 {
		return 0
	}
	off, cells := ix.marks[j].off, ix.marks[j].cells
	for c := j*markEvery + 1; c < col && off < len(ix.text); c++ {
		size, n, _ := cell(ix.text[off:])
		off += size
		cells += n
	}
	return cells
}

// fromCell returns where the first character starting at or after cell
// target starts (the end of the line if none does).
func (ix *lineIndex) fromCell(target int) (off, cells int) {
	j := sort.Search(len(ix.marks), func(j int) bool { return ix.marks[j].cells > target }) - 1
	if j >= 0 {
		off, cells = ix.marks[j].off, ix.marks[j].cells
	}
	for off < len(ix.text) && cells < target {
		size, n, _ := cell(ix.text[off:])
		off += size
		cells += n
	}
	return off, cells
}

// renderLine returns the line as shown (see the comment on
// sourceMaxWidth), the cells before the caret and the cells the caret and
// its underline span (at least one). start and end are 1-based columns,
// end exclusive.
func renderLine(ix *lineIndex, start, end int) (shown string, pad, width int) {
	w0 := ix.column(start)
	wEnd := ix.column(end)

	// Show the cells [lo, hi): all of them when they fit, otherwise a
	// window starting sourceLeftContext cells left of the caret.
	loTarget, lead, tail := 0, false, false
	if ix.total > sourceMaxWidth && w0 > sourceLeftContext {
		loTarget, lead = w0-sourceLeftContext, true
	}
	off, lo := ix.fromCell(loTarget)
	limit := ix.total - lo
	if ix.total > sourceMaxWidth {
		limit = sourceMaxWidth
		if lead {
			limit--
		}
		if ix.total-lo > limit { // the rest does not fit: cut it
			limit--
			tail = true
		}
	}
	var b strings.Builder
	if lead {
		b.WriteString("…")
	}
	hi := lo
	for off < len(ix.text) {
		size, cells, esc := cell(ix.text[off:])
		if hi+cells-lo > limit {
			break
		}
		if esc != "" {
			b.WriteString(esc)
		} else {
			b.Write(ix.text[off : off+size])
		}
		off += size
		hi += cells
	}
	if tail {
		b.WriteString("…")
	}
	pad = w0 - lo
	if lead {
		pad++
	}
	return b.String(), pad, max(1, min(wEnd, hi)-w0)
}

// cell decodes the character at the start of b: its size in bytes, the
// terminal cells it takes when shown, and what to show instead of its
// bytes ("" to show them as they are).
func cell(b []byte) (size, cells int, esc string) {
	if c := b[0]; c < utf8.RuneSelf {
		switch {
		case c == '\t':
			return 1, sourceTabWidth, strings.Repeat(" ", sourceTabWidth)
		case c < 0x20 || c == 0x7f:
			return 1, 4, fmt.Sprintf(`\x%02x`, c)
		}
		return 1, 1, ""
	}
	r, size := utf8.DecodeRune(b)
	switch {
	case r == utf8.RuneError && size == 1:
		return 1, 1, "\uFFFD"
	case unsafeRune(r):
		// C1 controls, line and paragraph separators, and format
		// characters (escape.go): bidi overrides can reorder what the
		// terminal shows.
		esc = fmt.Sprintf(`\u%04x`, r)
		if r > 0xffff {
			esc = fmt.Sprintf(`\U%08x`, r)
		}
		return size, len(esc), esc
	case unicode.In(r, unicode.Mn, unicode.Me):
		return size, 0, ""
	case wide(r):
		return size, 2, ""
	}
	return size, 1, ""
}

// wide reports whether terminals show r in two cells: the East Asian Wide
// and Fullwidth blocks, and emoji. An approximation of UAX #11 that is
// enough to keep the caret under CJK text and common emoji.
func wide(r rune) bool {
	for _, rg := range [...][2]rune{
		{0x1100, 0x115f}, {0x2e80, 0x303e}, {0x3041, 0x33ff}, {0x3400, 0x4dbf},
		{0x4e00, 0x9fff}, {0xa000, 0xa4cf}, {0xa960, 0xa97f}, {0xac00, 0xd7a3},
		{0xf900, 0xfaff}, {0xfe30, 0xfe4f}, {0xff00, 0xff60}, {0xffe0, 0xffe6},
		{0x1f300, 0x1f64f}, {0x1f680, 0x1f6ff}, {0x1f900, 0x1f9ff},
		{0x20000, 0x2fffd}, {0x30000, 0x3fffd},
	} {
		if r < rg[0] {
			return false
		}
		if r <= rg[1] {
			return true
		}
	}
	return false
}
