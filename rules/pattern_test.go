package rules_test

import (
	"encoding/json"
	"io/fs"
	"testing"

	oparego "github.com/open-policy-agent/opa/v1/rego"

	"github.com/ecslint/ecslint/iam"
	"github.com/ecslint/ecslint/rules"
)

// TestPatternDescriptionsAgree keeps iam.DescribePattern (Go, computed once
// per run) and pattern() of rules/lib/iam (Rego, the reference) identical:
// the rules trust the Go descriptions attached to statements.
func TestPatternDescriptionsAgree(t *testing.T) {
	src, err := fs.ReadFile(rules.FS, "lib/iam/iam.rego")
	if err != nil {
		t.Fatal(err)
	}
	q, err := oparego.New(
		oparego.Query("data.ecslint.lib.iam.pattern(input)"),
		oparego.Module("iam.rego", string(src)),
	).PrepareForEval(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{
		"*",
		"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/hub-??????",
		"arn:aws:secretsmanager:*:*:secret:prod/*",
		"arn:aws:secretsmanager:*",
		"arn:*:secretsmanager:us-east-1:1:secret:a",
		"arn:aws:s?m:us-east-1:1:parameter/a",
		"arn:aws:ssm:us-east-1:123456789012:parameter/app/${aws:PrincipalTag/team}/*",
		"arn:aws:secretsmanager:us-east-1:1:secret:a:b:c",
		"arn:aws:kms:us-east-1:1:key/1234abcd-12ab-34cd-56ef-1234567890ab",
		"arn:aws:secretsmanager:us-east-1:1:secret:a.b+c(d)[e]{f}|g\\h^$",
		"secret:x",
		"",
		"::::::",
		"arn:aws:secretsmanager:us-east-1:1:secret:名前-??????",
	} {
		rs, err := q.Eval(t.Context(), oparego.EvalInput(p))
		if err != nil || len(rs) != 1 {
			t.Fatalf("pattern(%q): %v %v", p, rs, err)
		}
		want, _ := json.Marshal(rs[0].Expressions[0].Value)
		got, _ := json.Marshal(iam.DescribePattern(p))
		var w, g any
		_ = json.Unmarshal(want, &w)
		_ = json.Unmarshal(got, &g)
		wj, _ := json.Marshal(w)
		gj, _ := json.Marshal(g)
		if string(wj) != string(gj) {
			t.Errorf("pattern(%q):\n Rego %s\n Go   %s", p, wj, gj)
		}
	}
}
