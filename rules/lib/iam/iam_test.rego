package ecslint.lib.iam_test

import data.ecslint.lib.iam

_get := "secretsmanager:GetSecretValue"

# A secret named by full ARN: every part known, suffix included.
_full := {
	"partition": "aws", "service": "secretsmanager", "region": "us-east-1",
	"account": "123456789012", "resource": "secret:prod/hub-AbCdEf", "suffix": false,
}

# The same secret named without its suffix (a partial ARN or bare name).
_partial := object.union(_full, {"resource": "secret:prod/hub", "suffix": true})

# A bare name in a task whose region and account no file says.
_bare := object.union(_partial, {"region": "", "account": ""})

_arn := "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/hub"

_allow(res) := {"effect": "Allow", "actions": [_get], "resources": [res]}

test_allow_exact_resource if iam.allowed([_allow(concat("", [_arn, "-AbCdEf"]))], _get, [_full])

test_no_statement_no_permission if not iam.allowed([], _get, [_full])

test_other_action_not_allowed if not iam.allowed([{"effect": "Allow", "actions": ["secretsmanager:DescribeSecret"], "resources": ["*"]}], _get, [_full])

test_explicit_deny_wins if {
	sts := [_allow("*"), {"effect": "Deny", "actions": ["secretsmanager:*"], "resources": ["*"]}]
	not iam.allowed(sts, _get, [_full])
	iam.denied(sts, _get, [_full])
}

test_conditional_deny_is_ignored if {
	sts := [_allow("*"), {"effect": "Deny", "actions": ["secretsmanager:*"], "resources": ["*"], "conditional": true}]
	iam.allowed(sts, _get, [_full])
	not iam.denied(sts, _get, [_full])
}

test_conditional_allow_counts if iam.allowed([object.union(_allow("*"), {"conditional": true})], _get, [_full])

test_not_action if {
	iam.allowed([{"effect": "Allow", "notActions": ["iam:*", "organizations:*"], "resources": ["*"]}], _get, [_full])
	not iam.allowed([{"effect": "Allow", "notActions": ["secretsmanager:Get*"], "resources": ["*"]}], _get, [_full])
}

test_deny_with_not_action if {
	sts := [_allow("*"), {"effect": "Deny", "notActions": ["ssm:*"], "resources": ["*"]}]
	not iam.allowed(sts, _get, [_full])
}

test_not_resource if {
	iam.allowed([{"effect": "Allow", "actions": [_get], "notResources": ["arn:aws:secretsmanager:*:*:secret:other-*"]}], _get, [_full])
	not iam.allowed([{"effect": "Allow", "actions": [_get], "notResources": ["arn:aws:secretsmanager:*:*:secret:prod/*"]}], _get, [_full])
}

test_deny_with_not_resource if {
	sts := [_allow("*"), {"effect": "Deny", "actions": ["*"], "notResources": ["arn:aws:secretsmanager:*:*:secret:other-*"]}]
	not iam.allowed(sts, _get, [_full])
}

test_single_values_and_lists if {
	iam.allowed([{"effect": "Allow", "actions": _get, "resources": "*"}], _get, [_full])
	iam.allowed([{"effect": "Allow", "actions": ["s3:GetObject", _get], "resources": ["arn:aws:s3:::b/*", "*"]}], _get, [_full])
}

test_actions_are_case_insensitive if {
	iam.allowed([{"effect": "Allow", "actions": ["SecretsManager:getsecretvalue"], "resources": ["*"]}], _get, [_full])
	iam.allowed([{"effect": "Allow", "actions": ["SECRETSMANAGER:GET*"], "resources": ["*"]}], _get, [_full])
}

test_action_globs if {
	iam.allowed([{"effect": "Allow", "actions": ["*"], "resources": ["*"]}], _get, [_full])
	iam.allowed([{"effect": "Allow", "actions": ["secretsmanager:Get*Value"], "resources": ["*"]}], _get, [_full])
	iam.allowed([{"effect": "Allow", "actions": ["secretsmanager:GetSecret?alue"], "resources": ["*"]}], _get, [_full])
	not iam.allowed([{"effect": "Allow", "actions": ["secretsmanager:GetSecret?"], "resources": ["*"]}], _get, [_full])
	not iam.allowed([{"effect": "Allow", "actions": ["secrets*:Put*"], "resources": ["*"]}], _get, [_full])
}

test_resources_are_case_sensitive if {
	not iam.allowed([_allow("arn:aws:secretsmanager:us-east-1:123456789012:secret:Prod/Hub-AbCdEf")], _get, [_full])
	not iam.allowed([_allow("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/hub-abcdef")], _get, [_full])
}

