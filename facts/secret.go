package facts

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// Services a secret reference can name.
const (
	ServiceSecretsManager = "secretsmanager"
	ServiceSSM            = "ssm"
)

// Kinds of secret reference (Secret.Kind).
const (
	KindSecretsManagerARN  = "secretsmanager-arn"
	KindSecretsManagerName = "secretsmanager-name"
	KindSSMARN             = "ssm-arn"
	KindSSMName            = "ssm-name"
	KindKMSARN             = "kms-arn"
	KindOtherARN           = "other-arn"
	KindMalformedARN       = "malformed-arn"
	KindEmpty              = "empty"
	KindPlaceholder        = "placeholder"
)

// Limits documented for CreateSecret and PutParameter.
const (
	maxSecretName    = 512
	maxParameterName = 1011
)

// Secret is what ecslint knows about one secret reference: a
// repositoryCredentials.credentialsParameter or a secrets[].valueFrom
// (also logConfiguration.secretOptions[].valueFrom).
type Secret struct {
	// Service is ServiceSecretsManager, ServiceSSM or "" (unknown or other).
	Service string `json:"service"`
	// ARN is the value as given when it is an ARN.
	ARN string `json:"arn"`
	// IAMResource is the resource an IAM policy must allow: for Secrets
	// Manager the secret ARN without json-key, version-stage and version-id
	// (the first 7 colon-separated fields); for SSM the parameter ARN. ""
	// when the value is a bare name (region and account are the task's).
	IAMResource string `json:"iamResource"`
	// Name is the secret name (with its 6-character suffix when given) or
	// the parameter name ("/a/b").
	Name string `json:"name"`
	// Valid: a well-formed reference of a kind the field accepts. A
	// placeholder is never invalid by itself, but a templated value whose
	// literal service is wrong for the field is.
	Valid bool `json:"valid"`
	// Kind is one of the Kind* constants.
	Kind string `json:"kind"`
	// Error says why Valid is false, as one lower-case phrase.
	Error string `json:"error,omitempty"`
}

// field is the task-definition field a secret reference comes from.
type field int

const (
	fieldCredentials field = iota // credentialsParameter: Secrets Manager only
	fieldValueFrom                // valueFrom: Secrets Manager or SSM
)

// AnalyzeCredentialsParameter analyzes a repositoryCredentials
// credentialsParameter, which must be a Secrets Manager secret ARN or name
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html).
func AnalyzeCredentialsParameter(s string) Secret { return analyzeSecret(s, fieldCredentials) }

// AnalyzeValueFrom analyzes a secrets[].valueFrom: a Secrets Manager secret
// ARN (optionally with :json-key:version-stage:version-id), an SSM
// parameter ARN, or a bare SSM parameter name ("/a/b" or "a/b")
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Secret.html).
func AnalyzeValueFrom(s string) Secret { return analyzeSecret(s, fieldValueFrom) }

func analyzeSecret(s string, f field) Secret {
	if strings.TrimSpace(s) == "" {
		return Secret{Kind: KindEmpty, Error: "empty value"}
	}
	// An over-long value skips placeholder analysis; the literal checks
	// below reject it cheaply.
	if len(s) <= maxValueLen {
		if t, ok := tokenize(s); ok && len(t.subs) > 0 {
			return templatedSecret(s, t, f)
		}
	}
	if strings.HasPrefix(s, "arn:") {
		return arnSecret(s, f)
	}
	if f == fieldCredentials {
		sec := Secret{Service: ServiceSecretsManager, Kind: KindSecretsManagerName, Name: s}
		sec.Error = checkSecretName(s)
		sec.Valid = sec.Error == ""
		return sec
	}
	sec := Secret{Service: ServiceSSM, Kind: KindSSMName, Name: s}
	sec.Error = checkParameterName(s)
	sec.Valid = sec.Error == ""
	return sec
}

