package lint

import (
	"fmt"

	"github.com/ecslint/ecslint/config"
	"github.com/ecslint/ecslint/parser"
	"github.com/ecslint/ecslint/report"
	"github.com/ecslint/ecslint/suppress"
)

// fileSuppressions are the inline ignore comments of one file.
type fileSuppressions struct {
	file string
	list []parser.Suppression
}

// suppressions gathers the run's suppressions: config ignore entries and,
// unless inline ignores are off, the ignore comments of every linted file.
// Inline ignores naming unknown rules become notices.
func (l *Linter) suppressions(cfg *config.Config, abs map[string]string, inline []fileSuppressions) (*suppress.Set, []report.Notice) {
	set := &suppress.Set{}
	cfgFile := cfg.File
	for _, ig := range cfg.Ignore {
		s := suppress.Suppression{
			File: cfgFile, Line: ig.Line, Column: ig.Column, What: "ignore entry",
			Rules: ig.Rules, Reason: ig.Reason, Expires: ig.Expires, Pointer: ig.Pointer, Image: ig.Image,
		}
		if ig.Path != "" {
			s.Files = func(file string) bool { return cfg.MatchPath(ig, abs[file]) }
		}
		set.Add(s)
	}
	var notices []report.Notice
	for _, fs := range inline {
		for _, s := range suppress.FromComments(fs.file, fs.list) {
			note := func(msg string) {
				notices = append(notices, report.Notice{File: s.File, Line: s.Line, Column: s.Column, Message: msg})
			}
			if len(s.Rules) == 0 {
				note("inline ignore names no rule; write # ecslint ignore=ID[,ID...] [reason]")
			}
			var known []string
			for _, id := range s.Rules {
				if l.Engine.Rule(id) == nil {
					note(fmt.Sprintf("inline ignore names unknown rule %q (see `ecslint rules`)", id))
					continue
				}
				known = append(known, id)
			}
			if s.Rules = known; len(known) > 0 {
				set.Add(s)
			}
		}
	}
	return set, notices
}
