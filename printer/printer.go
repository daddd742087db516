// Package printer writes a finished report.Report in one of several formats.
// Printers never sort, filter or mutate the report.
package printer

import (
	"fmt"
	"io"
	"strings"

	"github.com/ecslint/ecslint/report"
)

// Options tune a printer's rendering, never its content. The zero value
// gives the defaults.
type Options struct {
	Color       bool   // ANSI colors (text only), as the caller decides: printers never detect a terminal
	ToolVersion string // ecslint's version, for formats that record it

	// FailOn is the run's --fail-on threshold as a report.SeverityRank value:
	// findings of that rank or above fail the run. 0 (or less) means the
	// default, warning; a value above every rank (report.SeverityRank(report.SeverityError)+1,
	// what --fail-on none sets) means no finding fails. Only junit uses it,
	// to tell failures from passing findings.
	FailOn int

	// ShowSource makes the text format print, under each finding or read
	// error that has a position, its source line with a caret under the
	// column. Other formats ignore it.
	ShowSource bool
	// Source returns the content of a file named as in the report, or nil
	// when it is unavailable (then no source is shown for that file). The
	// printer never reads files itself; it calls Source at most once per
	// file and Print, and only with ShowSource.
	Source func(file string) []byte
}

// failOn is the FailOn threshold with the zero value resolved.
func (o Options) failOn() int {
	if o.FailOn <= 0 {
		return report.SeverityRank(report.SeverityWarning)
	}
	return o.FailOn
}

// A Printer writes a finished report.
type Printer interface {
	Name() string // value of --format
	Print(w io.Writer, r *report.Report, opts Options) error
}

// All returns every printer; it is the only list of formats.
func All() []Printer {
	return []Printer{Text{}, JSON{}, SARIF{}, GitHub{}, JUnit{}, Checkstyle{}}
}

// Names returns the format names, in All order.
func Names() []string {
	var out []string
	for _, p := range All() {
		out = append(out, p.Name())
	}
	return out
}

// Lookup returns the printer named name.
func Lookup(name string) (Printer, error) {
	for _, p := range All() {
		if p.Name() == name {
			return p, nil
		}
	}
	return nil, fmt.Errorf("unknown format %q (want one of %s)", name, strings.Join(Names(), ", "))
}
