package iam_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/ecslint/ecslint/facts"
	"github.com/ecslint/ecslint/iam"
)

const (
	relAccount = "123456789012"
	relGet     = "secretsmanager:GetSecretValue"
	relARN     = "arn:aws:secretsmanager:us-east-1:123456789012:secret:"
)

// Subjects of the unit tests, as SecretSubjects and KeySubjects build them.
var (
	relFull    = iam.Subject{Partition: "aws", Service: "secretsmanager", Region: "us-east-1", Account: relAccount, Resource: "secret:prod/db-AbCdEf"}
	relPartial = iam.Subject{Partition: "aws", Service: "secretsmanager", Region: "us-east-1", Account: relAccount, Resource: "secret:prod/db", Suffix: true}
	relBare    = iam.Subject{Partition: "aws", Service: "secretsmanager", Account: relAccount, Resource: "secret:prod/db", Suffix: true}
	relNoCtx   = iam.Subject{Service: "secretsmanager", Resource: "secret:prod/db", Suffix: true}
	relParam   = iam.Subject{Partition: "aws", Service: "ssm", Account: relAccount, Resource: "parameter/app/db"}
	relKey     = iam.Subject{Partition: "aws", Service: "kms", Region: "us-east-1", Account: relAccount, Resource: "key/1234abcd"}
	relAlias   = iam.Subject{Partition: "aws", Service: "kms", Region: "us-east-1", Account: relAccount}
)

func allowOn(action string, resources ...string) iam.Statement {
	return iam.Statement{Effect: "Allow", Actions: []string{action}, Resources: resources}
}

