import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import compression from 'compression';
import express from 'express';
import helmet from 'helmet';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { jitGateway } from './graphql/jit-executor';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { GraphQLError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Config } from './config/config';
import { createLogger, type Logger } from './observability/logger';
import { createMetrics, type Metrics } from './observability/metrics';
import { MemoryStore } from './store/memory-store';
import { RedisStore } from './store/redis-store';
import type { ReadingStore } from './store/store';
import { WriteQueue } from './store/write-queue';
import { Retention } from './store/retention';
import { MonitorClient, type MonitorFetcher } from './polling/monitor-client';
import { PollWorkers } from './polling/poll-workers';
import { Poller } from './polling/poller';
import { LiveFeed } from './live/live-feed';
import type { Context, Services } from './graphql/context';
import { buildPlantarSchema } from './graphql/schema';
import { createArmor, LIMITS } from './graphql/limits';
import { createErrorFormatter } from './graphql/errors';
import { startWsServer } from './graphql/ws-server';
import { healthRouter } from './http/health';
import { graphiqlRouter } from './http/graphiql';
import { clientAppRouter } from './http/client-app';
import { startSimulatorServer } from './simulator/simulator-server';
import { AccessControl, RateLimitedError } from './auth/access-control';
import type { Principal } from './auth/principal';
import { bearerToken } from './auth/token-service';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';

export interface PlantarServer {
  /** e.g. http://127.0.0.1:4000 */
  readonly url: string;
  readonly port: number;
  readonly services: Services;
  readonly writeQueue: WriteQueue;
  readonly httpServer: Server;
  /** Where the poller reads from: API_BASE_URL or the embedded simulator. */
  readonly apiBaseUrl: string;
  /** With a generated secret: a URL that signs the browser in as an operator (printed at startup). */
  readonly loginUrl: string | undefined;
  /** Graceful stop: polling ends, queued readings are written, clients closed, connections released. */
  stop(): Promise<void>;
}

interface Cleanup {
  readonly name: string;
  run(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
}

/** Starts the whole system for a configuration; main.ts and the end-to-end tests both use it. */
export async function startPlantar(config: Config, options: StartOptions = {}): Promise<PlantarServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  let poller: Poller | undefined;
  const metrics = createMetrics(() => poller?.statusCounts() ?? {});
  const cleanups: Cleanup[] = [];
  try {
    return await start(config, logger, metrics, cleanups, (p) => (poller = p));
  } catch (error) {
    for (const cleanup of cleanups.reverse()) await cleanup.run().catch(() => undefined);
    throw error;
  }
}

