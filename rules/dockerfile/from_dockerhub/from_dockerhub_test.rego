package ecslint.rules.dockerfile.from_dockerhub_test

import data.ecslint.rules.dockerfile.from_dockerhub as rule

_stage(extra) := object.union({"from": "golang:1.22", "image": "golang:1.22", "resolved": true, "stage": false, "scratch": false}, extra)

_facts := {"images": {
	"golang:1.22": {"dockerHub": true, "resolved": true},
	"public.ecr.aws/docker/library/golang:1.22": {"dockerHub": false},
}}

test_docker_hub_from_fires if {
	paths := {f.path | some f in rule.deny} with input as {
		"stages": [_stage({}), _stage({"from": "public.ecr.aws/docker/library/golang:1.22", "image": "public.ecr.aws/docker/library/golang:1.22"})],
		"facts": _facts,
	}
	paths == {["stages", 0, "from"]}
}

test_arg_substituted_from_fires_and_says_so if {
	some f in rule.deny with input as {"stages": [_stage({"from": "golang:${V}"})], "facts": _facts}
	contains(f.message, "with ARG defaults")
}

test_stage_scratch_and_unresolved_are_silent if {
	count(rule.deny) == 0 with input as {
		"stages": [_stage({"stage": true}), _stage({"scratch": true}), _stage({"resolved": false})],
		"facts": _facts,
	}
}
