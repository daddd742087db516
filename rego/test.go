package rego

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/ecslint/ecslint/internal/safeio"
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
	return runTests(ctx, modules, nil, DefaultTimeout, 0)
}

// RunUserTests runs the _test.rego files of the user's policy sources (for
// ecslint verify), with the embedded rules and libraries loaded beside
// them, under the same restricted capabilities and namespace rules. Only
// the user's tests run, one at a time, each for at most timeout
// (DefaultTimeout when 0), under the memory watchdog: a test that uses more
// than MemoryBudget fails and the tests after it do not run.
func RunUserTests(ctx context.Context, timeout time.Duration, embedded Source, user ...Source) ([]TestResult, error) {
	modules, err := parseModules([]Source{embedded}, false)
	if err != nil {
		return nil, err
	}
	mine, _, err := parseSources(user, true)
	if err != nil {
		return nil, err
	}
	builtin := builtinPackages(modules, nil)
	names := make([]string, 0, len(mine))
	for name := range mine {
		names = append(names, name)
	}
	sort.Strings(names)
	var problems []string
	for _, name := range names {
		problems = append(problems, checkNamespace(name, mine[name], builtin, false)...)
		modules[name] = mine[name]
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("load policies: %s", strings.Join(problems, "\n"))
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	evalLock.Lock()
	defer evalLock.Unlock()
	mctx, stopMemory := context.WithCancelCause(ctx)
	defer stopMemory(nil)
	unwatch := watchMemory(MemoryBudget, stopMemory)
	results, err := runTests(mctx, modules, func(name string) bool { _, ok := mine[name]; return ok }, timeout, 1)
	unwatch()
	if err != nil {
		return nil, err
	}
	// Tests run one at a time, and none starts after the watchdog stops
	// one: that test is the last one stopped. The others ran out of time.
	culprit := -1
	if errors.Is(context.Cause(mctx), errMemory) {
		for i, r := range results {
			if topdown.IsCancel(r.Err) {
				culprit = i
			}
		}
	}
	for i, r := range results {
		switch {
		case i == culprit:
			results[i].Err = fmt.Errorf("stopped: the test used more than %s of memory; the tests after it did not run", safeio.FormatSize(MemoryBudget))
		case topdown.IsCancel(r.Err) && ctx.Err() == nil:
			results[i].Err = fmt.Errorf("stopped after %s (--timeout): the test runs too long", timeout)
		}
	}
	return results, nil
}

// runTests runs the tests of modules in files only accepts (all with nil),
// parallel at a time (the number of CPUs with 0).
func runTests(ctx context.Context, modules map[string]*ast.Module, only func(file string) bool, timeout time.Duration, parallel int) ([]TestResult, error) {
	compiler := ast.NewCompiler().WithCapabilities(Capabilities()).WithEnablePrintStatements(true)
	ch, err := tester.NewRunner().
		SetCompiler(compiler).
		SetModules(modules).
		SetTimeout(timeout).
		SetParallel(parallel).
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
