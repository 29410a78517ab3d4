#!/usr/bin/env bash
# Builds stand-ins for the images examples/shared-service/ runs beside the mock, redis:7-alpine and
# nginx:1.27-alpine, for CIs that cannot pull from Docker Hub, and stores them under those names. They are
# Debian's redis-server and nginx on the node:22-slim base (scripts/container/build-node-base.sh makes one),
# set up to behave as the official images do for that compose file: the server's command as given, data in
# /data, Redis reachable from other containers, nginx in the foreground with its logs on stdout and stderr.
#
#   scripts/container/build-service-stand-ins.sh [--engine podman|docker] [IMAGE...]
#
# IMAGE is redis:7-alpine or nginx:1.27-alpine (default: both).
set -euo pipefail

engine=
images=()
while (($#)); do
  case "$1" in
    --engine) engine=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    redis:7-alpine|nginx:1.27-alpine) images+=("$1"); shift ;;
    *) echo "build-service-stand-ins: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
((${#images[@]})) || images=(redis:7-alpine nginx:1.27-alpine)
if [[ -z $engine ]]; then
  if command -v podman >/dev/null; then engine=podman; else engine=docker; fi
fi
build_args=(--network host)
[[ $engine == podman ]] && build_args+=(--format docker)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for image in "${images[@]}"; do
  mkdir -p "$work/$image"
  case "$image" in
    redis:*)
      # Started without a configuration file, Redis refuses clients from other hosts (protected mode);
      # the official image's entry point lifts that, and so does this one.
      cat > "$work/$image/entrypoint.sh" <<'SH'
#!/bin/sh
if [ "$1" = redis-server ]; then shift; exec redis-server "$@" --protected-mode no; fi
exec "$@"
SH
      cat > "$work/$image/Containerfile" <<'DOCKERFILE'
FROM docker.io/library/node:22-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends redis-server \
 && apt-get clean && rm -rf /var/lib/apt/lists/* \
 && install -d /data
COPY --chmod=0755 entrypoint.sh /usr/local/bin/docker-entrypoint.sh
WORKDIR /data
EXPOSE 6379
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["redis-server"]
DOCKERFILE
      ;;
    nginx:*)
      cat > "$work/$image/Containerfile" <<'DOCKERFILE'
FROM docker.io/library/node:22-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends nginx \
 && apt-get clean && rm -rf /var/lib/apt/lists/* \
 && ln -sf /dev/stdout /var/log/nginx/access.log \
 && ln -sf /dev/stderr /var/log/nginx/error.log
EXPOSE 80
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
DOCKERFILE
      ;;
  esac
  if ! output=$("$engine" build "${build_args[@]}" --tag "docker.io/library/$image" "$work/$image" 2>&1); then
    echo "$output" >&2
    exit 1
  fi
  echo "build-service-stand-ins: docker.io/library/$image is Debian's ${image%%:*} on node:22-slim"
done
