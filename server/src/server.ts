import 'reflect-metadata';
import type { Server } from 'node:http';
import { chainOnStored, startArchive } from './archive/start-archive';
import { AccessControl } from './auth/access-control';
import { ExportLinks } from './export/export-link';
import type { Config } from './config/config';
import type { Services } from './graphql/context';
import { serve } from './http/serve';
import { readiness } from './http/readiness';
import { createLogger, type Logger } from './observability/logger';
import { createMetrics } from './observability/metrics';
import { openEpisodes } from './episodes/open-episodes';
import { openGait } from './gait/open-gait';
import { SummaryFeed } from './overview/summary-feed';
import { openIngest, startIngest, type IngestDeps } from './polling/ingest';
import { Lifecycle } from './runtime/lifecycle';
import { buildPlantarSchema } from './schema/build-schema';
import { startEmbeddedSimulator } from './simulator/simulator-thread';
import { openStore } from './store/open-store';
import { openCluster, ownedOnly, type Cluster, type ShareHandover } from './cluster/open-cluster';
import type { Archive } from './archive/open-archive';
import type { EpisodeEngine } from './episodes/episode-engine';
import type { GaitEngine } from './gait/gait-engine';
import { MqttIngest } from './push/mqtt-ingest';
import { PushIngest } from './push/push-ingest';
import { Replays } from './replay/replays';
import { Retention } from './store/retention';
import type { WriteQueue } from './store/write-queue';

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
    // Read at each scrape, by which time the poller exists.
    const metrics = createMetrics(() => ingest.poller.statusCounts(), config.cluster.instanceId);
    // Awaited before the episode engine starts: its timer reads the poller, created next.
    // CLUSTER=on: the per-patient parts work on the patients this instance owns (read once the
    // coordinator exists; it is opened with the ingest path it steers, below).
    let cluster: Cluster | undefined;
    const owns = config.cluster.enabled ? (id: number) => cluster?.coordinator.owns(id) ?? false : undefined;
    const ownedPatients = owns && (async () => (await store.knownPatients()).filter(owns));
    const archive = await startArchive(config, store, {
      logger,
      lifecycle,
      registry: metrics.registry,
      ...(ownedPatients ? { ownedPatients } : {}),
    });
    const episodes = openEpisodes(config, store, () => ingest.poller.patientIds(), { logger, lifecycle });
    const gait = openGait(config, store, archive?.onGaitMinutes, { logger, lifecycle });
    const onStored = owns
      ? chainOnStored(
          ownedOnly(episodes.engine?.onStored, owns),
          ownedOnly(gait?.onStored, owns),
          archive?.onStored,
        )
      : chainOnStored(episodes.engine?.onStored, gait?.onStored, archive?.onStored);
    const deps = { store, metrics, logger, lifecycle, ...(onStored ? { onStored } : {}) };
    const fenceOf = owns && ((id: number) => cluster?.coordinator.fenceOf(id));
    const ingest = openIngest(config, apiBaseUrl, { ...deps, ...(fenceOf ? { fenceOf } : {}) });
    const access = new AccessControl(config);
    if (config.cluster.enabled) {
      const handover = shareHandover(store, logger, episodes.engine, gait, archive);
      cluster = openCluster({ config, ingest, store, logger, metrics, handover });
    }
    const poller = ingest.poller;
    const overview = new SummaryFeed({
      store,
      episodes: episodes.store,
      poller,
      staleAfterMs: config.staleAfterMs,
      logger,
      ...(gait ? { gaitOf: (id: number) => gait.current(id) } : {}),
    });
    lifecycle.own('overview feed', overview, (f) => f.close());
    const services: Services = {
      config,
      store,
      episodes: episodes.store,
      overview,
      poller,
      logger,
      metrics,
      access,
      archive,
      gait,
      cluster,
      push: new PushIngest({ store, writeQueue: ingest.writeQueue, logger }),
      replays: lifecycle.own('replays', new Replays({ store, writeQueue: ingest.writeQueue, logger }), (r) =>
        r.close(),
      ),
      exportLinks: new ExportLinks(config.authSecret, config.archive.exportLinkTtlSec * 1000),
    };
    const schema = await buildPlantarSchema();
    const ready = readiness(store, ingest.poller, ingest.writeQueue, archive, cluster?.coordinator);
    const { httpServer, port } = await serve({ services, schema, ready, lifecycle });
    if (cluster) await cluster.coordinator.start();
    await startIngest(ingest, config, deps, owns);
    // Owned after polling, so stopped before it: polling of the share stops, then the leases go
    // and the others take over while this instance still writes its last readings.
    if (cluster) lifecycle.own('cluster membership', cluster, (c) => c.close());
    await startMqtt(config, services, lifecycle);
    startRetention(config, deps, owns);
    lifecycle.running();

    const url = `http://${shownHost(config.host)}:${port}`;
    const loginUrl = signInLink(access, config, url, logger);
    const { writeQueue } = ingest;
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
  const simulator = await startEmbeddedSimulator(
    {
      port: 0,
      host: '127.0.0.1',
      patients: config.simulatorPatients,
      patientFaults: config.simulatorFaults,
    },
    (message) => logger.error({ message }, 'embedded API simulator failed'),
  );
  lifecycle.own('simulator', simulator, (s) => s.close());
  logger.info(
    {
      url: simulator.url,
      thread: simulator.thread,
      patients: config.simulatorPatients,
      faults: config.simulatorFaults,
    },
    'embedded API simulator started (set API_BASE_URL to poll a real API)',
  );
  return simulator.url;
}

