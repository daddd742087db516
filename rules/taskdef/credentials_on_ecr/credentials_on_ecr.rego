# METADATA
# title: repositoryCredentials on an Amazon ECR image
# description: >-
#   ECS ignores repositoryCredentials for images in Amazon ECR and ECR Public:
#   ECR pulls are authorised through the task execution role. The setting
#   misleads readers and suggests the image was meant to come from elsewhere.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html
#     description: Private registry authentication is for registries other than ECR
#   - ref: https://docs.aws.amazon.com/AmazonECR/latest/userguide/ECR_on_ECS.html
#     description: Using Amazon ECR images with Amazon ECS
# custom:
#   id: TD004
#   severity: warning
#   remediation: >-
#     Remove repositoryCredentials and make sure the task execution role
#     allows ecr:GetAuthorizationToken, ecr:BatchGetImage and
#     ecr:GetDownloadUrlForLayer (AmazonECSTaskExecutionRolePolicy does).
package ecslint.rules.taskdef.credentials_on_ecr

deny contains finding if {
	some i, c in input.taskDefinition.containerDefinitions
	c.repositoryCredentials
	img := input.facts.images[c.image]
	kind := _ecr_kind(img)
	finding := {
		"path": ["taskDefinition", "containerDefinitions", i, "repositoryCredentials"],
		"message": sprintf("repositoryCredentials is ignored for %s image %q", [kind, c.image]),
	}
}

_ecr_kind(img) := "Amazon ECR" if img.ecr

_ecr_kind(img) := "Amazon ECR Public" if img.ecrPublic
