# METADATA
# title: FROM image without a tag or digest, or tagged latest
# description: >-
#   A FROM image with neither tag nor digest means latest. The build then
#   changes whenever the upstream image does, is not reproducible, and
#   re-pulls the base image more often than needed. An image pinned by
#   digest is accepted whatever its tag.
# related_resources:
#   - ref: https://docs.docker.com/build/building/best-practices/#pin-base-image-versions
#     description: Pin base image versions
#   - ref: https://docs.docker.com/reference/dockerfile/#from
#     description: Dockerfile FROM
# custom:
#   id: DF005
#   severity: note
#   remediation: >-
#     Pin the base image to a version tag or, better, a digest
#     (FROM alpine:3.20@sha256:...), and update it deliberately.
package ecslint.rules.dockerfile.from_untagged_or_latest

import data.ecslint.lib.images

deny contains finding if {
	some i, s in input.stages
	not s.stage
	not s.scratch
	s.resolved
	img := input.facts.images[s.image]
	img.valid
	img.resolved
	why := images.floating(img)
	finding := {
		"path": ["stages", i, "from"],
		"message": sprintf("FROM image %q %s", [s.image, why]),
	}
}