func TestRelevantCases(t *testing.T) {
	for _, tc := range []struct {
		name     string
		st       iam.Statement
		subjects []iam.Subject
		keep     bool
	}{
		{"exact ARN", allowOn(relGet, relARN+"prod/db-AbCdEf"), []iam.Subject{relFull}, true},
		{"other secret", allowOn(relGet, relARN+"prod/other-AbCdEf"), []iam.Subject{relFull}, false},
		{"longer name", allowOn(relGet, relARN+"prod/db-AbCdEfG"), []iam.Subject{relFull}, false},
		{"star", allowOn(relGet, "*"), []iam.Subject{relFull}, true},
		{"one of several resources", allowOn(relGet, "arn:aws:s3:::b/*", relARN+"prod/*"), []iam.Subject{relFull}, true},
		{"wildcard path", allowOn(relGet, "arn:aws:secretsmanager:*:*:secret:prod/*"), []iam.Subject{relFull}, true},
		{"wildcard other path", allowOn(relGet, "arn:aws:secretsmanager:*:*:secret:other/*"), []iam.Subject{relFull}, false},
		{"other service", allowOn(relGet, "arn:aws:s3:::prod/*"), []iam.Subject{relFull}, false},
		{"service glob", allowOn(relGet, "arn:aws:secrets*:us-east-1:123456789012:secret:prod/*"), []iam.Subject{relFull}, true},
		{"colon-spanning glob", allowOn(relGet, "arn:aws:*:secret:prod/*"), []iam.Subject{relFull}, true},
		{"colon-spanning glob, other name", allowOn(relGet, "arn:aws:*:secret:other/*"), []iam.Subject{relFull}, false},
		{"fewer fields, literal", allowOn(relGet, "arn:aws:secretsmanager"), []iam.Subject{relFull}, false},
		{"fewer fields, glob", allowOn(relGet, "arn:aws:secretsmanager:*"), []iam.Subject{relFull}, true},
		{"ssm pattern on a secret", allowOn(relGet, "arn:aws:ssm:us-east-1:123456789012:parameter/prod/*"), []iam.Subject{relFull}, false},
		{"other region", allowOn(relGet, "arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/*"), []iam.Subject{relFull}, false},
		{"other account", allowOn(relGet, "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/*"), []iam.Subject{relFull}, false},
		{"unknown region", allowOn(relGet, "arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/*"), []iam.Subject{relBare}, true},
		{"unknown region, other account", allowOn(relGet, "arn:aws:secretsmanager:us-west-2:111122223333:secret:prod/*"), []iam.Subject{relBare}, false},
		{"unknown region, other name", allowOn(relGet, "arn:aws:secretsmanager:us-east-1:123456789012:secret:svc/*"), []iam.Subject{relBare}, false},
		{"unknown partition and account", allowOn(relGet, "arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:prod/db-??????"), []iam.Subject{relNoCtx}, true},
		{"unknown partition, other service", allowOn(relGet, "arn:aws-cn:ssm:cn-north-1:111122223333:parameter/prod/db"), []iam.Subject{relNoCtx}, false},
		{"suffix pattern", allowOn(relGet, relARN+"prod/db-??????"), []iam.Subject{relPartial}, true},
		{"suffix glob", allowOn(relGet, relARN+"prod/db-*"), []iam.Subject{relPartial}, true},
		{"concrete suffix", allowOn(relGet, relARN+"prod/db-XyZ123"), []iam.Subject{relPartial}, true},
		{"longer name than the partial one", allowOn(relGet, relARN+"prod/dbx-??????"), []iam.Subject{relPartial}, false},
		// A partial name is followed by a suffix a suffix-less pattern
		// lacks.
		{"suffix-less pattern", allowOn(relGet, relARN+"prod/db"), []iam.Subject{relPartial}, false},
		{"suffix-less pattern, full reading", allowOn(relGet, relARN+"prod/db"), []iam.Subject{relPartial, {Partition: "aws", Service: "secretsmanager", Region: "us-east-1", Account: relAccount, Resource: "secret:prod/db"}}, true},
		{"policy variable in the resource", allowOn(relGet, relARN+"${aws:PrincipalTag/team}/*"), []iam.Subject{relFull}, true},
		{"policy variable, other prefix", allowOn(relGet, relARN+"app/${aws:PrincipalTag/team}/*"), []iam.Subject{relFull}, false},
		{"policy variable in the region", allowOn(relGet, "arn:aws:secretsmanager:${aws:RequestedRegion}:123456789012:secret:prod/db-AbCdEf"), []iam.Subject{relFull}, true},
		{"policy variable in the region, other name", allowOn(relGet, "arn:aws:secretsmanager:${aws:RequestedRegion}:123456789012:secret:other"), []iam.Subject{relFull}, false},
		// Resources are case-sensitive in the library; the filter folds
		// case, which is only conservative.
		{"other case", allowOn(relGet, relARN+"PROD/DB-AbCdEf"), []iam.Subject{relFull}, true},
		{"backslash", allowOn(relGet, relARN+`other\${x}`), []iam.Subject{relFull}, true},
		{"control character", allowOn(relGet, relARN+"other\x01"), []iam.Subject{relFull}, true},
		{"NotResource", iam.Statement{Effect: "Allow", Actions: []string{relGet}, NotResources: []string{relARN + "prod/*"}}, []iam.Subject{relFull}, true},
		{"no Resource", iam.Statement{Effect: "Allow", Actions: []string{relGet}}, []iam.Subject{relFull}, true},
		{"unconditional Deny", iam.Statement{Effect: "Deny", Actions: []string{"secretsmanager:*"}, Resources: []string{relARN + "prod/*"}}, []iam.Subject{relFull}, true},
		{"unconditional Deny, other name", iam.Statement{Effect: "Deny", Actions: []string{"secretsmanager:*"}, Resources: []string{"arn:aws:secretsmanager:*:*:secret:legacy/*"}}, []iam.Subject{relFull}, false},
		{"conditional Deny", iam.Statement{Effect: "Deny", Actions: []string{"*"}, Resources: []string{"*"}, Conditional: true}, []iam.Subject{relFull}, false},
		{"conditional Allow", iam.Statement{Effect: "Allow", Actions: []string{"*"}, Resources: []string{"*"}, Conditional: true}, []iam.Subject{relFull}, true},
		{"unknown effect", iam.Statement{Effect: "allow", Actions: []string{"s3:*"}, Resources: []string{"arn:aws:s3:::b"}}, []iam.Subject{relFull}, true},
		{"other action", allowOn("s3:GetObject", "*"), []iam.Subject{relFull}, false},
		{"other service's actions", allowOn("ecr:*", "*"), []iam.Subject{relFull}, false},
		{"GetParameter is not GetParameters", allowOn("ssm:GetParameter", "*"), []iam.Subject{relParam}, false},
		{"action glob, mixed case", allowOn("SecretsManager:get*", "*"), []iam.Subject{relFull}, true},
		{"action ? glob", allowOn("kms:Decryp?", "*"), []iam.Subject{relKey}, true},
		{"all actions", allowOn("*", "*"), []iam.Subject{relFull}, true},
		{"action of another check", allowOn("kms:Decrypt", "*"), []iam.Subject{relFull}, true},
		{"NotAction excluding every check", iam.Statement{Effect: "Allow", NotActions: []string{"secretsmanager:*", "ssm:*", "KMS:*"}, Resources: []string{"*"}}, []iam.Subject{relFull}, false},
		{"NotAction excluding some", iam.Statement{Effect: "Allow", NotActions: []string{"iam:*", "secretsmanager:*"}, Resources: []string{"*"}}, []iam.Subject{relFull}, true},
		{"no Action nor NotAction", iam.Statement{Effect: "Allow", Resources: []string{"*"}}, []iam.Subject{relFull}, false},
		{"KMS key ARN", allowOn("kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/1234abcd"), []iam.Subject{relKey}, true},
		{"other KMS key", allowOn("kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/9999"), []iam.Subject{relKey}, false},
		{"KMS key behind an alias", allowOn("kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/9999"), []iam.Subject{relAlias}, true},
		{"KMS key behind an alias, other account", allowOn("kms:Decrypt", "arn:aws:kms:us-east-1:999999999999:key/*"), []iam.Subject{relAlias}, false},
		{"SSM parameter path", allowOn("ssm:GetParameters", "arn:aws:ssm:*:123456789012:parameter/app/*"), []iam.Subject{relParam}, true},
		{"SSM parameter, other path", allowOn("ssm:GetParameters", "arn:aws:ssm:*:123456789012:parameter/other/*"), []iam.Subject{relParam}, false},
		{"SSM parameter, exact", allowOn("ssm:GetParameters", "arn:aws:ssm:eu-west-1:123456789012:parameter/app/db"), []iam.Subject{relParam}, true},
		{"any of the subjects", allowOn(relGet, relARN+"prod/db-??????"), []iam.Subject{relParam, relPartial}, true},
		{"none of the subjects", allowOn(relGet, relARN+"svc/*"), []iam.Subject{relParam, relPartial, relKey}, false},
		{"no subjects", allowOn(relGet, relARN+"prod/*"), nil, false},
		{"subject with a colon in a field", allowOn(relGet, relARN+"svc/*"), []iam.Subject{{Service: "secretsmanager", Region: "a:b", Resource: "secret:x"}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := iam.Relevant([]iam.Statement{tc.st}, tc.subjects)
			if keep := len(got) == 1; keep != tc.keep {
				t.Errorf("Relevant(%+v, %+v) = %v; want kept = %v", tc.st, tc.subjects, got, tc.keep)
			}
		})
	}
}