// arnSecret analyzes a literal ARN.
func arnSecret(s string, f field) Secret {
	sec := Secret{ARN: s}
	a, err := arn.Parse(s)
	if err != nil {
		sec.Kind = KindMalformedARN
		sec.Error = "malformed arn: " + strings.TrimPrefix(err.Error(), "arn: ")
		return sec
	}
	malformed := func(format string, args ...any) Secret {
		sec.Kind = KindMalformedARN
		sec.Valid = false
		sec.Error = fmt.Sprintf(format, args...)
		return sec
	}
	switch a.Service {
	case ServiceSecretsManager:
		sec.Service = ServiceSecretsManager
		if e := checkScope(a, false); e != "" {
			return malformed("%s", e)
		}
		res, ok := strings.CutPrefix(a.Resource, "secret:")
		if !ok {
			return malformed("resource %q is not secret:<name>", a.Resource)
		}
		name, extra, hasExtra := strings.Cut(res, ":")
		if name == "" {
			return malformed("missing secret name")
		}
		if e := checkSecretName(name); e != "" {
			return malformed("%s", e)
		}
		if hasExtra && strings.Count(extra, ":") > 2 {
			return malformed("more than json-key, version-stage and version-id after the secret name")
		}
		sec.Kind, sec.Name = KindSecretsManagerARN, name
		sec.IAMResource = fmt.Sprintf("arn:%s:%s:%s:%s:secret:%s", a.Partition, a.Service, a.Region, a.AccountID, name)
		sec.Valid = true
		if hasExtra && f == fieldCredentials {
			sec.Valid = false
			sec.Error = "credentialsParameter takes no json-key, version-stage or version-id"
		}
		return sec
	case ServiceSSM:
		sec.Service = ServiceSSM
		if e := checkScope(a, true); e != "" {
			return malformed("%s", e)
		}
		res, ok := strings.CutPrefix(a.Resource, "parameter/")
		if !ok || res == "" {
			return malformed("resource %q is not parameter/<name>", a.Resource)
		}
		name := res
		if strings.Contains(res, "/") {
			name = "/" + res // the ARN of "/a/b" is parameter/a/b
		}
		if e := checkParameterName(name); e != "" {
			return malformed("%s", e)
		}
		sec.Kind, sec.Name, sec.IAMResource, sec.Valid = KindSSMARN, name, s, true
		if f == fieldCredentials {
			sec.Valid = false
			sec.Error = "an SSM parameter is not a Secrets Manager secret"
		}
		return sec
	case "kms":
		sec.Kind = KindKMSARN
		sec.Error = "a KMS key is not a " + f.accepts()
		return sec
	}
	sec.Kind = KindOtherARN
	sec.Error = fmt.Sprintf("an arn of service %q is not a %s", a.Service, f.accepts())
	return sec
}

// templatedSecret analyzes a value holding placeholders. It reports the
// service when the literal text shows it, and is invalid only when that
// service cannot serve the field.
func templatedSecret(s string, t template, f field) Secret {
	sec := Secret{Kind: KindPlaceholder, Valid: true}
	text := t.text
	switch {
	case strings.HasPrefix(text, "arn:"):
		sec.ARN = s
		a, err := arn.Parse(text)
		if err != nil || has(a.Service) {
			return sec
		}
		resOff := len(text) - len(a.Resource)
		switch a.Service {
		case ServiceSecretsManager:
			sec.Service = ServiceSecretsManager
			if res, ok := strings.CutPrefix(a.Resource, "secret:"); ok {
				name, _, _ := strings.Cut(res, ":")
				nameOff := resOff + len("secret:")
				sec.Name = t.restore(name, nameOff)
				sec.IAMResource = t.restore(text[:nameOff+len(name)], 0)
			}
		case ServiceSSM:
			sec.Service = ServiceSSM
			sec.IAMResource = s
			if res, ok := strings.CutPrefix(a.Resource, "parameter/"); ok {
				sec.Name = t.restore(res, resOff+len("parameter/"))
				if strings.Contains(res, "/") {
					sec.Name = "/" + sec.Name
				}
			}
			if f == fieldCredentials {
				sec.Valid = false
				sec.Error = "an SSM parameter is not a Secrets Manager secret"
			}
		case "kms":
			sec.Valid = false
			sec.Error = "a KMS key is not a " + f.accepts()
		default:
			sec.Valid = false
			sec.Error = fmt.Sprintf("an arn of service %q is not a %s", a.Service, f.accepts())
		}
	case strings.HasPrefix(text, string(sentinel)):
		// "${secret_arn}:key::" may expand to anything.
	case f == fieldCredentials:
		sec.Service, sec.Name = ServiceSecretsManager, s
	default:
		sec.Service, sec.Name = ServiceSSM, s
	}
	return sec
}

