package ecslint.rules.taskdef.role_cannot_read_parameter_test

import data.ecslint.rules.taskdef.role_cannot_read_parameter

_input(statements) := {
	"taskDefinition": {"containerDefinitions": [{"name": "web", "secrets": [{"name": "DB", "valueFrom": "/other/db"}]}]},
	"facts": {
		"executionRole": {"name": "exec", "complete": true, "statements": statements},
		"secrets": {"/other/db": {
			"service": "ssm", "name": "/other/db", "policyResource": "arn:aws:ssm:*:123456789012:parameter/other/db",
			"subjects": [{"partition": "aws", "service": "ssm", "region": "", "account": "123456789012", "resource": "parameter/other/db"}],
		}},
	},
}

_allow(res) := {"effect": "Allow", "actions": ["ssm:GetParameters"], "resources": [res]}

test_fires_outside_the_allowed_path if {
	fs := role_cannot_read_parameter.deny with input as _input([_allow("arn:aws:ssm:us-east-1:123456789012:parameter/app/*")])
	count(fs) == 1
	some f in fs
	f.path == ["taskDefinition", "containerDefinitions", 0, "secrets", 0, "valueFrom"]
	contains(f.message, `"Resource":"arn:aws:ssm:*:123456789012:parameter/other/db"`)
}

test_silent_inside_the_allowed_path if {
	count(role_cannot_read_parameter.deny) == 0 with input as _input([_allow("arn:aws:ssm:us-east-1:123456789012:parameter/other/*")])
}

test_get_parameter_singular_is_not_enough if {
	sts := [{"effect": "Allow", "actions": ["ssm:GetParameter"], "resources": ["*"]}]
	count(role_cannot_read_parameter.deny) == 1 with input as _input(sts)
}
