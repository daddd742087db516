# METADATA
# title: Image helpers
# description: Helpers shared by the rules that judge image facts.
package ecslint.lib.images

# floating says why an image floats (no tag and no digest, or the tag
# latest); undefined for an image pinned by version tag or by digest.
floating(img) := "has neither tag nor digest, so it means latest" if {
	img.tag == ""
	img.digest == ""
}

floating(img) := "uses the tag latest" if {
	img.tag == "latest"
	img.digest == ""
}
