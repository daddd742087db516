FROM public.ecr.aws/docker/library/alpine:3.20
