package iam

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/ecslint/ecslint/facts"
)

// Subject is a resource an execution role must be allowed to act on, split
// the way IAM resource patterns are matched. An empty Partition, Region,
// Account or Resource is unknown: a secret named without an ARN lives in
// the task's region and account, which a task definition file may not say;
// a key named by alias hides its key id. The Rego library treats an unknown
// part as "whatever the pattern says" for an Allow and "nothing a literal
// matches" for a Deny, so neither guess can produce a finding.
type Subject struct {
	Partition string `json:"partition"`
	Service   string `json:"service"`
	Region    string `json:"region"`
	Account   string `json:"account"`
	Resource  string `json:"resource"`
	// Suffix: six unknown characters follow Resource, the random suffix
	// Secrets Manager appends to a secret's name, when the task names the
	// secret without it.
	Suffix bool `json:"suffix"`
}

// Context is where a task runs, as far as its files say: the partition,
// region and account of its taskDefinitionArn, or else the partition and
// account of its execution role (a task's execution role is in its
// account).
type Context struct {
	Partition, Region, Account string
}

// ContextOf derives a Context from a taskDefinitionArn and an
// executionRoleArn; either may be empty or templated.
func ContextOf(taskDefinitionARN, roleARN string) Context {
	var c Context
	for _, s := range []string{taskDefinitionARN, roleARN} {
		if s == "" || facts.Templated(s) {
			continue
		}
		a, err := arn.Parse(s)
		if err != nil {
			continue
		}
		if c.Partition == "" {
			c.Partition = a.Partition
		}
		if c.Region == "" {
			c.Region = a.Region
		}
		if c.Account == "" {
			c.Account = a.AccountID
		}
	}
	return c
}

// hasSuffix reports whether a secret name ends like Secrets Manager's
// random suffix: a hyphen and six letters or digits.
func hasSuffix(name string) bool {
	if len(name) < 8 || name[len(name)-7] != '-' {
		return false
	}
	for i := len(name) - 6; i < len(name); i++ {
		if !asciiAlnum(name[i]) {
			return false
		}
	}
	return true
}

func asciiAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// SecretSubjects returns what an execution role must be allowed to read
// for sec (secretsmanager:GetSecretValue or ssm:GetParameters), and the
// resource of the minimal statement to add: for Secrets Manager the name
// followed by "-??????", so the statement survives the secret being
// re-created. It returns nil for references that cannot be judged
// (placeholders, invalid values).
//
// A name that ends like a suffix ("db-AbCdEf") may be the full name or a
// partial one, so both readings are returned, and the role passes when
// either is allowed.
func SecretSubjects(sec facts.Secret, ctx Context) ([]Subject, string) {
	if !sec.Valid {
		return nil, ""
	}
	loc := Subject{Partition: ctx.Partition, Region: ctx.Region, Account: ctx.Account, Service: sec.Service}
	switch sec.Kind {
	case facts.KindSecretsManagerARN, facts.KindSSMARN:
		a, err := arn.Parse(sec.ARN)
		if err != nil {
			return nil, ""
		}
		loc.Partition, loc.Region, loc.Account = a.Partition, a.Region, a.AccountID
	case facts.KindSecretsManagerName, facts.KindSSMName:
	default:
		return nil, ""
	}
	switch sec.Service {
	case facts.ServiceSecretsManager:
		name := sec.Name
		s := loc
		s.Resource = "secret:" + name
		base := name
		var out []Subject
		if hasSuffix(name) {
			out = append(out, s)
			base = name[:len(name)-7]
		}
		s.Suffix = true
		out = append(out, s)
		return out, pattern(loc, "secret:"+base+"-??????")
	case facts.ServiceSSM:
		s := loc
		if sec.Kind == facts.KindSSMARN {
			a, _ := arn.Parse(sec.ARN)
			s.Resource = a.Resource
		} else {
			s.Resource = "parameter/" + strings.TrimPrefix(sec.Name, "/")
		}
		return []Subject{s}, pattern(loc, s.Resource)
	}
	return nil, ""
}

// pattern renders a resource ARN for a suggested statement; unknown parts
// become "*".
func pattern(s Subject, resource string) string {
	star := func(v string) string {
		if v == "" {
			return "*"
		}
		return v
	}
	part := s.Partition
	if part == "" {
		part = "aws"
	}
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", part, s.Service, star(s.Region), star(s.Account), resource)
}

// AWSManagedKey reports whether a KmsKeyId / KeyId names the AWS managed
// key of a service (absent, or an alias under aws/), which the service
// decrypts with on the caller's behalf without kms:Decrypt.
func AWSManagedKey(key string) bool {
	key = strings.TrimSpace(key)
	if key == "" || strings.HasPrefix(key, "alias/aws/") {
		return true
	}
	if a, err := arn.Parse(key); err == nil && a.Service == "kms" {
		return strings.HasPrefix(a.Resource, "alias/aws/")
	}
	return false
}

// KeySubjects returns what kms:Decrypt must be allowed on for a customer
// managed key, given as a key ARN, alias ARN, key id or alias name; loc is
// where the secret lives (a key named by id or alias is in the secret's
// region and account). It also returns the resource to suggest.
func KeySubjects(key string, loc Subject) ([]Subject, string) {
	s := Subject{Partition: loc.Partition, Service: "kms", Region: loc.Region, Account: loc.Account}
	if a, err := arn.Parse(key); err == nil {
		s.Partition, s.Region, s.Account = a.Partition, a.Region, a.AccountID
		if strings.HasPrefix(a.Resource, "key/") {
			s.Resource = a.Resource
			return []Subject{s}, key
		}
		// An alias ARN: the key behind it is unknown.
		return []Subject{s}, pattern(s, "key/*")
	}
	if strings.HasPrefix(key, "alias/") {
		return []Subject{s}, pattern(s, "key/*")
	}
	s.Resource = "key/" + key
	return []Subject{s}, pattern(s, s.Resource)
}

// SecretKey returns the KMS key a listing gives for the secret sec (located
// by subj), and whether any listing describes it.
func (ix *Index) SecretKey(sec facts.Secret, subj Subject) (SecretKey, bool) {
	for _, k := range ix.keys {
		if k.Service != sec.Service || !sameSecret(k, sec, subj) {
			continue
		}
		return k, true
	}
	return SecretKey{}, false
}

func sameSecret(k SecretKey, sec facts.Secret, subj Subject) bool {
	if k.ARN != "" {
		a, err := arn.Parse(k.ARN)
		if err != nil {
			return false
		}
		if (subj.Region != "" && a.Region != subj.Region) || (subj.Account != "" && a.AccountID != subj.Account) {
			return false
		}
		if sec.IAMResource != "" && k.ARN == sec.IAMResource {
			return true
		}
	}
	switch sec.Service {
	case facts.ServiceSecretsManager:
		return k.Name != "" && (k.Name == sec.Name || hasSuffix(sec.Name) && k.Name == sec.Name[:len(sec.Name)-7])
	case facts.ServiceSSM:
		return k.Name != "" && "/"+strings.TrimPrefix(k.Name, "/") == "/"+strings.TrimPrefix(sec.Name, "/")
	}
	return false
}
