import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { ReadingStore } from './store';

export interface RetentionOptions {
  store: ReadingStore;
  patientIds: () => readonly number[];
  /** MAX_SEC in ms: readings older than this are removed. */
  maxAgeMs: number;
  /** CLEAR_DELAY in ms: time between passes. */
  intervalMs: number;
  logger: Logger;
  metrics: Metrics;
}

/**
 * Every CLEAR_DELAY, removes readings older than MAX_SEC from the head of each patient's lists
 * (atomically per patient). Anomaly lists are never trimmed: medical staff review them later.
 */
export class Retention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly options: RetentionOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One pass; a pass still running is joined rather than doubled. Resolves with readings removed. */
  runOnce(now = Date.now()): Promise<number> {
    this.running ??= this.options.store
      .trim(this.options.patientIds(), now - this.options.maxAgeMs)
      .then((removed) => {
        this.options.metrics.trimmed.inc(removed);
        if (removed > 0) this.options.logger.debug({ removed }, 'retention pass');
        return removed;
      })
      .catch((error: Error) => {
        this.options.logger.warn(
          { err: { message: error.message } },
          'retention pass failed; retrying next interval',
        );
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
