FROM public.ecr.aws/docker/library/alpine:3.20 AS base
COPY --from=public.ecr.aws/docker/library/nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/
COPY --from=base /etc/os-release /
COPY --from=0 /etc/hostname /
