// Package iam builds the run-wide index of IAM roles and policies that
// ecslint uses to judge a task's execution role (DESIGN.md §2, "IAM
// sources"), and the facts the rules read from it.
//
// Sources, merged into one Index:
//
//   - `aws iam get-account-authorization-details` output, found in the
//     scanned tree or given with --iam or config iam:. Policy documents may be
//     objects (what the AWS CLI prints) or URL-encoded strings (what the IAM
//     API returns); of a managed policy only the default version counts.
//   - Bare policy documents ({"Version": ..., "Statement": ...}) attached to
//     roles through config roles:.
//   - `aws secretsmanager describe-secret` / `list-secrets` and
//     `aws ssm describe-parameters` output, which say which KMS key protects
//     a secret or a SecureString parameter.
//   - An embedded, dated snapshot of AWS managed policies that execution
//     roles commonly carry (see Managed).
//
// A role is complete only when every inline and attached policy was found.
// Judgements (is an action allowed) live in Rego (rules/lib/iam); this
// package only gathers and normalizes.
package iam
