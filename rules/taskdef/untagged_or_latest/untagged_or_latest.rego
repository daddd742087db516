# METADATA
# title: Image without a tag or digest, or tagged latest
# description: >-
#   An image with neither tag nor digest means latest. latest changes under
#   your feet, so two tasks of one service can run different code, a rollback
#   does not roll back, and every new task may pull again. An image pinned
#   by digest is accepted whatever its tag.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/container-considerations.html
#     description: Amazon ECS container image best practices
#   - ref: https://docs.docker.com/reference/cli/docker/image/tag/
#     description: Image tags
# custom:
#   id: TD011
#   severity: note
#   remediation: >-
#     Pin the image to a version tag (nginx:1.27.3) or, better, a digest
#     (nginx@sha256:...), and update it deliberately.
package ecslint.rules.taskdef.untagged_or_latest

import data.ecslint.lib.images

deny contains finding if {
	some i, c in input.taskDefinition.containerDefinitions
	img := input.facts.images[c.image]
	img.valid
	img.resolved
	why := images.floating(img)
	finding := {
		"path": ["taskDefinition", "containerDefinitions", i, "image"],
		"message": sprintf("image %q %s", [c.image, why]),
	}
}
