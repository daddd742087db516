package iam_test

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/ecslint/ecslint/facts"
	"github.com/ecslint/ecslint/iam"
	"github.com/ecslint/ecslint/parser"
)

const authDetails = `{
  "RoleDetailList": [
    {
      "RoleName": "exec",
      "Arn": "arn:aws:iam::123456789012:role/service-role/exec",
      "RolePolicyList": [
        {"PolicyName": "inline", "PolicyDocument": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ssm:GetParameters", "Resource": "*", "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}}}}
      ],
      "AttachedManagedPolicies": [
        {"PolicyName": "AmazonECSTaskExecutionRolePolicy", "PolicyArn": "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"},
        {"PolicyName": "custom", "PolicyArn": "arn:aws:iam::123456789012:policy/custom"}
      ],
      "PermissionsBoundary": {"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": "arn:aws:iam::123456789012:policy/boundary"}
    }
  ],
  "Policies": [
    {
      "PolicyName": "custom", "Arn": "arn:aws:iam::123456789012:policy/custom", "DefaultVersionId": "v2",
      "PolicyVersionList": [
        {"VersionId": "v1", "IsDefaultVersion": false, "Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}},
        {"VersionId": "v2", "IsDefaultVersion": true, "Document": "DOC"}
      ]
    }
  ]
}`

func encoded(doc string) string { return url.PathEscape(doc) }

