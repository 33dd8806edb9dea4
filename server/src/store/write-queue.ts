import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { Reading } from '../readings/reading';
import { BoundedDeque } from '../shared/bounded-deque';
import { PartialAppendError, type ReadingStore } from './store';

export interface WriteQueueOptions {
  store: ReadingStore;
  /** Readings kept per patient while the store is unreachable; the oldest beyond are dropped. */
  capacityPerPatient: number;
  /** Readings per store round trip. @default 2000 */
  maxBatch?: number;
  /** Pause between write attempts while the store fails. @default 200 */
  retryDelayMs?: number;
  logger: Logger;
  metrics: Metrics;
  /**
   * Told of each batch once it is stored, in order per patient (the episode detectors run there).
   * Must not throw; a throw is logged and the queue goes on.
   */
  onStored?: (readings: readonly Reading[]) => void;
}

/**
 * Sits between the poller and the store. Readings queue per patient and are written in batches,
 * one batch in flight at a time, so each patient's readings reach the store in order. While the
 * store fails the queues hold a bounded number of readings per patient (dropping and counting the
 * oldest) and are flushed, in order, as soon as it answers again. One patient can never push
 * another's readings out.
 */
export class WriteQueue {
  private readonly queues = new Map<number, BoundedDeque<Reading>>();
  /** Patients with queued readings, in the order they queued. */
  private readonly pending = new Set<number>();
  private queued = 0;
  private flushing: Promise<void> | undefined;
  private closed = false;
  private failingSince: number | undefined;
  private droppedInOutage = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private wakeRetry: (() => void) | undefined;
  private readonly maxBatch: number;
  private readonly retryDelayMs: number;

  constructor(private readonly options: WriteQueueOptions) {
    this.maxBatch = options.maxBatch ?? 2000;
    this.retryDelayMs = options.retryDelayMs ?? 200;
  }

  /** False while the last write failed. */
  get healthy(): boolean {
    return this.failingSince === undefined;
  }

  get size(): number {
    return this.queued;
  }

  /** Readings of one patient waiting to be written. */
  queuedFor(patientId: number): number {
    return this.queues.get(patientId)?.length ?? 0;
  }

  /** Room left for a patient before its oldest queued readings would be dropped. */
  roomFor(patientId: number): number {
    return this.options.capacityPerPatient - this.queuedFor(patientId);
  }

  submit(reading: Reading): void {
    let queue = this.queues.get(reading.patientId);
    if (queue === undefined) {
      queue = new BoundedDeque(this.options.capacityPerPatient);
      this.queues.set(reading.patientId, queue);
    }
    const dropped = queue.push(reading);
    this.queued += 1 - dropped;
    if (dropped > 0) this.countDropped(dropped);
    if (queue.length > 0) this.pending.add(reading.patientId);
    this.options.metrics.buffered.set(this.queued);
    this.flushing ??= this.flush();
  }

