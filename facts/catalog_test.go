package facts

import (
	"bufio"
	"net/url"
	"os"
	"strings"
	"testing"
)

// TestOfficialImagesData checks the embedded list is the shared one, byte
// for byte, and starts with its source line.
func TestOfficialImagesData(t *testing.T) {
	if !strings.HasPrefix(officialImages, "# source: github.com/docker-library/official-images") {
		t.Errorf("official images list does not start with its source line: %.80q", officialImages)
	}
	shared, err := os.ReadFile("../../shared/data/docker-official-images.txt")
	if err != nil {
		t.Skipf("shared copy not available: %v", err)
	}
	if string(shared) != officialImages {
		t.Error("data/docker-official-images.txt differs from shared/data/docker-official-images.txt")
	}
}

// TestEveryOfficialImageMaps checks every name of the embedded list, bare
// and in its other spellings, is official and maps to the ECR Public
// mirror (or to its vendor's repository).
func TestEveryOfficialImageMaps(t *testing.T) {
	c := NewCatalog()
	vendors := map[string]string{}
	for _, v := range c.Vendors() {
		vendors[v.DockerHub] = v.ECRPublic
	}
	n := 0
	sc := bufio.NewScanner(strings.NewReader(officialImages))
	for sc.Scan() {
		name := strings.TrimSpace(sc.Text())
		if name == "" || strings.HasPrefix(name, "#") {
			continue
		}
		n++
		want := "public.ecr.aws/docker/library/" + name + ":1"
		if v, ok := vendors["library/"+name]; ok {
			want = v + ":1"
		}
		for _, raw := range []string{name + ":1", "library/" + name + ":1", "docker.io/library/" + name + ":1", "index.docker.io/" + name + ":1"} {
			img := c.Image(raw)
			if !img.Valid || !img.Resolved || !img.DockerHub || !img.Official || img.Repository != "library/"+name {
				t.Errorf("Image(%q) = %+v, want a valid official Docker Hub image", raw, img)
			}
			if img.ECRPublicEquivalent != want {
				t.Errorf("Image(%q).ECRPublicEquivalent = %q, want %q", raw, img.ECRPublicEquivalent, want)
			}
		}
		if d := c.Image(name + "@" + testDigest); d.ECRPublicEquivalent != "public.ecr.aws/docker/library/"+name+"@"+testDigest {
			t.Errorf("Image(%q).ECRPublicEquivalent = %q, want the library mirror with the digest", name+"@"+testDigest, d.ECRPublicEquivalent)
		}
	}
	if n < 100 || n != c.OfficialCount() {
		t.Errorf("%d names in the list, catalog knows %d", n, c.OfficialCount())
	}
}

// TestVendorData checks the embedded vendor list parses, has a comment
// header, and cites an https URL for every mapping.
func TestVendorData(t *testing.T) {
	if !strings.HasPrefix(vendorImages, "# ") {
		t.Error("vendor list has no comment header")
	}
	c, err := parseCatalog(officialImages, vendorImages)
	if err != nil {
		t.Fatal(err)
	}
	lines := 0
	for _, line := range strings.Split(vendorImages, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			lines++
		}
	}
	vs := c.Vendors()
	if len(vs) != lines || lines == 0 {
		t.Fatalf("parsed %d mappings from %d lines", len(vs), lines)
	}
	for _, v := range vs {
		u, err := url.Parse(v.Source)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			t.Errorf("%s: source %q is not an https URL", v.DockerHub, v.Source)
		}
		if !strings.HasPrefix(v.ECRPublic, "public.ecr.aws/") {
			t.Errorf("%s: %q is not on public.ecr.aws", v.DockerHub, v.ECRPublic)
		}
		img := c.Image(v.DockerHub + ":t")
		if !img.DockerHub || img.ECRPublicEquivalent != v.ECRPublic+":t" {
			t.Errorf("Image(%q) = %+v, want equivalent %s:t", v.DockerHub+":t", img, v.ECRPublic)
		}
	}
	for _, want := range []string{"amazon/aws-cli", "library/amazonlinux", "library/ubuntu"} {
		if _, ok := c.vendors[want]; !ok {
			t.Errorf("vendor list lacks %s", want)
		}
	}
}

// TestVendorLineErrors checks a broken data file is reported, not ignored.
func TestVendorLineErrors(t *testing.T) {
	for _, data := range []string{
		"amazon/aws-cli public.ecr.aws/aws-cli/aws-cli",
		"amazon/aws-cli public.ecr.aws/aws-cli/aws-cli http://example.com",
		"amazon/aws-cli:2 public.ecr.aws/aws-cli/aws-cli https://example.com",
		"ghcr.io/x/y public.ecr.aws/x/y https://example.com",
		"amazon/aws-cli ghcr.io/aws-cli/aws-cli https://example.com",
		"amazon/aws-cli public.ecr.aws/aws-cli/aws-cli:latest https://example.com",
		"Amazon/aws-cli public.ecr.aws/aws-cli/aws-cli https://example.com",
		"a public.ecr.aws/a/a https://example.com\na public.ecr.aws/b/b https://example.com",
	} {
		if _, err := parseCatalog("", data); err == nil {
			t.Errorf("parseCatalog accepted vendor data %q", data)
		}
	}
	if _, err := parseCatalog("Nginx\n", ""); err == nil {
		t.Error("parseCatalog accepted an invalid official image name")
	}
}
