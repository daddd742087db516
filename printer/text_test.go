package printer

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/report"
)

func printText(t *testing.T, r *report.Report, opts Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := (Text{}).Print(&buf, r, opts); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// oneFinding is a report with a single TD001 error in file at rng.
func oneFinding(file string, rng parser.Range) *report.Report {
	r := sampleReport()
	f := r.Findings[1]
	f.File = file
	f.Range = rng
	r.Findings = []report.Finding{f}
	r.Errors = nil
	return r
}

func sourceOf(files map[string]string) func(string) []byte {
	return func(file string) []byte {
		if s, ok := files[file]; ok {
			return []byte(s)
		}
		return nil
	}
}

func rng(l1, c1, l2, c2 int) parser.Range { return parser.Range{Start: pos(l1, c1), End: pos(l2, c2)} }

// snippet returns the lines the text printer writes between the finding
// line and the summary.
func snippet(t *testing.T, src string, r parser.Range) []string {
	t.Helper()
	out := printText(t, oneFinding("f", r), Options{ShowSource: true, Source: sourceOf(map[string]string{"f": src})})
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) < 2 {
		t.Fatalf("output:\n%s", out)
	}
	return lines[1 : len(lines)-1]
}

func TestTextSource(t *testing.T) {
	const gutter = "      | "
	taskdef := strings.Repeat("\n", 9) + `      "image": "nginx:1.27",` + "\n"
	for _, tc := range []struct {
		name string
		src  string
		rng  parser.Range
		want []string
	}{{
		name: "underline to the end column",
		src:  taskdef, rng: rng(10, 16, 10, 28),
		want: []string{`   10 |       "image": "nginx:1.27",`, gutter + strings.Repeat(" ", 15) + "^" + strings.Repeat("~", 11)},
	}, {
		name: "range over several lines gets one caret",
		src:  "{\n  {\n  x\n}\n", rng: rng(2, 3, 4, 2),
		want: []string{"    2 |   {", gutter + "  ^"},
	}, {
		name: "empty range gets one caret",
		src:  "abc", rng: rng(1, 2, 1, 2),
		want: []string{"    1 | abc", gutter + " ^"},
	}, {
		name: "no end gets one caret",
		src:  "abc", rng: parser.Range{Start: pos(1, 3)},
		want: []string{"    1 | abc", gutter + "  ^"},
	}, {
		name: "tabs are expanded in both lines",
		src:  "\tFROM\tgolang AS b\n", rng: rng(1, 7, 1, 13),
		want: []string{"    1 |     FROM    golang AS b", gutter + strings.Repeat(" ", 12) + "^~~~~~"},
	}, {
		name: "tab inside the underline",
		src:  "a\tb", rng: rng(1, 1, 1, 4),
		want: []string{"    1 | a    b", gutter + "^~~~~~"},
	}, {
		name: "CRLF and a byte order mark on line 1",
		src:  "\ufeff{\"a\":\r\n  1}\r\n", rng: rng(1, 2, 1, 5),
		want: []string{`    1 | {"a":`, gutter + " ^~~"},
	}, {
		name: "CRLF line 2",
		src:  "\ufeff{\"a\":\r\n  1}\r\n", rng: rng(2, 3, 2, 4),
		want: []string{"    2 |   1}", gutter + "  ^"},
	}, {
		name: "terminal escapes and control characters are shown, not sent",
		src:  "ab\x1b[31mc\x00d\x7fe\u0085f\n", rng: rng(1, 10, 1, 11),
		want: []string{`    1 | ab\x1b[31mc\x00d\x7fe\u0085f`, gutter + strings.Repeat(" ", 15) + "^"},
	}, {
		name: "invalid UTF-8 and bidi controls",
		src:  "a\xffb\u202ec\u2066d", rng: rng(1, 5, 1, 6),
		want: []string{"    1 | a\uFFFDb\\u202ec\\u2066d", gutter + strings.Repeat(" ", 9) + "^"},
	}, {
		name: "columns count code points; wide characters take two cells",
		src:  "{\"名前\": \"\u00e9\", \"x\": 1}", rng: rng(1, 13, 1, 16),
		want: []string{"    1 | {\"名前\": \"\u00e9\", \"x\": 1}", gutter + strings.Repeat(" ", 14) + "^~~"},
	}, {
		name: "combining marks take no cell",
		src:  "e\u0301x", rng: rng(1, 3, 1, 4),
		want: []string{"    1 | e\u0301x", gutter + " ^"},
	}, {
		name: "end column past the line is clipped",
		src:  "abc\n", rng: rng(1, 2, 1, 40),
		want: []string{"    1 | abc", gutter + " ^~"},
	}, {
		name: "column just past the end of the line",
		src:  "abc\n", rng: rng(1, 4, 1, 4),
		want: []string{"    1 | abc", gutter + "   ^"},
	}, {
		name: "empty line has no trailing blank",
		src:  "a\n\nb", rng: rng(2, 1, 2, 1),
		want: []string{"    2 |", gutter + "^"},
	}, {
		name: "wide gutter for big line numbers",
		src:  strings.Repeat("\n", 123455) + "x", rng: rng(123456, 1, 123456, 2),
		want: []string{"123456 | x", "       | ^"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got := snippet(t, tc.src, tc.rng)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestTextSourceNoControlBytes: whatever the file holds, the text output
// carries no control byte but "\n" (no color asked).
func TestTextSourceNoControlBytes(t *testing.T) {
	var src []byte
	for b := range 256 {
		src = append(src, byte(b))
	}
	src = append(src, "\u202e\u2067\u200f\u2028\u2029\ufeff"...)
	src = bytes.ReplaceAll(bytes.ReplaceAll(src, []byte("\n"), nil), []byte("\r"), nil)
	out := printText(t, oneFinding("f", rng(1, 1, 1, 400)), Options{ShowSource: true,
		Source: func(string) []byte { return src }})
	if !strings.Contains(out, "\n    1 | ") {
		t.Fatalf("no source shown:\n%q", out)
	}
	for i, r := range out {
		if r != '\n' && (r < 0x20 || r >= 0x7f && r < 0xa0) || r == '\u202e' || r == '\u2067' || r == '\u2028' || r == '\u2029' {
			t.Errorf("output holds %U at byte %d:\n%q", r, i, out)
		}
	}
	if !utf8.ValidString(out) {
		t.Errorf("output is not valid UTF-8: %q", out)
	}
}

// caretTarget returns the text of the shown source line from the cell above
// the caret on, for ASCII lines (one cell per rune).
func caretTarget(t *testing.T, lines []string) string {
	t.Helper()
	if len(lines) != 2 {
		t.Fatalf("want 2 snippet lines, got %q", lines)
	}
	_, shown, ok1 := strings.Cut(lines[0], "| ")
	_, caret, ok2 := strings.Cut(lines[1], "| ")
	at := strings.IndexAny(caret, "^")
	if !ok1 || !ok2 || at < 0 {
		t.Fatalf("no caret in %q", lines)
	}
	rs := []rune(shown)
	if at > len(rs) {
		t.Fatalf("caret at cell %d past the shown line %q", at, shown)
	}
	return string(rs[at:])
}

// TestTextSourceLongLine: a minified line shows a window around the column
// with … markers, and the caret stays under the right character.
func TestTextSourceLongLine(t *testing.T) {
	big := strings.Repeat("x", 1<<20)
	const target = `"nginx:1.27"`
	for _, tc := range []struct {
		name       string
		line       string
		lead, tail bool
	}{
		{"middle", `{"a":"` + big + `","image":` + target + `,"z":"` + big + `"}`, true, true},
		{"start", `{"image":` + target + `,"z":"` + big + `"}`, false, true},
		{"end", `{"a":"` + big + `","image":` + target + `}`, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i := strings.Index(tc.line, target)
			col := utf8.RuneCountInString(tc.line[:i]) + 1
			lines := snippet(t, "\n"+tc.line+"\n", rng(2, col, 2, col+len(target)))
			if len(lines) != 2 {
				t.Fatalf("want 2 snippet lines, got %d", len(lines))
			}
			for _, l := range lines {
				if n := utf8.RuneCountInString(l); n > 130 {
					t.Errorf("line of %d characters: %.200q", n, l)
				}
			}
			_, shown, _ := strings.Cut(lines[0], "| ")
			if got := strings.HasPrefix(shown, "…"); got != tc.lead {
				t.Errorf("leading … = %v in %q", got, shown)
			}
			if got := strings.HasSuffix(shown, "…"); got != tc.tail {
				t.Errorf("trailing … = %v in %q", got, shown)
			}
			if got := caretTarget(t, lines); !strings.HasPrefix(got, target) {
				t.Errorf("caret under %.20q, want %q", got, target)
			}
			if want := "^" + strings.Repeat("~", len(target)-1); !strings.HasSuffix(lines[1], want) {
				t.Errorf("underline %q, want %q", lines[1], want)
			}
		})
	}
}

// TestTextSourceAgreesWithParser: the caret sits on the character the
// parser's own position names, whatever the line endings, BOM and tabs.
func TestTextSourceAgreesWithParser(t *testing.T) {
	for _, src := range []string{
		"a\nb\nc TARGET d\n",
		"a\r\nb\r\n\tc TARGET d\r\n",
		"a\rb\r  c TARGET d\r",
		"\ufeffTARGET\n",
		"\ufeff \t TARGET\r\nx",
		"\n\n\t\t\"k\":\t\"TARGET\"",
	} {
		off := strings.Index(src, "TARGET")
		lines := parser.NewLines([]byte(src))
		got := caretTarget(t, snippet(t, src, lines.Range(off, off+len("TARGET"))))
		if !strings.HasPrefix(got, "TARGET") {
			t.Errorf("%q: caret under %q", src, got)
		}
	}
}

// TestTextSourceAbsent: no source is shown, and the output is the plain
// one, when a finding has no position, the file is unavailable or shorter
// than the finding's line, or ShowSource is off.
func TestTextSourceAbsent(t *testing.T) {
	files := sourceOf(map[string]string{"f": "one line\n"})
	for _, tc := range []struct {
		name string
		r    *report.Report
		opts Options
	}{
		{"no position", oneFinding("f", parser.Range{}), Options{ShowSource: true, Source: files}},
		{"file unavailable", oneFinding("gone", rng(1, 1, 1, 2)), Options{ShowSource: true, Source: files}},
		{"line past the end", oneFinding("f", rng(7, 1, 7, 2)), Options{ShowSource: true, Source: files}},
		{"no Source func", oneFinding("f", rng(1, 1, 1, 2)), Options{ShowSource: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := printText(t, tc.r, tc.opts), printText(t, tc.r, Options{}); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
	called := false
	printText(t, sampleReport(), Options{Source: func(string) []byte { called = true; return nil }})
	if called {
		t.Error("Source called without ShowSource")
	}
}

// TestTextSourceCache: Print asks for each file once, however many
// findings it has.
func TestTextSourceCache(t *testing.T) {
	calls := map[string]int{}
	src := func(file string) []byte {
		calls[file]++
		return sampleSource(file)
	}
	r := sampleReport()
	r.Findings = append(r.Findings, r.Findings[1:]...)
	printText(t, r, Options{ShowSource: true, Source: src})
	want := map[string]int{"app/Dockerfile": 1, "infra/api/taskdef.json": 1, "bad.json": 1}
	for file, n := range want {
		if calls[file] != n {
			t.Errorf("Source(%q) called %d times, want %d (all calls: %v)", file, calls[file], n, calls)
		}
	}
}

var ansiSeq = regexp.MustCompile("\x1b\\[[0-9;]*m")

// TestTextColor: Color only wraps the location in bold and each severity
// (and, with source, its caret) in the severity's color; with the escapes
// removed, the output is the plain one.
func TestTextColor(t *testing.T) {
	for _, opts := range []Options{{}, {ShowSource: true, Source: sampleSource}} {
		r := sampleReport()
		plain := printText(t, r, opts)
		opts.Color = true
		colored := printText(t, r, opts)
		if got := ansiSeq.ReplaceAllString(colored, ""); got != plain {
			t.Errorf("ShowSource=%v: color changes more than escapes:\n%s\nvs\n%s", opts.ShowSource, got, plain)
		}
		if strings.Count(colored, "\x1b") != len(ansiSeq.FindAllString(colored, -1)) {
			t.Errorf("stray escape in\n%q", colored)
		}
		for _, f := range r.Findings {
			want := severityColor(f.Severity) + f.Severity + ":" + ansiReset
			if !strings.Contains(colored, want) {
				t.Errorf("missing %q", want)
			}
		}
		if opts.ShowSource {
			for sev, code := range map[string]string{"warning": ansiYellow, "error": ansiRed, "note": ansiCyan} {
				if !regexp.MustCompile(`(?m)^ +\| +` + regexp.QuoteMeta(code) + `\^~*` + regexp.QuoteMeta(ansiReset) + `$`).MatchString(colored) {
					t.Errorf("no %s caret in %s:\n%q", sev, code, colored)
				}
			}
		}
	}
}

// TestOnlyTextRenders: the other formats ignore Color and source.
func TestOnlyTextRenders(t *testing.T) {
	for _, p := range All() {
		if p.Name() == "text" {
			continue
		}
		var a, b bytes.Buffer
		if err := p.Print(&a, sampleReport(), Options{}); err != nil {
			t.Fatal(err)
		}
		if err := p.Print(&b, sampleReport(), Options{Color: true, ShowSource: true, Source: sampleSource}); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() {
			t.Errorf("%s output depends on Color or ShowSource", p.Name())
		}
	}
}

// FuzzRenderLine: any line and columns give a shown line without control
// characters, no wider than sourceMaxWidth cells, with the caret inside it
// or just past its end.
func FuzzRenderLine(f *testing.F) {
	f.Add([]byte("\t\"image\": \"nginx\",\x1b[2J\xff\u202e名"), 3, 9)
	f.Add([]byte(strings.Repeat("ab\t", 200)), 150, 170)
	f.Add([]byte(""), 1, 1)
	f.Add([]byte(strings.Repeat("e\u0301\t名\x00", 300)), 700, 900)
	f.Fuzz(func(t *testing.T, line []byte, start, end int) {
		line = bytes.Map(func(r rune) rune {
			if r == '\n' || r == '\r' {
				return ' '
			}
			return r
		}, line)
		start = max(1, start%(len(line)+3))
		end = start + max(0, end%(len(line)+3))
		shown, pad, width := renderLine(indexLine(line), start, end)
		if !utf8.ValidString(shown) {
			t.Fatalf("invalid UTF-8 %q", shown)
		}
		cells := 0
		for i := 0; i < len(shown); {
			size, n, esc := cell([]byte(shown[i:]))
			if esc != "" {
				t.Fatalf("unescaped %q in %q", shown[i:i+size], shown)
			}
			i += size
			cells += n
		}
		if cells > sourceMaxWidth || pad < 0 || pad > cells || width < 1 {
			t.Fatalf("cells=%d pad=%d width=%d for %q", cells, pad, width, shown)
		}
		// A line that fits is shown whole, the caret after the cells of
		// the columns before start.
		var whole strings.Builder
		total, before, col := 0, 0, 1
		for i := 0; i < len(line); col++ {
			if col == start {
				before = total
			}
			size, n, esc := cell(line[i:])
			if esc == "" {
				esc = string(line[i : i+size])
			}
			whole.WriteString(esc)
			i += size
			total += n
		}
		if col <= start {
			before = total
		}
		if total <= sourceMaxWidth && (shown != whole.String() || pad != before) {
			t.Fatalf("shown %q pad %d, want %q pad %d", shown, pad, whole.String(), before)
		}
	})
}
