FROM public.ecr.aws/docker/library/alpine:3.20
# syntax=docker/dockerfile:1.7
