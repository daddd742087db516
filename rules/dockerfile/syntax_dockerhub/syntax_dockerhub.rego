# METADATA
# title: syntax directive pulls a Docker Hub image
# description: >-
#   A "# syntax=" parser directive makes BuildKit pull that frontend image
#   from Docker Hub before a single instruction runs: at every build unless
#   it is pinned by digest and cached. docker/dockerfile has no ECR Public
#   copy, so the directive exposes the build to Docker Hub's pull rate limit.
# related_resources:
#   - ref: https://docs.docker.com/reference/dockerfile/#syntax
#     description: The syntax parser directive
#   - ref: https://docs.docker.com/build/buildkit/frontend/
#     description: Custom Dockerfile syntax (BuildKit frontends)
# custom:
#   id: DF003
#   severity: note
#   remediation: >-
#     Remove the directive (the builder's built-in frontend is used), or pin
#     it by digest (docker/dockerfile:1@sha256:...) so that a warm builder
#     cache does not pull it again.
package ecslint.rules.dockerfile.syntax_dockerhub

deny contains finding if {
	img := input.facts.images[input.syntax.image]
	img.dockerHub
	img.resolved
	finding := {
		"path": ["syntax", "image"],
		"message": sprintf("syntax directive %q pulls the frontend image from Docker Hub %s", [input.syntax.image, _when(img)]),
	}
}

_when(img) := "at every build" if img.digest == ""

_when(img) := "whenever the builder has not cached it" if img.digest != ""
