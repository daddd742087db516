package ecslint.rules.taskdef.execution_role_unknown_test

import data.ecslint.rules.taskdef.execution_role_unknown

_input(role, subjects) := {
	"taskDefinition": {
		"executionRoleArn": role.arn,
		"containerDefinitions": [{"name": "web", "repositoryCredentials": {"credentialsParameter": "hub"}}],
	},
	"facts": {"executionRole": role, "secrets": {"hub": {"subjects": subjects}}},
}

_unknown := {"arn": "arn:aws:iam::123456789012:role/exec", "known": false, "complete": false, "reason": "no IAM source describes it", "searched": ["iam.json"], "missing": []}

_sub := [{"service": "secretsmanager", "resource": "secret:hub"}]

test_fires_for_unknown_role if {
	fs := execution_role_unknown.deny with input as _input(_unknown, _sub)
	count(fs) == 1
	some f in fs
	f.path == ["taskDefinition", "executionRoleArn"]
	contains(f.message, "no IAM source describes it, so its access to 1 secret reference cannot")
	contains(f.message, "searched: iam.json")
}

test_fires_for_missing_policy if {
	role := object.union(_unknown, {"known": true, "name": "exec", "missing": ["arn:aws:iam::123456789012:policy/p"]})
	some f in execution_role_unknown.deny with input as _input(role, _sub)
	contains(f.message, `"exec" attaches arn:aws:iam::123456789012:policy/p that no IAM source holds`)
}

test_silent_for_complete_role if {
	role := object.union(_unknown, {"known": true, "complete": true})
	count(execution_role_unknown.deny) == 0 with input as _input(role, _sub)
}

test_silent_without_checkable_secrets if count(execution_role_unknown.deny) == 0 with input as _input(_unknown, [])
