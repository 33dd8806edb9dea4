import type { Config } from '../config/config';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { Reading, WriteFence } from '../readings/reading';
import type { Lifecycle } from '../runtime/lifecycle';
import type { ReadingStore } from '../store/store';
import { WriteQueue } from '../store/write-queue';
import { openFetcher } from './open-fetcher';
import { polledPatients } from './polled-patients';
import { Poller } from './poller';

/** The ingest path: API client (worker threads or this one) → poller → write queue → store. */
export interface Ingest {
  readonly poller: Poller;
  readonly writeQueue: WriteQueue;
}

export interface IngestDeps {
  store: ReadingStore;
  metrics: Metrics;
  logger: Logger;
  lifecycle: Lifecycle;
  /** Told of readings once stored (the episode detectors). */
  onStored?: (readings: readonly Reading[]) => void;
  /** CLUSTER=on: the lease a patient is polled under, carried by its readings (see Poller). */
  fenceOf?: (patientId: number) => WriteFence | undefined;
}

/** Opens the ingest path, idle: `startIngest` starts polling once the server listens. */
export function openIngest(config: Config, apiBaseUrl: string, deps: IngestDeps): Ingest {
  const { store, metrics, logger, lifecycle, onStored, fenceOf } = deps;
  const capacityPerPatient = config.outageBufferPerPatient;
  const writeQueue = lifecycle.own(
    'write queue',
    new WriteQueue({ store, capacityPerPatient, logger, metrics, ...(onStored ? { onStored } : {}) }),
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
    ...(fenceOf ? { fenceOf } : {}),
  });
  return { poller, writeQueue };
}

/**
 * Polls PATIENT_IDS with the operators' changes. On stop, polls end first, then what they
 * produced is written, within half the shutdown budget.
 */
/**
 * Starts polling PATIENT_IDS with the operators' changes, or only those of them `owned` says this
 * instance owns (CLUSTER=on: the coordinator then keeps the set current with `setPatients`).
 */
export async function startIngest(
  ingest: Ingest,
  config: Config,
  deps: IngestDeps,
  owned: (patientId: number) => boolean = () => true,
): Promise<void> {
  const { poller, writeQueue } = ingest;
  const { logger, lifecycle } = deps;
  lifecycle.own('polling', poller, async (p) => {
    await p.stop();
    const left = await writeQueue.drain(config.shutdownGraceSec * 500);
    if (left > 0) logger.warn({ left }, 'readings not written before shutdown');
  });
  poller.start((await polledPatients(config, deps.store, logger)).filter(owned));
}
