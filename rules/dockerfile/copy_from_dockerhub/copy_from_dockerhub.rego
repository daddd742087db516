# METADATA
# title: COPY --from or RUN --mount from= pulls a Docker Hub image
# description: >-
#   COPY --from=<image> and RUN --mount=...,from=<image> pull an image, not a
#   stage, and this one resolves to Docker Hub, so the build is exposed to
#   Docker Hub's anonymous pull rate limit like a FROM line.
# related_resources:
#   - ref: https://docs.docker.com/reference/dockerfile/#copy---from
#     description: Dockerfile COPY --from
#   - ref: https://docs.docker.com/docker-hub/usage/pulls/
#     description: Docker Hub pull usage and limits
# custom:
#   id: DF002
#   severity: warning
#   remediation: >-
#     Name the ECR Public mirror (public.ecr.aws/docker/library/<name>) or a
#     private ECR copy, or bring the image in as a named stage
#     (FROM <mirror> AS tools) and copy from the stage.
package ecslint.rules.dockerfile.copy_from_dockerhub

deny contains finding if {
	some i, c in input.copyFrom
	not c.stage
	c.resolved
	img := input.facts.images[c.image]
	img.dockerHub
	img.resolved
	finding := {
		"path": ["copyFrom", i, "from"],
		"message": sprintf("%s from=%q pulls an image from Docker Hub", [c.instruction, c.image]),
	}
}
