package printer

import (
	"encoding/xml"
	"fmt"
	"io"

	"github.com/ecslint/ecslint/report"
)

// JUnit writes JUnit XML, which CI systems (GitLab, Jenkins, Azure
// Pipelines, CircleCI) show as test results. Each file is a test suite
// holding one test case per finding, one per read error, or a single
// passing "lint FILE" case when it was linted without findings. The cases
// follow the exit status, so the report fails exactly when the run does:
//
//   - a finding at or above --fail-on (Options.FailOn; warning by default)
//     is a <failure> whose type is its severity;
//   - a finding below it (a note by default; every finding with --fail-on
//     none) is a <skipped> case carrying the same message and text, so it
//     stays visible without failing: GitLab lists it as skipped with the
//     text as details, Jenkins shows the skip message and counts it apart
//     from passes and failures;
//   - a file that could not be read or parsed is an <error>.
//
// The tests, failures, errors and skipped counts of each <testsuite> and of
// <testsuites> count those elements.
type JUnit struct{}

// Name implements Printer.
func (JUnit) Name() string { return "junit" }

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// Print implements Printer.
func (JUnit) Print(w io.Writer, r *report.Report, opts Options) error {
	failOn := opts.failOn()
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
		file := QuoteFile(f.File)
		s := suite(file)
		s.Tests++
		loc := fmt.Sprintf("%s:%d:%d", file, f.Range.Start.Line, f.Range.Start.Column)
		id, msg := Escape(f.Rule.ID), Escape(f.Message)
		c := junitCase{Name: fmt.Sprintf("%s %s", id, loc), Classname: file, File: file, Line: f.Range.Start.Line}
		text := fmt.Sprintf("%s: %s: %s [%s]\n%s: %s", loc, Escape(f.Severity), msg, id, Escape(f.Rule.Title), Escape(f.Rule.HelpURI))
		if report.SeverityRank(f.Severity) >= failOn {
			s.Failures++
			c.Failure = &junitProblem{Message: msg, Type: Escape(f.Severity), Text: text}
		} else {
			s.Skipped++
			c.Skipped = &junitSkipped{Message: msg, Text: text}
		}
		s.Cases = append(s.Cases, c)
	}
	for _, e := range r.Errors {
		file, msg := QuoteFile(e.File), Escape(e.Message)
		s := suite(file)
		s.Tests++
		s.Errors++
		s.Cases = append(s.Cases, junitCase{Name: "read " + errorLocation(e), Classname: file, File: file, Line: e.Line,
			Error: &junitProblem{Message: msg, Type: "error", Text: errorLocation(e) + ": error: " + msg}})
	}
	for _, f := range r.Linted {
		file := QuoteFile(f)
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
		out.Skipped += s.Skipped
		out.Suites = append(out.Suites, *s)
	}
	return writeXML(w, out)
}
