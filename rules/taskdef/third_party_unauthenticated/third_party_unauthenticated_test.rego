package ecslint.rules.taskdef.third_party_unauthenticated_test

import data.ecslint.rules.taskdef.third_party_unauthenticated as rule

_img(extra) := object.union(
	{"valid": true, "resolved": true, "registry": "ghcr.io", "dockerHub": false, "ecr": false, "ecrPublic": false, "privateRegistry": false, "credentialsElsewhere": ""},
	extra,
)

_input(img, container) := {
	"taskDefinition": {"containerDefinitions": [object.union({"name": "a", "image": "ghcr.io/acme/app:1"}, container)]},
	"facts": {"images": {"ghcr.io/acme/app:1": img}},
}

test_configured_private_registry_fires if {
	paths := {f.path | some f in rule.deny} with input as _input(_img({"privateRegistry": true}), {})
	paths == {["taskDefinition", "containerDefinitions", 0, "image"]}
}

test_credentials_elsewhere_fires if {
	some f in rule.deny with input as _input(_img({"credentialsElsewhere": "x.json:3"}), {})
	contains(f.message, "x.json:3")
}

test_unknown_registry_is_silent if {
	count(rule.deny) == 0 with input as _input(_img({}), {})
}

test_with_credentials_is_silent if {
	count(rule.deny) == 0 with input as _input(
		_img({"privateRegistry": true}),
		{"repositoryCredentials": {"credentialsParameter": "ghcr"}},
	)
}

test_ecr_is_silent if {
	count(rule.deny) == 0 with input as _input(_img({"privateRegistry": true, "ecr": true}), {})
}
