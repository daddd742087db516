package printer

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"

	"github.com/ecslint/ecslint/report"
)

// junitDoc is what the tests read back from the JUnit printer.
type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Skipped  int `xml:"skipped,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Name    string `xml:"name,attr"`
			Failure *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
			} `xml:"failure"`
			Error   *struct{} `xml:"error"`
			Skipped *struct {
				Message string `xml:"message,attr"`
				Text    string `xml:",chardata"`
			} `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func printJUnit(t *testing.T, r *report.Report, opts Options) (string, junitDoc) {
	t.Helper()
	var buf bytes.Buffer
	if err := (JUnit{}).Print(&buf, r, opts); err != nil {
		t.Fatal(err)
	}
	var doc junitDoc
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("%v in\n%s", err, buf.String())
	}
	return buf.String(), doc
}

// checkJUnitCounts: the tests/failures/errors/skipped attributes of every
// suite count its test cases, and the root sums the suites.
func checkJUnitCounts(t *testing.T, out string, doc junitDoc) {
	t.Helper()
	var tests, failures, errors, skipped int
	for _, s := range doc.Suites {
		var f, e, sk int
		for _, c := range s.Cases {
			if c.Failure != nil {
				f++
			}
			if c.Error != nil {
				e++
			}
			if c.Skipped != nil {
				sk++
			}
		}
		if s.Tests != len(s.Cases) || s.Failures != f || s.Errors != e || s.Skipped != sk {
			t.Errorf("suite %s: tests=%d failures=%d errors=%d skipped=%d, but it holds %d cases, %d <failure>, %d <error>, %d <skipped>\n%s",
				s.Name, s.Tests, s.Failures, s.Errors, s.Skipped, len(s.Cases), f, e, sk, out)
		}
		tests += len(s.Cases)
		failures += f
		errors += e
		skipped += sk
	}
	if doc.Tests != tests || doc.Failures != failures || doc.Errors != errors || doc.Skipped != skipped {
		t.Errorf("testsuites: tests=%d failures=%d errors=%d skipped=%d, want %d %d %d %d\n%s",
			doc.Tests, doc.Failures, doc.Errors, doc.Skipped, tests, failures, errors, skipped, out)
	}
}

// TestJUnitNoteOnlyPasses: a run whose only finding is a note exits 0
// under the default --fail-on warning, so the report must not fail either.
func TestJUnitNoteOnlyPasses(t *testing.T) {
	r := sampleReport()
	r.Findings = r.Findings[2:] // the TD010 note
	r.Errors = nil
	out, doc := printJUnit(t, r, Options{})
	if want := `<testsuites name="ecslint" tests="3" failures="0" errors="0" skipped="1">`; !strings.Contains(out, want) {
		t.Errorf("missing %s in\n%s", want, out)
	}
	if strings.Contains(out, "<failure") {
		t.Errorf("a note is reported as a failure:\n%s", out)
	}
	checkJUnitCounts(t, out, doc)
}

// TestJUnitFailOn: findings at or above Options.FailOn are <failure>s, the
// others <skipped> cases carrying the message; read errors stay <error>s
// whatever the threshold.
func TestJUnitFailOn(t *testing.T) {
	for _, tc := range []struct {
		failOn int
		fail   string // rule IDs that must fail, in report order
	}{
		{0, "DF001 TD001"}, // zero value: the default, warning
		{report.SeverityRank(report.SeverityNote), "DF001 TD001 TD010"},
		{report.SeverityRank(report.SeverityWarning), "DF001 TD001"},
		{report.SeverityRank(report.SeverityError), "TD001"},
		{report.SeverityRank(report.SeverityError) + 1, ""}, // --fail-on none
	} {
		t.Run(fmt.Sprint(tc.failOn), func(t *testing.T) {
			r := sampleReport()
			out, doc := printJUnit(t, r, Options{FailOn: tc.failOn})
			checkJUnitCounts(t, out, doc)
			var failed []string
			findings := 0
			for _, s := range doc.Suites {
				for _, c := range s.Cases {
					id, _, _ := strings.Cut(c.Name, " ")
					if !strings.HasPrefix(id, "TD") && !strings.HasPrefix(id, "DF") {
						continue
					}
					f := r.Findings[findings]
					findings++
					switch {
					case c.Failure != nil && c.Skipped == nil:
						failed = append(failed, id)
						if c.Failure.Message != f.Message || c.Failure.Type != f.Severity {
							t.Errorf("%s: failure message=%q type=%q", c.Name, c.Failure.Message, c.Failure.Type)
						}
					case c.Skipped != nil && c.Failure == nil:
						loc := fmt.Sprintf("%s:%d:%d", f.File, f.Range.Start.Line, f.Range.Start.Column)
						if c.Skipped.Message != f.Message || !strings.HasPrefix(c.Skipped.Text, loc+": "+f.Severity+": "+f.Message) {
							t.Errorf("%s: skipped message=%q text=%q", c.Name, c.Skipped.Message, c.Skipped.Text)
						}
					default:
						t.Errorf("%s: want exactly one of <failure> or <skipped>\n%s", c.Name, out)
					}
				}
			}
			if findings != len(r.Findings) {
				t.Fatalf("%d finding cases, want %d\n%s", findings, len(r.Findings), out)
			}
			if got := strings.Join(failed, " "); got != tc.fail {
				t.Errorf("failing findings %q, want %q\n%s", got, tc.fail, out)
			}
			if doc.Errors != len(r.Errors) {
				t.Errorf("errors=%d, want %d (read errors fail at any threshold)", doc.Errors, len(r.Errors))
			}
		})
	}
}
