package ecslint.rules.taskdef.credentials_parameter_invalid_test

import data.ecslint.rules.taskdef.credentials_parameter_invalid as rule

_input(rc, secrets) := {
	"taskDefinition": {"containerDefinitions": [{"name": "a", "image": "x/y:1", "repositoryCredentials": rc}]},
	"facts": {"secrets": secrets},
}

test_missing_parameter_points_at_repository_credentials if {
	paths := {f.path | some f in rule.deny} with input as _input({}, {})
	paths == {["taskDefinition", "containerDefinitions", 0, "repositoryCredentials"]}
}

test_empty_parameter_fires if {
	count(rule.deny) == 1 with input as _input({"credentialsParameter": " "}, {})
}

test_ssm_parameter_fires if {
	p := "arn:aws:ssm:us-east-1:123456789012:parameter/hub"
	paths := {f.path | some f in rule.deny} with input as _input(
		{"credentialsParameter": p},
		{p: {"service": "ssm", "kind": "ssm-arn", "valid": true, "error": ""}},
	)
	paths == {["taskDefinition", "containerDefinitions", 0, "repositoryCredentials", "credentialsParameter"]}
}

test_secret_arn_is_silent if {
	p := "arn:aws:secretsmanager:us-east-1:123456789012:secret:hub-AbCdEf"
	count(rule.deny) == 0 with input as _input(
		{"credentialsParameter": p},
		{p: {"service": "secretsmanager", "kind": "secretsmanager-arn", "valid": true, "error": ""}},
	)
}

test_placeholder_is_silent if {
	count(rule.deny) == 0 with input as _input(
		{"credentialsParameter": "${SECRET}"},
		{"${SECRET}": {"service": "", "kind": "placeholder", "valid": false, "error": ""}},
	)
}
