# METADATA
# title: repositoryCredentials does not name a Secrets Manager secret
# description: >-
#   repositoryCredentials.credentialsParameter must be the ARN or name of an
#   AWS Secrets Manager secret holding {"username": ..., "password": ...}. A
#   missing or empty value, an SSM parameter, a KMS key or a malformed ARN
#   makes ECS fail the pull before it reaches the registry.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html
#     description: Private registry authentication for ECS tasks
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RepositoryCredentials.html
#     description: RepositoryCredentials API reference
# custom:
#   id: TD003
#   severity: error
#   remediation: >-
#     Set credentialsParameter to the full ARN of a Secrets Manager secret
#     (arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf) or its
#     name; store the registry username and password in that secret.
package ecslint.rules.taskdef.credentials_parameter_invalid

import data.ecslint.lib.containers

deny contains finding if {
	some i, c in input.taskDefinition.containerDefinitions
	rc := c.repositoryCredentials
	not _nonempty_string(_param(rc))
	finding := {
		"path": ["taskDefinition", "containerDefinitions", i, "repositoryCredentials"],
		"message": sprintf("repositoryCredentials of container %q has no credentialsParameter", [containers.name(c, i)]),
	}
}

deny contains finding if {
	some i, c in input.taskDefinition.containerDefinitions
	p := c.repositoryCredentials.credentialsParameter
	_nonempty_string(p)
	s := input.facts.secrets[p]
	s.kind != "placeholder"
	not _secretsmanager(s)
	finding := {
		"path": ["taskDefinition", "containerDefinitions", i, "repositoryCredentials", "credentialsParameter"],
		"message": sprintf("credentialsParameter %q is not a Secrets Manager secret: %s", [p, _what(s)]),
	}
}

_param(rc) := object.get(rc, "credentialsParameter", null) if is_object(rc)

_param(rc) := null if not is_object(rc)

_nonempty_string(x) if {
	is_string(x)
	trim_space(x) != ""
}

_secretsmanager(s) if {
	s.service == "secretsmanager"
	s.valid
}

_what(s) := "it is an SSM parameter" if startswith(s.kind, "ssm")

_what(s) := "it is a KMS key" if s.kind == "kms-arn"

_what(s) := s.error if {
	not startswith(s.kind, "ssm")
	s.kind != "kms-arn"
	s.error != ""
}

_what(s) := sprintf("it is a %s", [s.kind]) if {
	not startswith(s.kind, "ssm")
	s.kind != "kms-arn"
	s.error == ""
}
