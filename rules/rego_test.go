package rules_test

import (
	"testing"

	"github.com/ecslint/ecslint/rego"
	"github.com/ecslint/ecslint/rules"
)

// TestRegoUnitTests runs every _test.rego with OPA's tester.
func TestRegoUnitTests(t *testing.T) {
	results, err := rego.RunTests(t.Context(), rego.Source{FS: rules.FS, Root: "."})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) == 0 {
		t.Fatal("found no Rego tests")
	}
	perPkg := map[string]int{}
	for _, r := range results {
		perPkg[r.Package]++
		name := r.Package + "." + r.Name
		t.Run(name, func(t *testing.T) {
			if r.Err != nil {
				t.Fatalf("%s: %v", r.Location, r.Err)
			}
			if !r.Pass {
				t.Fatalf("%s: failed\n%s", r.Location, r.Output)
			}
		})
	}
	t.Logf("%d Rego tests in %d packages", len(results), len(perPkg))
}
