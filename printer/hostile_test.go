package printer

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/report"
)

// injection is what a hostile file puts in a value: a line break followed
// by GitHub workflow commands, a carriage return, a terminal escape
// sequence, an 8-bit CSI (C1), DEL, a bidi override and a byte that is not
// UTF-8.
const injection = "API\n::error file=README.md,line=2::X\n::stop-commands::abc\r\x1b[31mred\u009b2J\x7f\u202egnp.\xff"

// hostileReport carries the injection in every value a printer shows that
// comes from a file: file names, messages, fix text, read errors, and the
// metadata of a user's rule.
func hostileReport() *report.Report {
	user := &report.Rule{ID: "ACME001", Title: "Title " + injection, Severity: "warning", Kind: "taskdef", Name: "mine",
		Description: "Description " + injection, Remediation: "Fix " + injection, HelpURI: "https://example.com/" + injection, User: true}
	r := sampleReport()
	r.Rules = append(r.Rules, user)
	file := "dir" + injection + ".json"
	rng := parser.Range{Start: pos(1, 2), End: pos(1, 5)}
	r.Findings = append(r.Findings,
		report.Finding{Rule: r.Rules[1], Severity: "error", Message: `secret "` + injection + `" of container "web"`, File: file, Range: rng,
			Fix: &report.Fix{Text: injection, Range: rng}},
		report.Finding{Rule: user, Severity: "warning", Message: "secret " + injection + " of container", File: file, Range: rng})
	r.Errors = append(r.Errors, report.FileError{File: "e" + injection, Line: 1, Column: 1, Message: "parse " + injection})
	r.Linted = append(r.Linted, file, "clean"+injection)
	return r
}

// checkLines fails for output that holds a control character other than
// \n (and \t in XML indentation), a C1 control, DEL, a bidi override or
// bytes that are not UTF-8, or a line that starts with "::" unless it is
// one of ecslint's own workflow commands.
func checkLines(t *testing.T, name string, out []byte, own func(line string) bool) {
	t.Helper()
	if !utf8.Valid(out) {
		t.Errorf("%s: output is not UTF-8", name)
	}
	for i, line := range strings.Split(string(out), "\n") {
		for _, r := range line {
			if unsafeRune(r) {
				t.Errorf("%s: line %d holds %U: %q", name, i+1, r, line)
				break
			}
		}
		if strings.HasPrefix(line, "::") && !own(line) {
			t.Errorf("%s: line %d is a workflow command: %q", name, i+1, line)
		}
	}
}

// TestHostileValuesEveryFormat: no value from a file can start a line,
// reach the terminal as a control character, or break the structure of a
// format; JSON and SARIF keep the exact values.
func TestHostileValuesEveryFormat(t *testing.T) {
	r := hostileReport()
	notOwn := func(string) bool { return false }
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			if opts.ShowSource {
				opts.Source = func(string) []byte { return []byte(injection + "\n") }
			}
			var buf bytes.Buffer
			if err := tc.p.Print(&buf, r, opts); err != nil {
				t.Fatal(err)
			}
			out := buf.Bytes()
			if opts.Color { // ecslint's own escape sequences
				for _, code := range []string{ansiReset, ansiBold, ansiRed, ansiYellow, ansiCyan} {
					out = bytes.ReplaceAll(out, []byte(code), nil)
				}
			}
			own := notOwn
			if tc.name == "github" {
				// One command per finding and read error, whose properties
				// are ecslint's: "::" in the message after them is data.
				own = func(line string) bool {
					cmd, rest, _ := strings.Cut(line[2:], " ")
					props, _, ok := strings.Cut(rest, "::")
					if !ok || cmd != "error" && cmd != "warning" && cmd != "notice" {
						return false
					}
					for _, p := range strings.Split(props, ",") {
						switch k, _, _ := strings.Cut(p, "="); k {
						case "file", "line", "col", "endLine", "endColumn", "title":
						default:
							return false
						}
					}
					return true
				}
				if n := bytes.Count(out, []byte("\n::")) + 1; n != len(r.Findings)+len(r.Errors) {
					t.Errorf("%d workflow commands, want %d", n, len(r.Findings)+len(r.Errors))
				}
			}
			checkLines(t, tc.name, out, own)
			switch tc.name {
			case "json", "sarif":
				var v any
				if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
					t.Fatalf("not JSON: %v", err)
				}
				// Lossless, but for the byte that is not UTF-8.
				want := strings.ToValidUTF8(`secret "`+injection+`" of container "web"`, "\uFFFD")
				if !strings.Contains(flatten(v), want) {
					t.Errorf("the message is not kept as it is: %s", buf.String())
				}
			case "junit", "checkstyle":
				if err := xml.Unmarshal(buf.Bytes(), new(struct{})); err != nil {
					t.Errorf("not XML: %v", err)
				}
			}
		})
	}
}

