package facts

import (
	"encoding/json"
	"strings"
	"testing"
)

const (
	smARN     = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:my-repo-creds"
	smSuffix  = "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf"
	ssmARN    = "arn:aws:ssm:eu-west-1:123456789012:parameter/my-secret-env-var"
	ssmPath   = "arn:aws:ssm:us-east-1:123456789012:parameter/prod/db/password"
	kmsKeyARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
)

func smSecret(arn, iam, name string) Secret {
	return Secret{Service: ServiceSecretsManager, ARN: arn, IAMResource: iam, Name: name, Valid: true, Kind: KindSecretsManagerARN}
}

func ssmSecret(arn, name string) Secret {
	return Secret{Service: ServiceSSM, ARN: arn, IAMResource: arn, Name: name, Valid: true, Kind: KindSSMARN}
}

func notValid(s Secret, msg string) Secret { s.Valid, s.Error = false, msg; return s }

func malformedARN(service, arn, msg string) Secret {
	return Secret{Service: service, ARN: arn, Kind: KindMalformedARN, Error: msg}
}

func placeholder(service, arn, iam, name string) Secret {
	return Secret{Service: service, ARN: arn, IAMResource: iam, Name: name, Valid: true, Kind: KindPlaceholder}
}

func TestAnalyzeCredentialsParameter(t *testing.T) {
	tests := []struct {
		in   string
		want Secret
	}{
		{smARN, smSecret(smARN, smARN, "my-repo-creds")},
		{smSuffix, smSecret(smSuffix, smSuffix, "prod/db-AbCdEf")},
		{"arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:creds", smSecret("arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:creds", "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:creds", "creds")},
		{"arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:creds", smSecret("arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:creds", "arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:creds", "creds")},
		{"dockerhub/credentials", Secret{Service: ServiceSecretsManager, Name: "dockerhub/credentials", Valid: true, Kind: KindSecretsManagerName}},
		{"a+b=c.d@e_f-g", Secret{Service: ServiceSecretsManager, Name: "a+b=c.d@e_f-g", Valid: true, Kind: KindSecretsManagerName}},
		{"my creds", Secret{Service: ServiceSecretsManager, Name: "my creds", Kind: KindSecretsManagerName, Error: `invalid character ' ' in secret name`}},
		{strings.Repeat("a", 513), Secret{Service: ServiceSecretsManager, Name: strings.Repeat("a", 513), Kind: KindSecretsManagerName, Error: "secret name longer than 512 characters"}},
		// Wrong kinds for a credentialsParameter.
		{ssmARN, notValid(ssmSecret(ssmARN, "my-secret-env-var"), "an SSM parameter is not a Secrets Manager secret")},
		{kmsKeyARN, Secret{ARN: kmsKeyARN, Kind: KindKMSARN, Error: "a KMS key is not a Secrets Manager secret"}},
		{"arn:aws:s3:::bucket/key", Secret{ARN: "arn:aws:s3:::bucket/key", Kind: KindOtherARN, Error: `an arn of service "s3" is not a Secrets Manager secret`}},
		{smSuffix + ":username::", notValid(smSecret(smSuffix+":username::", smSuffix, "prod/db-AbCdEf"), "credentialsParameter takes no json-key, version-stage or version-id")},
		// Malformed ARNs.
		{"arn:aws:secretsmanager:us-east-1:123456789012:secret", malformedARN(ServiceSecretsManager, "arn:aws:secretsmanager:us-east-1:123456789012:secret", `resource "secret" is not secret:<name>`)},
		{"arn:aws:secretsmanager:us-east-1:123456789012:secret:", malformedARN(ServiceSecretsManager, "arn:aws:secretsmanager:us-east-1:123456789012:secret:", "missing secret name")},
		{"arn:aws:secretsmanager:region:aws_account_id:secret:secret_name-AbCdEf", malformedARN(ServiceSecretsManager, "arn:aws:secretsmanager:region:aws_account_id:secret:secret_name-AbCdEf", `invalid region "region"`)},
		{"arn:aws:secretsmanager:us-east-1:1234:secret:x", malformedARN(ServiceSecretsManager, "arn:aws:secretsmanager:us-east-1:1234:secret:x", `invalid account id "1234"`)},
		{"arn:aws:secretsmanager:us-east-1::secret:x", malformedARN(ServiceSecretsManager, "arn:aws:secretsmanager:us-east-1::secret:x", `invalid account id ""`)},
		{"arn:amazon:secretsmanager:us-east-1:123456789012:secret:x", malformedARN(ServiceSecretsManager, "arn:amazon:secretsmanager:us-east-1:123456789012:secret:x", `invalid partition "amazon"`)},
		{"arn:aws:secretsmanager:us-east-1:123456789012:secret:my creds", malformedARN(ServiceSecretsManager, "arn:aws:secretsmanager:us-east-1:123456789012:secret:my creds", `invalid character ' ' in secret name`)},
		{"arn:aws:secretsmanager:us-east-1", malformedARN("", "arn:aws:secretsmanager:us-east-1", "malformed arn: not enough sections")},
		// Empty and templated values.
		{"", Secret{Kind: KindEmpty, Error: "empty value"}},
		{" ", Secret{Kind: KindEmpty, Error: "empty value"}},
		{"$$$REPOSITORY_CREDENTIALS$$$", placeholder("", "", "", "")},
		{"${var.repository_credentials}", placeholder("", "", "", "")},
		{"arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:dockerhub",
			placeholder(ServiceSecretsManager, "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:dockerhub",
				"arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:dockerhub", "dockerhub")},
		{"dockerhub-${ENV}", placeholder(ServiceSecretsManager, "", "", "dockerhub-${ENV}")},
		// A templated value whose literal service is wrong is still wrong.
		{"arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/dockerhub",
			notValid(placeholder(ServiceSSM, "arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/dockerhub",
				"arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/dockerhub", "dockerhub"), "an SSM parameter is not a Secrets Manager secret")},
		{"arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/x",
			notValid(placeholder("", "arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/x", "", ""), "a KMS key is not a Secrets Manager secret")},
	}
	for _, tt := range tests {
		if got := AnalyzeCredentialsParameter(tt.in); got != tt.want {
			t.Errorf("AnalyzeCredentialsParameter(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
		}
	}
}

func TestAnalyzeValueFrom(t *testing.T) {
	tests := []struct {
		in   string
		want Secret
	}{
		{smARN, smSecret(smARN, smARN, "my-repo-creds")},
		{smSuffix, smSecret(smSuffix, smSuffix, "prod/db-AbCdEf")},
		{smSuffix + ":password::", smSecret(smSuffix+":password::", smSuffix, "prod/db-AbCdEf")},
		{smSuffix + ":password:AWSCURRENT:", smSecret(smSuffix+":password:AWSCURRENT:", smSuffix, "prod/db-AbCdEf")},
		{smSuffix + "::AWSPREVIOUS:", smSecret(smSuffix+"::AWSPREVIOUS:", smSuffix, "prod/db-AbCdEf")},
		{smSuffix + ":password::a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", smSecret(smSuffix+":password::a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", smSuffix, "prod/db-AbCdEf")},
		{smSuffix + ":a:b:c:d", malformedARN(ServiceSecretsManager, smSuffix+":a:b:c:d", "more than json-key, version-stage and version-id after the secret name")},
		{ssmARN, ssmSecret(ssmARN, "my-secret-env-var")},
		{ssmPath, ssmSecret(ssmPath, "/prod/db/password")},
		{"arn:aws:ssm:us-east-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
			ssmSecret("arn:aws:ssm:us-east-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64", "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64")},
		{"/ecspresso-test/foo", Secret{Service: ServiceSSM, Name: "/ecspresso-test/foo", Valid: true, Kind: KindSSMName}},
		{"prod/db/password", Secret{Service: ServiceSSM, Name: "prod/db/password", Valid: true, Kind: KindSSMName}},
		{"DB_PASSWORD", Secret{Service: ServiceSSM, Name: "DB_PASSWORD", Valid: true, Kind: KindSSMName}},
		{"my secret", Secret{Service: ServiceSSM, Name: "my secret", Kind: KindSSMName, Error: `invalid character ' ' in parameter name`}},
		{"/a/b@c", Secret{Service: ServiceSSM, Name: "/a/b@c", Kind: KindSSMName, Error: `invalid character '@' in parameter name`}},
		{"arn:aws:ssm:us-east-1:123456789012:parameter", malformedARN(ServiceSSM, "arn:aws:ssm:us-east-1:123456789012:parameter", `resource "parameter" is not parameter/<name>`)},
		{"arn:aws:ssm:us-east-1:123456789012:parameter/", malformedARN(ServiceSSM, "arn:aws:ssm:us-east-1:123456789012:parameter/", `resource "parameter/" is not parameter/<name>`)},
		{"arn:aws:ssm:us-east-1:123456789012:document/x", malformedARN(ServiceSSM, "arn:aws:ssm:us-east-1:123456789012:document/x", `resource "document/x" is not parameter/<name>`)},
		{kmsKeyARN, Secret{ARN: kmsKeyARN, Kind: KindKMSARN, Error: "a KMS key is not a Secrets Manager secret or SSM parameter"}},
		{"arn:aws:s3:::bucket", Secret{ARN: "arn:aws:s3:::bucket", Kind: KindOtherARN, Error: `an arn of service "s3" is not a Secrets Manager secret or SSM parameter`}},
		{"arn:aws:secretsmanager:region:aws_account_id:secret:secret_name-AbCdEf", malformedARN(ServiceSecretsManager, "arn:aws:secretsmanager:region:aws_account_id:secret:secret_name-AbCdEf", `invalid region "region"`)},
		{"", Secret{Kind: KindEmpty, Error: "empty value"}},
		// Templated values from the corpus.
		{"$$$SECRET_VALUE_FROM$$$", placeholder("", "", "", "")},
		{"${aws_secretsmanager_secret.this.arn}:${key_name}::", placeholder("", "", "", "")},
		{"arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}",
			placeholder(ServiceSecretsManager, "arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}",
				"arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}", "${SecretId}")},
		{"arn:aws:secretsmanager:ap-northeast-1:{{must_env `AWS_ACCOUNT_ID`}}:secret:ecspresso-test/baz-06XQOH",
			placeholder(ServiceSecretsManager, "arn:aws:secretsmanager:ap-northeast-1:{{must_env `AWS_ACCOUNT_ID`}}:secret:ecspresso-test/baz-06XQOH",
				"arn:aws:secretsmanager:ap-northeast-1:{{must_env `AWS_ACCOUNT_ID`}}:secret:ecspresso-test/baz-06XQOH", "ecspresso-test/baz-06XQOH")},
		{"arn:aws:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:db-${Env}:password::",
			placeholder(ServiceSecretsManager, "arn:aws:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:db-${Env}:password::",
				"arn:aws:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:db-${Env}", "db-${Env}")},
		{"arn:aws:ssm:ap-northeast-1:{{must_env `AWS_ACCOUNT_ID`}}:parameter/ecspresso-test/bar",
			placeholder(ServiceSSM, "arn:aws:ssm:ap-northeast-1:{{must_env `AWS_ACCOUNT_ID`}}:parameter/ecspresso-test/bar",
				"arn:aws:ssm:ap-northeast-1:{{must_env `AWS_ACCOUNT_ID`}}:parameter/ecspresso-test/bar", "/ecspresso-test/bar")},
		{"/${ENV}/db/password", placeholder(ServiceSSM, "", "", "/${ENV}/db/password")},
		{"arn:aws:${SERVICE}:us-east-1:123456789012:x", placeholder("", "arn:aws:${SERVICE}:us-east-1:123456789012:x", "", "")},
		{"arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/x",
			notValid(placeholder("", "arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/x", "", ""), "a KMS key is not a Secrets Manager secret or SSM parameter")},
	}
	for _, tt := range tests {
		if got := AnalyzeValueFrom(tt.in); got != tt.want {
			t.Errorf("AnalyzeValueFrom(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
		}
	}
}

// TestSecretJSON pins the JSON field names the Rego rules read.
func TestSecretJSON(t *testing.T) {
	b, err := json.Marshal(AnalyzeValueFrom(smSuffix + ":password::"))
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"service":"secretsmanager","arn":"` + smSuffix + `:password::","iamResource":"` + smSuffix +
		`","name":"prod/db-AbCdEf","valid":true,"kind":"secretsmanager-arn"}`
	if string(b) != want {
		t.Errorf("json:\n got %s\nwant %s", b, want)
	}
}