test_resource_globs if {
	iam.allowed([_allow("arn:aws:secretsmanager:*:123456789012:secret:prod/*")], _get, [_full])
	iam.allowed([_allow("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/hub-??????")], _get, [_full])
	iam.allowed([_allow("arn:aws:secretsmanager:*")], _get, [_full])
	not iam.allowed([_allow("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/hub-?????")], _get, [_full])
	not iam.allowed([_allow("arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/*")], _get, [_full])
}

test_regex_metacharacters_are_literal if {
	not iam.allowed([_allow("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod.hub-AbCdEf")], _get, [object.union(_full, {"resource": "secret:prodxhub-AbCdEf"})])
	iam.allowed([_allow("arn:aws:secretsmanager:us-east-1:123456789012:secret:a+b(c)-AbCdEf")], _get, [object.union(_full, {"resource": "secret:a+b(c)-AbCdEf"})])
}

# DESIGN.md: a secret named without its suffix matches only patterns that
# allow the suffix.
test_suffix_rule if {
	not iam.allowed([_allow(_arn)], _get, [_partial])
	iam.allowed([_allow(concat("", [_arn, "-??????"]))], _get, [_partial])
	iam.allowed([_allow(concat("", [_arn, "-*"]))], _get, [_partial])
	iam.allowed([_allow(concat("", [_arn, "*"]))], _get, [_partial])
	iam.allowed([_allow("*")], _get, [_partial])
	not iam.allowed([_allow(concat("", [_arn, "-?????"]))], _get, [_partial])
}

# A pattern naming one concrete suffix may be the secret's own: allowed
# (never a false positive), but a Deny naming it does not certainly apply.
test_suffix_concrete_pattern if {
	iam.allowed([_allow(concat("", [_arn, "-XyZ123"]))], _get, [_partial])
	deny := {"effect": "Deny", "actions": [_get], "resources": [concat("", [_arn, "-XyZ123"])]}
	iam.allowed([_allow("*"), deny], _get, [_partial])
	deny_all := {"effect": "Deny", "actions": [_get], "resources": [concat("", [_arn, "-??????"])]}
	not iam.allowed([_allow("*"), deny_all], _get, [_partial])
}

test_unknown_region_and_account if {
	iam.allowed([_allow("arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/hub-??????")], _get, [_bare])
	not iam.allowed([_allow("arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/other-??????")], _get, [_bare])

	# A Deny on one region may not be the task's region: not certain.
	iam.allowed([_allow("*"), {"effect": "Deny", "actions": [_get], "resources": ["arn:aws:secretsmanager:eu-west-1:*:secret:*"]}], _get, [_bare])
	not iam.allowed([_allow("*"), {"effect": "Deny", "actions": [_get], "resources": ["arn:aws:secretsmanager:*:*:secret:*"]}], _get, [_bare])
}

test_policy_variables_may_match if {
	iam.allowed([_allow("arn:aws:secretsmanager:us-east-1:123456789012:secret:${aws:PrincipalTag/team}/*")], _get, [_full])
	iam.allowed([_allow("*"), {"effect": "Deny", "actions": [_get], "resources": ["arn:aws:secretsmanager:us-east-1:123456789012:secret:${aws:PrincipalTag/team}/*"]}], _get, [_full])
}

test_any_reading_suffices if {
	# "db-config" may be the full name "db-config" or "db" with suffix "config".
	as_full := object.union(_full, {"resource": "secret:db-config"})
	as_partial := object.union(as_full, {"suffix": true})
	iam.allowed([_allow("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-config-??????")], _get, [as_full, as_partial])
	iam.allowed([_allow("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-??????")], _get, [as_full, as_partial])
	not iam.allowed([_allow("arn:aws:secretsmanager:us-east-1:123456789012:secret:other-??????")], _get, [as_full, as_partial])
}

test_unknown_kms_key if {
	alias := {"partition": "aws", "service": "kms", "region": "us-east-1", "account": "123456789012", "resource": ""}
	iam.allowed([{"effect": "Allow", "actions": ["kms:Decrypt"], "resources": ["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]}], "kms:Decrypt", [alias])
	not iam.allowed([{"effect": "Allow", "actions": ["kms:Decrypt"], "resources": ["arn:aws:kms:us-east-1:999999999999:key/*"]}], "kms:Decrypt", [alias])
}

test_statement_is_pasteable_json if {
	s := iam.statement("ssm:GetParameters", "arn:aws:ssm:*:*:parameter/app/db")
	json.unmarshal(s) == {"Effect": "Allow", "Action": "ssm:GetParameters", "Resource": "arn:aws:ssm:*:*:parameter/app/db"}
}
