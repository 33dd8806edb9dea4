import { resolve } from 'node:path';
import type { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import compression from 'compression';
import express from 'express';
import helmet from 'helmet';
import type { Principal } from '../auth/principal';
import type { Context, Services } from '../graphql/context';
import { LIMITS } from '../graphql/limits';
import { authenticateHttp } from './authenticate';
import { clientAppRouter } from './client-app';
import { errorHandler } from './error-handler';
import { exportRouter } from './export-route';
import { graphiqlRouter } from './graphiql';
import { ingestRouter } from './ingest-route';
import { healthRouter, type ReadinessCheck } from './health';

export interface AppOptions {
  services: Services;
  apollo: ApolloServer<Context>;
  ready: ReadinessCheck;
}

/**
 * Every HTTP route, in the order a request meets them: compression and security headers, the
 * operational endpoints, the playground, `/graphql` (token first, then the body, then Apollo), the
 * dashboard, and the error handler.
 */
export function createApp({ services, apollo, ready }: AppOptions): express.Express {
  const { config, logger } = services;
  const app = express();
  app.disable('x-powered-by');
  // Express hashes every res.send() body for an ETag: SHA-1 over a 1.4 MiB history answer on each
  // request (~1 ms) for a validator no client of live data can use. A function that gives none
  // keeps ETags on files (sendFile and static assets read only whether the setting is on).
  app.set('etag', () => undefined);
  app.set('trust proxy', 'loopback');
  // gzip when the client asks for it (browsers do): the dashboard's bundles (~460 kB raw) and
  // GraphQL answers — a 10-minute history is ~1.4 MiB of JSON. Level 1: on that history 100 kB in
  // ~8 ms of CPU, where level 6 gives 80 kB in ~35 ms (node zlib, this machine); the CPU is what
  // the live feed needs. WebSockets are not touched (no permessage-deflate).
  app.use(compression({ level: 1, threshold: 1024 }));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // The dashboard and playground open WebSockets to this same origin.
          'connect-src': ["'self'", 'ws:', 'wss:'],
          // ECharts and GraphiQL set inline styles.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
        },
      },
    }),
  );
  app.use(healthRouter(ready, services.metrics.registry));
  if (config.graphiql) app.use('/graphiql', graphiqlRouter());
  app.use(
    '/graphql',
    authenticateHttp(services.access, logger),
    express.json({ limit: LIMITS.maxPayloadBytes }),
    expressMiddleware(apollo, {
      context: async ({ res }): Promise<Context> => ({
        services,
        principal: res.locals['principal'] as Principal,
      }),
    }),
  );
  // Device push, its own token check (device tokens are refused everywhere else).
  app.use(ingestRouter(services));
  // Signed CSV links: no bearer token (the link is the credential), before the dashboard's fallback.
  app.use(exportRouter(services));
  const clientDir = config.clientDir ?? resolve(__dirname, '../../../client/dist/client/browser');
  const clientApp = clientAppRouter(clientDir);
  if (clientApp) app.use(clientApp);
  else logger.warn({ clientDir }, 'dashboard not built; serving the API only (run `npm run build`)');
  app.use(errorHandler(logger));
  return app;
}
