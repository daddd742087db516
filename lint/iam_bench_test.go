package lint_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/ecslint/ecslint/config"
	"github.com/ecslint/ecslint/lint"
)

// BenchmarkExecutionRoles lints 200 task definitions that each read four
// secrets with one execution role whose policies hold 20 statements (a
// large role) or 200 (about the most IAM's policy size quotas allow): the
// cost of the IAM index and of the Rego policy evaluation.
func BenchmarkExecutionRoles(b *testing.B) {
	for _, n := range []int{20, 200} {
		b.Run(fmt.Sprintf("statements=%d", n), func(b *testing.B) { benchmarkExecutionRoles(b, n) })
	}
}

func benchmarkExecutionRoles(b *testing.B, n int) {
	dir := b.TempDir()
	const account = "123456789012"
	var statements []any
	for i := range n {
		statements = append(statements, map[string]any{
			"Effect":   "Allow",
			"Action":   []string{"secretsmanager:GetSecretValue", "ssm:GetParameters"},
			"Resource": []string{fmt.Sprintf("arn:aws:secretsmanager:us-east-1:%s:secret:svc%d/*", account, i), fmt.Sprintf("arn:aws:ssm:us-east-1:%s:parameter/svc%d/*", account, i)},
		})
	}
	statements = append(statements, map[string]any{"Effect": "Deny", "Action": "secretsmanager:*", "Resource": "arn:aws:secretsmanager:*:*:secret:legacy/*"})
	auth := map[string]any{"RoleDetailList": []any{map[string]any{
		"RoleName":                "exec",
		"Arn":                     "arn:aws:iam::" + account + ":role/exec",
		"RolePolicyList":          []any{map[string]any{"PolicyName": "secrets", "PolicyDocument": map[string]any{"Version": "2012-10-17", "Statement": statements}}},
		"AttachedManagedPolicies": []any{map[string]any{"PolicyArn": "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"}},
	}}}
	write := func(name string, v any) {
		bs, err := json.Marshal(v)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), bs, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write("authorization-details.json", auth)
	for i := range 200 {
		write(fmt.Sprintf("task%03d.json", i), map[string]any{
			"family":           fmt.Sprintf("svc%d", i),
			"executionRoleArn": "arn:aws:iam::" + account + ":role/exec",
			"containerDefinitions": []any{map[string]any{
				"name": "app", "image": "acme/app:1.0",
				"repositoryCredentials": map[string]any{"credentialsParameter": fmt.Sprintf("svc%d/hub", i)},
				"secrets": []any{
					map[string]any{"name": "A", "valueFrom": fmt.Sprintf("arn:aws:secretsmanager:us-east-1:%s:secret:svc%d/db-AbCdEf:password::", account, i)},
					map[string]any{"name": "B", "valueFrom": fmt.Sprintf("/svc%d/token", i)},
					map[string]any{"name": "C", "valueFrom": fmt.Sprintf("/other%d/token", i)},
				},
			}},
		})
	}
	l := newLinter(b)
	cfg := config.Default(dir)
	rep, err := l.Run(b.Context(), lint.Options{Paths: []string{"."}, Cwd: dir, Config: cfg})
	if err != nil {
		b.Fatal(err)
	}
	td008 := 0
	for _, f := range rep.Findings {
		if f.Rule.ID == "TD008" {
			td008++
		}
	}
	if td008 != 400-n || len(rep.Errors) != 0 {
		b.Fatalf("%d TD008 findings, %d errors; want %d and 0", td008, len(rep.Errors), 400-n)
	}
	for b.Loop() {
		if _, err := l.Run(b.Context(), lint.Options{Paths: []string{"."}, Cwd: dir, Config: cfg}); err != nil {
			b.Fatal(err)
		}
	}
}
