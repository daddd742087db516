package printer

import (
	"encoding/xml"
	"io"

	"github.com/ecslint/ecslint/report"
)

// Checkstyle writes Checkstyle XML, which reviewdog, Jenkins' warnings
// plugin and many editors read: one <file> per file with findings or a
// read error, one <error> per problem. Notes have severity "info".
type Checkstyle struct{}

// Name implements Printer.
func (Checkstyle) Name() string { return "checkstyle" }

type checkstyleRoot struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr,omitempty"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

func checkstyleSeverity(s string) string {
	if s == report.SeverityNote {
		return "info"
	}
	return s
}

// Print implements Printer.
func (Checkstyle) Print(w io.Writer, r *report.Report, _ Options) error {
	out := checkstyleRoot{Version: "4.3"}
	at := map[string]int{}
	add := func(file string, e checkstyleError) {
		i, ok := at[file]
		if !ok {
			i = len(out.Files)
			at[file] = i
			out.Files = append(out.Files, checkstyleFile{Name: file})
		}
		out.Files[i].Errors = append(out.Files[i].Errors, e)
	}
	for _, f := range r.Findings {
		add(QuoteFile(f.File), checkstyleError{Line: f.Range.Start.Line, Column: f.Range.Start.Column,
			Severity: checkstyleSeverity(f.Severity), Message: Escape(f.Message), Source: "ecslint." + Escape(f.Rule.ID)})
	}
	for _, e := range r.Errors {
		add(QuoteFile(e.File), checkstyleError{Line: e.Line, Column: e.Column, Severity: "error", Message: Escape(e.Message), Source: "ecslint.read"})
	}
	return writeXML(w, out)
}

// writeXML writes v as an indented XML document with its header.
func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
