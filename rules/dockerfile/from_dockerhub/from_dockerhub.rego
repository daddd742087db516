# METADATA
# title: FROM image pulled from Docker Hub
# description: >-
#   A build stage starts from a Docker Hub image (after substituting ARG
#   defaults). Builds in CodeBuild, CI runners or behind a NAT gateway pull
#   anonymously and hit Docker Hub's pull rate limit. Stages, scratch and
#   images that depend on an ARG without a default are not judged.
# related_resources:
#   - ref: https://docs.docker.com/docker-hub/usage/pulls/
#     description: Docker Hub pull usage and limits
#   - ref: https://docs.docker.com/reference/dockerfile/#from
#     description: Dockerfile FROM
# custom:
#   id: DF001
#   severity: warning
#   remediation: >-
#     Use the ECR Public mirror (public.ecr.aws/docker/library/<name>), a
#     private ECR copy or ECR pull-through cache, or log in to Docker Hub
#     before the build.
package ecslint.rules.dockerfile.from_dockerhub

deny contains finding if {
	some i, s in input.stages
	not s.stage
	not s.scratch
	s.resolved
	img := input.facts.images[s.image]
	img.dockerHub
	img.resolved
	finding := {
		"path": ["stages", i, "from"],
		"message": sprintf("FROM image %s is pulled from Docker Hub", [_shown(s)]),
	}
}

_shown(s) := sprintf("%q", [s.image]) if s.image == s.from

_shown(s) := sprintf("%q (%q with ARG defaults)", [s.image, s.from]) if s.image != s.from
