package printer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"

	"github.com/ecslint/ecslint/report"
)

// JSON is the stable machine-readable format (DESIGN.md §5). Fields never
// change meaning; the version field changes if they ever must.
type JSON struct{}

// Name implements Printer.
func (JSON) Name() string { return "json" }

// JSONVersion is the schema version of the JSON format.
const JSONVersion = 1

type jsonReport struct {
	Version  int           `json:"version"`
	Findings []jsonFinding `json:"findings"`
	Errors   []jsonError   `json:"errors"`
	Summary  jsonSummary   `json:"summary"`
}

type jsonFinding struct {
	Rule      string   `json:"rule"`
	Severity  string   `json:"severity"`
	Title     string   `json:"title"`
	Message   string   `json:"message"`
	File      string   `json:"file"`
	Line      int      `json:"line"`
	Column    int      `json:"column"`
	EndLine   int      `json:"endLine"`
	EndColumn int      `json:"endColumn"`
	HelpURI   string   `json:"helpUri"`
	Fix       *jsonFix `json:"fix,omitempty"`
}

type jsonFix struct {
	Text string `json:"text"`
}

type jsonError struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

type jsonSummary struct {
	Files    int `json:"files"`
	Findings int `json:"findings"`
	Errors   int `json:"errors"`
}

// Print implements Printer. It writes one finding at a time, so that a run
// with tens of thousands of findings never holds its whole report as text;
// the bytes are those writeJSON would write for the whole document.
func (JSON) Print(w io.Writer, r *report.Report, _ Options) error {
	jw := newJSONWriter(w)
	jw.raw("{\n  \"version\": ")
	jw.value("", JSONVersion)
	jw.raw(",\n  \"findings\": ")
	jw.array(len(r.Findings), func(i int) any { return newJSONFinding(r.Findings[i]) })
	jw.raw(",\n  \"errors\": ")
	jw.array(len(r.Errors), func(i int) any { return newJSONError(r.Errors[i]) })
	jw.raw(",\n  \"summary\": ")
	jw.value("  ", jsonSummary{Files: len(r.Linted), Findings: len(r.Findings), Errors: len(r.Errors)})
	jw.raw("\n}\n")
	return jw.flush()
}

func newJSONFinding(f report.Finding) jsonFinding {
	jf := jsonFinding{
		Rule: f.Rule.ID, Severity: f.Severity, Title: f.Rule.Title, Message: f.Message,
		File: f.File, Line: f.Range.Start.Line, Column: f.Range.Start.Column,
		EndLine: f.Range.End.Line, EndColumn: f.Range.End.Column, HelpURI: f.Rule.HelpURI,
	}
	if f.Fix != nil {
		jf.Fix = &jsonFix{Text: f.Fix.Text}
	}
	return jf
}

func newJSONError(e report.FileError) jsonError {
	return jsonError{File: e.File, Line: e.Line, Column: e.Column, Message: e.Message}
}

// jsonWriter writes an indented JSON document piece by piece, each piece
// encoded as json.Encoder with SetIndent("", "  ") and SetEscapeHTML(false)
// encodes it inside the whole document, with the characters a terminal may
// act on escaped (jsonSafe). The first error sticks.
type jsonWriter struct {
	w   *bufio.Writer
	buf bytes.Buffer
	enc *json.Encoder
	err error
}

func newJSONWriter(w io.Writer) *jsonWriter {
	jw := &jsonWriter{w: bufio.NewWriter(w)}
	jw.enc = json.NewEncoder(&jw.buf)
	jw.enc.SetEscapeHTML(false)
	return jw
}

func (jw *jsonWriter) raw(s string) {
	if jw.err == nil {
		_, jw.err = jw.w.WriteString(s)
	}
}

// value writes v, indented as a value whose line starts with prefix.
func (jw *jsonWriter) value(prefix string, v any) {
	if jw.err != nil {
		return
	}
	jw.buf.Reset()
	jw.enc.SetIndent(prefix, "  ")
	if jw.err = jw.enc.Encode(v); jw.err != nil {
		return
	}
	_, jw.err = jw.w.Write(jsonSafe(bytes.TrimSuffix(jw.buf.Bytes(), []byte("\n"))))
}

// array writes an array of n elements, the member of a top-level object.
func (jw *jsonWriter) array(n int, elem func(i int) any) {
	if n == 0 {
		jw.raw("[]")
		return
	}
	jw.raw("[\n")
	for i := range n {
		jw.raw("    ")
		jw.value("    ", elem(i))
		if i < n-1 {
			jw.raw(",")
		}
		jw.raw("\n")
	}
	jw.raw("  ]")
}

func (jw *jsonWriter) flush() error {
	if jw.err != nil {
		return jw.err
	}
	return jw.w.Flush()
}

// writeJSON writes v as indented JSON, with the characters a terminal may
// act on escaped (jsonSafe).
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(jsonSafe(buf.Bytes()))
	return err
}
