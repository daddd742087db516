# METADATA
# title: Execution role cannot decrypt a secret's customer managed KMS key
# description: >-
#   A Secrets Manager secret or SecureString parameter encrypted with a
#   customer managed KMS key can only be read by a role that may also call
#   kms:Decrypt on that key; the AWS managed keys (aws/secretsmanager,
#   aws/ssm) need no such permission. ecslint knows a secret's key from
#   describe-secret, list-secrets or describe-parameters output in the tree
#   or given with --iam, and checks only execution roles whose policies are
#   all known. Only identity policies are evaluated: a key policy that names
#   the role itself also grants kms:Decrypt.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/private-auth.html
#     description: Private registry authentication, required IAM permissions (kms:Decrypt for a customer managed key)
#   - ref: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
#     description: Passing Secrets Manager secrets to containers
#   - ref: https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
#     description: Secret encryption and decryption in Secrets Manager
# custom:
#   id: TD007
#   severity: error
#   remediation: >-
#     Add the statement the finding prints to a policy of the execution role,
#     e.g. {"Action":"kms:Decrypt","Effect":"Allow","Resource":"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
#     or grant the role kms:Decrypt in the key policy.
package ecslint.rules.taskdef.role_cannot_decrypt_secret

import data.ecslint.lib.containers
import data.ecslint.lib.iam

_action := "kms:Decrypt"

deny contains finding if {
	role := input.facts.executionRole
	role.complete
	some i, c in input.taskDefinition.containerDefinitions
	some ref in containers.secret_refs(c)
	sec := input.facts.secrets[ref.value]
	sec.kmsKeyArn != ""
	count(sec.kmsSubjects) > 0
	not iam.allowed(role.statements, _action, sec.kmsSubjects)
	finding := {
		"path": array.concat(["taskDefinition", "containerDefinitions", i], ref.path),
		"message": sprintf("execution role %q does not allow %s on customer managed key %q, which encrypts %s %q (%s of container %q; key from %s); add to its policy: %s", [
			role.name, _action, sec.kmsKeyArn, _noun(sec), sec.name, ref.what, containers.name(c, i),
			sec.kmsSource, iam.statement(_action, sec.kmsResource),
		]),
	}
}

_noun(sec) := "secret" if sec.service == "secretsmanager"

_noun(sec) := "parameter" if sec.service == "ssm"