async function start(
  config: Config,
  logger: Logger,
  metrics: Metrics,
  cleanups: Cleanup[],
  onPoller: (poller: Poller) => void,
): Promise<PlantarServer> {
  let apiBaseUrl = config.apiBaseUrl;
  if (apiBaseUrl === undefined) {
    const simulator = await startSimulatorServer({
      port: 0,
      host: '127.0.0.1',
      patients: config.simulatorPatients,
    });
    cleanups.push({ name: 'simulator', run: () => simulator.close() });
    apiBaseUrl = simulator.url;
    logger.info(
      { url: apiBaseUrl, patients: config.simulatorPatients },
      'embedded API simulator started (set API_BASE_URL to poll a real API)',
    );
  }

  const store = openStore(config, logger);
  cleanups.push({ name: 'store', run: () => store.close() });
  if (store instanceof RedisStore) {
    await store.waitUntilReady(10_000).catch((error: Error) => {
      // Start anyway: readiness reports the outage and the write queue buffers until Redis answers.
      logger.error(
        { err: { message: error.message } },
        'Redis is not reachable yet; starting with readings buffered',
      );
    });
  }

  const writeQueue = new WriteQueue({
    store,
    capacityPerPatient: config.outageBufferPerPatient,
    logger,
    metrics,
  });
  const clientOptions = {
    baseUrl: apiBaseUrl,
    timeoutMs: config.requestTimeoutMs,
    sensorCount: config.sensorCount,
  };
  // Worker threads need the compiled worker script; from TypeScript sources (jest) polling stays
  // on the main thread, and test/e2e/poll-workers.e2e.spec.ts covers the workers from dist.
  const client: MonitorFetcher =
    config.pollThreads > 0 && PollWorkers.available
      ? new PollWorkers({ ...clientOptions, threads: config.pollThreads, logger })
      : new MonitorClient(clientOptions);
  cleanups.push({ name: 'API client', run: () => client.close() });
  const poller = new Poller({
    fetch: (id, signal) => client.fetch(id, signal),
    store,
    writeQueue,
    logger,
    metrics,
    periodMs: config.requestDelayMs,
    backoffMaxMs: config.backoffMaxMs,
    staleAfterMs: config.staleAfterMs,
    anomalySimulationRate: config.anomalySimulationRate,
  });
  onPoller(poller);
  const live = new LiveFeed(store.pubsub, config.keyPrefix);
  const access = new AccessControl(config);
  if (!access.enabled) {
    logger.warn('AUTH=off: anyone who can reach this server can read patient data and change what is polled');
  }
  const services: Services = { config, store, poller, live, logger, metrics, access };

  const schema = await buildPlantarSchema();
  const armor = createArmor();
  let shuttingDown = false;
  const formatError = createErrorFormatter(
    logger,
    () => store.connected,
    () => shuttingDown,
  );

  const app = express();
  app.disable('x-powered-by');
  // Express hashes every res.send() body for an ETag: SHA-1 over a 1.4 MiB history answer on each
  // request (~1 ms) for a validator no client of live data can use. A function that gives none
  // keeps ETags on files (sendFile and static assets read only whether the setting is on).
  app.set('etag', () => undefined);
  app.set('trust proxy', 'loopback');
  const httpServer = createServer(app);
  const ws = startWsServer({
    httpServer,
    schema,
    services,
    validationRules: armor.validationRules,
    formatError: (e: GraphQLError) => formatError(e.toJSON(), e),
    logger,
    metrics,
  });

  const apollo = new ApolloServer<Context>({
    // Execution by graphql-jit; the same schema object serves graphql-ws.
    gateway: jitGateway(schema),
    ...armor,
    plugins: [
      ...armor.plugins,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // The playground is GraphiQL at /graphiql, served from npm packages; no CDN-hosted landing page.
      ApolloServerPluginLandingPageDisabled(),
      // The default cache-control plugin hooks willResolveField, which makes Apollo wrap the
      // resolver of every field of the (shared) schema: for a 3,000-reading history that is
      // ~100k extra calls, and subscriptions over graphql-ws paid it too. Live readings are never
      // cacheable, so nothing is lost (profile: bench/history.mjs, BENCHMARKS.md).
      ApolloServerPluginCacheControlDisabled(),
      subscriptionsOverWebSocketOnly,
      { serverWillStart: async () => ({ drainServer: () => ws.close() }) },
    ],
    introspection: config.graphiql,
    parseOptions: { maxTokens: LIMITS.maxTokens },
    // No automatic persisted queries: nothing uses them, and their errors carry no code.
    persistedQueries: false,
    // main.ts owns the signals: polls stop and readings are flushed before the servers close.
    stopOnTerminationSignals: false,
    formatError,
    logger: {
      debug: (m) => logger.debug(m),
      info: (m) => logger.info(m),
      warn: (m) => logger.warn(m),
      error: (m) => logger.error(m),
    },
  });
  await apollo.start();
  cleanups.push({ name: 'HTTP and WebSocket servers', run: () => apollo.stop() });

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
  app.use(healthRouter(() => readiness(store, poller, writeQueue), metrics.registry));
  if (config.graphiql) app.use('/graphiql', graphiqlRouter());
  app.use(
    '/graphql',
    express.json({ limit: LIMITS.maxPayloadBytes }),
    authenticateHttp(access, logger),
    expressMiddleware(apollo, {
      context: async ({ res }): Promise<Context> => ({
        services,
        principal: res.locals['principal'] as Principal,
      }),
    }),
  );
  const clientDir = config.clientDir ?? resolve(__dirname, '../../client/dist/client/browser');
  const clientApp = clientAppRouter(clientDir);
  if (clientApp) app.use(clientApp);
  else logger.warn({ clientDir }, 'dashboard not built; serving the API only (run `npm run build`)');
  app.use(((error, _req, res, _next) => {
    // Body-parser errors (oversized or malformed JSON) carry a status and a safe message.
    const status = typeof error?.status === 'number' ? error.status : 500;
    if (status >= 500) logger.error({ err: error }, 'HTTP request failed');
    res.status(status).json({
      errors: [
        {
          message: status >= 500 ? 'Internal server error' : String(error.message),
          extensions: {
            code:
              status === 413 ? 'PAYLOAD_TOO_LARGE' : status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST',
          },
        },
      ],
    });
  }) as express.ErrorRequestHandler);

  const retention = new Retention({
    store,
    patientIds: () => poller.patientIds(),
    maxAgeMs: config.maxSec * 1000,
    intervalMs: config.clearDelaySec * 1000,
    logger,
    metrics,
  });

  await new Promise<void>((ok, fail) => {
    httpServer.once('error', fail);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', fail);
      ok();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;
  poller.start(await polledPatients(config, store, logger));
  retention.start();
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${shownHost}:${port}`;

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      shuttingDown = true;
      logger.info('shutting down: stopping polls, flushing readings, closing clients');
      retention.stop();
      await poller.stop();
      const left = await writeQueue.drain(config.shutdownGraceSec * 500);
      if (left > 0) logger.warn({ left }, 'readings not written before shutdown');
      writeQueue.close();
      // apollo.stop() drains the HTTP server and, through the plugin above, closes every WebSocket.
      for (const cleanup of cleanups.reverse()) {
        logger.debug({ step: cleanup.name }, 'closing');
        await cleanup
          .run()
          .catch((e: Error) => logger.warn({ err: e, step: cleanup.name }, 'cleanup failed'));
      }
      logger.info('shutdown complete');
    })());

  const loginUrl =
    access.tokens !== undefined && config.authSecret === undefined
      ? `${url}/?token=${access.tokens.mint('login-link', 'operator', config.loginTokenTtlSec)}`
      : undefined;

  return { url, port, services, writeQueue, httpServer, apiBaseUrl, loginUrl, stop };
}

/** graphql-js would run a subscription sent over HTTP as a query, with no event to resolve. */
const subscriptionsOverWebSocketOnly: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'subscription') {
          throw new GraphQLError('subscriptions are served over WebSocket (graphql-ws) on this same path', {
            extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
          });
        }
      },
    };
  },
};

/** PATIENT_IDS with the operators' run-time changes applied. */
async function polledPatients(config: Config, store: ReadingStore, logger: Logger): Promise<number[]> {
  try {
    const overrides = await store.patientOverrides();
    const ids = new Set(config.patientIds);
    for (const [id, change] of overrides) {
      if (change === 'add') ids.add(id);
      else ids.delete(id);
    }
    return [...ids];
  } catch (error) {
    logger.warn(
      { err: { message: (error as Error).message } },
      'could not read run-time patient changes; polling PATIENT_IDS',
    );
    return config.patientIds;
  }
}

/** Bearer token on every /graphql request; 401 with a reason otherwise, 429 after repeated failures. */
function authenticateHttp(access: AccessControl, logger: Logger): express.RequestHandler {
  return (req, res, next) => {
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    access.authenticate(bearerToken(req.headers.authorization), address).then(
      (principal) => {
        res.locals['principal'] = principal;
        next();
      },
      (error: Error) => {
        const limited = error instanceof RateLimitedError;
        if (limited) res.setHeader('Retry-After', String(error.retryAfterSec));
        else res.setHeader('WWW-Authenticate', 'Bearer realm="plantar"');
        logger.warn({ address, reason: error.message }, 'HTTP authentication failed');
        res.status(limited ? 429 : 401).json({
          errors: [
            { message: error.message, extensions: { code: limited ? 'RATE_LIMITED' : 'UNAUTHENTICATED' } },
          ],
        });
      },
    );
  };
}

function openStore(config: Config, logger: Logger): ReadingStore {
  if (config.redisUrl === undefined) {
    logger.info('embedded in-process store (set REDIS_URL to keep readings in Redis)');
    return new MemoryStore(config.keyPrefix);
  }
  let lastLog = 0;
  return new RedisStore({
    url: config.redisUrl,
    keyPrefix: config.keyPrefix,
    sensorEncoding: config.sensorEncoding,
    onError: (error) => {
      // ioredis reports every failed reconnect; one line every 5 s is enough to see an outage.
      if (Date.now() - lastLog > 5000) {
        lastLog = Date.now();
        logger.warn({ err: { message: error.message } }, 'Redis connection error');
      }
    },
  });
}

async function readiness(store: ReadingStore, poller: Poller, writeQueue: WriteQueue): Promise<string[]> {
  const problems: string[] = [];
  if (!poller.isRunning) problems.push('poller not running');
  try {
    await Promise.race([
      store.ping(),
      new Promise((_, fail) => setTimeout(() => fail(new Error('timeout')), 1000).unref()),
    ]);
  } catch (error) {
    problems.push(`store unreachable: ${(error as Error).message}`);
  }
  if (!writeQueue.healthy) problems.push(`store writes failing; ${writeQueue.size} readings buffered`);
  return problems;
}
