# The mock as a container: `docker run -p 8080:8080 IMAGE` serves (the default command), and
# `docker run --rm -v "$PWD/pacts:/pacts:ro" IMAGE verify /pacts` verifies pacts. State stays in memory
# unless MOCK_STATE_FILE points into the writable /data directory (mount a volume there) or MOCK_STORE
# names a Redis. Without access to Docker Hub, scripts/container/build-node-base.sh makes node:22-slim.

# Build stage: compile and bundle (npm run build) with the full (dev) dependencies.
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY server ./server
COPY scripts ./scripts
COPY inspector ./inspector
RUN npm run build

# Runtime modules: only those the bundle leaves out (the `external` list in scripts/bundle.ts: the
# Pact verifier for `verify`, the Redis client for MOCK_STORE=redis://…, pino-pretty for LOG_FORMAT=pretty),
# at the lock file's versions.
FROM node:22-slim AS runtime-modules
ARG RUNTIME_MODULES="@pact-foundation/pact-core ioredis pino-pretty"
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/container/runtime-package.mjs /tmp/
RUN node /tmp/runtime-package.mjs $RUNTIME_MODULES \
 && npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error

FROM node:22-slim AS runtime-files
# MOCK_IN_CONTAINER: the start's log says its port is the container's, not the host's.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    MOCK_IN_CONTAINER=1
# tini as PID 1 forwards SIGTERM/SIGINT to node and reaps zombies. /data is the one place the non-root
# user may write: -v mock-data:/data -e MOCK_STATE_FILE=/data/state.json keeps state across restarts.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* \
 && install -d -o node -g node /data
WORKDIR /app
COPY --from=runtime-modules /app/package.json ./
COPY --from=runtime-modules /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The sample certificates, served at /__admin/fixtures/ (server/fixtures/).
COPY fixtures/certificates ./fixtures/certificates

# Node's compile cache, filled by starting the server once here, as the user the image runs as, at the
# paths it runs from: without it every new container compiles the bundle again (docs/decisions/start-up.md).
FROM runtime-files AS compile-cache
COPY scripts/container/warm-compile-cache.mjs /tmp/
USER node
RUN node /tmp/warm-compile-cache.mjs /app/dist/bundle /tmp/compile-cache

FROM runtime-files AS runtime
# Owned by root, so read-only for the node user: Node reads the cache and, finding every entry there,
# has nothing to write (a process it cannot cover, e.g. `node -e` in `docker exec`, skips the write).
COPY --from=compile-cache --chown=root:root /tmp/compile-cache /app/.compile-cache
# NODE_EXTRA_CA_CERTS is emptied: a base image may set it for npm in the build stages (a TLS-intercepting
# proxy's CA), and the mock itself makes no TLS connection that needs it; `-e NODE_EXTRA_CA_CERTS=…` at
# run time still works.
ENV NODE_COMPILE_CACHE=/app/.compile-cache \
    NODE_EXTRA_CA_CERTS=
USER node
EXPOSE 8080
# node alone (no curl in the slim image); the probe reads PORT as the server does.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 CMD ["node", "/app/dist/bundle/cli.cjs", "healthcheck"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "/app/dist/bundle/cli.cjs"]
CMD ["serve"]
