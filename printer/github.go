package printer

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/ecslint/ecslint/report"
)

// GitHub writes GitHub Actions workflow commands, which the runner turns
// into annotations on the pull request's changed lines:
//
//	::error file=infra/api/taskdef.json,line=12,col=16,endLine=12,endColumn=28,title=TD001 ...::message
//
// Notes become ::notice. The summary line follows as plain log output.
// Values are escaped as GitHub's runner decodes them (%25, %0D, %0A, and
// in properties %3A, %2C); other control characters, which the runner
// would pass to the log as they are, are written as Escape writes them.
type GitHub struct{}

// Name implements Printer.
func (GitHub) Name() string { return "github" }

// githubCommand maps a severity to a workflow command.
func githubCommand(severity string) string {
	switch severity {
	case report.SeverityError:
		return "error"
	case report.SeverityWarning:
		return "warning"
	}
	return "notice"
}

// escapeData escapes a workflow command's message.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(escape(s, true))
}

// escapeProperty escapes a workflow command property value.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(escape(s, true))
}

// Print implements Printer.
func (GitHub) Print(w io.Writer, r *report.Report, _ Options) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.Findings {
		fmt.Fprintf(bw, "::%s file=%s,line=%d,col=%d,endLine=%d,endColumn=%d,title=%s::%s\n",
			githubCommand(f.Severity), escapeProperty(f.File),
			f.Range.Start.Line, f.Range.Start.Column, f.Range.End.Line, f.Range.End.Column,
			escapeProperty(f.Rule.ID+" "+f.Rule.Title), escapeData(f.Message+" ("+f.Rule.HelpURI+")"))
	}
	for _, e := range r.Errors {
		props := "file=" + escapeProperty(e.File)
		if e.Line > 0 {
			props += fmt.Sprintf(",line=%d,col=%d", e.Line, e.Column)
		}
		fmt.Fprintf(bw, "::error %s,title=%s::%s\n", props, escapeProperty("ecslint could not read this file"), escapeData(e.Message))
	}
	fmt.Fprintln(bw, summary(r))
	return bw.Flush()
}
