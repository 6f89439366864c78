# Kassa's production image: build with the dev dependencies, prune them, run as an unprivileged user.
#   docker build -t kassa .
#   docker run -e DATABASE_URL=postgres://… -e NEXTAUTH_SECRET=… -p 3000:3000 kassa
# compose.yaml runs PostgreSQL, a reverse proxy, two web processes and a worker (docs/operations.md, "Production").
# The build stage's RUN steps are exactly what server/http/production-build.test.ts runs in a clean folder (it reads
# them from this file), and the final stage's ENV and CMD are how that test starts the result.

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# `npm ci` wants a lockfile written where the full npm registry is reachable (one written on a machine whose
# registry mirror lacks other platforms' optional packages omits them); with such a lockfile, build with
#   --build-arg NPM_INSTALL="npm ci --no-audit --no-fund"
ARG NPM_INSTALL="npm install --no-audit --no-fund"
COPY . .
RUN ${NPM_INSTALL}
RUN npm run build
RUN npm prune --omit=dev --no-audit --no-fund
RUN rm -rf .next/cache

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOST=0.0.0.0
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
# readiness, not liveness: a database blip marks the container unhealthy without restarting it
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# migrations (unless KASSA_MIGRATE=0), then the server; SIGTERM is passed on for a graceful stop
CMD ["node", "scripts/start.mjs"]
