// Package suppress decides which findings the user has silenced. Every
// suppression, whatever wrote it (a config ignore entry, a Dockerfile
// "# ecslint ignore=" comment, later YAML and Terraform comments or
// CloudFormation Metadata), becomes one Suppression with the same matching
// rules, so that a new format only has to report its comments.
package suppress

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ecslint/ecslint/config"
	"github.com/ecslint/ecslint/internal/glob"
	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/report"
)

// Suppression silences the findings it matches. Zero fields match
// everything.
type Suppression struct {
	// Where it is written, for notices: a config entry or a comment.
	File         string
	Line, Column int
	What         string // "ignore entry" or "inline ignore"
	Rules        []string
	Reason       string
	Expires      time.Time // zero: never
	// Files reports whether it covers a file (by display path); nil: all.
	Files func(file string) bool
	// OnlyFile, when set, limits it to the file of that display path, as
	// Files would; Apply finds such suppressions by file and line instead
	// of trying each one on every finding.
	OnlyFile string
	// Lines limits it to the lines From..To of its own File (an inline
	// ignore of the next instruction); Global or config entries leave both 0.
	Lines    bool
	From, To int
	// Pointer limits it to findings at or below this JSON Pointer into the
	// input document.
	Pointer string
	// Image limits it to findings about an image matching this glob.
	Image string

	used bool
}

// Set is every suppression of a run.
type Set struct {
	list []*Suppression
}

// Add adds s.
func (set *Set) Add(s Suppression) { set.list = append(set.list, &s) }

// FromComments returns the suppressions of a file's inline comments.
func FromComments(file string, comments []parser.Suppression) []Suppression {
	out := make([]Suppression, 0, len(comments))
	for _, c := range comments {
		s := Suppression{File: file, Line: c.Line, Column: c.Column, What: "inline ignore", Rules: c.Rules, Reason: c.Reason, OnlyFile: file}
		if !c.Global {
			s.Lines, s.From, s.To = true, c.FromLine, c.ToLine
		}
		out = append(out, s)
	}
	return out
}

// Apply returns the findings no live suppression matches, and notices: one
// per expired suppression that would have matched (it no longer
// suppresses), and, verbose, one per suppression that matched nothing.
//
// Its cost is linear in the findings and suppressions (and the pairs that
// match), not their product: a file can hold 100,000 ignore comments.
func (set *Set) Apply(findings []report.Finding, now time.Time) ([]report.Finding, []report.Notice) {
	var notices []report.Notice
	ix := set.index(now)
	out := findings[:0]
	for _, f := range findings {
		if !ix.apply(f, now) {
			out = append(out, f)
		}
	}
	for _, s := range set.list {
		switch {
		case s.expired(now):
			notices = append(notices, s.notice(false, fmt.Sprintf("%s expired on %s and no longer suppresses anything", s.What, s.Expires.Format(time.DateOnly))))
		case !s.used:
			notices = append(notices, s.notice(true, fmt.Sprintf("%s %s matches no finding; it can be removed", s.What, s.describe())))
		}
	}
	return out, notices
}

// MarkUsed records that s silenced something outside Apply (a whole file
// that was not linted).
func (set *Set) MarkUsed(file string, line int) {
	for _, s := range set.list {
		if s.File == file && s.Line == line {
			s.used = true
		}
	}
}

// An index holds a Set's suppressions for Apply. Those limited to one file
// (OnlyFile) that match on rule and line alone, as inline ignores do, are
// grouped by file, rule and line range: a finding is looked up, and a group
// is marked used once, however many findings and identical comments it
// has. The others (config entries) are grouped by rule; their file test
// (a path glob) runs once per file with findings, and the rest of the test
// on each finding of that file and rule.
type index struct {
	files map[string]map[string]*spans // file, folded rule ("" for every rule)
	other map[string][]*Suppression    // folded rule ("" for every rule)
	// otherIn holds, by file, those of other that cover the file.
	otherIn map[string]map[string][]*Suppression
}

// spans are the groups of one file and rule: the whole-file ones and those
// of a line range, sorted by first line, maxTo[i] the last line any of
// ranges[:i+1] reaches.
type spans struct {
	global *group
	ranges []*group
	maxTo  []int
}

// A group is suppressions that match exactly the same findings.
type group struct {
	from, to int
	members  []*Suppression
	live     bool // some member is not expired
	marked   bool // the members are marked used
}

func (g *group) add(s *Suppression, now time.Time) {
	g.members = append(g.members, s)
	g.live = g.live || !s.expired(now)
}

// hit records that g matches a finding and reports whether it suppresses it.
func (g *group) hit(now time.Time) bool {
	if !g.marked {
		g.marked = true
		for _, s := range g.members {
			if !s.expired(now) {
				s.used = true
			}
		}
	}
	return g.live
}

