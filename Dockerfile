# syntax=docker/dockerfile:1
#
# Sidecarscope container image: Next.js standalone output on Node 24, run as a non-root user,
# ready for a read-only root filesystem (Next.js writes only to /app/.next/cache and /tmp: mount
# emptyDirs there, as the Helm chart does). See docs/deploy.md.
#
#   docker build -t registry.example.com/sidecarscope:0.1.0 .
#   docker build --build-arg SIDECARSCOPE_BASE_PATH=/sidecars -t registry.example.com/sidecarscope:0.1.0-sidecars .
#
# Only `npm ci` reaches the network (the npm registry); it installs exactly the locked versions.
# Pin NODE_IMAGE to a digest for reproducible builds: --build-arg NODE_IMAGE=node:24-bookworm-slim@sha256:…
# (Node 22.19 or newer: the runtime stage refuses an older one.)
#
# The server is Next.js behind the front server (lib/front: request limits before any body is
# read, security headers on every response, the metrics port), bundled by esbuild into
# sidecarscope-server.mjs beside Next's standalone output; it replaces Next's own server.js.

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Next.js bakes the base path into the build; the Helm value `basePath` must match it.
ARG SIDECARSCOPE_BASE_PATH=""
ENV NEXT_TELEMETRY_DISABLED=1 \
    SIDECARSCOPE_STANDALONE=1 \
    SIDECARSCOPE_BASE_PATH=${SIDECARSCOPE_BASE_PATH}
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN mkdir -p public && npm run build && npm run build:server

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ARG SIDECARSCOPE_BASE_PATH=""
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    SIDECARSCOPE_MODE=in-cluster \
    SIDECARSCOPE_DATA_DIR=/data \
    SIDECARSCOPE_BASE_PATH=${SIDECARSCOPE_BASE_PATH}
# Application files stay owned by root: the app user can read them, never change them.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
# The server needs Node 22.19+ (undici 8, under @kubernetes/client-node): with an older NODE_IMAGE
# it would answer /healthz and then fail every cluster request ("Cannot read properties of
# undefined (reading 'bind')"). Refuse such an image here rather than in the pod.
RUN ["node", "sidecarscope-server.mjs", "--check"]
RUN mkdir -p .next/cache && chown 1000:1000 .next/cache
# /data holds the history store (a volume in Kubernetes: the root filesystem stays read-only).
RUN mkdir -p /data && chown 1000:1000 /data && chmod 0700 /data
USER 1000:1000
# 3000: the dashboard; 9090: /metrics without the token, when SIDECARSCOPE_METRICS_PORT or
# SIDECARSCOPE_METRICS_OPEN=1 turns it on (never through the ingress).
EXPOSE 3000 9090
# For `docker run`; Kubernetes uses the chart's probes instead.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}${process.env.SIDECARSCOPE_BASE_PATH}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "sidecarscope-server.mjs"]
