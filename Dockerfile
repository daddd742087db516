# ecslint container image: a static binary on scratch, run as a non-root user.
#
#   docker build -t ecslint .
#   docker run --rm -v "$PWD:/src" ecslint ./infra
#
# Both base images come from Amazon ECR Public, so building this image does not
# pull from Docker Hub (ecslint lints this file clean in CI: .ci/release-check).
# No "# syntax=" directive: docker/dockerfile has no ECR Public copy (DF003).
# See docs/release.md for the version build arguments and the choice of scratch.

# The build stage runs on the builder's own platform and cross-compiles for
# the target one, so a multi-platform build (--platform linux/amd64,linux/arm64)
# needs no emulation.
FROM --platform=$BUILDPLATFORM public.ecr.aws/docker/library/golang:1.26.8-trixie AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG TARGETOS TARGETARCH
# Stamped into the binary like the goreleaser builds do; leave them unset and
# ecslint version falls back to the Go build information.
ARG VERSION COMMIT DATE
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X main.version=${VERSION} -X main.commit=${COMMIT} -X main.date=${DATE}" \
      -o /out/ecslint ./cmd/ecslint

FROM scratch
# CA certificates for HTTPS (for a future online mode; ecslint makes no network
# calls today).
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/ecslint /ecslint
# Numeric, since scratch has no /etc/passwd: the same uid:gid as distroless's
# "nonroot" user. Mount the files to lint readable by it (or pass --user).
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["/ecslint"]
