package suppress

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/report"
)

func TestGlob(t *testing.T) {
	for _, tc := range []struct {
		p, s string
		want bool
	}{
		{"nginx:*", "nginx:1.27", true},
		{"docker.io/library/*", "docker.io/library/nginx:1.27", true},
		{"*/nginx:1.2?", "docker.io/library/nginx:1.27", true},
		{"nginx", "nginx:1.27", false},
		{"*", "", true},
		{"a*b*c", "abxbc", true},
		{"a*b*c", "acb", false},
		{"ñ?x", "ñyx", true},
		{"*", "*x", true}, // a * in the text is literal, not the pattern's
	} {
		if got := Glob(tc.p, tc.s); got != tc.want {
			t.Errorf("Glob(%q, %q) = %v", tc.p, tc.s, got)
		}
	}
}

func finding(id string, line int, path ...any) report.Finding {
	return report.Finding{Rule: &report.Rule{ID: id}, File: "Dockerfile", Path: path,
		Range: parser.Range{Start: parser.Position{Line: line, Column: 1}}}
}

func TestApply(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	set := &Set{}
	for _, s := range FromComments("Dockerfile", []parser.Suppression{
		{Line: 1, Column: 1, Rules: []string{"DF003"}, Global: true},
		{Line: 3, Column: 1, Rules: []string{"DF001"}, FromLine: 4, ToLine: 5},
		{Line: 9, Column: 1, Rules: []string{"DF004"}}, // no instruction follows
	}) {
		set.Add(s)
	}
	set.Add(Suppression{File: "c.yaml", Line: 7, What: "ignore entry", Rules: []string{"DF005"}, Pointer: "/stages/1"})
	set.Add(Suppression{File: "c.yaml", Line: 8, What: "ignore entry", Rules: []string{"DF002"}, Expires: time.Date(2026, 5, 31, 0, 0, 0, 0, time.UTC)})
	in := []report.Finding{
		finding("DF003", 1, "syntax", "image"),
		finding("DF001", 5, "stages", 0, "from"),
		finding("DF001", 7, "stages", 1, "from"),
		finding("DF005", 7, "stages", 1, "from"),
		finding("DF005", 4, "stages", 0, "from"),
		finding("DF002", 8, "copyFrom", 0, "from"),
		finding("DF004", 10, "stages", 2, "from"),
	}
	out, notices := set.Apply(in, now)
	var got []string
	for _, f := range out {
		got = append(got, fmt.Sprintf("%s@%d", f.Rule.ID, f.Range.Start.Line))
	}
	if want := "DF001@7 DF005@4 DF002@8 DF004@10"; strings.Join(got, " ") != want {
		t.Errorf("kept %v, want %s", got, want)
	}
	var msgs []string
	for _, n := range notices {
		msgs = append(msgs, fmt.Sprintf("%s:%d %v %s", n.File, n.Line, n.Verbose, n.Message))
	}
	want := []string{
		"Dockerfile:9 true inline ignore (for DF004) matches no finding; it can be removed",
		"c.yaml:8 false ignore entry expired on 2026-05-31 and no longer suppresses anything",
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("notices:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}

// applyEach is Apply as it was, every finding against every suppression:
// the reference the index must agree with.
func applyEach(set *Set, findings []report.Finding, now time.Time) []report.Finding {
	var out []report.Finding
	for _, f := range findings {
		suppressed := false
		for _, s := range set.list {
			if s.matches(f) && !s.expired(now) {
				s.used = true
				suppressed = true
			}
		}
		if !suppressed {
			out = append(out, f)
		}
	}
	return out
}

// TestApplyIndexAgrees: on random sets of overlapping, nested, repeated,
// expired and whole-file ignores in several files, with config entries,
// Apply keeps the same findings and marks the same suppressions used as
// trying every suppression on every finding.
func TestApplyIndexAgrees(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewPCG(1, 2))
	rules := []string{"DF001", "df001", "DF002", "DF00\u212a", "DF00K", "TD001"}
	files := []string{"Dockerfile", "b/Dockerfile", "c.json"}
	for round := range 300 {
		build := func() *Set {
			r := rand.New(rand.NewPCG(uint64(round), 7))
			set := &Set{}
			for range r.IntN(40) {
				file := files[r.IntN(len(files))]
				var ids []string
				for range r.IntN(3) {
					ids = append(ids, rules[r.IntN(len(rules))])
				}
				var comments []parser.Suppression
				from := r.IntN(12)
				comments = append(comments, parser.Suppression{Line: max(from-1, 1), Rules: ids, Global: r.IntN(5) == 0, FromLine: from, ToLine: from + r.IntN(4)})
				for _, s := range FromComments(file, comments) {
					if r.IntN(6) == 0 {
						s.Expires = now.AddDate(0, 0, -1)
					}
					if r.IntN(8) == 0 {
						s.Pointer = "/stages/1"
					}
					set.Add(s)
				}
			}
			for range r.IntN(4) {
				s := Suppression{File: "c.yaml", Line: r.IntN(9) + 1, What: "ignore entry"}
				if r.IntN(2) == 0 {
					s.Rules = []string{rules[r.IntN(len(rules))]}
				}
				if r.IntN(2) == 0 {
					want := files[r.IntN(len(files))]
					s.Files = func(f string) bool { return f == want }
				}
				if r.IntN(3) == 0 {
					s.Image = "nginx:DF*"
				}
				if r.IntN(4) == 0 {
					s.Expires = now.AddDate(0, 0, -1)
				}
				set.Add(s)
			}
			return set
		}
		var findings []report.Finding
		for range rng.IntN(30) {
			f := finding(rules[rng.IntN(len(rules))], rng.IntN(16), "stages", rng.IntN(3))
			f.File = files[rng.IntN(len(files))]
			f.Images = []string{"nginx:" + f.Rule.ID}
			findings = append(findings, f)
		}
		want, wantSet := applyEach(build(), slices.Clone(findings), now), build()
		applyEach(wantSet, slices.Clone(findings), now)
		gotSet := build()
		got, _ := gotSet.Apply(slices.Clone(findings), now)
		if !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
			t.Fatalf("round %d: kept %v, want %v", round, got, want)
		}
		for i, s := range gotSet.list {
			if s.used != wantSet.list[i].used {
				t.Fatalf("round %d: suppression %d (%+v) used = %v, want %v", round, i, *s, s.used, wantSet.list[i].used)
			}
		}
	}
}
