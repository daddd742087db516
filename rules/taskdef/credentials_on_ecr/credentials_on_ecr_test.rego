package ecslint.rules.taskdef.credentials_on_ecr_test

import data.ecslint.rules.taskdef.credentials_on_ecr as rule

_input(image, img, container) := {
	"taskDefinition": {"containerDefinitions": [object.union({"name": "a", "image": image}, container)]},
	"facts": {"images": {image: img}},
}

_creds := {"repositoryCredentials": {"credentialsParameter": "hub"}}

test_ecr_with_credentials_fires if {
	paths := {f.path | some f in rule.deny} with input as _input("1.dkr.ecr.us-east-1.amazonaws.com/a:1", {"ecr": true}, _creds)
	paths == {["taskDefinition", "containerDefinitions", 0, "repositoryCredentials"]}
}

test_ecr_public_with_credentials_fires if {
	count(rule.deny) == 1 with input as _input("public.ecr.aws/a/b:1", {"ecrPublic": true}, _creds)
}

test_ecr_without_credentials_is_silent if {
	count(rule.deny) == 0 with input as _input("1.dkr.ecr.us-east-1.amazonaws.com/a:1", {"ecr": true}, {})
}

test_docker_hub_with_credentials_is_silent if {
	count(rule.deny) == 0 with input as _input("nginx:1", {"dockerHub": true}, _creds)
}
