import type { Logger } from '../observability/logger';
import type { Reading } from '../readings/reading';
import type { ReadingStore } from '../store/store';
import { archivedCounts, HOUR_MS, summarizeHours, writeMinutes, type HourKey } from './archive-tables';
import type { Database } from './database';
import { decodeMinute, encodeMinute } from './minute-codec';
import { MINUTE_MS, MinuteBuilder, minuteOf, minutesOf, type MinuteSamples } from './minute-samples';
import { DAY_MS, dayStart, DEFAULT_RETENTION, PartitionCache } from './partitions';
import { DEFAULT_LOADED_THRESHOLD } from './rollup';

export interface ArchiveWriterOptions {
  db: Database;
  logger: Logger;
  /** A minute closes when a reading of a later minute arrives, or this long after its end. @default 5000 */
  closeAfterMs?: number;
  /** How often due minutes are closed and closed minutes written. @default 1000 */
  flushIntervalMs?: number;
  /**
   * Minutes per write, one transaction each. A write encodes and rolls up its minutes in one
   * stretch of the event loop (~0.1 ms a minute on a loaded 2-core machine), so at a minute
   * boundary 1,000 patients are written as twenty stretches of ~5 ms with the database's answers
   * between them, not one of ~100 ms that would hold back every live reading. @default 50
   */
  maxBatchMinutes?: number;
  /**
   * Closed minutes kept per patient while the database fails (~2 KB each, encoded); beyond, the
   * oldest are dropped and counted: a gap, unless the Redis window still holds it at catch-up.
   * @default 30
   */
  maxPendingMinutesPerPatient?: number;
  /** First pause after a failed write; doubles up to `maxRetryDelayMs`. @default 500 */
  retryDelayMs?: number;
  /** @default 10000 */
  maxRetryDelayMs?: number;
  /** Values at or above this count as loaded in the rollups. @default 100 */
  loadedThreshold?: number;
  /** Raw minutes older than this many days (before today) are not written: retention drops them. @default 365 */
  archiveRetentionDays?: number;
  /** How far back the reading store's window reaches: MAX_SEC + CLEAR_DELAY. @default 660000 */
  windowMs?: number;
  /**
   * Where to catch up from when the database answers again after failing (readings stored while it
   * was away, and minutes dropped from the outage buffer that the window still holds). Without it
   * the caller runs `catchUp` itself. `patients` lists the patients this instance owns.
   * @default undefined
   */
  recovery?: { store: ReadingStore; patients: () => Promise<readonly number[]> };
  /** `healthy` turns false when the oldest unwritten minute ended longer ago than this. @default 120000 */
  maxHealthyLagMs?: number;
  /** The clock (tests). @default Date.now */
  now?: () => number;
}

/**
 * A closed minute waiting to be written: as built while the database keeps up (written within a
 * second: encoding it only to decode it again cost two of the three deflate passes of a minute,
 * ~0.5 ms a patient on the event loop at every minute boundary), encoded (~1.3 KB instead of
 * ~5 KB of typed arrays) while writes fail and minutes wait for long.
 */
interface PendingMinute {
  readonly patientId: number;
  readonly minute: number;
  readonly count: number;
  samples: MinuteSamples | undefined;
  data: Uint8Array | undefined;
}

interface PatientState {
  open: MinuteBuilder | undefined;
  /** Closed minutes not yet written, oldest first, at most maxPendingMinutesPerPatient. */
  pending: PendingMinute[];
}

/** Counters for metrics and tests; monotonic except `pendingMinutes`. */
export interface ArchiveWriterStats {
  minutesWritten: number;
  readingsWritten: number;
  /** Minutes that existed and were completed by a write (a restart, a catch-up, a late reading). */
  minutesMerged: number;
  writeErrors: number;
  /** Minutes dropped from a full outage buffer, with their readings. */
  minutesDropped: number;
  readingsDropped: number;
  /** Readings not archived: out of order within a minute, a changed sensor count, over 6,000 a minute, or past retention. */
  readingsRejected: Record<'late' | 'sensorCount' | 'full' | 'expired', number>;
  catchUpRuns: number;
  catchUpMinutes: number;
  /** Seconds spent in writes (sum) and their number, for an average. */
  writeSeconds: number;
  writes: number;
}

