# syntax=docker/dockerfile:1
# Build stage: compile the TypeScript (the package's library entry) and bundle the server with esbuild
# (the start command), with the full (dev) dependencies.
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY server ./server
COPY scripts ./scripts
RUN npm run build

# Runtime stage: production dependencies (the library entry, and the modules the bundle leaves out: the
# Pact verifier and the Redis client) and the built code only, as a non-root user.
FROM node:22-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080
WORKDIR /app
# tini as PID 1 forwards SIGTERM/SIGINT to node and reaps zombies (or run with `docker run --init`).
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 8080
# node alone (no curl in the slim image); the script reads PORT like the server does.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 CMD ["node", "dist/bundle/healthcheck.cjs"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/bundle/cli.cjs"]
