package lint

import (
	"fmt"
	"strings"
	"time"

	"github.com/ecslint/ecslint/config"
	"github.com/ecslint/ecslint/rego"
)

// ruleState is the effective state of one rule for a run.
type ruleState struct {
	on       bool
	severity string
}

// effectiveRules merges rule defaults, the config file and --enable/--disable
// (flags win over the file).
func effectiveRules(e *rego.Engine, cfg *config.Config, enable, disable []string) (map[string]ruleState, error) {
	out := make(map[string]ruleState, len(e.Rules()))
	for _, r := range e.Rules() {
		st := ruleState{on: true, severity: r.Severity}
		if s, ok := cfg.Rules[r.ID]; ok {
			st.on = !s.Off
			if s.Severity != "" {
				st.severity = s.Severity
			}
		}
		out[r.ID] = st
	}
	set := func(ids []string, on bool, flag string) error {
		for _, id := range ids {
			r := e.Rule(strings.TrimSpace(id))
			if r == nil {
				return fmt.Errorf("%s: unknown rule %q (see `ecslint rules`)", flag, id)
			}
			st := out[r.ID]
			st.on = on
			out[r.ID] = st
		}
		return nil
	}
	if err := set(enable, true, "--enable"); err != nil {
		return nil, err
	}
	if err := set(disable, false, "--disable"); err != nil {
		return nil, err
	}
	return out, nil
}

// filterFindings applies rule states and config ignores. An expired ignore
// no longer suppresses and adds a notice naming it (once).
func filterFindings(in []rego.Finding, states map[string]ruleState, cfg *config.Config, abs map[string]string, now time.Time, notices []rego.Notice) ([]rego.Finding, []rego.Notice) {
	out := in[:0]
	expired := make(map[int]bool)
	for _, f := range in {
		st := states[f.Rule.ID]
		if !st.on {
			continue
		}
		f.Severity = st.severity
		suppressed := false
		for i, ig := range cfg.Ignore {
			if len(ig.Rules) == 0 || !containsFold(ig.Rules, f.Rule.ID) {
				continue
			}
			if !cfg.MatchPath(ig, abs[f.File]) {
				continue
			}
			if ig.Expired(now) {
				expired[i] = true
				continue
			}
			suppressed = true
			break
		}
		if !suppressed {
			out = append(out, f)
		}
	}
	for i, ig := range cfg.Ignore {
		if ig.Expired(now) && ig.Path != "" && len(ig.Rules) == 0 {
			expired[i] = true
		}
	}
	for i := range cfg.Ignore {
		if !expired[i] {
			continue
		}
		ig := cfg.Ignore[i]
		notices = append(notices, rego.Notice{
			File: cfg.File, Line: ig.Line, Column: ig.Column,
			Message: fmt.Sprintf("ignore entry expired on %s and no longer suppresses anything", ig.Expires.Format(time.DateOnly)),
		})
	}
	return out, notices
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
