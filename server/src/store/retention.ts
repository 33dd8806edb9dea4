import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { ReadingStore } from './store';

export interface RetentionOptions {
  store: ReadingStore;
  /** MAX_SEC in ms: readings older than this are removed. */
  maxAgeMs: number;
  /** CLEAR_DELAY in ms: time between passes. */
  intervalMs: number;
  logger: Logger;
  metrics: Metrics;
  /**
   * CLUSTER=on: the patients this instance trims, those of the buckets it holds (each patient is
   * trimmed by its owner, once per pass across the deployment). @default every known patient
   */
  owns?: (patientId: number) => boolean;
}

/** Patients trimmed per store round trip: a pass over 100,000 known patients stays a few hundred calls. */
const TRIM_CHUNK = 1000;

/**
 * Every CLEAR_DELAY, removes readings older than MAX_SEC from the head of each patient's lists
 * (atomically per patient). Anomaly lists are never trimmed: medical staff review them later.
 * Every patient the store has ever had readings of is trimmed, not only those polled now: medical
 * data must not outlive its retention because polling of a patient stopped.
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
    this.running ??= this.pass(now - this.options.maxAgeMs)
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

  private async pass(cutoff: number): Promise<number> {
    const { store } = this.options;
    const known = await store.knownPatients();
    const owns = this.options.owns;
    const ids = owns === undefined ? known : known.filter(owns);
    let removed = 0;
    for (let i = 0; i < ids.length; i += TRIM_CHUNK) {
      removed += await store.trim(ids.slice(i, i + TRIM_CHUNK), cutoff);
    }
    return removed;
  }
}
