// Package suppress decides which findings the user has silenced. Every
// suppression, whatever wrote it (a config ignore entry, a Dockerfile
// "# ecslint ignore=" comment, later YAML and Terraform comments or
// CloudFormation Metadata), becomes one Suppression with the same matching
// rules, so that a new format only has to report its comments.
package suppress

import (
	"fmt"
	"strings"
	"time"

	"github.com/ecslint/ecslint/config"
	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/rego"
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
		s := Suppression{File: file, Line: c.Line, Column: c.Column, What: "inline ignore", Rules: c.Rules, Reason: c.Reason}
		s.Files = func(f string) bool { return f == file }
		if !c.Global {
			s.Lines, s.From, s.To = true, c.FromLine, c.ToLine
		}
		out = append(out, s)
	}
	return out
}

// ImagesOf returns the image strings a finding is about, for Image
// matching; the caller knows the documents.
type ImagesOf func(f rego.Finding) []string

// Apply returns the findings no live suppression matches, and notices: one
// per expired suppression that would have matched (it no longer
// suppresses), and, verbose, one per suppression that matched nothing.
func (set *Set) Apply(findings []rego.Finding, now time.Time, images ImagesOf) ([]rego.Finding, []rego.Notice) {
	var notices []rego.Notice
	out := findings[:0]
	for _, f := range findings {
		suppressed := false
		for _, s := range set.list {
			if !s.matches(f, images) {
				continue
			}
			if s.expired(now) {
				continue
			}
			s.used = true
			suppressed = true
		}
		if !suppressed {
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

func (s *Suppression) expired(now time.Time) bool {
	return config.ExpiredOn(s.Expires, now)
}

func (s *Suppression) notice(verbose bool, msg string) rego.Notice {
	return rego.Notice{Verbose: verbose, File: s.File, Line: s.Line, Column: s.Column, Message: msg}
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

func (s *Suppression) matches(f rego.Finding, images ImagesOf) bool {
	if len(s.Rules) > 0 && !hasFold(s.Rules, f.Rule.ID) {
		return false
	}
	if s.Files != nil && !s.Files(f.File) {
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
		if images != nil {
			for _, img := range images(f) {
				found = found || Glob(s.Image, img)
			}
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
// one character; everything else is literal.
func Glob(pattern, s string) bool {
	p, t := []rune(pattern), []rune(s)
	var pi, ti, star, mark = 0, 0, -1, 0
	for ti < len(t) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == t[ti]):
			pi++
			ti++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ti
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			ti = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
