package rego

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// TestRoots: the roots built without the parser are the refs the parser
// makes of their text.
func TestRoots(t *testing.T) {
	for text, got := range map[string]ast.Ref{"data.ecslint.rules": ruleRoot(), "data.ecslint.lib": libRoot()} {
		if want := ast.MustParseRef(text); !got.Equal(want) || got.String() != text {
			t.Errorf("%s: got %v", text, got)
		}
	}
}
