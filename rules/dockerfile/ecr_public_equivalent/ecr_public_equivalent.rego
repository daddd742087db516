# METADATA
# title: Docker Hub base image has an Amazon ECR Public equivalent
# description: >-
#   A FROM or COPY --from image is pulled from Docker Hub and Amazon ECR
#   Public serves a copy (Docker Official Images under
#   public.ecr.aws/docker/library/, and a few vendor namespaces). The fix
#   rewrites the image when it is written literally (not through an ARG).
#   The mirror can lag for some images and tags: verify before switching.
# related_resources:
#   - ref: https://gallery.ecr.aws/docker/
#     description: Docker Official Images on the Amazon ECR Public Gallery
#   - ref: https://docs.aws.amazon.com/AmazonECR/latest/public/public-registries.html
#     description: Amazon ECR Public registries
# custom:
#   id: DF004
#   severity: note
#   remediation: >-
#     Replace the image with its ECR Public equivalent (ecslint --fix does
#     this for literal images), after checking the tag exists at
#     gallery.ecr.aws.
package ecslint.rules.dockerfile.ecr_public_equivalent

deny contains finding if {
	some i, s in input.stages
	not s.stage
	not s.scratch
	s.resolved
	finding := _finding(["stages", i, "from"], s, "FROM image")
}

deny contains finding if {
	some i, c in input.copyFrom
	not c.stage
	c.resolved
	finding := _finding(["copyFrom", i, "from"], c, sprintf("%s from= image", [c.instruction]))
}

_finding(path, ref, what) := f if {
	img := input.facts.images[ref.image]
	img.dockerHub
	img.ecrPublicEquivalent != ""
	ref.image == ref.from
	f := {
		"path": path,
		"message": sprintf("%s %q is also served by Amazon ECR Public as %q (verify the tag exists there)", [what, ref.image, img.ecrPublicEquivalent]),
		"fix": img.ecrPublicEquivalent,
	}
}

_finding(path, ref, what) := f if {
	img := input.facts.images[ref.image]
	img.dockerHub
	img.ecrPublicEquivalent != ""
	ref.image != ref.from
	f := {
		"path": path,
		"message": sprintf("%s %q (from %q) is also served by Amazon ECR Public as %q; change the ARG default (verify the tag exists there)", [what, ref.image, ref.from, img.ecrPublicEquivalent]),
	}
}
