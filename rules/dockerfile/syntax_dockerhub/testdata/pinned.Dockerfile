# syntax=docker/dockerfile:1.7@sha256:a57df69d0ea827fb7266491f2813635de6f17269be881f696fbfdf2d83dda33e  # want DF003 "whenever the builder has not cached it"
FROM public.ecr.aws/docker/library/alpine:3.20
