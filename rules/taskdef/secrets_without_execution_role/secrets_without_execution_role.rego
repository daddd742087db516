# METADATA
# title: Registry credentials or secrets without a task execution role
# description: >-
#   The ECS agent reads repositoryCredentials, container secrets and log
#   driver secretOptions with the task execution role. Without
#   executionRoleArn the task cannot fetch them and fails to start. Not
#   checked for a bare list of container definitions, whose task-level
#   settings live elsewhere (e.g. a Terraform resource).
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
#     description: Amazon ECS task execution IAM role
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html
#     description: Passing sensitive data to a container
# custom:
#   id: TD005
#   severity: error
#   remediation: >-
#     Set executionRoleArn to a role that trusts ecs-tasks.amazonaws.com and
#     allows secretsmanager:GetSecretValue (and ssm:GetParameters, kms:Decrypt
#     where used) on the referenced secrets.
package ecslint.rules.taskdef.secrets_without_execution_role

import data.ecslint.lib.containers

deny contains finding if {
	not input.facts.containersOnly
	not _has_role
	some i, c in input.taskDefinition.containerDefinitions
	uses := [u | some u in _uses(c)]
	count(uses) > 0
	first := uses[0]
	finding := {
		"path": array.concat(["taskDefinition", "containerDefinitions", i], first.path),
		"message": sprintf("container %q uses %s but the task has no executionRoleArn to read them with", [containers.name(c, i), concat(" and ", [u.what | some u in uses])]),
	}
}

_has_role if {
	is_string(input.taskDefinition.executionRoleArn)
	trim_space(input.taskDefinition.executionRoleArn) != ""
}

# _uses lists, in a fixed order, what in the container needs the role.
_uses(c) := [u |
	some u in [
		{"path": ["repositoryCredentials"], "what": "repositoryCredentials", "on": object.get(c, "repositoryCredentials", null) != null},
		{"path": ["secrets"], "what": "secrets", "on": count(object.get(c, "secrets", [])) > 0},
		{"path": ["logConfiguration", "secretOptions"], "what": "logConfiguration.secretOptions", "on": count(object.get(c, ["logConfiguration", "secretOptions"], [])) > 0},
	]
	u.on
]