export interface CatchUpResult {
  patients: number;
  /** Minutes written: missing from the archive or with fewer readings than the window has. */
  minutes: number;
  readings: number;
}

/** Readings asked of the store per call during catch-up: 10 minutes at 5 Hz. */
const CATCH_UP_SLICE_MS = 10 * MINUTE_MS;

/**
 * Archives readings by patient and minute. `onStored` (called after each batch reaches the reading
 * store, in order per patient) adds them to the patient's open minute; a minute closes when a
 * reading of a later minute arrives or `closeAfterMs` after its end, and closed minutes are written
 * in batches, one write at a time. Writes are idempotent (a minute written twice is one row with
 * every reading once), so a restart, a catch-up and a late reading can all write the same minute.
 *
 * While the database fails, closed minutes wait (bounded per patient) and writes are retried with
 * backoff; when it answers again, the writer catches up from the reading store's window (with
 * `recovery`). Per-patient state is keyed by patient and `release` flushes and forgets one, so that
 * exactly one instance, the patient's owner, writes a patient at a time.
 */
export class ArchiveWriter {
  private readonly patients = new Map<number, PatientState>();
  private readonly partitions = new PartitionCache();
  /**
   * Hours written to while they were current: summarized once they end, by the write of their
   * last minute normally, by the timer when the patient stopped mid-hour.
   */
  private readonly currentHours = new Map<string, HourKey>();
  /** Database work runs here, one piece at a time: a catch-up never races a write of the same minute. */
  private lane: Promise<unknown> = Promise.resolve();
  private writeQueued = false;
  private timer: NodeJS.Timeout | undefined;
  private failingSince: number | undefined;
  private lastError: string | undefined;
  private retryDelay: number;
  private nextAttemptAt = 0;
  private closed = false;
  private readonly settings: Required<Omit<ArchiveWriterOptions, 'db' | 'logger' | 'recovery'>>;

  readonly stats: ArchiveWriterStats = {
    minutesWritten: 0,
    readingsWritten: 0,
    minutesMerged: 0,
    writeErrors: 0,
    minutesDropped: 0,
    readingsDropped: 0,
    readingsRejected: { late: 0, sensorCount: 0, full: 0, expired: 0 },
    catchUpRuns: 0,
    catchUpMinutes: 0,
    writeSeconds: 0,
    writes: 0,
  };

  constructor(private readonly options: ArchiveWriterOptions) {
    this.settings = {
      closeAfterMs: options.closeAfterMs ?? 5000,
      flushIntervalMs: options.flushIntervalMs ?? 1000,
      maxBatchMinutes: options.maxBatchMinutes ?? 50,
      maxPendingMinutesPerPatient: options.maxPendingMinutesPerPatient ?? 30,
      retryDelayMs: options.retryDelayMs ?? 500,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 10_000,
      loadedThreshold: options.loadedThreshold ?? DEFAULT_LOADED_THRESHOLD,
      archiveRetentionDays: options.archiveRetentionDays ?? DEFAULT_RETENTION.archiveRetentionDays,
      windowMs: options.windowMs ?? 660_000,
      maxHealthyLagMs: options.maxHealthyLagMs ?? 120_000,
      now: options.now ?? Date.now,
    };
    for (const [name, value] of Object.entries(this.settings)) {
      if (typeof value === 'number' && !(Number.isInteger(value) && value >= 0)) {
        throw new RangeError(`ArchiveWriter ${name}: expected a non-negative integer, got ${value}`);
      }
    }
    if (this.settings.maxBatchMinutes < 1)
      throw new RangeError('ArchiveWriter maxBatchMinutes: expected at least 1');
    this.retryDelay = this.settings.retryDelayMs;
  }

