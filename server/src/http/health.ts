import express, { type Router } from 'express';
import type { Registry } from 'prom-client';

/** How the archive stands, in /readyz: it never makes the server unready (live data must flow). */
export interface ArchiveReadiness {
  /** `ok` keeping up; `degraded` behind or unreachable (see `problem`); `off` with ARCHIVE=off. */
  readonly status: 'ok' | 'degraded' | 'off';
  /** How long ago the oldest closed minute not yet archived ended. */
  readonly lagSeconds: number;
  /** Closed patient-minutes waiting to be written. */
  readonly pendingMinutes: number;
  readonly problem?: string;
}

/**
 * CLUSTER=on, in /readyz: whether this instance holds leases and how many buckets. Informational:
 * an instance holding none (more instances than buckets, or a predecessor's leases not yet expired)
 * still serves subscriptions and queries.
 */
export type ClusterReadiness =
  | { readonly status: 'off' }
  | {
      /** `holding` holds leases renewed within a lease time; `idle` holds none. */
      readonly status: 'holding' | 'idle';
      readonly instanceId: string;
      readonly bucketsOwned: number;
      readonly members: number;
    };

export interface Readiness {
  /** The reasons the server is not ready; empty when it is. */
  readonly problems: string[];
  readonly archive: ArchiveReadiness;
  readonly cluster: ClusterReadiness;
}

export interface ReadinessCheck {
  (): Promise<Readiness>;
}

/** /healthz (the process answers), /readyz (store reachable, poller running), /metrics (Prometheus). */
export function healthRouter(ready: ReadinessCheck, registry: Registry): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const { problems, archive, cluster } = await ready();
    res
      .status(problems.length === 0 ? 200 : 503)
      .json({ status: problems.length === 0 ? 'ready' : 'not ready', problems, archive, cluster });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
