package suppress

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/rego"
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
	} {
		if got := Glob(tc.p, tc.s); got != tc.want {
			t.Errorf("Glob(%q, %q) = %v", tc.p, tc.s, got)
		}
	}
}

func finding(id string, line int, path ...any) rego.Finding {
	return rego.Finding{Rule: &rego.Rule{ID: id}, File: "Dockerfile", Path: path,
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
	in := []rego.Finding{
		finding("DF003", 1, "syntax", "image"),
		finding("DF001", 5, "stages", 0, "from"),
		finding("DF001", 7, "stages", 1, "from"),
		finding("DF005", 7, "stages", 1, "from"),
		finding("DF005", 4, "stages", 0, "from"),
		finding("DF002", 8, "copyFrom", 0, "from"),
		finding("DF004", 10, "stages", 2, "from"),
	}
	out, notices := set.Apply(in, now, nil)
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
