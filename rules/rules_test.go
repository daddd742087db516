package rules_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ecslint/ecslint/config"
	"github.com/ecslint/ecslint/facts"
	"github.com/ecslint/ecslint/internal/ruledocs"
	"github.com/ecslint/ecslint/lint"
	"github.com/ecslint/ecslint/rego"
	"github.com/ecslint/ecslint/report"
	"github.com/ecslint/ecslint/rules"
)

// want is one expectation: a finding of Rule on Line of File whose message
// matches Msg.
type want struct {
	File string
	Line int
	Rule string
	Msg  *regexp.Regexp
	Used bool
}

var (
	jsonWant       = regexp.MustCompile(`//\s*want\s+(.*)$`)
	dockerfileWant = regexp.MustCompile(`^\s*#\s*want\s+(.*)$`)
	trailingWant   = regexp.MustCompile(`\s#\s*want\s+(.*)$`)
	// The message regexp is a Go string literal, "quoted" or `raw`.
	wantToken = regexp.MustCompile(`^\s*([A-Z]{2}\d{3})(?:\s+("(?:[^"\\]|\\.)*"|` + "`[^`]*`" + `))?`)
)

// parseWants reads the expectations of one fixture and returns the text with
// every want comment blanked to spaces, so positions stay exact.
//
// In JSON and YAML a "// want ID "re"" comment applies to its own line. In a
// Dockerfile a "# want ID "re"" line applies to the next line that is
// neither blank nor a comment, and a trailing " # want ..." to its own line.
func parseWants(t *testing.T, name string, src []byte) ([]*want, []byte) {
	t.Helper()
	lines := strings.SplitAfter(string(src), "\n")
	var wants []*want
	var pending []*want
	dockerfile := strings.Contains(strings.ToLower(filepath.Base(name)), "dockerfile")
	for i, line := range lines {
		var spec string
		sameLine := !dockerfile
		if dockerfile {
			if m := dockerfileWant.FindStringSubmatch(strings.TrimRight(line, "\r\n")); m != nil {
				spec = m[1]
				lines[i] = blank(line, 0)
			} else if loc := trailingWant.FindStringSubmatchIndex(strings.TrimRight(line, "\r\n")); loc != nil {
				// A trailing "# want" applies to its own line: the only way
				// to annotate a parser directive, which must stay first.
				spec = line[loc[2]:loc[3]]
				lines[i] = blank(line, loc[0])
				sameLine = true
			}
		} else if loc := jsonWant.FindStringSubmatchIndex(strings.TrimRight(line, "\r\n")); loc != nil {
			spec = line[loc[2]:loc[3]]
			lines[i] = blank(line, loc[0])
		}
		if spec != "" {
			parsed := parseSpec(t, name, i+1, spec)
			if !sameLine {
				pending = append(pending, parsed...)
			} else {
				for _, w := range parsed {
					w.Line = i + 1
				}
				wants = append(wants, parsed...)
			}
			continue
		}
		trimmed := strings.TrimSpace(line)
		if dockerfile && len(pending) > 0 && trimmed != "" && !strings.HasPrefix(trimmed, "#") {
			for _, w := range pending {
				w.Line = i + 1
			}
			wants = append(wants, pending...)
			pending = nil
		}
	}
	if len(pending) > 0 {
		t.Fatalf("%s: want at end of file applies to no instruction", name)
	}
	for _, w := range wants {
		w.File = name
	}
	return wants, []byte(strings.Join(lines, ""))
}

// blank replaces line[from:] with spaces, keeping the line terminator.
func blank(line string, from int) string {
	body := strings.TrimRight(line, "\r\n")
	return line[:from] + strings.Repeat(" ", len(body)-from) + line[len(body):]
}

func parseSpec(t *testing.T, name string, line int, spec string) []*want {
	t.Helper()
	var out []*want
	rest := spec
	for strings.TrimSpace(rest) != "" {
		m := wantToken.FindStringSubmatch(rest)
		if m == nil {
			t.Fatalf("%s:%d: bad want %q: want ID [\"regexp\"] ...", name, line, spec)
		}
		w := &want{Rule: m[1], Msg: regexp.MustCompile("")}
		if m[2] != "" {
			s, err := strconv.Unquote(m[2])
			if err != nil {
				t.Fatalf("%s:%d: bad want message %s: %v", name, line, m[2], err)
			}
			w.Msg = regexp.MustCompile(s)
		}
		out = append(out, w)
		rest = rest[len(m[0]):]
	}
	return out
}

