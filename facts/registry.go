package facts

import "strings"

// Registry host names.
const (
	// HostDockerHub is the normalized name of the Docker Hub registry.
	HostDockerHub = "docker.io"
	// HostECRPublic is the host of Amazon ECR Public.
	HostECRPublic = "public.ecr.aws"
	// ecrPublicDualStack is ECR Public's dual-stack (IPv6) host for Docker
	// and OCI clients, see
	// https://docs.aws.amazon.com/AmazonECR/latest/public/public-ecr-requests.html
	ecrPublicDualStack = "ecr-public.aws.com"
)

// dockerHubAlias reports whether host names Docker Hub. Host names are
// case-insensitive. distribution/reference knows only the first two.
func dockerHubAlias(host string) bool {
	switch strings.ToLower(host) {
	case "docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com":
		return true
	}
	return false
}

// isECRPublic reports whether host is Amazon ECR Public.
func isECRPublic(host string) bool {
	h := strings.ToLower(host)
	return h == HostECRPublic || h == ecrPublicDualStack
}

// isECR reports whether host is a private Amazon ECR registry:
//
//	<account>.dkr.ecr.<region>.<dns suffix>        IPv4
//	<account>.dkr.ecr-fips.<region>.<dns suffix>   FIPS
//	<account>.dkr-ecr.<region>.on.aws              dual-stack
//	<account>.dkr-ecr-fips.<region>.on.aws         dual-stack FIPS
//
// (https://docs.aws.amazon.com/general/latest/gr/ecr.html,
// https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html).
// The DNS suffixes are those of the AWS partitions in aws-sdk-go-v2's
// partitions.json. Account and region are matched loosely (any DNS label)
// so that redacted ("XXXXX") and templated ("${AWS::AccountId}", already
// substituted by the caller) hosts are recognized: nobody but AWS can serve
// these names.
func isECR(host string) bool {
	h := strings.ToLower(host)
	if i := strings.LastIndexByte(h, ':'); i >= 0 {
		h = h[:i] // a port, e.g. :443
	}
	account, rest, ok := strings.Cut(h, ".")
	if !ok || !dnsLabel(account) {
		return false
	}
	for _, p := range []string{"dkr.ecr.", "dkr.ecr-fips."} {
		if r, ok := strings.CutPrefix(rest, p); ok {
			region, suffix, ok := strings.Cut(r, ".")
			return ok && dnsLabel(region) && ecrSuffix(suffix)
		}
	}
	for _, p := range []string{"dkr-ecr.", "dkr-ecr-fips."} {
		if r, ok := strings.CutPrefix(rest, p); ok {
			region, suffix, ok := strings.Cut(r, ".")
			return ok && dnsLabel(region) && suffix == "on.aws"
		}
	}
	return false
}

// ecrSuffix reports whether s is the DNS suffix of an AWS partition.
func ecrSuffix(s string) bool {
	switch s {
	case "amazonaws.com", "amazonaws.com.cn", "amazonaws.eu",
		"c2s.ic.gov", "sc2s.sgov.gov", "cloud.adc-e.uk", "csp.hci.ic.gov":
		return true
	}
	return false
}

// dnsLabel reports whether s is a non-empty run of [a-z0-9_-].
func dnsLabel(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !lowerAlnum(s[i]) && s[i] != '-' && s[i] != '_' {
			return false
		}
	}
	return true
}

// lowerAlnum reports whether c is in [a-z0-9].
func lowerAlnum(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }
