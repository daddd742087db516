package ecslint.rules.taskdef.role_cannot_decrypt_secret_test

import data.ecslint.rules.taskdef.role_cannot_decrypt_secret

_key := "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

_input(statements, key) := {
	"taskDefinition": {"containerDefinitions": [{"name": "web", "secrets": [{"name": "DB", "valueFrom": "db"}]}]},
	"facts": {
		"executionRole": {"name": "exec", "complete": true, "statements": statements},
		"secrets": {"db": {
			"service": "secretsmanager", "name": "db", "kmsKeyArn": key, "kmsSource": "secrets.json:3:5",
			"kmsSubjects": [{"partition": "aws", "service": "kms", "region": "us-east-1", "account": "123456789012", "resource": "key/1234abcd-12ab-34cd-56ef-1234567890ab"}],
			"kmsResource": key,
		}},
	},
}

test_fires_without_decrypt if {
	fs := role_cannot_decrypt_secret.deny with input as _input([], _key)
	count(fs) == 1
	some f in fs
	f.path == ["taskDefinition", "containerDefinitions", 0, "secrets", 0, "valueFrom"]
	contains(f.message, `"Resource":"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"`)
}

test_silent_with_decrypt if {
	sts := [{"effect": "Allow", "actions": ["kms:Decrypt"], "resources": ["arn:aws:kms:*:123456789012:key/*"]}]
	count(role_cannot_decrypt_secret.deny) == 0 with input as _input(sts, _key)
}

test_silent_for_aws_managed_key if count(role_cannot_decrypt_secret.deny) == 0 with input as _input([], "")