// TestRuleFixtures lints each rule's testdata/ folder through the real
// pipeline and compares that rule's findings with the want comments.
func TestRuleFixtures(t *testing.T) {
	eng, err := rego.Load(t.Context(), rego.Source{FS: rules.FS, Root: "."})
	if err != nil {
		t.Fatal(err)
	}
	cat := facts.NewCatalog()
	for _, r := range eng.Rules() {
		t.Run(r.ID+"_"+r.Name, func(t *testing.T) {
			src := filepath.Join(r.Kind, r.Name, "testdata")
			entries, err := os.ReadDir(src)
			if err != nil {
				t.Fatalf("rule %s has no fixtures: %v", r.ID, err)
			}
			dir := t.TempDir()
			var wants []*want
			negatives := 0
			for _, e := range entries {
				if e.IsDir() {
					continue
				}
				b, err := os.ReadFile(filepath.Join(src, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				ws, clean := parseWants(t, e.Name(), b)
				for _, w := range ws {
					if w.Rule != r.ID {
						t.Errorf("%s:%d: want %s in the fixtures of %s", w.File, w.Line, w.Rule, r.ID)
					}
				}
				if len(ws) == 0 && e.Name() != config.FileName {
					negatives++
				}
				wants = append(wants, ws...)
				if err := os.WriteFile(filepath.Join(dir, e.Name()), clean, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if len(wants) == 0 {
				t.Fatalf("rule %s has no positive fixture (no want %s in %s)", r.ID, r.ID, src)
			}
			if negatives == 0 {
				t.Fatalf("rule %s has no negative fixture (a file in %s without wants)", r.ID, src)
			}
			cfg := config.Default(dir)
			if p := filepath.Join(dir, config.FileName); fileExists(p) {
				cfg, err = config.Load(p, func(id string) bool { return eng.Rule(id) != nil })
				if err != nil {
					t.Fatal(err)
				}
			}
			l := &lint.Linter{Engine: eng, Catalog: cat}
			rep, err := l.Run(t.Context(), lint.Options{
				Paths: []string{"."}, Cwd: dir, Config: cfg,
				Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range rep.Errors {
				t.Errorf("%s:%d:%d: fixture does not parse: %s", e.File, e.Line, e.Column, e.Message)
			}
			got := 0
			for _, f := range rep.Findings {
				if f.Rule.ID != r.ID {
					continue
				}
				got++
				if !match(wants, f) {
					t.Errorf("%s:%d:%d: unexpected %s finding: %s", f.File, f.Range.Start.Line, f.Range.Start.Column, f.Rule.ID, f.Message)
				}
			}
			for _, w := range wants {
				if !w.Used {
					t.Errorf("%s:%d: no %s finding matching %q", w.File, w.Line, w.Rule, w.Msg)
				}
			}
			t.Logf("%d findings, %d wants, %d negative fixtures", got, len(wants), negatives)
		})
	}
}

func match(wants []*want, f report.Finding) bool {
	for _, w := range wants {
		if !w.Used && w.File == f.File && w.Line == f.Range.Start.Line && w.Rule == f.Rule.ID && w.Msg.MatchString(f.Message) {
			w.Used = true
			return true
		}
	}
	return false
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// TestEveryRuleHasRegoTests fails for a rule directory without a _test.rego.
func TestEveryRuleHasRegoTests(t *testing.T) {
	eng, err := rego.Load(t.Context(), rego.Source{FS: rules.FS, Root: "."})
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, r := range eng.Rules() {
		p := filepath.Join(r.Kind, r.Name, r.Name+"_test.rego")
		b, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(b, []byte("test_")) {
			missing = append(missing, fmt.Sprintf("%s (%s)", r.ID, p))
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("rules without Rego tests: %s", strings.Join(missing, ", "))
	}
}

// TestDocsUpToDate fails when a generated rule page differs from what the
// metadata and fixtures say; run go generate ./rules to refresh them.
func TestDocsUpToDate(t *testing.T) {
	eng, err := rego.Load(t.Context(), rego.Source{FS: rules.FS, Root: "."})
	if err != nil {
		t.Fatal(err)
	}
	check := func(p, want string) {
		got, err := os.ReadFile(p)
		if err != nil || string(got) != want {
			t.Errorf("%s is out of date: run go generate ./rules", p)
		}
	}
	for _, r := range eng.Rules() {
		ex, err := ruledocs.Examples(rules.FS, r)
		if err != nil {
			t.Fatal(err)
		}
		check(filepath.Join(r.Kind, r.Name, "README.md"), ruledocs.Markdown(r, ex))
	}
	check("README.md", ruledocs.Index(eng.Rules()))
}
