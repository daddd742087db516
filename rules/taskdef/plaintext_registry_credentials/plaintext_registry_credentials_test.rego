package ecslint.rules.taskdef.plaintext_registry_credentials_test

import data.ecslint.rules.taskdef.plaintext_registry_credentials as rule

_input(env) := {"taskDefinition": {"containerDefinitions": [{"name": "a", "environment": env}]}, "facts": {}}

test_credential_names_fire if {
	env := [
		{"name": "DOCKER_PASSWORD", "value": "x"},
		{"name": "PATH", "value": "/bin"},
		{"name": "dockerhub_token", "value": "x"},
		{"name": "MY_REGISTRY_PASSWORD", "value": "x"},
		{"name": "DOCKER_AUTH_CONFIG", "value": "{}"},
	]
	paths := {f.path | some f in rule.deny} with input as _input(env)
	paths == {
		["taskDefinition", "containerDefinitions", 0, "environment", 0],
		["taskDefinition", "containerDefinitions", 0, "environment", 2],
		["taskDefinition", "containerDefinitions", 0, "environment", 3],
		["taskDefinition", "containerDefinitions", 0, "environment", 4],
	}
}

test_empty_value_and_unrelated_names_are_silent if {
	env := [
		{"name": "DOCKER_PASSWORD", "value": ""},
		{"name": "DB_PASSWORD", "value": "x"},
		{"name": "DOCKER_HOST", "value": "tcp://x"},
		{"name": "REGISTRY_URL", "value": "ghcr.io"},
	]
	count(rule.deny) == 0 with input as _input(env)
}