// accepts names what the field takes, for error messages.
func (f field) accepts() string {
	if f == fieldCredentials {
		return "Secrets Manager secret"
	}
	return "Secrets Manager secret or SSM parameter"
}

// checkScope validates an ARN's partition, region and account.
func checkScope(a arn.ARN, accountOptional bool) string {
	if !partitionName(a.Partition) {
		return fmt.Sprintf("invalid partition %q", a.Partition)
	}
	if !regionName(a.Region) {
		return fmt.Sprintf("invalid region %q", a.Region)
	}
	if a.AccountID == "" && accountOptional {
		return ""
	}
	if !accountID(a.AccountID) {
		return fmt.Sprintf("invalid account id %q", a.AccountID)
	}
	return ""
}

// partitionName matches aws(-[a-z]+)*: aws, aws-cn, aws-us-gov, aws-iso-b, ...
func partitionName(s string) bool {
	words := strings.Split(s, "-")
	if words[0] != "aws" {
		return false
	}
	for _, w := range words[1:] {
		if !lowerWord(w) {
			return false
		}
	}
	return true
}

// regionName matches [a-z]+(-[a-z]+)+-[0-9]+: us-east-1, us-gov-west-1,
// cn-north-1, eusc-de-east-1, us-isob-east-1.
func regionName(s string) bool {
	words := strings.Split(s, "-")
	if len(words) < 3 {
		return false
	}
	for _, w := range words[:len(words)-1] {
		if !lowerWord(w) {
			return false
		}
	}
	return digits(words[len(words)-1], 1, 3)
}

// accountID matches exactly 12 digits.
func accountID(s string) bool { return digits(s, 12, 12) }

func lowerWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

func digits(s string, minLen, maxLen int) bool {
	if len(s) < minLen || len(s) > maxLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// checkSecretName validates a Secrets Manager secret name: 1-512
// characters of A-Za-z0-9/_+=.@- (CreateSecret Name).
func checkSecretName(s string) string {
	return checkName(s, "secret name", maxSecretName, "/_+=.@-")
}

// checkParameterName validates an SSM parameter name: A-Za-z0-9_.-/, at
// most 1011 characters (PutParameter Name).
func checkParameterName(s string) string {
	return checkName(s, "parameter name", maxParameterName, "_.-/")
}

// checkName returns why s is not a name of at most maxLen ASCII letters,
// digits and extra characters, or "".
func checkName(s, what string, maxLen int, extra string) string {
	if len(s) > maxLen {
		return fmt.Sprintf("%s longer than %d characters", what, maxLen)
	}
	for _, r := range s {
		if !asciiIn(r, extra) {
			return fmt.Sprintf("invalid character %q in %s", r, what)
		}
	}
	return ""
}

// asciiIn reports whether r is an ASCII letter or digit or one of extra.
func asciiIn(r rune, extra string) bool {
	return r < 0x80 && (asciiAlnum(byte(r)) || strings.IndexByte(extra, byte(r)) >= 0)
}

func asciiAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
