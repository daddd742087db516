package ecslint.rules.taskdef.role_cannot_read_secret_test

import data.ecslint.rules.taskdef.role_cannot_read_secret

_subject := {
	"partition": "aws", "service": "secretsmanager", "region": "us-east-1",
	"account": "123456789012", "resource": "secret:hub", "suffix": true,
}

_secret := {
	"service": "secretsmanager", "name": "hub", "subjects": [_subject],
	"policyResource": "arn:aws:secretsmanager:us-east-1:123456789012:secret:hub-??????",
}

_input(statements, complete) := {
	"taskDefinition": {"containerDefinitions": [{"name": "web", "repositoryCredentials": {"credentialsParameter": "hub"}}]},
	"facts": {
		"executionRole": {"name": "exec", "complete": complete, "statements": statements},
		"secrets": {"hub": _secret},
	},
}

_allow(res) := {"effect": "Allow", "actions": ["secretsmanager:GetSecretValue"], "resources": [res]}

test_fires_without_permission if {
	fs := role_cannot_read_secret.deny with input as _input([], true)
	count(fs) == 1
	some f in fs
	f.path == ["taskDefinition", "containerDefinitions", 0, "repositoryCredentials", "credentialsParameter"]
	contains(f.message, `"Resource":"arn:aws:secretsmanager:us-east-1:123456789012:secret:hub-??????"`)
}

test_fires_when_resource_lacks_suffix if {
	count(role_cannot_read_secret.deny) == 1 with input as _input([_allow("arn:aws:secretsmanager:us-east-1:123456789012:secret:hub")], true)
}

test_silent_when_allowed if {
	count(role_cannot_read_secret.deny) == 0 with input as _input([_allow("arn:aws:secretsmanager:us-east-1:123456789012:secret:hub-??????")], true)
}

test_explicit_deny_message if {
	sts := [_allow("*"), {"effect": "Deny", "actions": ["secretsmanager:*"], "resources": ["*"]}]
	some f in role_cannot_read_secret.deny with input as _input(sts, true)
	contains(f.message, "explicit Deny")
}

test_silent_when_role_incomplete if {
	count(role_cannot_read_secret.deny) == 0 with input as _input([], false)
}

test_silent_for_unjudgeable_secret if {
	inp := json.patch(_input([], true), [{"op": "replace", "path": "/facts/secrets/hub/subjects", "value": []}])
	count(role_cannot_read_secret.deny) == 0 with input as inp
}