  /** Starts the flush timer. */
  start(): void {
    this.timer = setInterval(() => this.tick(), this.settings.flushIntervalMs);
    this.timer.unref();
  }

  /**
   * Adds stored readings (the write queue's onStored hook, in order per patient). Never throws and
   * never waits: the database is reached from the flush timer only.
   */
  onStored(readings: readonly Reading[]): void {
    if (this.closed) return;
    for (const r of readings) {
      let state = this.patients.get(r.patientId);
      if (state === undefined) {
        state = { open: undefined, pending: [] };
        this.patients.set(r.patientId, state);
      }
      const minute = minuteOf(r.at);
      if (state.open !== undefined && minute !== state.open.minute) {
        if (minute < state.open.minute) {
          this.stats.readingsRejected.late++;
          continue;
        }
        this.closeOpen(state);
      }
      // A minute closed already can open again (readings the store wrote late, after an outage):
      // its second part is merged into the first when written.
      state.open ??= new MinuteBuilder(r.patientId, minute, r.sensors.length);
      const added = state.open.add(r.at, r.sensors);
      if (added === 'sensor-count') this.stats.readingsRejected.sensorCount++;
      else if (added === 'full') this.stats.readingsRejected.full++;
    }
  }

  /** False while writes fail or the archive is further behind than `maxHealthyLagMs`. */
  get healthy(): boolean {
    return this.failingSince === undefined && this.lagMs <= this.settings.maxHealthyLagMs;
  }

  /** How long ago the oldest minute still unwritten ended (0 when all closed minutes are written). */
  get lagMs(): number {
    let oldest = Infinity;
    for (const state of this.patients.values()) {
      const first = state.pending[0];
      if (first !== undefined && first.minute < oldest) oldest = first.minute;
    }
    return oldest === Infinity ? 0 : Math.max(0, this.settings.now() - (oldest + MINUTE_MS));
  }

  get pendingMinutes(): number {
    let n = 0;
    for (const state of this.patients.values()) n += state.pending.length;
    return n;
  }

  /** Why the archive is unhealthy, for /readyz; undefined when it is healthy. */
  get problem(): string | undefined {
    if (this.healthy) return undefined;
    const behind = `archive ${Math.round(this.lagMs / 1000)} s behind, ${this.pendingMinutes} minutes waiting`;
    return this.lastError === undefined ? behind : `${behind}; last error: ${this.lastError}`;
  }

  /**
   * Closes the minutes that are due, writes every closed minute and summarizes the hours that
   * ended, now; resolves when done (or failed: the writer retries as usual).
   */
  flush(): Promise<void> {
    this.closeDue();
    return this.inLane(async () => {
      await this.writePending();
      const ended = this.endedHours();
      if (ended.length > 0 && this.failingSince === undefined) await this.summarize(ended);
    });
  }

  /**
   * Writes what the archive lacks of these patients' minutes in the reading store's window: minutes
   * missing, and minutes with fewer readings than the window holds (the union is written). Minutes
   * this writer still holds (open or waiting) are left to it. Run on start, for patients taken over,
   * and when the database answers again. Rejects when the database or the store fails.
   */
  async catchUp(store: ReadingStore, patientIds: readonly number[]): Promise<CatchUpResult> {
    const result: CatchUpResult = { patients: 0, minutes: 0, readings: 0 };
    this.stats.catchUpRuns++;
    for (const patientId of patientIds) {
      // One patient at a time in the lane: live writes go on between patients.
      const { minutes, readings } = await this.inLane(() => this.catchUpPatient(store, patientId));
      result.patients++;
      result.minutes += minutes;
      result.readings += readings;
    }
    this.stats.catchUpMinutes += result.minutes;
    if (result.minutes > 0) this.options.logger.info(result, 'archive caught up from the reading store');
    return result;
  }