/**
 * CLUSTER=on: what follows a patient from instance to instance. A patient gone elsewhere has its
 * detector state written and forgotten, its open gait and archive minutes flushed; patients come
 * here have the archive caught up from the reading store's window (what their previous owner
 * stored but did not archive: it was killed, or lost its database).
 */
function shareHandover(
  store: Services['store'],
  logger: Logger,
  episodes: EpisodeEngine | undefined,
  gait: GaitEngine | undefined,
  archive: Archive | undefined,
): ShareHandover {
  return {
    released: (patientIds) => {
      for (const id of patientIds) {
        episodes?.release(id);
        gait?.forget(id);
        void archive?.writer.release(id);
      }
    },
    acquired: (isAcquired) => {
      if (archive === undefined) return;
      void store
        .knownPatients()
        .then((known) => archive.writer.catchUp(store, known.filter(isAcquired)))
        .catch((error: Error) =>
          logger.warn({ err: { message: error.message } }, 'archive catch-up of patients taken over failed'),
        );
    },
  };
}

/** With MQTT_URL, readings pushed over MQTT join the pipeline; the broker being away does not stop the start. */
async function startMqtt(config: Config, services: Services, lifecycle: Lifecycle): Promise<void> {
  const { url, shareGroup, clientId, keepaliveSec } = config.mqtt;
  if (url === undefined) return;
  const mqtt = new MqttIngest({
    url,
    shareGroup,
    ...(clientId ? { clientId } : {}),
    push: services.push,
    logger: services.logger,
    registry: services.metrics.registry,
    sensorCount: config.sensorCount,
    keepaliveSec,
  });
  lifecycle.own('mqtt ingest', mqtt, (m) => m.close());
  // Subscribed before the server says it runs, unless the broker is away: then in the background.
  await Promise.race([mqtt.start(), new Promise((r) => setTimeout(r, 3000).unref())]);
}

/** Every CLEAR_DELAY, readings older than MAX_SEC go, for every patient the store knows. */
function startRetention(
  config: Config,
  { store, logger, metrics, lifecycle }: IngestDeps,
  owns: ((patientId: number) => boolean) | undefined,
): void {
  const retention = new Retention({
    store,
    maxAgeMs: config.maxSec * 1000,
    intervalMs: config.clearDelaySec * 1000,
    logger,
    metrics,
    ...(owns ? { owns } : {}),
  });
  lifecycle.own('retention', retention, (r) => r.stop()).start();
}

/** With a generated secret, a link that signs the browser in as an operator (printed at startup). */
function signInLink(access: AccessControl, config: Config, url: string, logger: Logger): string | undefined {
  if (!access.enabled) {
    logger.warn('AUTH=off: anyone who can reach this server can read patient data and change what is polled');
  }
  if (access.tokens === undefined || config.authSecret !== undefined) return undefined;
  return `${url}/?token=${access.tokens.mint('login-link', 'operator', config.loginTokenTtlSec)}`;
}

/** The address to print: a wildcard bind is reached on loopback. */
function shownHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}
