# syntax=docker/dockerfile:1
# Harbour: one image, three commands (api, worker, cli …), see deploy/ and docker-compose.yml.
#   docker build -t harbour .
#   docker run harbour api | worker | cli migrate
# Not exercised on the development machines (no Docker engine there); test/deploy.e2e-spec.ts lints it.

# 1. Build: every dependency (the Nest CLI and TypeScript are dev dependencies).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json schema.gql ./
COPY scripts ./scripts
COPY libs ./libs
COPY apps ./apps
# `nest build` for api, worker and cli; fails the image build on a compile error.
RUN node scripts/build.js api worker cli
# The web app (apps/web/dist), served by the api at / from the same origin.
RUN node scripts/build-web.js --force

# 2. Production dependencies only.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. Runtime: built code, production dependencies, a non-root user.
FROM node:20-bookworm-slim AS runtime
# HOST: a container serves its network, so the committed development secrets are refused (config.ts devDefaultProblems).
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WORKER_HTTP_PORT=3001 \
    LOG_FORMAT=json
WORKDIR /app
RUN groupadd --system --gid 10001 harbour \
 && useradd --system --uid 10001 --gid harbour --home-dir /app --no-create-home --shell /usr/sbin/nologin harbour
# Owned by root and not writable by the app user: the code cannot be changed at run time.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The web app, served by the api at / (WEB_DIST_DIR defaults to apps/web/dist).
COPY --from=build /app/apps/web/dist ./apps/web/dist
COPY package.json schema.gql ./
COPY scripts/build.js scripts/container.js ./scripts/
USER 10001:10001
EXPOSE 3000 3001
# Readiness of whichever app this container runs (the API's PORT or the worker's WORKER_HTTP_PORT).
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["node", "scripts/container.js", "--healthcheck"]
ENTRYPOINT ["node", "scripts/container.js"]
CMD ["api"]
