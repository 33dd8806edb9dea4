import type { Config } from '../config/config';
import type { Logger } from '../observability/logger';
import { MonitorClient, type MonitorFetcher } from './monitor-client';
import { PollWorkers } from './poll-workers';

/**
 * The HTTP side of polling: POLL_THREADS worker threads, or the main thread. Worker threads need
 * the compiled worker script; from TypeScript sources (jest) polling stays on the main thread, and
 * test/e2e/poll-workers.e2e.spec.ts covers the workers from dist.
 */
export function openFetcher(config: Config, baseUrl: string, logger: Logger): MonitorFetcher {
  const options = { baseUrl, timeoutMs: config.requestTimeoutMs, sensorCount: config.sensorCount };
  return config.pollThreads > 0 && PollWorkers.available
    ? new PollWorkers({ ...options, threads: config.pollThreads, logger })
    : new MonitorClient(options);
}