func TestRelevantKeepsOrder(t *testing.T) {
	sts := []iam.Statement{
		allowOn(relGet, relARN+"other/*"),
		allowOn(relGet, relARN+"prod/*"),
		allowOn("s3:*", "*"),
		{Effect: "Deny", Actions: []string{"*"}, NotResources: []string{"arn:aws:s3:::b"}},
		allowOn("*", "*"),
	}
	got := iam.Relevant(sts, []iam.Subject{relFull})
	if want := []int{1, 3, 4}; !reflect.DeepEqual(got, want) {
		t.Errorf("Relevant = %v; want %v", got, want)
	}
	if got := iam.Relevant(nil, []iam.Subject{relFull}); got == nil || len(got) != 0 {
		t.Errorf("Relevant(nil) = %#v; want an empty list", got)
	}
}

// benchRole is the role of lint's BenchmarkExecutionRoles: n statements,
// each on its own svcN/* secrets and parameters, a Deny on legacy/*, and
// AmazonECSTaskExecutionRolePolicy.
func benchRole(tb testing.TB, n int) []iam.Statement {
	var sts []iam.Statement
	for i := range n {
		sts = append(sts, iam.Statement{
			Effect:  "Allow",
			Actions: []string{"secretsmanager:GetSecretValue", "ssm:GetParameters"},
			Resources: []string{
				fmt.Sprintf("arn:aws:secretsmanager:us-east-1:%s:secret:svc%d/*", relAccount, i),
				fmt.Sprintf("arn:aws:ssm:us-east-1:%s:parameter/svc%d/*", relAccount, i),
			},
		})
	}
	sts = append(sts, iam.Statement{Effect: "Deny", Actions: []string{"secretsmanager:*"}, Resources: []string{"arn:aws:secretsmanager:*:*:secret:legacy/*"}})
	for _, m := range iam.Managed() {
		if m.Name == "AmazonECSTaskExecutionRolePolicy" {
			sts = append(sts, m.Policy.Statements...)
		}
	}
	if len(sts) != n+2 {
		tb.Fatalf("%d statements; want %d", len(sts), n+2)
	}
	return sts
}

