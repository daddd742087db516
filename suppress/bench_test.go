package suppress

import (
	"fmt"
	"testing"
	"time"

	"github.com/ecslint/ecslint/config"
	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/report"
)

// hostileInput is a Dockerfile with n "# ecslint ignore=DF001" comments,
// each before an instruction with a DF001 finding (suppressed) and a DF002
// finding (kept), plus ten config entries.
func hostileInput(n int) ([]parser.Suppression, []report.Finding) {
	comments := make([]parser.Suppression, n)
	findings := make([]report.Finding, 0, 2*n)
	df1, df2 := &report.Rule{ID: "DF001"}, &report.Rule{ID: "DF002"}
	for i := range n {
		line := 2*i + 1
		comments[i] = parser.Suppression{Line: line, Column: 1, Rules: []string{"DF001"}, FromLine: line + 1, ToLine: line + 1}
		r := parser.Range{Start: parser.Position{Line: line + 1, Column: 1}}
		findings = append(findings,
			report.Finding{Rule: df1, File: "Dockerfile", Range: r, Path: []any{"stages", i, "from"}},
			report.Finding{Rule: df2, File: "Dockerfile", Range: r, Path: []any{"stages", i, "from"}})
	}
	return comments, findings
}

func hostileSet(comments []parser.Suppression) *Set {
	set := &Set{}
	for i := range 10 {
		set.Add(Suppression{File: "c.yaml", Line: i + 1, What: "ignore entry", Rules: []string{fmt.Sprintf("TD%03d", i)}})
	}
	for _, s := range FromComments("Dockerfile", comments) {
		set.Add(s)
	}
	return set
}

// BenchmarkApplyInline: every finding against every inline ignore took
// 60 s and more for 100,000 comments.
func BenchmarkApplyInline(b *testing.B) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("ignores=%d", n), func(b *testing.B) {
			comments, findings := hostileInput(n)
			in := make([]report.Finding, len(findings))
			for b.Loop() {
				copy(in, findings) // Apply filters in place
				out, _ := hostileSet(comments).Apply(in, now)
				if len(out) != n {
					b.Fatalf("kept %d findings, want %d", len(out), n)
				}
			}
		})
	}
}

// BenchmarkApplyConfig: config path globs are matched once per file, not
// once per finding (10,000 entries × 20,000 findings in one file).
func BenchmarkApplyConfig(b *testing.B) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	cfg := config.Default("/repo")
	_, findings := hostileInput(10000)
	in := make([]report.Finding, len(findings))
	for b.Loop() {
		set := &Set{}
		for i := range 10000 {
			ig := config.Ignore{Path: fmt.Sprintf("no/match%d/**", i), Rules: []string{"DF001"}}
			set.Add(Suppression{File: ".ecslint.yaml", Line: i + 2, What: "ignore entry", Rules: ig.Rules,
				Files: func(file string) bool { return cfg.MatchPath(ig, "/repo/"+file) }})
		}
		copy(in, findings)
		if out, _ := set.Apply(in, now); len(out) != len(findings) {
			b.Fatalf("kept %d findings, want %d", len(out), len(findings))
		}
	}
}

// TestApplyManyIgnores: 100,000 inline ignores and 200,000 findings take
// a fraction of a second (824 s when every finding was tried against every
// ignore).
func TestApplyManyIgnores(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 300,000 values")
	}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	comments, findings := hostileInput(100000)
	done := make(chan int, 1)
	start := time.Now()
	go func() {
		out, _ := hostileSet(comments).Apply(findings, now)
		done <- len(out)
	}()
	select {
	case kept := <-done:
		if kept != 100000 {
			t.Errorf("kept %d findings, want 100000", kept)
		}
		t.Logf("%v", time.Since(start))
	case <-time.After(30 * time.Second):
		t.Fatal("Apply takes more than 30 s: quadratic again")
	}
}
