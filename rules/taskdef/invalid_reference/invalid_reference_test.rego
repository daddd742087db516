package ecslint.rules.taskdef.invalid_reference_test

import data.ecslint.rules.taskdef.invalid_reference as rule

_input(image, img) := {
	"taskDefinition": {"containerDefinitions": [{"name": "a", "image": image}]},
	"facts": {"images": {image: img}},
}

test_invalid_fires if {
	paths := {f.path | some f in rule.deny} with input as _input("Nginx:1", {"valid": false, "variable": false, "error": "repository name must be lowercase"})
	paths == {["taskDefinition", "containerDefinitions", 0, "image"]}
}

test_placeholder_is_silent if {
	count(rule.deny) == 0 with input as _input("<IMAGE1_NAME>", {"valid": false, "variable": true, "error": ""})
}

test_valid_is_silent if {
	count(rule.deny) == 0 with input as _input("nginx:1", {"valid": true, "variable": false, "error": ""})
}
