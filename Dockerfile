# One image for every applogs process; docker-compose.yml picks the command.
FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json ./
COPY tools ./tools
COPY apps ./apps
COPY libs ./libs
RUN npm run build

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY libs/kube-sim/scenarios ./scenarios
RUN mkdir /kube && chown node:node /kube
USER node
CMD ["node", "dist/apps/control-plane/src/main.js"]
