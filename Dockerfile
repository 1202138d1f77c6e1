# The gateway and worker image (docker-compose.yml runs both from it). Build: docker build -t model-monitor-gateway .
# CMD runs the gateway (`npm start` without the rebuild); `node dist/src/worker.js` runs a worker.
# Node.js 24: the Active LTS (security fixes until 2028-04-30). 20 reached end of life on
# 2026-04-30 and 22 is in maintenance only; see README "Node.js versions".
ARG NODE_IMAGE=node:24-bookworm-slim
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The workspace package the gateway depends on (@mmg/engine) must be present for npm install
# to link it into node_modules; npm skips a workspace whose folder is missing.
COPY package.json package-lock.json ./
COPY packages/engine/package.json ./packages/engine/
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build

FROM ${NODE_IMAGE}
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY packages/engine/package.json ./packages/engine/
RUN npm install --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
# @mmg/engine resolves (package.json exports) to its compiled dist/, built by npm run build.
COPY --from=build /app/packages/engine/dist ./packages/engine/dist
COPY prisma ./prisma
COPY prisma.config.ts ./
COPY graphql ./graphql
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --retries=6 CMD node -e "fetch('http://127.0.0.1:4000/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
