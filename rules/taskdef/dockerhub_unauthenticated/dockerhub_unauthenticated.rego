# METADATA
# title: Docker Hub image pulled without credentials
# description: >-
#   The image resolves to Docker Hub and the container has no
#   repositoryCredentials. Every anonymous pull counts against Docker Hub's
#   per-IP pull rate limit, which a NAT gateway shares across a whole VPC, so
#   tasks fail to start with CannotPullContainerError: toomanyrequests.
# related_resources:
#   - ref: https://docs.docker.com/docker-hub/usage/pulls/
#     description: Docker Hub pull usage and limits
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html
#     description: Private registry authentication for ECS tasks
# custom:
#   id: TD001
#   severity: error
#   remediation: >-
#     Pull the image from the Amazon ECR Public mirror
#     (public.ecr.aws/docker/library/<name> for Docker Official Images), copy
#     it into private ECR or an ECR pull-through cache, or add
#     repositoryCredentials whose credentialsParameter names a Secrets Manager
#     secret holding a Docker Hub username and access token.
package ecslint.rules.taskdef.dockerhub_unauthenticated

deny contains finding if {
	some i, c in input.taskDefinition.containerDefinitions
	img := input.facts.images[c.image]
	img.dockerHub
	img.resolved
	not c.repositoryCredentials
	finding := {
		"path": ["taskDefinition", "containerDefinitions", i, "image"],
		"message": sprintf("image %q is pulled from Docker Hub without credentials", [c.image]),
	}
}
