package ecslint.lib.containers_test

import data.ecslint.lib.containers

test_name_uses_the_container_name if containers.name({"name": "web"}, 3) == "web"

test_name_falls_back_to_the_index if {
	containers.name({"image": "nginx"}, 3) == "#3"
	containers.name({"name": 7}, 0) == "#0"
}

test_secret_refs_in_order if {
	c := {
		"repositoryCredentials": {"credentialsParameter": "hub"},
		"secrets": [{"name": "DB", "valueFrom": "/app/db"}, {"valueFrom": 3}, {"valueFrom": "/app/x"}],
		"logConfiguration": {"secretOptions": [{"name": "apiKey", "valueFrom": "/log/key"}]},
	}
	refs := containers.secret_refs(c)
	[r.value | some r in refs] == ["hub", "/app/db", "/app/x", "/log/key"]
	refs[0].path == ["repositoryCredentials", "credentialsParameter"]
	refs[2].path == ["secrets", 2, "valueFrom"]
	refs[2].what == "secret #2"
	refs[3].what == "log option \"apiKey\""
}

test_secret_refs_empty if count(containers.secret_refs({"image": "nginx"})) == 0
