package ecslint.rules.taskdef.dockerhub_unauthenticated_test

import data.ecslint.rules.taskdef.dockerhub_unauthenticated as rule

_facts := {"images": {
	"nginx:1.27": {"dockerHub": true, "resolved": true},
	"public.ecr.aws/docker/library/nginx:1.27": {"dockerHub": false, "ecrPublic": true},
}}

test_docker_hub_without_credentials_fires if {
	paths := {f.path | some f in rule.deny} with input as {
		"taskDefinition": {"containerDefinitions": [
			{"name": "a", "image": "public.ecr.aws/docker/library/nginx:1.27"},
			{"name": "b", "image": "nginx:1.27"},
		]},
		"facts": _facts,
	}
	paths == {["taskDefinition", "containerDefinitions", 1, "image"]}
}

test_docker_hub_with_credentials_is_silent if {
	count(rule.deny) == 0 with input as {
		"taskDefinition": {"containerDefinitions": [{
			"name": "b", "image": "nginx:1.27",
			"repositoryCredentials": {"credentialsParameter": "arn:aws:secretsmanager:us-east-1:123456789012:secret:hub-AbCdEf"},
		}]},
		"facts": _facts,
	}
}

test_unknown_image_is_silent if {
	count(rule.deny) == 0 with input as {
		"taskDefinition": {"containerDefinitions": [{"name": "b", "image": "${IMAGE}"}]},
		"facts": {"images": {"${IMAGE}": {"dockerHub": false, "resolved": false}}},
	}
}

test_docker_hub_with_unknown_repository_is_silent if {
	count(rule.deny) == 0 with input as {
		"taskDefinition": {"containerDefinitions": [{"name": "b", "image": "acme/${APP}"}]},
		"facts": {"images": {"acme/${APP}": {"dockerHub": true, "resolved": false}}},
	}
}
