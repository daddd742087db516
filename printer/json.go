package printer

import (
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

// Print implements Printer.
func (JSON) Print(w io.Writer, r *report.Report, _ Options) error {
	out := jsonReport{
		Version:  JSONVersion,
		Findings: make([]jsonFinding, 0, len(r.Findings)),
		Errors:   make([]jsonError, 0, len(r.Errors)),
		Summary:  jsonSummary{Files: len(r.Linted), Findings: len(r.Findings), Errors: len(r.Errors)},
	}
	for _, f := range r.Findings {
		jf := jsonFinding{
			Rule: f.Rule.ID, Severity: f.Severity, Title: f.Rule.Title, Message: f.Message,
			File: f.File, Line: f.Range.Start.Line, Column: f.Range.Start.Column,
			EndLine: f.Range.End.Line, EndColumn: f.Range.End.Column, HelpURI: f.Rule.HelpURI,
		}
		if f.Fix != nil {
			jf.Fix = &jsonFix{Text: f.Fix.Text}
		}
		out.Findings = append(out.Findings, jf)
	}
	for _, e := range r.Errors {
		out.Errors = append(out.Errors, jsonError{File: e.File, Line: e.Line, Column: e.Column, Message: e.Message})
	}
	return writeJSON(w, out)
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
