# Harbour api / worker / cli image (one image, three commands; see docker-compose.yml).
# Not exercised on the development machines (no Docker engine there).
FROM node:20-bookworm-slim

WORKDIR /app

# Dependencies first, for layer caching.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# Only what the build needs (there is no .dockerignore: never COPY . here,
# it would drag in node_modules, dist and .harbour).
COPY tsconfig.json tsconfig.build.json nest-cli.json schema.gql ./
COPY scripts ./scripts
COPY libs ./libs
COPY apps ./apps

# `nest build` for api, worker and cli; fails the image build on a compile error.
RUN node scripts/build.js api worker cli
# The web app (apps/web/dist), served by the api at / from the same origin.
RUN node scripts/build-web.js --force

ENV PORT=3000
# A container serves its network, so the committed development secrets are refused (config.ts devDefaultProblems).
ENV HOST=0.0.0.0
EXPOSE 3000

# scripts/build.js --main <app> prints the built entry file (one constant, MAIN_JS).
CMD ["sh", "-c", "exec node \"$(node scripts/build.js --main api)\""]
