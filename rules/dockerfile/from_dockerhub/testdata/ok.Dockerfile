# syntax=docker/dockerfile:1
FROM public.ecr.aws/docker/library/golang:1.23 AS build
FROM 123456789012.dkr.ecr.us-east-1.amazonaws.com/base:3
FROM build
FROM public.ecr.aws/docker/library/golang:1.23 AS build-amd64
FROM public.ecr.aws/docker/library/golang:1.23 AS build-arm64
# A stage chosen by platform, not an image.
FROM build-${TARGETARCH}
