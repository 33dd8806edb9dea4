import type { Archive } from '../archive/open-archive';
import type { ClusterCoordinator } from '../cluster/cluster-coordinator';
import type { Poller } from '../polling/poller';
import type { ReadingStore } from '../store/store';
import type { WriteQueue } from '../store/write-queue';
import type { ArchiveReadiness, ClusterReadiness, ReadinessCheck } from './health';

/** How long /readyz waits for the store's answer before reporting it unreachable. */
const PING_TIMEOUT_MS = 1000;

/**
 * /readyz: the poller runs, the store answers, and writes are not failing. The archive is reported
 * beside: behind or unreachable it is `degraded`, and the server stays ready (live readings flow,
 * and the writer catches up when the database returns).
 */
export function readiness(
  store: ReadingStore,
  poller: Poller,
  writeQueue: WriteQueue,
  archive: Archive | undefined,
  cluster?: ClusterCoordinator,
): ReadinessCheck {
  return async () => {
    const problems: string[] = [];
    if (!poller.isRunning) problems.push('poller not running');
    try {
      await Promise.race([
        store.ping(),
        new Promise((_, fail) => setTimeout(() => fail(new Error('timeout')), PING_TIMEOUT_MS).unref()),
      ]);
    } catch (error) {
      problems.push(`store unreachable: ${(error as Error).message}`);
    }
    if (!writeQueue.healthy) problems.push(`store writes failing; ${writeQueue.size} readings buffered`);
    return { problems, archive: archiveReadiness(archive), cluster: clusterReadiness(cluster) };
  };
}

function clusterReadiness(cluster: ClusterCoordinator | undefined): ClusterReadiness {
  if (cluster === undefined) return { status: 'off' };
  return {
    status: cluster.leasesCurrent ? 'holding' : 'idle',
    instanceId: cluster.instanceId,
    bucketsOwned: cluster.heldBuckets.size,
    members: cluster.liveMembers.length,
  };
}

function archiveReadiness(archive: Archive | undefined): ArchiveReadiness {
  if (archive === undefined) return { status: 'off', lagSeconds: 0, pendingMinutes: 0 };
  const { problem, writer } = archive;
  const figures = { lagSeconds: Math.round(writer.lagMs / 1000), pendingMinutes: writer.pendingMinutes };
  return problem === undefined ? { status: 'ok', ...figures } : { status: 'degraded', ...figures, problem };
}
