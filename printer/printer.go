// Package printer writes a finished rego.Report in one of several formats.
// Printers never sort, filter or mutate the report.
package printer

import (
	"fmt"
	"io"
	"strings"

	"github.com/ecslint/ecslint/rego"
)

// Options tune a printer's rendering, never its content.
type Options struct {
	Color       bool   // ANSI colors (text only)
	ToolVersion string // ecslint's version, for formats that record it
}

// A Printer writes a finished report.
type Printer interface {
	Name() string // value of --format
	Print(w io.Writer, r *rego.Report, opts Options) error
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
