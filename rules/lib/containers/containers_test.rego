package ecslint.lib.containers_test

import data.ecslint.lib.containers

test_name_uses_the_container_name if containers.name({"name": "web"}, 3) == "web"

test_name_falls_back_to_the_index if {
	containers.name({"image": "nginx"}, 3) == "#3"
	containers.name({"name": 7}, 0) == "#0"
}
