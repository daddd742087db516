package ecslint.rules.dockerfile.from_untagged_or_latest_test

import data.ecslint.rules.dockerfile.from_untagged_or_latest as rule

_stage(image) := {"from": image, "image": image, "resolved": true, "stage": false, "scratch": false}

_facts := {"images": {
	"alpine": {"valid": true, "resolved": true, "tag": "", "digest": ""},
	"alpine:latest": {"valid": true, "resolved": true, "tag": "latest", "digest": ""},
	"alpine:3.20": {"valid": true, "resolved": true, "tag": "3.20", "digest": ""},
	"alpine@sha256:x": {"valid": true, "resolved": true, "tag": "", "digest": "sha256:x"},
}}

test_untagged_and_latest_fire if {
	paths := {f.path | some f in rule.deny} with input as {
		"stages": [_stage("alpine"), _stage("alpine:3.20"), _stage("alpine:latest"), _stage("alpine@sha256:x")],
		"facts": _facts,
	}
	paths == {["stages", 0, "from"], ["stages", 2, "from"]}
}

test_scratch_is_silent if {
	count(rule.deny) == 0 with input as {
		"stages": [object.union(_stage("scratch"), {"scratch": true})],
		"facts": {"images": {}},
	}
}
