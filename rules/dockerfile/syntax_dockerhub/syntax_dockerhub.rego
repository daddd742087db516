# METADATA
# title: syntax directive pulls a Docker Hub image
# description: >-
#   A "# syntax=" parser directive makes BuildKit pull that frontend image
#   at every build. docker/dockerfile lives on Docker Hub and has no ECR
#   Public copy, so the build counts against the pull rate limit before a
#   single instruction runs. A directive pinned by digest is accepted.
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
#     it by digest (docker/dockerfile:1@sha256:...) so cached builds do not
#     pull it again.
package ecslint.rules.dockerfile.syntax_dockerhub

deny contains finding if {
	img := input.facts.images[input.syntax.image]
	img.dockerHub
	img.resolved
	img.digest == ""
	finding := {
		"path": ["syntax", "image"],
		"message": sprintf("syntax directive %q pulls the frontend image from Docker Hub at every build", [input.syntax.image]),
	}
}
