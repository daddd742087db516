package ecslint.rules.taskdef.ecr_public_equivalent_test

import data.ecslint.rules.taskdef.ecr_public_equivalent as rule

_input(image, img) := {
	"taskDefinition": {"containerDefinitions": [{"name": "a", "image": image}]},
	"facts": {"images": {image: img}},
}

test_official_image_fires_with_fix if {
	some f in rule.deny with input as _input("nginx:1.27", {"dockerHub": true, "ecrPublicEquivalent": "public.ecr.aws/docker/library/nginx:1.27"})
	f.path == ["taskDefinition", "containerDefinitions", 0, "image"]
	f.fix == "public.ecr.aws/docker/library/nginx:1.27"
}

test_no_equivalent_is_silent if {
	count(rule.deny) == 0 with input as _input("acme/app:1", {"dockerHub": true, "ecrPublicEquivalent": ""})
}

test_already_ecr_public_is_silent if {
	count(rule.deny) == 0 with input as _input("public.ecr.aws/docker/library/nginx:1.27", {"dockerHub": false, "ecrPublic": true, "ecrPublicEquivalent": ""})
}
