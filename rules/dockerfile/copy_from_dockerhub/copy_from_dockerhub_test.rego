package ecslint.rules.dockerfile.copy_from_dockerhub_test

import data.ecslint.rules.dockerfile.copy_from_dockerhub as rule

_copy(extra) := object.union({"instruction": "COPY", "from": "nginx:1.27", "image": "nginx:1.27", "resolved": true, "stage": false}, extra)

test_copy_from_docker_hub_fires if {
	paths := {f.path | some f in rule.deny} with input as {
		"copyFrom": [_copy({"stage": true}), _copy({})],
		"facts": {"images": {"nginx:1.27": {"dockerHub": true, "resolved": true}}},
	}
	paths == {["copyFrom", 1, "from"]}
}

test_ecr_and_unresolved_are_silent if {
	count(rule.deny) == 0 with input as {
		"copyFrom": [_copy({"image": "public.ecr.aws/x/y:1"}), _copy({"resolved": false})],
		"facts": {"images": {"public.ecr.aws/x/y:1": {"dockerHub": false}, "nginx:1.27": {"dockerHub": true}}},
	}
}
