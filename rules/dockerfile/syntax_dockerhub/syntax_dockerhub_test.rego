package ecslint.rules.dockerfile.syntax_dockerhub_test

import data.ecslint.rules.dockerfile.syntax_dockerhub as rule

test_docker_hub_syntax_fires if {
	paths := {f.path | some f in rule.deny} with input as {
		"syntax": {"image": "docker/dockerfile:1", "line": 1},
		"facts": {"images": {"docker/dockerfile:1": {"dockerHub": true, "resolved": true, "digest": ""}}},
	}
	paths == {["syntax", "image"]}
}

test_pinned_syntax_fires_with_a_milder_message if {
	some f in rule.deny with input as {
		"syntax": {"image": "docker/dockerfile:1@sha256:abc", "line": 1},
		"facts": {"images": {"docker/dockerfile:1@sha256:abc": {"dockerHub": true, "resolved": true, "digest": "sha256:abc"}}},
	}
	contains(f.message, "has not cached it")
}

test_other_registry_is_silent if {
	count(rule.deny) == 0 with input as {
		"syntax": {"image": "ghcr.io/acme/frontend:1", "line": 1},
		"facts": {"images": {"ghcr.io/acme/frontend:1": {"dockerHub": false, "resolved": true, "digest": ""}}},
	}
}

test_no_syntax_is_silent if {
	count(rule.deny) == 0 with input as {"facts": {"images": {}}}
}
