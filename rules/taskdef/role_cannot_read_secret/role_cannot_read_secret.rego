# METADATA
# title: Execution role cannot read a Secrets Manager secret
# description: >-
#   ECS reads repositoryCredentials and Secrets Manager secrets (container
#   secrets and log secretOptions) with the task execution role. When every
#   policy of the role is known and none allows
#   secretsmanager:GetSecretValue on the secret, or an unconditional Deny
#   forbids it, the task fails to start (ResourceInitializationError, or
#   CannotPullContainerError for registry credentials). A secret named
#   without its six-character suffix matches only resources that allow the
#   suffix (name-??????, name-*, *). Only identity policies are evaluated: a
#   secret's resource policy can also grant access, and permissions
#   boundaries and SCPs can take it away; see "How ecslint finds your
#   execution role" in the README.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html
#     description: Private registry authentication, required IAM permissions
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
#     description: Passing Secrets Manager secrets to containers
#   - ref: https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_iam-policies.html
#     description: Secrets Manager ARNs in policies end with -?????? for the random suffix
# custom:
#   id: TD006
#   severity: error
#   remediation: >-
#     Add the statement the finding prints to a policy of the execution role,
#     e.g. {"Action":"secretsmanager:GetSecretValue","Effect":"Allow","Resource":"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/dockerhub-??????"}.
#     Keep -?????? at the end: it matches the random suffix, so the statement
#     still works after the secret is re-created. When an explicit Deny is
#     the cause, narrow that Deny instead.
package ecslint.rules.taskdef.role_cannot_read_secret

import data.ecslint.lib.containers
import data.ecslint.lib.iam

_action := "secretsmanager:GetSecretValue"

deny contains finding if {
	role := input.facts.executionRole
	role.complete
	some i, c in input.taskDefinition.containerDefinitions
	some ref in containers.secret_refs(c)
	sec := input.facts.secrets[ref.value]
	sec.service == "secretsmanager"
	count(sec.subjects) > 0
	not iam.allowed(role.statements, _action, sec.subjects)
	finding := {
		"path": array.concat(["taskDefinition", "containerDefinitions", i], ref.path),
		"message": _message(role, sec, sprintf("%s of container %q", [ref.what, containers.name(c, i)])),
	}
}

_message(role, sec, where) := msg if {
	iam.denied(role.statements, _action, sec.subjects)
	msg := sprintf("execution role %q is denied %s on secret %q (%s) by an explicit Deny statement; narrow that Deny", [role.name, _action, sec.name, where])
} else := msg if {
	msg := sprintf("execution role %q does not allow %s on secret %q (%s); add to its policy: %s", [role.name, _action, sec.name, where, iam.statement(_action, sec.policyResource)])
}
