package facts

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/distribution/reference"
)

// officialImages lists the Docker Official Images, one name a line, as
// copied from the docker-library/official-images repository (its first
// line names the commit).
//
//go:embed data/docker-official-images.txt
var officialImages string

// vendorImages maps vendor Docker Hub repositories to their ECR Public
// twins; data/ecr-public-vendors.txt documents the format.
//
//go:embed data/ecr-public-vendors.txt
var vendorImages string

// ecrPublicLibrary is where ECR Public mirrors the Docker Official Images.
const ecrPublicLibrary = HostECRPublic + "/docker/library/"

// Catalog knows which Docker Hub images have an ECR Public equivalent. It
// is built once from data embedded in the binary and is safe for concurrent
// use, as it is never modified after NewCatalog.
type Catalog struct {
	official map[string]bool   // "nginx" for docker.io/library/nginx
	vendors  map[string]string // "library/ubuntu" -> "public.ecr.aws/ubuntu/ubuntu"
	sources  map[string]string // "library/ubuntu" -> source URL
	order    []string          // vendor keys in file order
}

// VendorMapping is one line of the embedded vendor list.
type VendorMapping struct {
	DockerHub string // normalized Docker Hub repository, e.g. "library/ubuntu"
	ECRPublic string // e.g. "public.ecr.aws/ubuntu/ubuntu"
	Source    string // URL that documents the equivalence
}

// NewCatalog parses the embedded catalog. The data ships with the binary
// and a unit test parses it, so a failure here is a build defect and
// panics.
func NewCatalog() *Catalog {
	c, err := parseCatalog(officialImages, vendorImages)
	if err != nil {
		panic(fmt.Sprintf("facts: embedded catalog: %v", err))
	}
	return c
}

// parseCatalog builds a Catalog from the two data files.
func parseCatalog(official, vendors string) (*Catalog, error) {
	c := &Catalog{
		official: map[string]bool{},
		vendors:  map[string]string{},
		sources:  map[string]string{},
	}
	for n, line := range strings.Split(official, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		// A cheap check keeps NewCatalog fast; TestEveryOfficialImageMaps
		// parses every name with distribution/reference.
		if !officialName(line) {
			return nil, fmt.Errorf("official images line %d: %q is not an image name", n+1, line)
		}
		c.official[line] = true
	}
	for n, line := range strings.Split(vendors, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		m, err := parseVendorLine(line)
		if err != nil {
			return nil, fmt.Errorf("vendor images line %d: %w", n+1, err)
		}
		if _, dup := c.vendors[m.DockerHub]; dup {
			return nil, fmt.Errorf("vendor images line %d: %q mapped twice", n+1, m.DockerHub)
		}
		c.vendors[m.DockerHub] = m.ECRPublic
		c.sources[m.DockerHub] = m.Source
		c.order = append(c.order, m.DockerHub)
	}
	return c, nil
}

// officialName reports whether s looks like an official image name: one
// path component of [a-z0-9._-] starting with a letter or digit.
func officialName(s string) bool {
	if s == "" || !asciiAlnum(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !lowerAlnum(s[i]) && strings.IndexByte("._-", s[i]) < 0 {
			return false
		}
	}
	return true
}

// parseVendorLine parses "<docker-hub-repo> <ecr-public-repo> <source-url>".
func parseVendorLine(line string) (VendorMapping, error) {
	f := strings.Fields(line)
	if len(f) != 3 {
		return VendorMapping{}, fmt.Errorf("want 3 fields, got %d", len(f))
	}
	from, err := reference.ParseNormalizedNamed(f[0])
	if err != nil {
		return VendorMapping{}, fmt.Errorf("docker hub repository %q: %w", f[0], err)
	}
	if reference.Domain(from) != HostDockerHub || !reference.IsNameOnly(from) {
		return VendorMapping{}, fmt.Errorf("%q is not a Docker Hub repository without tag or digest", f[0])
	}
	to, err := reference.ParseNormalizedNamed(f[1])
	if err != nil {
		return VendorMapping{}, fmt.Errorf("ecr public repository %q: %w", f[1], err)
	}
	if reference.Domain(to) != HostECRPublic || !reference.IsNameOnly(to) || to.String() != f[1] {
		return VendorMapping{}, fmt.Errorf("%q is not a %s repository without tag or digest", f[1], HostECRPublic)
	}
	if !strings.HasPrefix(f[2], "https://") {
		return VendorMapping{}, fmt.Errorf("source %q is not an https URL", f[2])
	}
	return VendorMapping{DockerHub: reference.Path(from), ECRPublic: f[1], Source: f[2]}, nil
}

// Official reports whether name (e.g. "nginx") is a Docker Official Image.
func (c *Catalog) Official(name string) bool { return c.official[name] }

// OfficialCount returns the number of Docker Official Images known.
func (c *Catalog) OfficialCount() int { return len(c.official) }

// Vendors returns the vendor mappings in file order.
func (c *Catalog) Vendors() []VendorMapping {
	out := make([]VendorMapping, 0, len(c.order))
	for _, k := range c.order {
		out = append(out, VendorMapping{DockerHub: k, ECRPublic: c.vendors[k], Source: c.sources[k]})
	}
	return out
}

// equivalent returns the ECR Public reference for the Docker Hub
// repository repo ("library/nginx") with the given tag and digest (either
// may be empty or hold placeholders), or "" when none is known.
func (c *Catalog) equivalent(repo, tag, digest string) string {
	var suffix string
	if tag != "" {
		suffix = ":" + tag
	}
	// A vendor's own ECR Public repository need not share digests with its
	// Docker Hub one, so a digest-pinned image only gets the mirror of the
	// official image, which carries the same manifests.
	if v, ok := c.vendors[repo]; ok && digest == "" {
		return v + suffix
	}
	if digest != "" {
		suffix += "@" + digest
	}
	if name, ok := strings.CutPrefix(repo, "library/"); ok && c.official[name] {
		return ecrPublicLibrary + name + suffix
	}
	return ""
}
