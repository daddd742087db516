package printer

import (
	"encoding/xml"
	"fmt"
	"io"

	"github.com/ecslint/ecslint/rego"
)

// JUnit writes JUnit XML, which CI systems (GitLab, Jenkins, Azure
// Pipelines, CircleCI) show as test results: one test suite per file, one
// failing test case per finding or read error, and one passing test case
// for a linted file without findings.
type JUnit struct{}

// Name implements Printer.
func (JUnit) Name() string { return "junit" }

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// Print implements Printer.
func (JUnit) Print(w io.Writer, r *rego.Report, _ Options) error {
	out := junitSuites{Name: ToolName}
	suites := map[string]*junitSuite{}
	var order []string
	suite := func(file string) *junitSuite {
		s, ok := suites[file]
		if !ok {
			s = &junitSuite{Name: file}
			suites[file] = s
			order = append(order, file)
		}
		return s
	}
	for _, f := range r.Findings {
		s := suite(f.File)
		s.Tests++
		s.Failures++
		loc := fmt.Sprintf("%s:%d:%d", f.File, f.Range.Start.Line, f.Range.Start.Column)
		s.Cases = append(s.Cases, junitCase{
			Name: fmt.Sprintf("%s %s", f.Rule.ID, loc), Classname: f.File, File: f.File, Line: f.Range.Start.Line,
			Failure: &junitProblem{Message: f.Message, Type: f.Severity,
				Text: fmt.Sprintf("%s: %s: %s [%s]\n%s: %s", loc, f.Severity, f.Message, f.Rule.ID, f.Rule.Title, f.Rule.HelpURI)},
		})
	}
	for _, e := range r.Errors {
		s := suite(e.File)
		s.Tests++
		s.Errors++
		s.Cases = append(s.Cases, junitCase{Name: "read " + errorLocation(e), Classname: e.File, File: e.File, Line: e.Line,
			Error: &junitProblem{Message: e.Message, Type: "error", Text: errorLocation(e) + ": error: " + e.Message}})
	}
	for _, file := range r.Linted {
		if _, ok := suites[file]; !ok {
			s := suite(file)
			s.Tests++
			s.Cases = append(s.Cases, junitCase{Name: "lint " + file, Classname: file, File: file})
		}
	}
	// Files in report order: findings and errors come sorted by file, the
	// clean files after them, sorted too.
	for _, file := range order {
		s := suites[file]
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Suites = append(out.Suites, *s)
	}
	return writeXML(w, out)
}