  /** Resolves when everything queued so far is written, or after `timeoutMs`; returns what is left. */
  async drain(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.queued > 0 && Date.now() < deadline) {
      this.flushing ??= this.flush();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.flushing,
        new Promise((r) => (timer = setTimeout(r, Math.max(0, deadline - Date.now())))),
      ]);
      clearTimeout(timer);
    }
    return this.queued;
  }

  /** Stops retrying; what is still queued is abandoned (call drain first). */
  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.wakeRetry?.();
  }

  private async flush(): Promise<void> {
    // Let the readings of this event-loop turn join the batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.pending.size > 0 && !this.closed) {
        const batch = this.takeBatch();
        const readings = batch.flatMap(([, items]) => items);
        try {
          const refused = await this.options.store.append(readings);
          this.queued -= readings.length;
          const stored = refused ? this.fenced(readings, refused) : readings;
          this.options.metrics.stored.inc(stored.length);
          this.options.metrics.buffered.set(this.queued);
          if (this.failingSince !== undefined) this.recovered();
          this.stored(stored);
        } catch (error) {
          if (error instanceof PartialAppendError) {
            // A Redis Cluster with one master down: the patients on the others are stored.
            this.partlyStored(batch, error);
            this.failed(error.failure);
          } else {
            this.putBack(batch);
            this.failed(error as Error);
          }
          await this.pause();
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  /** Counts and reports the stored part of a batch, and queues the rest again, in order. */
  private partlyStored(batch: [number, Reading[]][], error: PartialAppendError): void {
    const done = new Set<Reading>([...error.written, ...error.refused]);
    const rest = batch
      .map(([patientId, items]): [number, Reading[]] => [patientId, items.filter((r) => !done.has(r))])
      .filter(([, items]) => items.length > 0);
    this.queued -= done.size;
    const written = batch.flatMap(([, items]) => items).filter((r) => done.has(r));
    const stored = error.refused.length > 0 ? this.fenced(written, error.refused) : written;
    this.options.metrics.stored.inc(stored.length);
    this.putBack(rest);
    this.stored(stored);
  }

  private stored(readings: readonly Reading[]): void {
    try {
      this.options.onStored?.(readings);
    } catch (error) {
      this.options.logger.error({ err: error }, 'a stored-readings listener failed; the readings are stored');
    }
  }

  /**
   * Readings the store refused by their fence: another instance holds their patients' lease now
   * (this one was paused or cut off past it). Counted and logged, and kept from the stored-readings
   * listeners: the patient's detectors, gait and archive run at its new owner. Returns the rest.
   */
  private fenced(readings: readonly Reading[], refused: readonly Reading[]): readonly Reading[] {
    if (refused.length === 0) return readings;
    this.options.metrics.fenceRefusals.inc(refused.length);
    const patients = [...new Set(refused.map((r) => r.patientId))];
    this.options.logger.warn(
      { refused: refused.length, patients: patients.length, examples: patients.slice(0, 5) },
      'readings refused by the lease fence: another instance owns these patients now',
    );
    const out = new Set(refused);
    return readings.filter((r) => !out.has(r));
  }

  private takeBatch(): [number, Reading[]][] {
    const batch: [number, Reading[]][] = [];
    // Share each batch between patients so one long backlog cannot starve the others.
    const perPatient = Math.max(1, Math.floor(this.maxBatch / this.pending.size));
    let room = this.maxBatch;
    for (const patientId of this.pending) {
      if (room === 0) break;
      const queue = this.queues.get(patientId)!;
      const items: Reading[] = [];
      while (items.length < perPatient && room > 0 && queue.length > 0) {
        items.push(queue.shift()!);
        room--;
      }
      batch.push([patientId, items]);
      this.pending.delete(patientId);
      if (queue.length > 0) this.pending.add(patientId);
    }
    return batch;
  }

  private putBack(batch: [number, Reading[]][]): void {
    for (const [patientId, items] of batch) {
      const queue = this.queues.get(patientId)!;
      const dropped = queue.unshiftAll(items);
      this.queued -= dropped;
      if (dropped > 0) this.countDropped(dropped);
      if (queue.length > 0) this.pending.add(patientId);
    }
    this.options.metrics.buffered.set(this.queued);
  }

  private countDropped(count: number): void {
    this.droppedInOutage += count;
    this.options.metrics.dropped.inc(count);
  }

  private failed(error: Error): void {
    this.options.metrics.storeErrors.inc();
    if (this.failingSince === undefined) {
      this.failingSince = Date.now();
      this.droppedInOutage = 0;
      this.options.logger.error(
        { err: { message: error.message }, buffered: this.queued },
        'store write failed; buffering readings until it answers',
      );
    }
  }

  private recovered(): void {
    const outageMs = Date.now() - (this.failingSince ?? Date.now());
    this.options.logger.info(
      { outageMs, dropped: this.droppedInOutage, stillBuffered: this.queued },
      'store writes recovered; buffered readings flushed in order',
    );
    this.failingSince = undefined;
  }

  private pause(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wakeRetry = resolve;
      this.retryTimer = setTimeout(resolve, this.retryDelayMs);
    });
  }
}
