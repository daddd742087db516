package ecslint.lib.images_test

import data.ecslint.lib.images

test_untagged_floats if images.floating({"tag": "", "digest": ""}) == "has neither tag nor digest, so it means latest"

test_latest_floats if images.floating({"tag": "latest", "digest": ""}) == "uses the tag latest"

test_pinned_images_do_not_float if {
	not images.floating({"tag": "1.27", "digest": ""})
	not images.floating({"tag": "latest", "digest": "sha256:abc"})
	not images.floating({"tag": "", "digest": "sha256:abc"})
}
