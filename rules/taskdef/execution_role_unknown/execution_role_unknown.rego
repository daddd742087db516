# METADATA
# title: Execution role permissions cannot be checked
# description: >-
#   The task reads secrets or registry credentials with its execution role,
#   but ecslint has not seen every policy of that role, so TD006, TD007 and
#   TD008 cannot tell whether the task will start. The role may be in no IAM
#   source, attach a managed policy that no source holds, or be named by a
#   template placeholder. ecslint never guesses: it reports this note
#   instead, with the sources it searched.
# related_resources:
#   - ref: https://docs.aws.amazon.com/cli/latest/reference/iam/get-account-authorization-details.html
#     description: aws iam get-account-authorization-details
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
#     description: Amazon ECS task execution IAM role
# custom:
#   id: TD009
#   severity: note
#   remediation: >-
#     Give ecslint the role's policies: save `aws iam get-account-authorization-details
#     --filter Role LocalManagedPolicy AWSManagedPolicy` output in the tree or pass it with
#     --iam FILE (or list it under iam: in .ecslint.yaml), or attach policy files to the
#     role under roles: in .ecslint.yaml.
package ecslint.rules.taskdef.execution_role_unknown

import data.ecslint.lib.containers

deny contains finding if {
	role := input.facts.executionRole
	not role.complete
	n := count(_checkable)
	n > 0
	finding := {
		"path": ["taskDefinition", "executionRoleArn"],
		"message": sprintf("%s, so its access to %d secret %s cannot be checked (searched: %s); supply its policies with --iam or roles: in .ecslint.yaml", [
			_why(role), n, _plural(n), concat(", ", role.searched),
		]),
	}
}

# _checkable lists the secret references TD006-TD008 would judge.
_checkable contains ref.value if {
	some c in input.taskDefinition.containerDefinitions
	some ref in containers.secret_refs(c)
	count(input.facts.secrets[ref.value].subjects) > 0
}

_why(role) := sprintf("execution role %q is not known: %s", [role.arn, role.reason]) if not role.known

_why(role) := sprintf("execution role %q attaches %s that no IAM source holds", [role.name, concat(", ", role.missing)]) if role.known

_plural(1) := "reference"

_plural(n) := "references" if n != 1
