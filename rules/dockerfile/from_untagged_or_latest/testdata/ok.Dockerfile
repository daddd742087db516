ARG TAG
FROM public.ecr.aws/docker/library/alpine:3.20 AS base
FROM public.ecr.aws/docker/library/alpine@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31
FROM base
FROM public.ecr.aws/docker/library/debian:${TAG}
FROM scratch
