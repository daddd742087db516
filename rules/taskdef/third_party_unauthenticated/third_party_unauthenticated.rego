# METADATA
# title: Private third-party registry image pulled without credentials
# description: >-
#   The image comes from a registry that is neither Docker Hub nor Amazon ECR
#   (private or public), the container has no repositoryCredentials, and the
#   registry is known to need them: the configuration lists it under
#   private_registries, or another container in the scanned tree pulls from
#   the same registry host with credentials. The pull will fail with
#   CannotPullContainerError (unauthorized or rate limited).
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html
#     description: Private registry authentication for ECS tasks
# custom:
#   id: TD002
#   severity: warning
#   remediation: >-
#     Add repositoryCredentials with a credentialsParameter naming the Secrets
#     Manager secret that holds this registry's username and password, as the
#     other containers pulling from it do; or, when the registry really is
#     public, remove it from private_registries in .ecslint.yaml.
package ecslint.rules.taskdef.third_party_unauthenticated

deny contains finding if {
	some i, c in input.taskDefinition.containerDefinitions
	img := input.facts.images[c.image]
	_third_party(img)
	not c.repositoryCredentials
	why := _why(img)
	finding := {
		"path": ["taskDefinition", "containerDefinitions", i, "image"],
		"message": sprintf("image %q is pulled from %s without credentials, but %s", [c.image, img.registry, why]),
	}
}

_third_party(img) if {
	img.valid
	img.resolved
	not img.dockerHub
	not img.ecr
	not img.ecrPublic
}

_why(img) := "the configuration lists it in private_registries" if img.privateRegistry

_why(img) := sprintf("%s pulls from that registry with credentials", [img.credentialsElsewhere]) if {
	not img.privateRegistry
	img.credentialsElsewhere != ""
}
