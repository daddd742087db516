# METADATA
# title: Docker Hub image has an Amazon ECR Public equivalent
# description: >-
#   The image is pulled from Docker Hub, and Amazon ECR Public serves a copy
#   (Docker Official Images under public.ecr.aws/docker/library/, and a few
#   vendor namespaces). Pulls from ECR Public inside AWS are not subject to
#   Docker Hub's rate limit. The mirror can lag for some images and tags, so
#   verify that the tag exists before switching.
# related_resources:
#   - ref: https://gallery.ecr.aws/docker/
#     description: Docker Official Images on the Amazon ECR Public Gallery
#   - ref: https://docs.aws.amazon.com/AmazonECR/latest/public/public-registries.html
#     description: Amazon ECR Public registries
# custom:
#   id: TD010
#   severity: note
#   remediation: >-
#     Replace the image with its ECR Public equivalent (ecslint --fix does
#     this), after checking the tag exists at gallery.ecr.aws; or copy it into
#     private ECR / an ECR pull-through cache.
package ecslint.rules.taskdef.ecr_public_equivalent

deny contains finding if {
	some i, c in input.taskDefinition.containerDefinitions
	img := input.facts.images[c.image]
	img.dockerHub
	img.ecrPublicEquivalent != ""
	finding := {
		"path": ["taskDefinition", "containerDefinitions", i, "image"],
		"message": sprintf("image %q is also served by Amazon ECR Public as %q (verify the tag exists there)", [c.image, img.ecrPublicEquivalent]),
		"fix": img.ecrPublicEquivalent,
	}
}
