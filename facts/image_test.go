package facts

import (
	"encoding/json"
	"strings"
	"testing"
)

const (
	hex64      = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	testDigest = "sha256:" + hex64
)

// hub is the expected analysis of a valid, resolved Docker Hub image.
func hub(repo, tag, dig string, official bool, equivalent string) Image {
	return Image{
		Valid: true, Resolved: true, Registry: "docker.io", Repository: repo,
		Tag: tag, Digest: dig, DockerHub: true, Official: official,
		ECRPublicEquivalent: equivalent,
	}
}

// other is the expected analysis of a valid, resolved image that is not on
// Docker Hub.
func other(registry, repo, tag, dig string) Image {
	return Image{Valid: true, Resolved: true, Registry: registry, Repository: repo, Tag: tag, Digest: dig}
}

func ecr(img Image) Image       { img.ECR = true; return img }
func ecrPublic(img Image) Image { img.ECRPublic = true; return img }
func variable(img Image) Image  { img.Variable = true; return img }

// invalid is the expected analysis of an invalid image.
func invalid(msg string) Image { return Image{Error: msg} }

// unresolved is the expected analysis of a valid templated image whose
// registry or repository is not statically known.
func unresolved(registry, repo, tag string) Image {
	return Image{Valid: true, Variable: true, Registry: registry, Repository: repo, Tag: tag}
}

