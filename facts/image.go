package facts

import (
	_ "crypto/sha256" // register sha256 so that digests validate
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/distribution/reference"
	"github.com/opencontainers/go-digest"
)

// Image is what ecslint knows about one image reference, as found in a
// task definition's containerDefinitions[].image or a Dockerfile's FROM.
//
// Registry-level facts (Registry, DockerHub, ECR, ECRPublic) are filled
// whenever the registry host is statically known, even if the repository
// holds a placeholder ("myorg/${APP}" is DockerHub). Repository-level facts
// (Official, ECRPublicEquivalent) need Resolved.
type Image struct {
	Raw string `json:"-"`
	// Valid: the string parses as a reference once placeholders are
	// replaced by sample values. A placeholder is never a validity error.
	Valid bool `json:"valid"`
	// Variable: the string contains a template placeholder.
	Variable bool `json:"variable"`
	// Resolved: registry and repository are statically known (placeholders,
	// if any, sit only in the tag or digest).
	Resolved bool `json:"resolved"`
	// Registry is the lower-case host ("docker.io" for every Docker Hub
	// alias), the host as written when it holds a placeholder, or "" when
	// unknown.
	Registry string `json:"registry"`
	// Repository is the normalized path ("library/nginx") when Resolved;
	// otherwise the path as written with its placeholders, or "" when the
	// registry is unknown.
	Repository string `json:"repository"`
	// Tag and Digest are as written, placeholders included; "" when absent.
	Tag    string `json:"tag"`
	Digest string `json:"digest"`
	// DockerHub: the registry is Docker Hub.
	DockerHub bool `json:"dockerHub"`
	// Official: a Docker Official Image (docker.io/library/<name>).
	Official bool `json:"official"`
	// ECR: a private Amazon ECR registry (any partition, FIPS, dual-stack),
	// also when account or region are placeholders.
	ECR bool `json:"ecr"`
	// ECRPublic: Amazon ECR Public.
	ECRPublic bool `json:"ecrPublic"`
	// ECRPublicEquivalent is the ECR Public reference with the same tag and
	// digest, or "" when none is known.
	ECRPublicEquivalent string `json:"ecrPublicEquivalent"`
	// Error says why Valid is false, as one lower-case phrase.
	Error string `json:"error,omitempty"`
}

// AnalyzeImage analyzes raw with a fresh catalog. Callers analyzing many
// images should build one Catalog with NewCatalog and call Catalog.Image.
func AnalyzeImage(raw string) Image { return NewCatalog().Image(raw) }

// Values substituted for placeholders so that the rest of a reference can
// be checked by distribution/reference.
const (
	sampleName   = "x"
	samplePort   = "0"
	sampleDigest = "sha256:0000000000000000000000000000000000000000000000000000000000000000"
)

// maxValueLen bounds the strings analyzed, so that hostile input costs
// little. No valid image reference or ARN comes close: repository names
// stop at 255 characters, tags at 128, parameter ARNs at 2048.
const maxValueLen = 4096

// refParts locates the components of a tokenized reference,
// [host/]path[:tag][@digest], so that placeholders can be attributed to
// them. It never validates: distribution/reference does that.
type refParts struct {
	host, path, tag, digest string
	pathOff, tagOff, digOff int
	hasTag, hasDigest       bool
	// hostKnown is false when a placeholder might expand to a registry
	// host ("${REGISTRY}/app", "${IMAGE}").
	hostKnown bool
}

func splitRef(s string) refParts {
	p := refParts{hostKnown: true}
	name := s
	if at := strings.IndexByte(s, '@'); at >= 0 {
		p.hasDigest, p.digest, p.digOff, name = true, s[at+1:], at+1, s[:at]
	}
	if c := strings.LastIndexByte(name, ':'); c > strings.LastIndexByte(name, '/') {
		p.hasTag, p.tag, p.tagOff, name = true, name[c+1:], c+1, name[:c]
	}
	first, rest, ok := strings.Cut(name, "/")
	lit := literal(first)
	switch {
	case !ok:
		// A single component is a Docker Hub name unless it is templated.
		p.path, p.hostKnown = name, !has(name)
	case strings.ContainsAny(lit, ".:") || first == "localhost" || strings.ToLower(lit) != lit:
		// The rules of distribution/reference's splitDockerDomain.
		p.host, p.path, p.pathOff = first, rest, len(first)+1
	default:
		p.path, p.hostKnown = name, !has(first)
	}
	return p
}

// sample returns the reference with every placeholder replaced by a value
// valid in its position and Docker Hub aliases replaced by docker.io.
func (p refParts) sample() string {
	var b strings.Builder
	if p.host != "" {
		host := p.host
		switch {
		case dockerHubAlias(host):
			host = HostDockerHub
		case has(host):
			h, port, ok := cutLast(host, ':')
			host = substitute(h, sampleName)
			if ok {
				host += ":" + substitute(port, samplePort)
			}
		}
		b.WriteString(host)
		b.WriteByte('/')
	}
	b.WriteString(substitute(p.path, sampleName))
	if p.hasTag {
		b.WriteByte(':')
		b.WriteString(substitute(p.tag, sampleName))
	}
	if p.hasDigest {
		b.WriteByte('@')
		if has(p.digest) {
			b.WriteString(sampleDigest)
		} else {
			b.WriteString(p.digest)
		}
	}
	return b.String()
}

