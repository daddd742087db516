# METADATA
# title: Image is not a valid reference
# description: >-
#   The image string does not parse as a container image reference
#   (uppercase letters in the repository, spaces, a malformed digest, an
#   empty value), so ECS cannot pull it. Template placeholders such as
#   ${X}, $X, {{x}}, <X> and CloudFormation or Terraform expressions are not
#   judged.
# related_resources:
#   - ref: https://pkg.go.dev/github.com/distribution/reference
#     description: The image reference grammar
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
#     description: ContainerDefinition.image
# custom:
#   id: TD012
#   severity: error
#   remediation: >-
#     Write the image as [registry/]repository[:tag][@digest] with a
#     lower-case repository, no spaces, and a full sha256 digest.
package ecslint.rules.taskdef.invalid_reference

deny contains finding if {
	some i, c in input.taskDefinition.containerDefinitions
	is_string(c.image)
	img := input.facts.images[c.image]
	not img.valid
	not img.variable
	finding := {
		"path": ["taskDefinition", "containerDefinitions", i, "image"],
		"message": sprintf("image %q is not a valid reference: %s", [c.image, img.error]),
	}
}
