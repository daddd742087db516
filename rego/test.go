package rego

import (
	"context"
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
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
	return runTests(ctx, modules, nil)
}

// RunUserTests runs the _test.rego files of the user's policy sources (for
// ecslint verify), with the embedded rules and libraries loaded beside
// them, under the same restricted capabilities. Only the user's tests run.
func RunUserTests(ctx context.Context, embedded Source, user ...Source) ([]TestResult, error) {
	modules, err := parseModules([]Source{embedded}, false)
	if err != nil {
		return nil, err
	}
	mine, _, err := parseSources(user, true)
	if err != nil {
		return nil, err
	}
	for name, m := range mine {
		modules[name] = m
	}
	return runTests(ctx, modules, func(name string) bool { _, ok := mine[name]; return ok })
}

func runTests(ctx context.Context, modules map[string]*ast.Module, only func(file string) bool) ([]TestResult, error) {
	compiler := ast.NewCompiler().WithCapabilities(Capabilities()).WithEnablePrintStatements(true)
	ch, err := tester.NewRunner().
		SetCompiler(compiler).
		SetModules(modules).
		SetTimeout(DefaultTimeout).
		RaiseBuiltinErrors(true).
		RunTests(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("run rego tests: %w", err)
	}
	var out []TestResult
	for r := range ch {
		if only != nil && (r.Location == nil || !only(r.Location.File)) {
			continue
		}
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
