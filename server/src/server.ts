import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessControl } from './auth/access-control';
import type { Config } from './config/config';
import { startGraphQLServers } from './graphql/apollo-server';
import type { Services } from './graphql/context';
import { createApp } from './http/create-app';
import { readiness } from './http/readiness';
import { createLogger, type Logger } from './observability/logger';
import { createMetrics } from './observability/metrics';
import { openFetcher } from './polling/open-fetcher';
import { polledPatients } from './polling/polled-patients';
import { Poller } from './polling/poller';
import { Lifecycle } from './runtime/lifecycle';
import { startSimulatorServer } from './simulator/simulator-server';
import { openStore } from './store/open-store';
import { Retention } from './store/retention';
import { WriteQueue } from './store/write-queue';

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

export interface StartOptions {
  logger?: Logger;
}

/**
 * Starts the whole system for a configuration; main.ts and the end-to-end tests both use it. Each
 * part is opened in order and owned by the lifecycle, which closes them in reverse on stop (or on
 * a failed start): retention, then polling with its flush, then HTTP and WebSocket, and so on.
 */
export async function startPlantar(config: Config, options: StartOptions = {}): Promise<PlantarServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const lifecycle = new Lifecycle(logger);
  try {
    const apiBaseUrl = config.apiBaseUrl ?? (await embeddedSimulator(config, lifecycle, logger));
    const store = lifecycle.own('store', await openStore(config, logger), (s) => s.close());
    // Read at each scrape, by which time the poller below exists.
    const metrics = createMetrics(() => poller.statusCounts());
    const writeQueue = lifecycle.own(
      'write queue',
      new WriteQueue({ store, capacityPerPatient: config.outageBufferPerPatient, logger, metrics }),
      (q) => q.close(),
    );
    const fetcher = lifecycle.own('API client', openFetcher(config, apiBaseUrl, logger), (f) => f.close());
    const poller = new Poller({
      fetch: (id, signal) => fetcher.fetch(id, signal),
      store,
      writeQueue,
      logger,
      metrics,
      periodMs: config.requestDelayMs,
      backoffMaxMs: config.backoffMaxMs,
      staleAfterMs: config.staleAfterMs,
      anomalySimulationRate: config.anomalySimulationRate,
    });
    const access = new AccessControl(config);
    const services: Services = { config, store, poller, logger, metrics, access };

    const httpServer = createServer();
    const apollo = await startGraphQLServers({
      httpServer,
      services,
      shuttingDown: () => lifecycle.shuttingDown,
    });
    lifecycle.own('HTTP and WebSocket servers', apollo, (a) => a.stop());
    httpServer.on('request', createApp({ services, apollo, ready: readiness(store, poller, writeQueue) }));
    const port = await listen(httpServer, config);

    lifecycle.own('polling', poller, (p) => stopAndFlush(p, writeQueue, config, logger));
    poller.start(await polledPatients(config, store, logger));
    const retention = new Retention({
      store,
      maxAgeMs: config.maxSec * 1000,
      intervalMs: config.clearDelaySec * 1000,
      logger,
      metrics,
    });
    lifecycle.own('retention', retention, (r) => r.stop()).start();
    lifecycle.running();

    if (!access.enabled) {
      logger.warn(
        'AUTH=off: anyone who can reach this server can read patient data and change what is polled',
      );
    }
    const url = `http://${shownHost(config.host)}:${port}`;
    const loginUrl =
      access.tokens !== undefined && config.authSecret === undefined
        ? `${url}/?token=${access.tokens.mint('login-link', 'operator', config.loginTokenTtlSec)}`
        : undefined;
    return {
      url,
      port,
      services,
      writeQueue,
      httpServer,
      apiBaseUrl,
      loginUrl,
      stop: () => lifecycle.stop(),
    };
  } catch (error) {
    await lifecycle.abort();
    throw error;
  }
}

/** The built-in API simulator, when no API_BASE_URL is given; resolves with its base URL. */
async function embeddedSimulator(config: Config, lifecycle: Lifecycle, logger: Logger): Promise<string> {
  const simulator = await startSimulatorServer({
    port: 0,
    host: '127.0.0.1',
    patients: config.simulatorPatients,
  });
  lifecycle.own('simulator', simulator, (s) => s.close());
  logger.info(
    { url: simulator.url, patients: config.simulatorPatients },
    'embedded API simulator started (set API_BASE_URL to poll a real API)',
  );
  return simulator.url;
}

/** Polls end, then what they produced is written, within half the shutdown budget. */
async function stopAndFlush(
  poller: Poller,
  writeQueue: WriteQueue,
  config: Config,
  logger: Logger,
): Promise<void> {
  await poller.stop();
  const left = await writeQueue.drain(config.shutdownGraceSec * 500);
  if (left > 0) logger.warn({ left }, 'readings not written before shutdown');
}

async function listen(httpServer: Server, config: Config): Promise<number> {
  await new Promise<void>((ok, fail) => {
    httpServer.once('error', fail);
    httpServer.listen(config.port, config.host, () => {
      httpServer.off('error', fail);
      ok();
    });
  });
  return (httpServer.address() as AddressInfo).port;
}

/** The address to print: a wildcard bind is reached on loopback. */
function shownHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}