func TestImage(t *testing.T) {
	const lib = "public.ecr.aws/docker/library/"
	tests := []struct {
		raw  string
		want Image
	}{
		// Docker Hub, official images, and every alias of the registry.
		{"nginx", hub("library/nginx", "", "", true, lib+"nginx")},
		{"nginx:1.27", hub("library/nginx", "1.27", "", true, lib+"nginx:1.27")},
		{"nginx:latest", hub("library/nginx", "latest", "", true, lib+"nginx:latest")},
		{"library/nginx", hub("library/nginx", "", "", true, lib+"nginx")},
		{"docker.io/nginx", hub("library/nginx", "", "", true, lib+"nginx")},
		{"docker.io/library/nginx:1.27", hub("library/nginx", "1.27", "", true, lib+"nginx:1.27")},
		{"index.docker.io/nginx", hub("library/nginx", "", "", true, lib+"nginx")},
		{"registry-1.docker.io/library/redis:7", hub("library/redis", "7", "", true, lib+"redis:7")},
		{"registry-1.docker.io/redis:7", hub("library/redis", "7", "", true, lib+"redis:7")},
		{"registry.hub.docker.com/library/redis", hub("library/redis", "", "", true, lib+"redis")},
		{"Docker.IO/library/nginx", hub("library/nginx", "", "", true, lib+"nginx")},
		{"REGISTRY.HUB.DOCKER.COM/bitnami/redis", hub("bitnami/redis", "", "", false, "")},
		{"nginx@" + testDigest, hub("library/nginx", "", testDigest, true, lib+"nginx@"+testDigest)},
		{"nginx:1.27@" + testDigest, hub("library/nginx", "1.27", testDigest, true, lib+"nginx:1.27@"+testDigest)},
		{"redis:alpine", hub("library/redis", "alpine", "", true, lib+"redis:alpine")},
		{"httpd:2.4", hub("library/httpd", "2.4", "", true, lib+"httpd:2.4")},
		{"busybox:buildroot-2014.02", hub("library/busybox", "buildroot-2014.02", "", true, lib+"busybox:buildroot-2014.02")},
		{"eclipse-temurin:25.0.3_9-jre-alpine@sha256:28db6fdf60e38945e43d840c0333aeaec66c15943070104f7586fd3c9d1665b0",
			hub("library/eclipse-temurin", "25.0.3_9-jre-alpine", "sha256:28db6fdf60e38945e43d840c0333aeaec66c15943070104f7586fd3c9d1665b0", true,
				lib+"eclipse-temurin:25.0.3_9-jre-alpine@sha256:28db6fdf60e38945e43d840c0333aeaec66c15943070104f7586fd3c9d1665b0")},
		{"docker.io/library/php:8.5.9-cli-alpine3.24", hub("library/php", "8.5.9-cli-alpine3.24", "", true, lib+"php:8.5.9-cli-alpine3.24")},
		{"hello-world", hub("library/hello-world", "", "", true, lib+"hello-world")},
		// Not (or no longer) official.
		{"consul", hub("library/consul", "", "", false, "")},
		{"amazon-ecs-ftest-windows-base:make", hub("library/amazon-ecs-ftest-windows-base", "make", "", false, "")},
		{"bitnami/redis", hub("bitnami/redis", "", "", false, "")},
		{"abutaha/aws-es-proxy:0.9", hub("abutaha/aws-es-proxy", "0.9", "", false, "")},
		{"docker.io/buoyantio/helloworld:0.1.6", hub("buoyantio/helloworld", "0.1.6", "", false, "")},
		{"microsoft/iis", hub("microsoft/iis", "", "", false, "")},
		{"nvidia/cuda:9.0-base", hub("nvidia/cuda", "9.0-base", "", false, "")},
		// "FROM sha256:<hex>" is, to Docker, the image library/sha256 with a
		// 64-character tag.
		{"sha256:" + hex64, hub("library/sha256", hex64, "", false, "")},
		// Vendor mappings win over the official-image mirror, except with a
		// digest, which only the mirror is known to share.
		{"amazon/aws-cli:2.15.0", hub("amazon/aws-cli", "2.15.0", "", false, "public.ecr.aws/aws-cli/aws-cli:2.15.0")},
		{"amazon/aws-cli", hub("amazon/aws-cli", "", "", false, "public.ecr.aws/aws-cli/aws-cli")},
		{"amazon/aws-cli@" + testDigest, hub("amazon/aws-cli", "", testDigest, false, "")},
		{"ubuntu:22.04", hub("library/ubuntu", "22.04", "", true, "public.ecr.aws/ubuntu/ubuntu:22.04")},
		{"ubuntu@" + testDigest, hub("library/ubuntu", "", testDigest, true, lib+"ubuntu@"+testDigest)},
		{"docker.io/library/ubuntu:22.04", hub("library/ubuntu", "22.04", "", true, "public.ecr.aws/ubuntu/ubuntu:22.04")},
		{"amazonlinux:2023", hub("library/amazonlinux", "2023", "", true, "public.ecr.aws/amazonlinux/amazonlinux:2023")},
		{"amazonlinux:2", hub("library/amazonlinux", "2", "", true, "public.ecr.aws/amazonlinux/amazonlinux:2")},
		{"amazon/aws-for-fluent-bit:stable", hub("amazon/aws-for-fluent-bit", "stable", "", false, "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable")},
		{"amazon/aws-xray-daemon", hub("amazon/aws-xray-daemon", "", "", false, "public.ecr.aws/xray/aws-xray-daemon")},

		// Other registries.
		{"ghcr.io/org/app:1", other("ghcr.io", "org/app", "1", "")},
		{"GHCR.IO/org/app:1", other("ghcr.io", "org/app", "1", "")},
		{"quay.io/x/y", other("quay.io", "x/y", "", "")},
		{"quay.io/signalfx/fluent-bit-aws:1.3.2", other("quay.io", "signalfx/fluent-bit-aws", "1.3.2", "")},
		{"mcr.microsoft.com/windows/servercore:ltsc2022", other("mcr.microsoft.com", "windows/servercore", "ltsc2022", "")},
		{"mcr.microsoft.com/dotnet/runtime-deps:10.0.0-noble-chiseled@sha256:b857c8cb8d929183cfe4c6dd9994abba92a2639dd2dbaf06005379f815991604",
			other("mcr.microsoft.com", "dotnet/runtime-deps", "10.0.0-noble-chiseled", "sha256:b857c8cb8d929183cfe4c6dd9994abba92a2639dd2dbaf06005379f815991604")},
		{"docker.elastic.co/kibana/kibana:6.0.0", other("docker.elastic.co", "kibana/kibana", "6.0.0", "")},
		{"gcr.io/distroless/static", other("gcr.io", "distroless/static", "", "")},
		{"localhost:5000/app", other("localhost:5000", "app", "", "")},
		{"localhost/app", other("localhost", "app", "", "")},
		{"127.0.0.1:51670/busybox:latest", other("127.0.0.1:51670", "busybox", "latest", "")},
		{"example.com/nonexistent", other("example.com", "nonexistent", "", "")},
		// An upper-case registry host is fine (host names are case-insensitive)
		// and so is an upper-case first component, which Docker reads as a host.
		{"Registry.Example.com/team/app", other("registry.example.com", "team/app", "", "")},
		{"MyRegistry/app", other("myregistry", "app", "", "")},

		// Private ECR in every partition and endpoint flavor.
		{"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1", ecr(other("123456789012.dkr.ecr.us-east-1.amazonaws.com", "app", "1", ""))},
		{"123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/team/app", ecr(other("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", "team/app", "", ""))},
		{"123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/app", ecr(other("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com", "app", "", ""))},
		{"123456789012.dkr-ecr.eu-west-1.on.aws/app", ecr(other("123456789012.dkr-ecr.eu-west-1.on.aws", "app", "", ""))},
		{"123456789012.dkr-ecr-fips.us-east-2.on.aws/app", ecr(other("123456789012.dkr-ecr-fips.us-east-2.on.aws", "app", "", ""))},
		{"123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov/app", ecr(other("123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov", "app", "", ""))},
		{"123456789012.DKR.ECR.US-EAST-1.AMAZONAWS.COM/app", ecr(other("123456789012.dkr.ecr.us-east-1.amazonaws.com", "app", "", ""))},
		{"840364872350.dkr.ecr.us-east-1.amazonaws.com/aws-appmesh-envoy:v1.12.2.1-prod", ecr(other("840364872350.dkr.ecr.us-east-1.amazonaws.com", "aws-appmesh-envoy", "v1.12.2.1-prod", ""))},
		{"XXXXX.dkr.ecr.us-east-1.amazonaws.com/fluentd:latest", ecr(other("xxxxx.dkr.ecr.us-east-1.amazonaws.com", "fluentd", "latest", ""))},
		// An ECR pull-through cache of Docker Hub is ECR, not Docker Hub.
		{"123456789012.dkr.ecr.us-east-1.amazonaws.com/docker-hub/library/nginx:1.27", ecr(other("123456789012.dkr.ecr.us-east-1.amazonaws.com", "docker-hub/library/nginx", "1.27", ""))},
		// Look-alikes are not ECR.
		{"123456789012.dkr.ecr.us-east-1.amazonaws.com.example.com/app", other("123456789012.dkr.ecr.us-east-1.amazonaws.com.example.com", "app", "", "")},
		{"dkr.ecr.us-east-1.amazonaws.com/app", other("dkr.ecr.us-east-1.amazonaws.com", "app", "", "")},

		// ECR Public.
		{"public.ecr.aws/docker/library/nginx:1.27", ecrPublic(other("public.ecr.aws", "docker/library/nginx", "1.27", ""))},
		{"public.ecr.aws/aws-observability/aws-for-fluent-bit:stable", ecrPublic(other("public.ecr.aws", "aws-observability/aws-for-fluent-bit", "stable", ""))},
		{"public.ecr.aws/opensearchproject/opensearch:3.7.0@sha256:123e6591a47b1d54686890551bdb35739c85193ecded381219fc9e059e18128f",
			ecrPublic(other("public.ecr.aws", "opensearchproject/opensearch", "3.7.0", "sha256:123e6591a47b1d54686890551bdb35739c85193ecded381219fc9e059e18128f"))},
		{"ecr-public.aws.com/docker/library/nginx", ecrPublic(other("ecr-public.aws.com", "docker/library/nginx", "", ""))},

		// Invalid references, each with a precise reason.
		{"", invalid("empty image")},
		{"  ", invalid("empty image")},
		{"Nginx:1", invalid(`repository name "Nginx" must be lowercase`)},
		{"XXXXX.dkr.ecr.us-east-1.amazonaws.com/myApp:latest", invalid(`repository name "myApp" must be lowercase`)},
		{"REPOSITORY_URI:IMAGE_TAG", invalid(`repository name "REPOSITORY_URI" must be lowercase`)},
		{"nginx:1.27 ", invalid("leading or trailing whitespace")},
		{" nginx", invalid("leading or trailing whitespace")},
		{"nginx :1.27", invalid("contains whitespace")},
		{"nginx@sha256:abc", invalid(`invalid digest "sha256:abc": invalid checksum digest length`)},
		{"nginx@sha256:" + strings.ToUpper(hex64), invalid(`invalid digest "sha256:` + strings.ToUpper(hex64) + `": invalid checksum digest format`)},
		{"nginx@md5:0123456789abcdef0123456789abcdef", invalid(`invalid digest "md5:0123456789abcdef0123456789abcdef": unsupported digest algorithm`)},
		{"nginx@", invalid(`empty digest after "@"`)},
		{"nginx:", invalid(`empty tag after ":"`)},
		{"nginx:-bad", invalid(`invalid tag "-bad"`)},
		{"nginx:" + strings.Repeat("a", 129), invalid(`invalid tag "` + strings.Repeat("a", 129) + `"`)},
		{"local:abc/app", invalid(`invalid registry host "local:abc"`)},
		{"a//b", invalid(`invalid repository name "a//b"`)},
		{"my_registry.local/app", invalid(`invalid registry host "my_registry.local"`)},
		{"-x", invalid(`invalid repository name "-x"`)},
		{":1.0", invalid("missing repository name")},
		{hex64, invalid("a bare 64-character hexadecimal image id is not a reference")},
		{"example.com/" + strings.Repeat("a", 256), invalid("repository name is longer than 255 characters")},
		{strings.Repeat("${X}", 1100), invalid("longer than 4096 characters")},
		{"https://ghcr.io/org/app", invalid(`invalid registry host "https:"`)},
		{"{unterminated", invalid(`invalid repository name "{unterminated"`)},
		{"{core dump image build", invalid("contains whitespace")},

		// Placeholders in the tag or digest: still resolved.
		{"nginx:${TAG}", variable(hub("library/nginx", "${TAG}", "", true, lib+"nginx:${TAG}"))},
		{"nginx:$TAG", variable(hub("library/nginx", "$TAG", "", true, lib+"nginx:$TAG"))},
		{"nginx:%TAG%", variable(hub("library/nginx", "%TAG%", "", true, lib+"nginx:%TAG%"))},
		{"nginx:#{Octopus.Tag}", variable(hub("library/nginx", "#{Octopus.Tag}", "", true, lib+"nginx:#{Octopus.Tag}"))},
		{"nginx:@VERSION@", variable(hub("library/nginx", "@VERSION@", "", true, lib+"nginx:@VERSION@"))},
		{"nginx:<TAG>", variable(hub("library/nginx", "<TAG>", "", true, lib+"nginx:<TAG>"))},
		{"nginx:${{ github.sha }}", variable(hub("library/nginx", "${{ github.sha }}", "", true, lib+"nginx:${{ github.sha }}"))},
		{"nginx@${DIGEST}", variable(hub("library/nginx", "", "${DIGEST}", true, lib+"nginx@${DIGEST}"))},
		{"nginx@sha256:${HEX}", variable(hub("library/nginx", "", "sha256:${HEX}", true, lib+"nginx@sha256:${HEX}"))},
		{"myorg/app:{{ .Tag }}", variable(hub("myorg/app", "{{ .Tag }}", "", false, ""))},
		{"katsubushi/katsubushi:{{ env `TAG` `latest` }}", variable(hub("katsubushi/katsubushi", "{{ env `TAG` `latest` }}", "", false, ""))},
		{"alpine:{{ alpine_version }}", variable(hub("library/alpine", "{{ alpine_version }}", "", true, lib+"alpine:{{ alpine_version }}"))},
		{"golang:${GO_VERSION}-alpine${ALPINE_VERSION}", variable(hub("library/golang", "${GO_VERSION}-alpine${ALPINE_VERSION}", "", true, lib+"golang:${GO_VERSION}-alpine${ALPINE_VERSION}"))},
		{"ubuntu:${UBUNTU_VERSION}", variable(hub("library/ubuntu", "${UBUNTU_VERSION}", "", true, "public.ecr.aws/ubuntu/ubuntu:${UBUNTU_VERSION}"))},
		{"public.ecr.aws/docker/library/golang:${GO_VERSION}", variable(ecrPublic(other("public.ecr.aws", "docker/library/golang", "${GO_VERSION}", "")))},
		{"mcr.microsoft.com/windows/servercore:$TAG", variable(other("mcr.microsoft.com", "windows/servercore", "$TAG", ""))},
		{"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:${IMAGE_TAG}", variable(ecr(other("123456789012.dkr.ecr.us-east-1.amazonaws.com", "app", "${IMAGE_TAG}", "")))},
		// A literal error next to a placeholder is still an error.
		{"nginx:-${TAG}", variable(invalid(`invalid tag "-${TAG}"`))},
		{`alpine:"${ALPINE_TAG}"`, variable(invalid(`invalid tag "\"${ALPINE_TAG}\""`))},
		{"${REGISTRY}/MyApp:1", variable(invalid(`repository name "${REGISTRY}/MyApp" must be lowercase`))},
		{"nginx:${TAG} ", variable(invalid("leading or trailing whitespace"))},

		// Placeholders in the host or repository: unresolved.
		{"${IMAGE}", unresolved("", "", "")},
		{"$APP_IMAGE", unresolved("", "", "")},
		{"${var.app_image}", unresolved("", "", "")},
		{"<IMAGE1_NAME>", unresolved("", "", "")},
		{"<REPO_URL>", unresolved("", "", "")},
		{"{{ must_env `IMAGE` }}", unresolved("", "", "")},
		{"$$$$IMAGE$$$$", unresolved("", "", "")},
		{"$$$IMAGE$$$", unresolved("", "", "")},
		{"{INSERT simulated app image}", unresolved("", "", "")},
		{"${{ env.IMAGE }}", unresolved("", "", "")},
		{"${IMAGE}:${TAG}", unresolved("", "", "${TAG}")},
		{"$REPO:10.0.11-nanoserver-ltsc2022", unresolved("", "", "10.0.11-nanoserver-ltsc2022")},
		{"{{ tfstate `aws_ecr_repository.all['app'].repository_url` }}:{{ must_env `TAG` }}", unresolved("", "", "{{ must_env `TAG` }}")},
		{"${hostRegistry}/alpine:3.17", unresolved("", "", "3.17")},
		{"buildkit-$TARGETOS${BUILDKIT_DEBUG:+-debug}", unresolved("", "", "")},
		{"app-${ENV}", unresolved("", "", "")},
		{"mcr.microsoft.com/${NanoServerRepo}:${tag}", unresolved("mcr.microsoft.com", "${NanoServerRepo}", "${tag}")},
		{"quay.io/prometheus/busybox-${OS}-${ARCH}:latest", unresolved("quay.io", "prometheus/busybox-${OS}-${ARCH}", "latest")},
		{"localhost:${PORT}/app", unresolved("localhost:${PORT}", "app", "")},
		// The registry is known although the repository is not.
		{"myorg/${APP}", func() Image { i := unresolved("docker.io", "myorg/${APP}", ""); i.DockerHub = true; return i }()},
		{"public.ecr.aws/${ALIAS}/app", ecrPublic(unresolved("public.ecr.aws", "${ALIAS}/app", ""))},
		// ECR hosts with templated account or region.
		{"${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/app:latest", ecr(unresolved("${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com", "app", "latest"))},
		{"${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com.cn/fluent-bit:latest", ecr(unresolved("${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com.cn", "fluent-bit", "latest"))},
		{"${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/app:${TAG}", ecr(unresolved("${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com", "app", "${TAG}"))},
		{"{aws_account_id}.dkr.ecr.${aws_region}.amazonaws.com.cn/fluent-bit:latest", ecr(unresolved("{aws_account_id}.dkr.ecr.${aws_region}.amazonaws.com.cn", "fluent-bit", "latest"))},
		{"<acct>.dkr.ecr.us-east-1.amazonaws.com/app", ecr(unresolved("<acct>.dkr.ecr.us-east-1.amazonaws.com", "app", ""))},
		{"${var.account}.dkr.ecr.us-east-1.amazonaws.com/x", ecr(unresolved("${var.account}.dkr.ecr.us-east-1.amazonaws.com", "x", ""))},
		{"${ECR_REGISTRY}/app:${GITHUB_SHA}", unresolved("", "", "${GITHUB_SHA}")},
		{"${var.registry}.example.com/app", unresolved("${var.registry}.example.com", "app", "")},
	}
	c := NewCatalog()
	for _, tt := range tests {
		tt.want.Raw = tt.raw
		got := c.Image(tt.raw)
		if got != tt.want {
			t.Errorf("Image(%q)\n got %+v\nwant %+v", tt.raw, got, tt.want)
		}
	}
}