// Image analyzes one image reference.
func (c *Catalog) Image(raw string) Image {
	img := Image{Raw: raw}
	if strings.TrimSpace(raw) == "" {
		img.Error = "empty image"
		return img
	}
	if len(raw) > maxValueLen {
		img.Error = fmt.Sprintf("longer than %d characters", maxValueLen)
		return img
	}
	t, ok := tokenize(raw)
	if !ok {
		img.Error = fmt.Sprintf("contains the character %U", sentinel)
		return img
	}
	img.Variable = len(t.subs) > 0
	if strings.ContainsFunc(t.text, unicode.IsSpace) {
		if strings.TrimSpace(t.text) != t.text {
			img.Error = "leading or trailing whitespace"
		} else {
			img.Error = "contains whitespace"
		}
		return img
	}
	if t.text == string(sentinel) {
		img.Valid = true // a bare placeholder: nothing to judge
		return img
	}

	p := splitRef(t.text)
	named, err := reference.ParseNormalizedNamed(p.sample())
	if err != nil {
		img.Error = p.explain(t, err)
		return img
	}
	if reference.Domain(named) == "" {
		// splitDockerDomain took the first component for a host, but the
		// name grammar could not: "0_0.0/app" has no registry at all.
		img.Error = fmt.Sprintf("invalid registry host %q", t.restore(p.host, 0))
		return img
	}
	img.Valid = true
	img.Tag = t.restore(p.tag, p.tagOff)
	img.Digest = t.restore(p.digest, p.digOff)
	hostTemplated := has(p.host)
	img.Resolved = p.hostKnown && !hostTemplated && !has(p.path)
	switch {
	case !p.hostKnown:
		return img
	case hostTemplated:
		img.Registry = t.restore(p.host, 0)
	default:
		img.Registry = strings.ToLower(reference.Domain(named))
	}
	if img.Resolved {
		img.Repository = reference.Path(named)
	} else {
		img.Repository = t.restore(p.path, p.pathOff)
	}
	if p.host != "" {
		host := substitute(p.host, sampleName)
		img.ECR = isECR(host)
		img.ECRPublic = isECRPublic(host)
	}
	img.DockerHub = !hostTemplated && img.Registry == HostDockerHub
	if img.DockerHub && img.Resolved {
		if name, ok := strings.CutPrefix(img.Repository, "library/"); ok {
			img.Official = c.Official(name)
		}
		img.ECRPublicEquivalent = c.equivalent(img.Repository, img.Tag, img.Digest)
	}
	return img
}

// explain turns a parse error into one precise lower-case phrase.
func (p refParts) explain(t template, err error) string {
	path := t.restore(p.path, p.pathOff)
	msg := err.Error()
	switch {
	case errors.Is(err, reference.ErrNameContainsUppercase) || strings.Contains(msg, "must be lowercase"):
		return fmt.Sprintf("repository name %q must be lowercase", path)
	case errors.Is(err, reference.ErrNameTooLong):
		return fmt.Sprintf("repository name is longer than %d characters", reference.RepositoryNameTotalLengthMax)
	case strings.Contains(msg, "64-byte hexadecimal"):
		return "a bare 64-character hexadecimal image id is not a reference"
	case errors.Is(err, digest.ErrDigestInvalidFormat), errors.Is(err, digest.ErrDigestInvalidLength),
		errors.Is(err, digest.ErrDigestUnsupported):
		return fmt.Sprintf("invalid digest %q: %v", p.digest, err)
	}
	// ErrReferenceInvalidFormat or ErrNameEmpty: find the faulty component.
	if p.hasDigest && !has(p.digest) {
		if p.digest == "" {
			return "empty digest after \"@\""
		}
		if _, derr := digest.Parse(p.digest); derr != nil {
			return fmt.Sprintf("invalid digest %q: %v", p.digest, derr)
		}
	}
	if p.hasTag {
		tag := t.restore(p.tag, p.tagOff)
		if tag == "" {
			return "empty tag after \":\""
		}
		x, _ := reference.WithName(sampleName)
		if _, terr := reference.WithTag(x, substitute(p.tag, sampleName)); terr != nil {
			return fmt.Sprintf("invalid tag %q", tag)
		}
	}
	if p.host != "" {
		sample := refParts{host: p.host, path: sampleName, hostKnown: true}.sample()
		if _, herr := reference.ParseNormalizedNamed(sample); herr != nil {
			return fmt.Sprintf("invalid registry host %q", t.restore(p.host, 0))
		}
	}
	if path == "" {
		return "missing repository name"
	}
	return fmt.Sprintf("invalid repository name %q", path)
}

// cutLast splits s around the last sep.
func cutLast(s string, sep byte) (before, after string, found bool) {
	if i := strings.LastIndexByte(s, sep); i >= 0 {
		return s[:i], s[i+1:], true
	}
	return s, "", false
}
