FROM public.ecr.aws/docker/library/nginx:1.27-alpine
FROM acme/private-base:1
COPY --from=0 /etc/nginx /etc/nginx