// TestAnalyzeImage checks the convenience wrapper agrees with Catalog.Image.
func TestAnalyzeImage(t *testing.T) {
	c := NewCatalog()
	for _, raw := range []string{"nginx:1.27", "amazon/aws-cli", "${IMAGE}", "Nginx"} {
		if got, want := AnalyzeImage(raw), c.Image(raw); got != want {
			t.Errorf("AnalyzeImage(%q) = %+v, want %+v", raw, got, want)
		}
	}
}

// TestImageJSON pins the JSON field names the Rego rules read.
func TestImageJSON(t *testing.T) {
	b, err := json.Marshal(AnalyzeImage("nginx:1.27"))
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"valid":true,"variable":false,"resolved":true,"registry":"docker.io",` +
		`"repository":"library/nginx","tag":"1.27","digest":"","dockerHub":true,"official":true,` +
		`"ecr":false,"ecrPublic":false,"ecrPublicEquivalent":"public.ecr.aws/docker/library/nginx:1.27"}`
	if string(b) != want {
		t.Errorf("json:\n got %s\nwant %s", b, want)
	}
	b, err = json.Marshal(AnalyzeImage("Nginx"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"error":"repository name \"Nginx\" must be lowercase"`) {
		t.Errorf("json of an invalid image lacks its error: %s", b)
	}
}

