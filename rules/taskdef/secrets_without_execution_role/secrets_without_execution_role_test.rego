package ecslint.rules.taskdef.secrets_without_execution_role_test

import data.ecslint.rules.taskdef.secrets_without_execution_role as rule

_td(extra, containers) := {"taskDefinition": object.union({"containerDefinitions": containers}, extra), "facts": {}}

test_credentials_without_role_fires_once_per_container if {
	paths := {f.path | some f in rule.deny} with input as _td({}, [{
		"name": "a",
		"repositoryCredentials": {"credentialsParameter": "x"},
		"secrets": [{"name": "A", "valueFrom": "b"}],
	}])
	paths == {["taskDefinition", "containerDefinitions", 0, "repositoryCredentials"]}
}

test_secret_options_without_role_fires if {
	paths := {f.path | some f in rule.deny} with input as _td({"executionRoleArn": ""}, [
		{"name": "a"},
		{"name": "b", "logConfiguration": {"logDriver": "awsfirelens", "secretOptions": [{"name": "k", "valueFrom": "v"}]}},
	])
	paths == {["taskDefinition", "containerDefinitions", 1, "logConfiguration", "secretOptions"]}
}

test_with_role_is_silent if {
	count(rule.deny) == 0 with input as _td(
		{"executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"},
		[{"name": "a", "secrets": [{"name": "A", "valueFrom": "b"}]}],
	)
}

test_empty_secrets_is_silent if {
	count(rule.deny) == 0 with input as _td({}, [{"name": "a", "secrets": []}])
}

test_containers_only_document_is_silent if {
	count(rule.deny) == 0 with input as {
		"taskDefinition": {"containerDefinitions": [{"name": "a", "secrets": [{"name": "A", "valueFrom": "b"}]}]},
		"facts": {"containersOnly": true},
	}
}
