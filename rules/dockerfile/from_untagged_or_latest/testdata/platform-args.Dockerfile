# BuildKit sets TARGETARCH on every build, so ${TARGETARCH:+...} always adds
# the digest.
FROM quay.io/libpod/busybox${TARGETARCH:+@sha256:32968e717e29f79e5b889721908b3be6d1573992e1f3ba4c9a41718e2728458c} AS amd64
FROM quay.io/libpod/busybox${TARGETARCH:+@sha256:1faaf7a75319417261267b3dcef6a2b14c8c5122d7fcc7abeb07a32bc19728fd} AS arm64
# A tag that depends on a built-in platform ARG is a tag, just not a known one.
FROM public.ecr.aws/docker/library/alpine:${TARGETARCH}
FROM public.ecr.aws/docker/library/alpine:$TARGETOS-$TARGETARCH
# TARGETVARIANT may be empty (amd64): whether the tag is there is not known.
FROM public.ecr.aws/docker/library/alpine${TARGETVARIANT:+:3.20}
# A stage chosen by platform.
FROM ${TARGETARCH}
