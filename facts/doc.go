// Package facts computes, in plain Go, the facts about a document that the
// Rego rules read from input.facts: what an image reference resolves to
// (registry, repository, Docker Hub, ECR, ECR Public equivalent) and what a
// secret reference names (Secrets Manager secret, SSM parameter, ...).
//
// Facts are data, never judgements: rules decide what is wrong. Every fact
// is computed without network access.
//
// # Images
//
// References are parsed with github.com/distribution/reference, the parser
// Docker itself uses, after two adjustments: the Docker Hub aliases
// index.docker.io, registry-1.docker.io and registry.hub.docker.com are
// read as docker.io (the library knows only the first), and template
// placeholders are replaced by sample values so that the literal rest of
// the reference can still be checked. The placeholder forms are listed on
// placeholderEnd: shell and Dockerfile ($X, ${X}), Terraform (${var.x}),
// CloudFormation !Sub (${AWS::AccountId}), Go templates and ecspresso
// ({{ must_env `X` }}), Jinja, CodeDeploy (<IMAGE1_NAME>), @X@, #{X}, %X%,
// $$$X$$$ and documentation-style {x}.
//
// A placeholder in the tag or digest leaves the image Resolved: in
// "nginx:${TAG}" the registry and repository are known, so it is a Docker
// Hub image and its ECR Public equivalent keeps the placeholder
// ("public.ecr.aws/docker/library/nginx:${TAG}"). A placeholder in the host
// or repository makes it unresolved; registry facts are still given when
// the host is literal ("myorg/${APP}" is on Docker Hub) or has the shape of
// a private ECR host ("${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com").
//
// ECR Public equivalents come from a Catalog built from data embedded in
// the binary: the Docker Official Images, mirrored at
// public.ecr.aws/docker/library/<name>, and a short cited list of vendor
// repositories (data/ecr-public-vendors.txt). The mirror may lag behind
// Docker Hub for some tags; rules should say "verify".
//
// # Secrets
//
// AnalyzeCredentialsParameter and AnalyzeValueFrom classify the strings of
// repositoryCredentials.credentialsParameter and secrets[].valueFrom with
// github.com/aws/aws-sdk-go-v2/aws/arn, and derive the IAM resource that an
// execution role must be allowed to read. KMS facts are left for the
// workspace-wide IAM index to fill.
package facts
