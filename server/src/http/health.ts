import express, { type Router } from 'express';
import type { Registry } from 'prom-client';

export interface ReadinessCheck {
  /** Resolves with the reasons the server is not ready; empty when it is. */
  (): Promise<string[]>;
}

/** /healthz (the process answers), /readyz (store reachable, poller running), /metrics (Prometheus). */
export function healthRouter(ready: ReadinessCheck, registry: Registry): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const problems = await ready();
    res
      .status(problems.length === 0 ? 200 : 503)
      .json({ status: problems.length === 0 ? 'ready' : 'not ready', problems });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
