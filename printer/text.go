package printer

import (
	"bufio"
	"fmt"
	"io"

	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/report"
)

// Text is the GNU "file:line:col: severity: message [ID]" format, one line
// per finding or parse error, then a summary line. With
// Options.ShowSource, each finding or parse error that has a position is
// followed by its source line and a caret line (see source.go). With
// Options.Color, the location is bold and the severity, and its caret, are
// colored (error red, warning yellow, note cyan); the text is otherwise
// the same. Color is only ever what the caller asks for: Text does not
// look at the terminal or the environment.
type Text struct{}

// Name implements Printer.
func (Text) Name() string { return "text" }

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

func paint(on bool, code, s string) string {
	if !on {
		return s
	}
	return code + s + ansiReset
}

func severityColor(s string) string {
	switch s {
	case report.SeverityError:
		return ansiRed
	case report.SeverityWarning:
		return ansiYellow
	}
	return ansiCyan
}

// Print implements Printer.
func (Text) Print(w io.Writer, r *report.Report, opts Options) error {
	bw := bufio.NewWriter(w)
	src := newSources(opts)
	for _, f := range r.Findings {
		loc := fmt.Sprintf("%s:%d:%d:", QuoteFile(f.File), f.Range.Start.Line, f.Range.Start.Column)
		fmt.Fprintf(bw, "%s %s %s [%s]\n",
			paint(opts.Color, ansiBold, loc),
			paint(opts.Color, severityColor(f.Severity), Escape(f.Severity)+":"),
			Escape(f.Message), Escape(f.Rule.ID))
		src.write(bw, f.File, f.Range, severityColor(f.Severity), opts.Color)
	}
	for _, e := range r.Errors {
		fmt.Fprintf(bw, "%s %s %s\n", paint(opts.Color, ansiBold, errorLocation(e)+":"),
			paint(opts.Color, ansiRed, "error:"), Escape(e.Message))
		at := parser.Position{Line: e.Line, Column: e.Column}
		src.write(bw, e.File, parser.Range{Start: at}, ansiRed, opts.Color)
	}
	fmt.Fprintln(bw, summary(r))
	return bw.Flush()
}

// errorLocation is where a read error is, as the line formats print it.
func errorLocation(e report.FileError) string {
	if e.Line == 0 {
		return QuoteFile(e.File)
	}
	return fmt.Sprintf("%s:%d:%d", QuoteFile(e.File), e.Line, e.Column)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// summary is the closing line of the text format.
func summary(r *report.Report) string {
	counts := map[string]int{}
	for _, f := range r.Findings {
		counts[f.Severity]++
	}
	s := fmt.Sprintf("%s (%s, %s, %s) in %s",
		plural(len(r.Findings), "finding", "findings"),
		plural(counts[report.SeverityError], "error", "errors"),
		plural(counts[report.SeverityWarning], "warning", "warnings"),
		plural(counts[report.SeverityNote], "note", "notes"),
		plural(len(r.Linted), "file", "files"))
	if len(r.Errors) > 0 {
		s += fmt.Sprintf("; %s could not be read or parsed", plural(len(r.Errors), "file", "files"))
	}
	if r.Unsupported > 0 {
		s += fmt.Sprintf("; %s in formats not supported yet (CloudFormation, Terraform, YAML) not linted (--verbose lists them)",
			plural(r.Unsupported, "file", "files"))
	}
	return s
}