// benchSubjects returns the subjects of the secrets task i of lint's
// BenchmarkExecutionRoles reads.
func benchSubjects(i int) []iam.Subject {
	ctx := iam.ContextOf("", "arn:aws:iam::"+relAccount+":role/exec")
	var out []iam.Subject
	for _, sec := range []facts.Secret{
		facts.AnalyzeCredentialsParameter(fmt.Sprintf("svc%d/hub", i)),
		facts.AnalyzeValueFrom(fmt.Sprintf("arn:aws:secretsmanager:us-east-1:%s:secret:svc%d/db-AbCdEf:password::", relAccount, i)),
		facts.AnalyzeValueFrom(fmt.Sprintf("/svc%d/token", i)),
		facts.AnalyzeValueFrom(fmt.Sprintf("/other%d/token", i)),
	} {
		s, _ := iam.SecretSubjects(sec, ctx)
		out = append(out, s...)
	}
	return out
}

// TestRelevantBenchmarkRole: of the role's 202 statements, each task keeps
// only the one on its own svcN/*.
func TestRelevantBenchmarkRole(t *testing.T) {
	sts := benchRole(t, 200)
	for i := range 200 {
		subjects := benchSubjects(i)
		if len(subjects) != 5 {
			t.Fatalf("task %d: %d subjects; want 5", i, len(subjects))
		}
		if got := iam.Relevant(sts, subjects); !reflect.DeepEqual(got, []int{i}) {
			t.Fatalf("task %d: kept %v; want [%d]", i, got, i)
		}
	}
}

// BenchmarkRelevant filters the role of lint's BenchmarkExecutionRoles for
// each of its 200 task definitions; one op is all 200. "prepared" prepares
// the role once, as a caller caching it per role would.
func BenchmarkRelevant(b *testing.B) {
	sts := benchRole(b, 200)
	subjects := make([][]iam.Subject, 200)
	for i := range subjects {
		subjects[i] = benchSubjects(i)
	}
	b.Run("each", func(b *testing.B) {
		kept := 0
		for b.Loop() {
			kept = 0
			for _, s := range subjects {
				kept += len(iam.Relevant(sts, s))
			}
		}
		b.ReportMetric(float64(kept)/float64(len(subjects)), "kept/task")
	})
	b.Run("prepared", func(b *testing.B) {
		kept := 0
		for b.Loop() {
			kept = 0
			f := iam.NewStatementFilter(sts)
			for _, s := range subjects {
				kept += len(f.Relevant(s))
			}
		}
		b.ReportMetric(float64(kept)/float64(len(subjects)), "kept/task")
	})
}
