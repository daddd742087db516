package printer

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/report"
)

// TestJSONStreamsTheWholeDocument: the JSON printer writes one finding at
// a time, and its bytes are exactly those of encoding the whole report at
// once, for empty and full reports with text that needs escaping.
func TestJSONStreamsTheWholeDocument(t *testing.T) {
	rule := &report.Rule{ID: "TD001", Title: "a <title> & more", HelpURI: "https://example.com/?a=1&b=2"}
	texts := []string{"plain", "quote \" and \\ backslash", "<html> & ampersand", "bidi \u202e override", "line\nbreak", "emoji \U0001F600", "\x1b[31mred"}
	for n := range 4 {
		rep := &report.Report{Linted: make([]string, n)}
		for i := range n * 3 {
			f := report.Finding{Rule: rule, Severity: "error", Message: texts[i%len(texts)], File: fmt.Sprintf("f%d.json", i),
				Range: parser.Range{Start: parser.Position{Line: i + 1, Column: 2}, End: parser.Position{Line: i + 1, Column: 9}}}
			if i%2 == 0 {
				f.Fix = &report.Fix{Text: texts[(i+1)%len(texts)]}
			}
			rep.Findings = append(rep.Findings, f)
		}
		for i := range n {
			rep.Errors = append(rep.Errors, report.FileError{File: texts[i%len(texts)], Line: i, Column: i, Message: texts[(i+2)%len(texts)]})
		}
		var got bytes.Buffer
		if err := (JSON{}).Print(&got, rep, Options{}); err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := writeJSON(&want, wholeJSON(rep)); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%d findings: streamed JSON differs from the whole document\n got: %s\nwant: %s", len(rep.Findings), got.Bytes(), want.Bytes())
		}
	}
}

// wholeJSON is the report as one value, as the printer encoded it before
// it streamed.
func wholeJSON(r *report.Report) jsonReport {
	out := jsonReport{
		Version:  JSONVersion,
		Findings: make([]jsonFinding, 0, len(r.Findings)),
		Errors:   make([]jsonError, 0, len(r.Errors)),
		Summary:  jsonSummary{Files: len(r.Linted), Findings: len(r.Findings), Errors: len(r.Errors)},
	}
	for _, f := range r.Findings {
		out.Findings = append(out.Findings, newJSONFinding(f))
	}
	for _, e := range r.Errors {
		out.Errors = append(out.Errors, newJSONError(e))
	}
	return out
}
