package lint

import (
	"fmt"
	"strings"

	"github.com/ecslint/ecslint/config"
	"github.com/ecslint/ecslint/rego"
	"github.com/ecslint/ecslint/report"
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

// applyRuleStates drops findings of rules that are off and sets the
// configured severity.
func applyRuleStates(in []report.Finding, states map[string]ruleState) []report.Finding {
	out := in[:0]
	for _, f := range in {
		st := states[f.Rule.ID]
		if !st.on {
			continue
		}
		f.Severity = st.severity
		out = append(out, f)
	}
	return out
}