func parse(t *testing.T, name, src string) *iam.Source {
	t.Helper()
	s, err := iam.Parse(name, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAuthorizationDetails(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*"],"NotResource":"arn:aws:s3:::x"}]}`
	s := parse(t, "auth.json", strings.Replace(authDetails, "DOC", encoded(doc), 1))
	if s.Kind != iam.AuthorizationDetails || len(s.Roles) != 1 || len(s.Policies) != 1 {
		t.Fatalf("got kind %v, %d roles, %d policies", s.Kind, len(s.Roles), len(s.Policies))
	}
	r := s.Roles[0]
	if r.Name != "exec" || r.Boundary != "arn:aws:iam::123456789012:policy/boundary" || len(r.Attached) != 2 {
		t.Errorf("role = %+v", r)
	}
	if got := r.Inline[0].Statements[0]; !got.Conditional || !reflect.DeepEqual(got.Actions, []string{"ssm:GetParameters"}) {
		t.Errorf("inline statement = %+v, want a conditional single-action statement", got)
	}
	// The default version (v2, URL-encoded) counts, not v1.
	want := iam.Statement{Effect: "Allow", NotActions: []string{"iam:*"}, NotResources: []string{"arn:aws:s3:::x"}}
	if got := s.Policies[0].Statements; len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Errorf("default version statements = %+v, want %+v", got, want)
	}
}

func TestResolve(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`
	full := parse(t, "auth.json", strings.Replace(authDetails, "DOC", encoded(doc), 1))
	// The same snapshot without its Policies page: the custom policy is missing.
	rolesOnly := parse(t, "roles.json", `{"RoleDetailList": [{"RoleName": "exec", "Arn": "arn:aws:iam::123456789012:role/service-role/exec",
		"AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::123456789012:policy/custom"}]}]}`)

	ix := iam.NewIndex()
	ix.Add(rolesOnly)
	rf := ix.Resolve("arn:aws:iam::123456789012:role/service-role/exec")
	if !rf.Known || rf.Complete || !reflect.DeepEqual(rf.Missing, []string{"arn:aws:iam::123456789012:policy/custom"}) {
		t.Fatalf("roles only: %+v, want known, incomplete, custom missing", rf)
	}

	ix.Add(full) // a second page completes it
	for _, ref := range []string{
		"arn:aws:iam::123456789012:role/service-role/exec",
		"arn:aws:iam::123456789012:role/exec", // without its path
		"exec",                                // a bare name
		"arn:aws:iam::${AWS::AccountId}:role/exec",
		"arn:${AWS::Partition}:iam::${ACCOUNT}:role/exec",
	} {
		rf := ix.Resolve(ref)
		if !rf.Known || !rf.Complete {
			t.Errorf("Resolve(%q) = known %v complete %v (%s), want complete", ref, rf.Known, rf.Complete, rf.Reason)
		}
		// inline (1) + AmazonECSTaskExecutionRolePolicy from the snapshot (1) + custom (1)
		if len(rf.Statements) != 3 {
			t.Errorf("Resolve(%q): %d statements, want 3", ref, len(rf.Statements))
		}
	}
	for ref, reason := range map[string]string{
		"arn:aws:iam::999999999999:role/exec": "no IAM source describes it",
		"${EXEC_ROLE}":                        "cannot be resolved statically",
		"arn:aws:iam::123456789012:role/${X}": "cannot be resolved statically",
		"arn:aws:iam::123456789012:user/exec": "not an IAM role ARN",
		"other":                               "no IAM source describes it",
	} {
		if rf := ix.Resolve(ref); rf.Known || !strings.Contains(rf.Reason, reason) {
			t.Errorf("Resolve(%q) = known %v, reason %q; want unknown, %q", ref, rf.Known, rf.Reason, reason)
		}
	}
	if got := ix.Searched(); len(got) != 3 || got[0] != "roles.json" || !strings.Contains(got[2], "AWS managed policy snapshot") {
		t.Errorf("Searched() = %q", got)
	}
}

func TestResolveAmbiguousName(t *testing.T) {
	ix := iam.NewIndex()
	ix.AddRole("arn:aws:iam::111111111111:role/exec", nil, nil, "a")
	ix.AddRole("arn:aws:iam::222222222222:role/exec", nil, nil, "b")
	if rf := ix.Resolve("exec"); rf.Known || !strings.Contains(rf.Reason, "several roles") {
		t.Errorf("Resolve(exec) = %+v, want ambiguous", rf)
	}
	if rf := ix.Resolve("arn:aws:iam::222222222222:role/exec"); !rf.Known || !rf.Complete {
		t.Errorf("by ARN: %+v", rf)
	}
}

func TestParseErrorsArePositioned(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"bad effect", `{"Version":"2012-10-17","Statement":[{"Effect":"allow","Action":"*","Resource":"*"}]}`, `p.json:1:48: statement: Effect must be "Allow" or "Deny"`},
		{"action type", `{"Statement":{"Effect":"Allow","Action":7}}`, "p.json:1:41: Action: want a string or a list of strings, got number"},
		{"both", "{\"Statement\":{\"Effect\":\"Allow\",\n\"Action\":\"*\",\"NotAction\":\"x\"}}", "p.json:2:26: statement: Action and NotAction are exclusive"},
		{"encoded", `{"RoleDetailList":[{"Arn":"arn:aws:iam::1:role/r","RolePolicyList":[{"PolicyName":"p","PolicyDocument":"%7B%22Statement%22%3A1%7D"}]}]}`,
			"p.json:1:104: policy document: Statement: want an object or an array, got number (line 1, column 14 of the decoded text)"},
		{"bad escape", `{"RoleDetailList":[{"Arn":"arn:aws:iam::1:role/r","RolePolicyList":[{"PolicyName":"p","PolicyDocument":"%ZZ"}]}]}`,
			"p.json:1:104: policy document is neither JSON nor URL-encoded JSON"},
		{"role arn", `{"RoleDetailList":[{"Arn":"role/r"}]}`, "p.json:1:27: Arn: "},
		{"syntax", `{"RoleDetailList": [}`, "p.json:1:21: "},
		{"other json", `{"name": "x"}`, "p.json:1:1: not an IAM source"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := iam.Parse("p.json", []byte(tc.src))
			var pe *parser.Error
			if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("err = %v, want a *parser.Error starting %q", err, tc.want)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	for src, want := range map[string]iam.Kind{
		authDetails: iam.AuthorizationDetails,
		`{"SecretList": [{"ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:a-AbCdEf", "Name": "a"}]}`: iam.SecretListing,
		`{"ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:a-AbCdEf", "Name": "a", "KmsKeyId": "k"}`:  iam.SecretListing,
		`{"Parameters": [{"Name": "/a", "Type": "SecureString", "KeyId": "alias/aws/ssm"}]}`:                      iam.SecretListing,
		// A CloudFormation template has Parameters too, as an object.
		`{"Parameters": {"KeyId": {"Type": "String"}}, "Resources": {}}`:    iam.NotSource,
		`{"Version": "2012-10-17", "Statement": []}`:                        iam.NotSource,
		`{"containerDefinitions": [], "RoleDetailList": "x"}`:               iam.NotSource,
		`[{"RoleDetailList": []}]`:                                          iam.NotSource,
		`{"RoleDetailList": [{"Arn": "arn:aws:iam::1:role/r"}], "broken": `: iam.NotSource,
	} {
		if got := iam.Sniff([]byte(src)); got != want {
			t.Errorf("Sniff(%.60s) = %v, want %v", src, got, want)
		}
	}
}

func TestManagedSnapshot(t *testing.T) {
	m := iam.Managed()
	names := map[string]bool{}
	for _, p := range m {
		names[p.Name] = true
		if !strings.HasPrefix(p.Source, "https://docs.aws.amazon.com/") || len(p.Policy.Statements) == 0 {
			t.Errorf("%s: source %q, %d statements", p.Name, p.Source, len(p.Policy.Statements))
		}
	}
	if !names["AmazonECSTaskExecutionRolePolicy"] {
		t.Fatal("the snapshot lacks AmazonECSTaskExecutionRolePolicy")
	}
	// The managed policy is the same in every partition.
	ix := iam.NewIndex()
	ix.AddRole("arn:aws-cn:iam::123456789012:role/exec", nil, []string{"arn:aws-cn:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"}, "cfg")
	if rf := ix.Resolve("arn:aws-cn:iam::123456789012:role/exec"); !rf.Complete {
		t.Errorf("aws-cn managed policy not resolved: %+v", rf)
	}
}

func TestSecretSubjects(t *testing.T) {
	ctx := iam.Context{Partition: "aws", Account: "123456789012"}
	for _, tc := range []struct {
		value    string
		creds    bool
		subjects []iam.Subject
		resource string
	}{
		{"arn:aws:secretsmanager:us-east-1:123456789012:secret:db-config:password::", false,
			[]iam.Subject{
				{Partition: "aws", Service: "secretsmanager", Region: "us-east-1", Account: "123456789012", Resource: "secret:db-config"},
				{Partition: "aws", Service: "secretsmanager", Region: "us-east-1", Account: "123456789012", Resource: "secret:db-config", Suffix: true},
			},
			"arn:aws:secretsmanager:us-east-1:123456789012:secret:db-??????"},
		{"prod/hub", true,
			[]iam.Subject{{Partition: "aws", Service: "secretsmanager", Account: "123456789012", Resource: "secret:prod/hub", Suffix: true}},
			"arn:aws:secretsmanager:*:123456789012:secret:prod/hub-??????"},
		{"/app/db", false,
			[]iam.Subject{{Partition: "aws", Service: "ssm", Account: "123456789012", Resource: "parameter/app/db"}},
			"arn:aws:ssm:*:123456789012:parameter/app/db"},
		{"app/db", false,
			[]iam.Subject{{Partition: "aws", Service: "ssm", Account: "123456789012", Resource: "parameter/app/db"}},
			"arn:aws:ssm:*:123456789012:parameter/app/db"},
		{"arn:aws:ssm:eu-west-1:111122223333:parameter/app/db", false,
			[]iam.Subject{{Partition: "aws", Service: "ssm", Region: "eu-west-1", Account: "111122223333", Resource: "parameter/app/db"}},
			"arn:aws:ssm:eu-west-1:111122223333:parameter/app/db"},
		{"arn:${AWS::Partition}:secretsmanager:${AWS::Region}:1:secret:x", true, nil, ""},
		{"arn:aws:kms:us-east-1:123456789012:key/abc", true, nil, ""},
	} {
		var sec facts.Secret
		if tc.creds {
			sec = facts.AnalyzeCredentialsParameter(tc.value)
		} else {
			sec = facts.AnalyzeValueFrom(tc.value)
		}
		subjects, resource := iam.SecretSubjects(sec, ctx)
		if !reflect.DeepEqual(subjects, tc.subjects) || resource != tc.resource {
			t.Errorf("SecretSubjects(%q) =\n  %+v %q\nwant\n  %+v %q", tc.value, subjects, resource, tc.subjects, tc.resource)
		}
	}
}

func TestContextOf(t *testing.T) {
	got := iam.ContextOf("arn:aws:ecs:eu-west-1:111122223333:task-definition/app:3", "arn:aws:iam::111122223333:role/exec")
	if want := (iam.Context{Partition: "aws", Region: "eu-west-1", Account: "111122223333"}); got != want {
		t.Errorf("ContextOf = %+v, want %+v", got, want)
	}
	if got := iam.ContextOf("", "arn:aws:iam::${ACCOUNT}:role/exec"); got != (iam.Context{}) {
		t.Errorf("templated role gives %+v, want nothing", got)
	}
}

func TestKeys(t *testing.T) {
	for key, managed := range map[string]bool{
		"": true, "alias/aws/secretsmanager": true, "arn:aws:kms:us-east-1:1:alias/aws/ssm": true,
		"alias/mine": false, "arn:aws:kms:us-east-1:123456789012:key/abc": false, "1234abcd-12ab-34cd-56ef-1234567890ab": false,
	} {
		if got := iam.AWSManagedKey(key); got != managed {
			t.Errorf("AWSManagedKey(%q) = %v", key, got)
		}
	}
	loc := iam.Subject{Partition: "aws", Region: "us-east-1", Account: "123456789012"}
	for key, want := range map[string]string{
		"arn:aws:kms:us-east-1:123456789012:key/abc": "arn:aws:kms:us-east-1:123456789012:key/abc",
		"arn:aws:kms:us-east-1:123456789012:alias/x": "arn:aws:kms:us-east-1:123456789012:key/*",
		"alias/x":                              "arn:aws:kms:us-east-1:123456789012:key/*",
		"1234abcd-12ab-34cd-56ef-1234567890ab": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
	} {
		if _, got := iam.KeySubjects(key, loc); got != want {
			t.Errorf("KeySubjects(%q) resource = %q, want %q", key, got, want)
		}
	}
	src := parse(t, "secrets.json", `{"SecretList": [{"ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/hub-AbCdEf", "Name": "prod/hub", "KmsKeyId": "alias/k"}]}`)
	ix := iam.NewIndex()
	ix.Add(src)
	for value, found := range map[string]bool{
		"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/hub-AbCdEf": true,
		"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/hub":        true,
		"prod/hub": true,
		"arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/hub-AbCdEf": false,
		"prod/other": false,
	} {
		sec := facts.AnalyzeCredentialsParameter(value)
		subjects, _ := iam.SecretSubjects(sec, iam.Context{})
		if k, ok := ix.SecretKey(sec, subjects[0]); ok != found || (ok && k.KMSKey != "alias/k") {
			t.Errorf("SecretKey(%q) = %+v, %v; want found %v", value, k, ok, found)
		}
	}
}

// TestParseValueCap: a source with more JSON values than MaxValues is
// refused at the first value past it, before it is decoded.
func TestParseValueCap(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"Policies": [`)
	for i := 0; i <= iam.MaxValues; i++ {
		b.WriteString("0,")
	}
	b.WriteString("0]}")
	_, err := iam.Parse("big.json", []byte(b.String()))
	// Value MaxValues+1 is zero number MaxValues-1, after "{" and "[".
	if want := fmt.Sprintf("big.json:1:%d: more than %d JSON values in one IAM source; not read", 11+2*iam.MaxValues, iam.MaxValues); err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}
