package rego

import (
	"context"
	"fmt"

	"github.com/open-policy-agent/opa/v1/tester"
)

// TestResult is the outcome of one Rego unit test (a rule named test_*).
type TestResult struct {
	Package  string
	Name     string
	Location string
	Pass     bool
	Skip     bool
	Err      error
	Output   string
}

// RunTests runs the Rego unit tests (files ending in _test.rego) found in
// the sources with OPA's tester, next to the policies they test.
func RunTests(ctx context.Context, sources ...Source) ([]TestResult, error) {
	modules, err := parseModules(sources, true)
	if err != nil {
		return nil, err
	}
	ch, err := tester.NewRunner().
		SetModules(modules).
		SetTimeout(DefaultTimeout).
		RaiseBuiltinErrors(true).
		RunTests(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("run rego tests: %w", err)
	}
	var out []TestResult
	for r := range ch {
		tr := TestResult{
			Package: r.Package,
			Name:    r.Name,
			Pass:    r.Pass(),
			Skip:    r.Skip,
			Err:     r.Error,
			Output:  string(r.Output),
		}
		if r.Location != nil {
			tr.Location = fmt.Sprintf("%s:%d:%d", r.Location.File, r.Location.Row, r.Location.Col)
		}
		if r.Fail {
			tr.Pass = false
		}
		out = append(out, tr)
	}
	return out, nil
}
