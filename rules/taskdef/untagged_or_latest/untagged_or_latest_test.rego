package ecslint.rules.taskdef.untagged_or_latest_test

import data.ecslint.rules.taskdef.untagged_or_latest as rule

_input(image, img) := {
	"taskDefinition": {"containerDefinitions": [{"name": "a", "image": image}]},
	"facts": {"images": {image: object.union({"valid": true, "resolved": true, "digest": ""}, img)}},
}

test_untagged_fires if {
	paths := {f.path | some f in rule.deny} with input as _input("nginx", {"tag": ""})
	paths == {["taskDefinition", "containerDefinitions", 0, "image"]}
}

test_latest_fires if {
	count(rule.deny) == 1 with input as _input("nginx:latest", {"tag": "latest"})
}

test_latest_with_digest_is_silent if {
	count(rule.deny) == 0 with input as _input("nginx:latest@sha256:x", {"tag": "latest", "digest": "sha256:x"})
}

test_version_tag_is_silent if {
	count(rule.deny) == 0 with input as _input("nginx:1.27", {"tag": "1.27"})
}

test_unresolved_is_silent if {
	count(rule.deny) == 0 with input as _input("${IMAGE}", {"tag": "", "resolved": false})
}