// flatten joins every string of a decoded JSON value.
func flatten(v any) string {
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			b.WriteString(x + "\x00")
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return b.String()
}

// TestHostileText: how the text format shows hostile values.
func TestHostileText(t *testing.T) {
	r := &report.Report{Findings: []report.Finding{{Rule: &report.Rule{ID: "TD006"}, Severity: "error",
		Message: "secret API\n::error file=README.md,line=2::X\x1b[2J", File: "a\r\n::warning::b.json", Range: parser.Range{Start: pos(1, 2)}}},
		Errors: []report.FileError{{File: "c\x1b.json", Message: "bad\n::notice::x"}}}
	var buf bytes.Buffer
	if err := (Text{}).Print(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	want := `"a\r\n::warning::b.json":1:2: error: secret API\n::error file=README.md,line=2::X\x1b[2J [TD006]` + "\n" +
		`"c\x1b.json": error: bad\n::notice::x` + "\n"
	if got := buf.String(); !strings.HasPrefix(got, want) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain \"quoted\" \\ text ü 日本": "plain \"quoted\" \\ text ü 日本",
		"a\nb\rc\td":                    `a\nb\rc\td`,
		"\x1b[31m\x7f\u009b\u0085":      `\x1b[31m\x7f\u009b\u0085`,
		"\u202eabc\u200b\u2028\ufeff":   `\u202eabc\u200b\u2028\ufeff`,
		"bad \xff byte, ok \ufffd":      `bad \xff byte, ok ` + "\ufffd",
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"infra/api/taskdef.json": "infra/api/taskdef.json",
		"with space.json":        "with space.json",
		"a\nb.json":              `"a\nb.json"`,
		"x\x1b.json":             `"x\x1b.json"`,
		"\xff.json":              `"\xff.json"`,
		"\u202e.json":            `"\u202e.json"`,
	} {
		if got := QuoteFile(in); got != want {
			t.Errorf("QuoteFile(%q) = %q, want %q", in, got, want)
		}
	}
	if got := string(jsonSafe([]byte("\"a\x7f\u009b\u202e\U000e0041b\""))); got != `"a\u007f\u009b\u202e\udb40\udc41b"` {
		t.Errorf("jsonSafe = %s", got)
	}
}

// TestSARIFRelativeURIs: a relative file name is a relative reference
// (RFC 3986 4.2): no scheme, even for javascript:alert(1).json, and the
// characters a path may not hold percent-encoded.
func TestSARIFRelativeURIs(t *testing.T) {
	for file, want := range map[string]string{
		"infra/api/taskdef.json":   "infra/api/taskdef.json",
		"javascript:alert(1).json": "javascript%3Aalert(1).json",
		"c:/x.json":                "c%3A/x.json",
		"a:b/c:d.json":             "a%3Ab/c:d.json",
		"a b/c#d?.json":            "a%20b/c%23d%3F.json",
		"50%.json":                 "50%25.json",
		"ü/日.json":                 "%C3%BC/%E6%97%A5.json",
		"a\n::x.json":              "a%0A%3A%3Ax.json",
	} {
		a := artifact(file)
		if a.URI != want || a.URIBaseID != "%SRCROOT%" {
			t.Errorf("artifact(%q) = %+v, want %q", file, a, want)
		}
		u, err := url.Parse(a.URI)
		if err != nil || u.Scheme != "" || u.Opaque != "" {
			t.Errorf("%q parses as %#v, %v", a.URI, u, err)
		}
		if p, err := url.PathUnescape(a.URI); err != nil || p != file {
			t.Errorf("%q decodes to %q, %v", a.URI, p, err)
		}
	}
	if a := artifact("/abs/dir:x/a b.json"); a.URI != "file:///abs/dir:x/a%20b.json" || a.URIBaseID != "" {
		t.Errorf("absolute: %+v", a)
	}
}
