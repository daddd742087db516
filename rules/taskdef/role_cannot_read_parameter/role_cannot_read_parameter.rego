# METADATA
# title: Execution role cannot read an SSM parameter
# description: >-
#   ECS reads secrets whose valueFrom names a Systems Manager Parameter
#   Store parameter (an ARN, or a name such as /app/db for a parameter in the
#   task's region) with the task execution role, through
#   ssm:GetParameters. When every policy of the role is known and none
#   allows it on the parameter, or an unconditional Deny forbids it, the
#   task fails to start with ResourceInitializationError. Only identity
#   policies are evaluated.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html
#     description: Passing Systems Manager parameters to containers
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
#     description: Amazon ECS task execution IAM role, Secrets Manager and Systems Manager permissions
# custom:
#   id: TD008
#   severity: error
#   remediation: >-
#     Add the statement the finding prints to a policy of the execution role,
#     e.g. {"Action":"ssm:GetParameters","Effect":"Allow","Resource":"arn:aws:ssm:us-east-1:123456789012:parameter/app/*"};
#     a parameter hierarchy can be granted with a trailing /*.
package ecslint.rules.taskdef.role_cannot_read_parameter

import data.ecslint.lib.containers
import data.ecslint.lib.iam

_action := "ssm:GetParameters"

deny contains finding if {
	role := input.facts.executionRole
	role.complete
	some i, c in input.taskDefinition.containerDefinitions
	some ref in containers.secret_refs(c)
	sec := input.facts.secrets[ref.value]
	sec.service == "ssm"
	count(sec.subjects) > 0
	not iam.allowed(role.statements, _action, sec.subjects)
	finding := {
		"path": array.concat(["taskDefinition", "containerDefinitions", i], ref.path),
		"message": _message(role, sec, sprintf("%s of container %q", [ref.what, containers.name(c, i)])),
	}
}

_message(role, sec, where) := msg if {
	iam.denied(role.statements, _action, sec.subjects)
	msg := sprintf("execution role %q is denied %s on parameter %q (%s) by an explicit Deny statement; narrow that Deny", [role.name, _action, sec.name, where])
} else := msg if {
	msg := sprintf("execution role %q does not allow %s on parameter %q (%s); add to its policy: %s", [role.name, _action, sec.name, where, iam.statement(_action, sec.policyResource)])
}