func (set *Set) index(now time.Time) *index {
	ix := &index{files: map[string]map[string]*spans{}, other: map[string][]*Suppression{}, otherIn: map[string]map[string][]*Suppression{}}
	type rangeKey struct {
		file, rule string
		from, to   int
	}
	byRange := map[rangeKey]*group{}
	for _, s := range set.list {
		rules := make([]string, 0, len(s.Rules))
		for _, r := range s.Rules {
			if k := fold(r); !slices.Contains(rules, k) {
				rules = append(rules, k)
			}
		}
		if len(rules) == 0 {
			rules = append(rules, "")
		}
		if s.OnlyFile == "" || s.Files != nil || s.Pointer != "" || s.Image != "" {
			for _, r := range rules {
				ix.other[r] = append(ix.other[r], s)
			}
			continue
		}
		if s.Lines && s.From == 0 {
			continue // before no instruction: matches nothing
		}
		byRule := ix.files[s.OnlyFile]
		if byRule == nil {
			byRule = map[string]*spans{}
			ix.files[s.OnlyFile] = byRule
		}
		for _, r := range rules {
			sp := byRule[r]
			if sp == nil {
				sp = &spans{}
				byRule[r] = sp
			}
			if !s.Lines {
				if sp.global == nil {
					sp.global = &group{}
				}
				sp.global.add(s, now)
				continue
			}
			k := rangeKey{s.OnlyFile, r, s.From, s.To}
			g := byRange[k]
			if g == nil {
				g = &group{from: s.From, to: s.To}
				byRange[k] = g
				sp.ranges = append(sp.ranges, g)
			}
			g.add(s, now)
		}
	}
	for _, byRule := range ix.files {
		for _, sp := range byRule {
			slices.SortFunc(sp.ranges, func(a, b *group) int { return a.from - b.from })
			sp.maxTo = make([]int, len(sp.ranges))
			for i, g := range sp.ranges {
				sp.maxTo[i] = g.to
				if i > 0 {
					sp.maxTo[i] = max(g.to, sp.maxTo[i-1])
				}
			}
		}
	}
	return ix
}

// apply marks the suppressions matching f used and reports whether a live
// one suppresses it.
func (ix *index) apply(f report.Finding, now time.Time) bool {
	suppressed := false
	other, ok := ix.otherIn[f.File]
	if !ok {
		other = map[string][]*Suppression{}
		for r, list := range ix.other {
			for _, s := range list {
				if s.covers(f.File) {
					other[r] = append(other[r], s)
				}
			}
		}
		ix.otherIn[f.File] = other
	}
	rule := ""
	if f.Rule != nil {
		rule = fold(f.Rule.ID)
	}
	for _, r := range []string{rule, ""} {
		for _, s := range other[r] {
			if s.matchesIn(f) && !s.expired(now) {
				s.used = true
				suppressed = true
			}
		}
		sp := ix.files[f.File][r]
		if sp == nil {
			continue
		}
		if sp.global != nil && sp.global.hit(now) {
			suppressed = true
		}
		// The ranges starting at or before the line, latest first, while
		// one of them may still reach it.
		line := f.Range.Start.Line
		i, _ := slices.BinarySearchFunc(sp.ranges, line+1, func(g *group, l int) int { return g.from - l })
		for i--; i >= 0 && sp.maxTo[i] >= line; i-- {
			if g := sp.ranges[i]; g.to >= line && g.hit(now) {
				suppressed = true
			}
		}
		if r == "" {
			break
		}
	}
	return suppressed
}

// fold maps rule ids that strings.EqualFold deems equal to one key: each
// rune becomes the smallest of its case-folding orbit.
func fold(id string) string {
	ascii := true
	for i := 0; i < len(id); i++ {
		ascii = ascii && id[i] < utf8.RuneSelf
	}
	if ascii {
		return strings.ToUpper(id)
	}
	return strings.Map(func(r rune) rune {
		m := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
		return m
	}, id)
}

func (s *Suppression) expired(now time.Time) bool {
	return config.ExpiredOn(s.Expires, now)
}

func (s *Suppression) notice(verbose bool, msg string) report.Notice {
	return report.Notice{Verbose: verbose, File: s.File, Line: s.Line, Column: s.Column, Message: msg}
}

func (s *Suppression) describe() string {
	var parts []string
	if len(s.Rules) > 0 {
		parts = append(parts, "for "+strings.Join(s.Rules, ","))
	}
	if s.Pointer != "" {
		parts = append(parts, "at "+s.Pointer)
	}
	if s.Image != "" {
		parts = append(parts, "of image "+s.Image)
	}
	if len(parts) == 0 {
		return "(all rules)"
	}
	return "(" + strings.Join(parts, " ") + ")"
}

func (s *Suppression) matches(f report.Finding) bool {
	return s.covers(f.File) && s.matchesIn(f)
}

// covers reports whether s applies to the file of display path file.
func (s *Suppression) covers(file string) bool {
	return (s.OnlyFile == "" || file == s.OnlyFile) && (s.Files == nil || s.Files(file))
}

// matchesIn reports whether s matches f, a finding in a file it covers.
func (s *Suppression) matchesIn(f report.Finding) bool {
	if len(s.Rules) > 0 && !hasFold(s.Rules, f.Rule.ID) {
		return false
	}
	if s.Lines && (f.Range.Start.Line < s.From || f.Range.Start.Line > s.To || s.From == 0) {
		return false
	}
	if s.Pointer != "" && !underPointer(s.Pointer, f.Path) {
		return false
	}
	if s.Image != "" {
		found := false
		for _, img := range f.Images {
			found = found || Glob(s.Image, img)
		}
		if !found {
			return false
		}
	}
	return true
}

func hasFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// underPointer reports whether path is at or below the JSON Pointer p.
func underPointer(p string, path []any) bool {
	full := parser.Key(path)
	p = strings.TrimSuffix(p, "/")
	return full == p || strings.HasPrefix(full, p+"/")
}

// Glob matches s against a pattern where * is any run of characters and ?
// one character; everything else is literal (internal/glob).
func Glob(pattern, s string) bool { return glob.MatchString(pattern, s) }
