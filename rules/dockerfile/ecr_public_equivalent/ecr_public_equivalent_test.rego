package ecslint.rules.dockerfile.ecr_public_equivalent_test

import data.ecslint.rules.dockerfile.ecr_public_equivalent as rule

_facts := {"images": {
	"nginx:1.27": {"dockerHub": true, "ecrPublicEquivalent": "public.ecr.aws/docker/library/nginx:1.27"},
	"acme/app:1": {"dockerHub": true, "ecrPublicEquivalent": ""},
}}

_ref(extra) := object.union({"instruction": "COPY", "from": "nginx:1.27", "image": "nginx:1.27", "resolved": true, "stage": false, "scratch": false}, extra)

test_literal_from_fires_with_fix if {
	some f in rule.deny with input as {"stages": [_ref({})], "copyFrom": [], "facts": _facts}
	f.path == ["stages", 0, "from"]
	f.fix == "public.ecr.aws/docker/library/nginx:1.27"
}

test_arg_from_fires_without_fix if {
	some f in rule.deny with input as {"stages": [_ref({"from": "nginx:${V}"})], "copyFrom": [], "facts": _facts}
	not f.fix
}

test_copy_from_fires if {
	paths := {f.path | some f in rule.deny} with input as {"stages": [], "copyFrom": [_ref({})], "facts": _facts}
	paths == {["copyFrom", 0, "from"]}
}

test_no_equivalent_and_stages_are_silent if {
	count(rule.deny) == 0 with input as {
		"stages": [_ref({"from": "acme/app:1", "image": "acme/app:1"}), _ref({"stage": true})],
		"copyFrom": [],
		"facts": _facts,
	}
}