// TestPlaceholders checks which strings are read as template placeholders.
func TestPlaceholders(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"nginx", nil},
		{"${X}", []string{"${X}"}},
		{"${X:-${Y}}", []string{"${X:-${Y}}"}},
		{"$X.$Y", []string{"$X", "$Y"}},
		{"${AWS::AccountId}", []string{"${AWS::AccountId}"}},
		{"${var.a[\"b\"]}", []string{`${var.a["b"]}`}},
		{"${{ env.X }}", []string{"${{ env.X }}"}},
		{"{{ must_env `X` }}", []string{"{{ must_env `X` }}"}},
		{"{{{ x }}}", []string{"{{{ x }}}"}},
		{"{% x %}", []string{"{% x %}"}},
		{"#{X}", []string{"#{X}"}},
		{"%X%", []string{"%X%"}},
		{"<IMAGE1_NAME>", []string{"<IMAGE1_NAME>"}},
		{"@VERSION@", []string{"@VERSION@"}},
		{"{aws_account_id}", []string{"{aws_account_id}"}},
		{"$$$X$$$", []string{"$$$X$$$"}},
		{"$$X$$", []string{"$$X$$"}},
		// Not placeholders.
		{"nginx@sha256:abc", nil},
		{"${}", nil},
		{"${X", nil},
		{"$1", nil},
		{"{}", nil},
		{"<>", nil},
		{"100%", nil},
		{"a@b", nil},
	}
	for _, tt := range tests {
		tmpl, ok := tokenize(tt.in)
		if !ok {
			t.Errorf("tokenize(%q) refused", tt.in)
			continue
		}
		if strings.Join(tmpl.subs, "|") != strings.Join(tt.want, "|") {
			t.Errorf("tokenize(%q) = %q, want %q", tt.in, tmpl.subs, tt.want)
		}
		if back := tmpl.restore(tmpl.text, 0); back != tt.in {
			t.Errorf("restore(tokenize(%q)) = %q", tt.in, back)
		}
	}
}

func BenchmarkAnalyzeImage(b *testing.B) {
	c := NewCatalog()
	for _, raw := range []string{
		"nginx:1.27",
		"123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1",
		"${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/app:${TAG}",
		"Nginx:1",
	} {
		b.Run(raw, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.Image(raw)
			}
		})
	}
}

func BenchmarkNewCatalog(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		NewCatalog()
	}
}