  /**
   * Flushes a patient's minutes (the open one too, partial) and forgets the patient: its owner is
   * changing (or polling stopped). If the write fails the minutes are dropped and counted; the next
   * owner's catch-up recovers what the reading store's window holds.
   */
  release(patientId: number): Promise<void> {
    const state = this.patients.get(patientId);
    if (state === undefined) return Promise.resolve();
    this.patients.delete(patientId);
    if (state.open !== undefined) this.closeOpen(state);
    return this.inLane(async () => {
      try {
        await this.write(state.pending);
        const ended = this.endedHours().filter((h) => h.patientId === patientId);
        if (ended.length > 0) await summarizeHours(this.options.db, ended);
      } catch (error) {
        this.drop(patientId, state.pending, 'released while the archive was failing');
        this.failed(error as Error);
      }
      // The next owner summarizes the patient's current hour (or the maintenance sweep does).
      for (const [key, h] of this.currentHours) if (h.patientId === patientId) this.currentHours.delete(key);
    });
  }

  /**
   * Stops the timer, closes every minute (open ones partial: the next start merges the rest in)
   * and writes them, retrying until `timeoutMs`; what is left is dropped and counted.
   */
  async close(timeoutMs = 5000): Promise<void> {
    clearInterval(this.timer);
    if (this.closed) return;
    this.closed = true;
    for (const state of this.patients.values()) if (state.open !== undefined) this.closeOpen(state);
    const deadline = this.settings.now() + timeoutMs;
    for (;;) {
      await this.inLane(() => this.writePending(true));
      if (this.pendingMinutes === 0 || this.settings.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(this.retryDelay, 500)));
    }
    // Every minute is written now: the hours that have ended are complete.
    const ended = [...this.currentHours.values()].filter((h) => h.hour + HOUR_MS <= this.settings.now());
    if (ended.length > 0 && this.failingSince === undefined) await this.inLane(() => this.summarize(ended));
    for (const [patientId, state] of this.patients) {
      if (state.pending.length > 0) this.drop(patientId, state.pending, 'not written before shutdown');
    }
    this.patients.clear();
  }

  private tick(): void {
    this.closeDue();
    if (this.writeQueued || this.settings.now() < this.nextAttemptAt) return;
    const ended = this.endedHours();
    const work =
      this.pendingMinutes > 0
        ? () => this.writePending()
        : this.failingSince !== undefined
          ? () => this.probe() // nothing to write: ask the database whether it is back
          : ended.length > 0
            ? () => this.summarize(ended)
            : undefined;
    if (work === undefined) return;
    this.writeQueued = true;
    void this.inLane(work).finally(() => (this.writeQueued = false));
  }

  /** Hours written to while current that have ended and whose last minute can no longer be pending. */
  private endedHours(): HourKey[] {
    const settled = this.settings.now() - this.settings.closeAfterMs - 2 * this.settings.flushIntervalMs;
    return [...this.currentHours.values()].filter((h) => h.hour + HOUR_MS <= settled);
  }

  private async summarize(hours: readonly HourKey[]): Promise<void> {
    try {
      await summarizeHours(this.options.db, hours);
      for (const h of hours) this.currentHours.delete(`${h.patientId}:${h.hour}`);
    } catch (error) {
      this.failed(error as Error);
    }
  }

  private async probe(): Promise<void> {
    try {
      await this.options.db.query('SELECT 1');
      this.recovered();
    } catch (error) {
      this.failed(error as Error);
    }
  }

  private closeDue(): void {
    const now = this.settings.now();
    for (const state of this.patients.values()) {
      const open = state.open;
      if (open !== undefined && now >= open.minute + MINUTE_MS + this.settings.closeAfterMs)
        this.closeOpen(state);
    }
  }

  private closeOpen(state: PatientState): void {
    const open = state.open!;
    state.open = undefined;
    if (open.size === 0) return;
    const m = open.build();
    const pending: PendingMinute = {
      patientId: m.patientId,
      minute: m.minute,
      count: m.count,
      samples: m,
      data: undefined,
    };
    if (this.failingSince !== undefined) compact(pending);
    state.pending.push(pending);
    const excess = state.pending.length - this.settings.maxPendingMinutesPerPatient;
    if (excess > 0) this.drop(m.patientId, state.pending.splice(0, excess), 'outage buffer full');
  }

  private drop(patientId: number, minutes: readonly PendingMinute[], why: string): void {
    if (minutes.length === 0) return;
    const readings = minutes.reduce((n, m) => n + m.count, 0);
    this.stats.minutesDropped += minutes.length;
    this.stats.readingsDropped += readings;
    this.options.logger.warn(
      {
        patientId,
        from: new Date(minutes[0]!.minute).toISOString(),
        to: new Date(minutes[minutes.length - 1]!.minute + MINUTE_MS).toISOString(),
        minutes: minutes.length,
        readings,
      },
      `archive minutes dropped (${why}); a gap unless the reading store still holds them at catch-up`,
    );
  }

  /** Writes the waiting minutes in batches; on failure puts the batch back and backs off. */
  private async writePending(ignoreBackoff = false): Promise<void> {
    while (this.pendingMinutes > 0) {
      if (!ignoreBackoff && this.settings.now() < this.nextAttemptAt) return;
      const batch = this.takeBatch();
      try {
        await this.write(batch);
      } catch (error) {
        this.putBack(batch);
        this.failed(error as Error);
        return;
      }
    }
  }

  /** Up to maxBatchMinutes, oldest first per patient, shared between patients. */
  private takeBatch(): PendingMinute[] {
    const batch: PendingMinute[] = [];
    const waiting = [...this.patients.values()].filter((s) => s.pending.length > 0);
    const share = Math.max(1, Math.floor(this.settings.maxBatchMinutes / Math.max(1, waiting.length)));
    for (const state of waiting) {
      const room = this.settings.maxBatchMinutes - batch.length;
      if (room <= 0) break;
      batch.push(...state.pending.splice(0, Math.min(share, room)));
    }
    return batch;
  }

  private putBack(batch: readonly PendingMinute[]): void {
    const byPatient = new Map<number, PendingMinute[]>();
    for (const m of batch) {
      const list = byPatient.get(m.patientId) ?? [];
      list.push(m);
      byPatient.set(m.patientId, list);
    }
    for (const [patientId, minutes] of byPatient) {
      let state = this.patients.get(patientId);
      if (state === undefined) {
        state = { open: undefined, pending: [] };
        this.patients.set(patientId, state);
      }
      state.pending.unshift(...minutes);
      const excess = state.pending.length - this.settings.maxPendingMinutesPerPatient;
      if (excess > 0) this.drop(patientId, state.pending.splice(0, excess), 'outage buffer full');
    }
  }

  /** Writes minutes (after making sure their partitions exist); throws when the database fails. */
  private async write(minutes: readonly PendingMinute[]): Promise<void> {
    if (minutes.length === 0) return;
    const oldest = dayStart(this.settings.now()) - this.settings.archiveRetentionDays * DAY_MS;
    const samples: MinuteSamples[] = [];
    for (const m of minutes) {
      if (m.minute < oldest) this.stats.readingsRejected.expired += m.count;
      else samples.push(m.samples ?? decodeMinute(m.patientId, m.minute, m.data!));
    }
    await this.writeSamples(samples);
  }

  private async writeSamples(samples: readonly MinuteSamples[]): Promise<void> {
    if (samples.length === 0) return;
    const started = performance.now();
    await this.partitions.ensure(this.options.db, new Set(samples.map((m) => m.minute)));
    const now = this.settings.now();
    const result = await writeMinutes(this.options.db, samples, this.settings.loadedThreshold, now);
    for (const m of samples) {
      const hour = Math.floor(m.minute / HOUR_MS) * HOUR_MS;
      if (hour + HOUR_MS <= now) this.currentHours.delete(`${m.patientId}:${hour}`); // summarized just now
    }
    for (const h of result.currentHours) this.currentHours.set(`${h.patientId}:${h.hour}`, h);
    this.stats.writeSeconds += (performance.now() - started) / 1000;
    this.stats.writes++;
    this.stats.minutesWritten += samples.length;
    this.stats.readingsWritten += samples.reduce((n, m) => n + m.count, 0);
    this.stats.minutesMerged += result.merged;
    if (this.failingSince !== undefined) this.recovered();
  }

  private failed(error: Error): void {
    this.stats.writeErrors++;
    this.lastError = error.message;
    this.nextAttemptAt = this.settings.now() + this.retryDelay;
    this.retryDelay = Math.min(this.retryDelay * 2, this.settings.maxRetryDelayMs);
    if (this.failingSince === undefined) {
      this.failingSince = this.settings.now();
      // Minutes may now wait up to the outage buffer's length: kept encoded from here on.
      for (const state of this.patients.values()) for (const m of state.pending) compact(m);
      this.options.logger.warn(
        { err: { message: error.message } },
        'archive writes failing; minutes wait and are retried',
      );
    }
  }

  private recovered(): void {
    const downMs = this.settings.now() - this.failingSince!;
    this.failingSince = undefined;
    this.lastError = undefined;
    this.retryDelay = this.settings.retryDelayMs;
    this.nextAttemptAt = 0;
    this.options.logger.info({ downMs }, 'archive writes recovered');
    const recovery = this.options.recovery;
    if (recovery === undefined || this.closed) return;
    // After the lane's current work: the waiting minutes go first, the catch-up fills what is left.
    void recovery
      .patients()
      .then((ids) => this.catchUp(recovery.store, ids))
      .catch((error: Error) =>
        this.options.logger.warn(
          { err: { message: error.message } },
          'archive catch-up failed; retried on the next recovery',
        ),
      );
  }

  private async catchUpPatient(
    store: ReadingStore,
    patientId: number,
  ): Promise<{ minutes: number; readings: number }> {
    const now = this.settings.now();
    const state = this.patients.get(patientId);
    const held = new Set(state?.pending.map((m) => m.minute));
    // Closed minutes only, and none the writer holds: it writes those itself.
    let before = minuteOf(now - this.settings.closeAfterMs - MINUTE_MS) + MINUTE_MS;
    if (state?.open !== undefined) before = Math.min(before, state.open.minute);
    const retained = dayStart(now) - this.settings.archiveRetentionDays * DAY_MS;
    let from = Math.max(minuteOf(now - this.settings.windowMs), retained);
    let minutes = 0;
    let readings = 0;
    while (from < before) {
      const to = Math.min(from + CATCH_UP_SLICE_MS, before);
      const slice = await store.readings(patientId, { from, to: to - 1, last: Number.MAX_SAFE_INTEGER });
      const candidates = minutesOf(slice).minutes.filter((m) => !held.has(m.minute));
      if (candidates.length > 0) {
        const stored = await archivedCounts(this.options.db, patientId, candidates[0]!.minute, to);
        const missing = candidates.filter((m) => stored.get(m.minute) !== m.count);
        await this.writeSamples(missing);
        minutes += missing.length;
        readings += missing.reduce((n, m) => n + m.count, 0);
      }
      from = to;
    }
    return { minutes, readings };
  }

  private inLane<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lane.then(work, work);
    this.lane = run.catch(() => undefined);
    return run;
  }
}

/** Encodes a waiting minute in place and lets its typed arrays go. */
function compact(m: PendingMinute): void {
  if (m.samples === undefined) return;
  m.data = encodeMinute(m.samples);
  m.samples = undefined;
}
