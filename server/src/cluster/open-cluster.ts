import type { Config } from '../config/config';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { Ingest } from '../polling/ingest';
import { polledPatients } from '../polling/polled-patients';
import type { Reading } from '../readings/reading';
import type { ReadingStore } from '../store/store';
import { ClusterCoordinator } from './cluster-coordinator';

/** What the rest of the server holds of CLUSTER=on. */
export interface Cluster {
  readonly coordinator: ClusterCoordinator;
  /** Re-reads the cluster-wide polled set and polls this instance's share of it. */
  refreshPolling(): Promise<void>;
  /** Leaves: polling of the share stopped, leases released (the others take over within a tick), membership removed. */
  close(): Promise<void>;
}

/**
 * The per-patient state an instance keeps for the patients it owns (detectors, gait, archive
 * minutes), told when patients go to another instance or come to this one.
 */
export interface ShareHandover {
  /** These patients are another instance's now: write their state once more and forget them. */
  released(patientIds: readonly number[]): void;
  /** These buckets are this instance's now (catch up what the previous owner may have left). */
  acquired(isAcquired: (patientId: number) => boolean): void;
}

export interface ClusterDeps {
  config: Config;
  ingest: Ingest;
  store: ReadingStore;
  logger: Logger;
  metrics: Metrics;
  handover: ShareHandover;
}

/**
 * CLUSTER=on: this instance's share of the patients, by bucket leases in Redis. Polling follows the
 * held buckets (and the cluster-wide polled set, re-read each second); the per-patient state moves
 * with them (`handover`). A bucket given up (to a new member, or at stop) is polled no more and
 * its polls in flight are answered before its lease is released: the successor, which takes it
 * within its next tick, never polls a patient at the same time as this instance.
 */
export function openCluster({ config, ingest, store, logger, metrics, handover }: ClusterDeps): Cluster {
  let refreshing: Promise<void> | undefined;
  /** The cluster-wide polled set as last read (each second, and after each change). */
  let polled: readonly number[] | undefined;
  /** Polls this instance's share; resolves when the patients no longer in it have no poll in flight. */
  const pollShare = (): Promise<void> => {
    if (!ingest.poller.isRunning) return Promise.resolve();
    // Before the polled set is first read, the loops to stop are the ones already running.
    const ids = polled ?? ingest.poller.patientIds();
    return ingest.poller.setPatients(ids.filter((id) => coordinator.owns(id)));
  };
  const refreshPolling = (): Promise<void> =>
    (refreshing ??= (async () => {
      polled = await polledPatients(config, store, logger);
      void pollShare();
    })().finally(() => (refreshing = undefined)));
  let previous: ReadonlySet<number> = new Set();
  const coordinator = new ClusterCoordinator({
    redisUrl: config.redisUrl,
    redisClusterNodes: config.redisClusterNodes,
    keyPrefix: config.keyPrefix,
    keyLayout: config.keyLayout,
    instanceId: config.cluster.instanceId,
    leaseMs: config.cluster.leaseMs,
    // A poll in flight ends within the request timeout; a third of a lease keeps the other
    // buckets' renewals (which wait for this tick) well inside their leases.
    handoverWaitMs: Math.min(config.requestTimeoutMs, Math.floor(config.cluster.leaseMs / 3)),
    logger,
    metrics,
    onChange: (held) => {
      logger.info({ instance: config.cluster.instanceId, buckets: held.size }, 'cluster share changed');
      const was = previous;
      previous = held;
      // Before the poller drops them: its list names the patients whose state is kept here.
      const lost = ingest.poller.patientIds().filter((id) => !held.has(coordinator.bucketOf(id)));
      if (lost.length > 0) handover.released(lost);
      if ([...held].some((b) => !was.has(b))) {
        handover.acquired((id) => {
          const bucket = coordinator.bucketOf(id);
          return held.has(bucket) && !was.has(bucket);
        });
      }
      // At once from the set last read: a refresh already under way may have filtered it by the
      // buckets held before this change (a handover then waited for the next one, up to a second).
      const stopped = pollShare();
      void refreshPolling();
      return stopped;
    },
  });
  // startPolling/stopPolling on any instance reach the others within a second.
  const timer = setInterval(() => void refreshPolling(), 1000);
  timer.unref();
  return {
    coordinator,
    refreshPolling,
    close: async () => {
      clearInterval(timer);
      await coordinator.stop();
    },
  };
}

/**
 * A stored-readings hook that sees only the polled readings of patients this instance owns (and
 * every unfenced one: pushed readings are analysed where they arrive). A reading of a patient
 * whose lease just went (stored before the successor's first write) must not rebuild detector or
 * gait state here that the new owner now keeps.
 */
export function ownedOnly(
  hook: ((readings: readonly Reading[]) => void) | undefined,
  owns: (patientId: number) => boolean,
): ((readings: readonly Reading[]) => void) | undefined {
  if (hook === undefined) return undefined;
  return (readings) => {
    let foreign = false;
    for (const r of readings) if (r.fence !== undefined && !owns(r.patientId)) foreign = true;
    if (!foreign) return hook(readings);
    const mine = readings.filter((r) => r.fence === undefined || owns(r.patientId));
    if (mine.length > 0) hook(mine);
  };
}
