# syntax=docker/dockerfile:1
# One image for the cluster: every function (`node dist/serve.js <function>`), the api-gateway
# (`dist/gateway.js`) and the migration Job (`dist/migrate.js`); knative/ chooses with `args`.
# The UI is not in it: web/dist goes to a bucket (scripts/publish-web).
ARG NODE_IMAGE=node:24-bookworm-slim

# Build: every dependency, then the esbuild bundles (functions only) and the code V8 compiled for
# dist/alone.cjs, saved by this stage's Node: the final stage's is the same, so a cold start uses it.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# patch-package applies these on install (postgres.js: a closed socket must not crash the process).
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY functions ./functions
COPY scripts/build.mjs ./scripts/build.mjs
RUN node scripts/build.mjs --functions-only

# Production dependencies only: what the bundles load at run time (argon2's native addon, @dapr/dapr).
# No install scripts: none of these needs one, and the patches are for what the build bundled.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production PORT=8080
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The base image's node user, by number: the kubelet can only verify `runAsNonRoot` for a numeric
# user ("image has non-numeric user (node), cannot verify user is non-root" otherwise), and the
# manifests name the same uid in runAsUser. Never root. Nothing is written to the file system.
USER 1000:1000
EXPOSE 8080
ENTRYPOINT ["node", "--enable-source-maps"]
CMD ["dist/serve.js"]
