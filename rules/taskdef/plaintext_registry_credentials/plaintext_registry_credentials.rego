# METADATA
# title: Registry credentials in plaintext environment
# description: >-
#   A container environment variable whose name says it holds registry
#   credentials (DOCKER_PASSWORD, DOCKERHUB_TOKEN, REGISTRY_PASSWORD, ...) has
#   a literal value. Task definitions are readable by anyone with
#   ecs:DescribeTaskDefinition and are kept in every revision, so the
#   credential leaks; it also does not authenticate the image pull.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html
#     description: Passing sensitive data to a container
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html
#     description: Private registry authentication for ECS tasks
# custom:
#   id: TD013
#   severity: warning
#   remediation: >-
#     Move the value into Secrets Manager and reference it from the
#     container's secrets (valueFrom), or from repositoryCredentials when it is
#     meant to authenticate the image pull; then rotate the leaked credential.
package ecslint.rules.taskdef.plaintext_registry_credentials

import data.ecslint.lib.containers

deny contains finding if {
	some i, c in input.taskDefinition.containerDefinitions
	some k, e in c.environment
	is_string(e.name)
	_credential_name(upper(e.name))
	is_string(e.value)
	trim_space(e.value) != ""
	finding := {
		"path": ["taskDefinition", "containerDefinitions", i, "environment", k],
		"message": sprintf("environment variable %q of container %q holds registry credentials in plaintext", [e.name, containers.name(c, i)]),
	}
}

# A registry word, then a secret word last: DOCKERHUB_TOKEN, CI_REGISTRY_PASSWORD.
# One constant, so that no pattern is built for each variable.
_credential_pattern := `^([A-Z0-9]+_)*(DOCKER|DOCKERHUB|REGISTRY|CR|GHCR|QUAY|HARBOR|ARTIFACTORY|NEXUS|JFROG|ACR|GCR|GAR)(_[A-Z0-9]+)*_(PASS|PASSWD|PASSWORD|PWD|TOKEN|ACCESS_TOKEN|PAT|AUTH|AUTH_TOKEN|SECRET|API_KEY|APIKEY)$`

_credential_name(name) if regex.match(_credential_pattern, name)

_credential_name(name) if name in {"DOCKER_AUTH_CONFIG", "DOCKER_CONFIG_JSON", "DOCKERCONFIGJSON", "REGISTRY_AUTH"}
