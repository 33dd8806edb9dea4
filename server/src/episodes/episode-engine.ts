import type { Logger } from '../observability/logger';
import type { Reading } from '../readings/reading';
import type { EpisodeChange, EpisodeCore, EpisodeEventType } from './episode';
import type { EpisodeStore } from './episode-store';
import { isTrackerState, PatientTracker, type DetectorConfig } from './detection';

export interface EpisodeEngineOptions {
  store: EpisodeStore;
  detectors: DetectorConfig;
  /** An acknowledged episode still active this long after its acknowledgement alarms again. @default 300000 */
  realarmMs?: number;
  /** Patients that should be sending data (polled by this instance): NO_DATA applies to them. */
  monitored: () => Iterable<number>;
  logger: Logger;
  /** How often time-based detection (NO_DATA) runs. @default 1000 */
  tickMs?: number;
  /** How often re-alarms are looked for. @default 10000 */
  realarmCheckMs?: number;
  /** Detector state of a patient without episode changes is written at most this often (what a crash can lose of the detection windows; episodes are written with every change). @default 15000 */
  checkpointMs?: number;
  /** UPDATED events of one episode are published at most this often (each is stored). @default 1000 */
  updateEventMs?: number;
  /** Readings held per patient while its detector state loads. @default 3000 */
  maxHeldPerPatient?: number;
}

/** An episode version waiting to be written, with the event to publish for it. */
interface PendingChange {
  core: EpisodeCore;
  event: EpisodeEventType | null;
}

/** A patient's detectors: ready, or loading their state with the readings that arrive meanwhile. */
type Slot =
  | { readonly kind: 'ready'; readonly tracker: PatientTracker; stateWrittenAt: number }
  | { readonly kind: 'loading'; readonly held: Reading[] };

/** State checkpoints written per flush at most (the rest stay due for the next one). */
const MAX_CHECKPOINTS_PER_FLUSH = 100;

/** Pause after a failed flush, doubled up to the maximum while the store stays down. */
const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 5000;

/**
 * Runs the detectors of the patients this instance owns over their stored readings, in order, and
 * writes what they find. One writer per patient by construction: readings of a patient reach
 * `onStored` in order from the write queue, trackers run synchronously on this thread, and writes
 * go out one flush at a time. While the store is down, changes and state wait in memory (one entry
 * per episode, the newest version) and are written when it answers; episode ids are derived from
 * the episode itself, so a write repeated after a failure is the same write, never a second episode.
 */
export class EpisodeEngine {
  private readonly slots = new Map<number, Slot>();
  /** Patients with episode changes to write (their state goes with them). */
  private readonly pending = new Map<number, PendingChange[]>();
  /** Patients whose detector state changed since it was last written. */
  private readonly stateDirty = new Set<number>();
  /** Patients whose state is to be written without episode changes (a checkpoint, or at stop). */
  private readonly checkpointDue = new Set<number>();
  private readonly lastUpdateEvent = new Map<string, number>();
  /** Since when this instance has been monitoring each patient (polling it). */
  private readonly monitoredSince = new Map<number, number>();
  /** Trackers of patients handed to another instance, until their last state is written. */
  private readonly releasing = new Map<number, PatientTracker>();
  private flushing: Promise<void> | undefined;
  private readonly loading = new Set<Promise<void>>();
  private retryMs = 0;
  private failingSince: number | undefined;
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private readonly o: Required<Omit<EpisodeEngineOptions, 'store' | 'detectors' | 'monitored' | 'logger'>> &
    EpisodeEngineOptions;

  constructor(options: EpisodeEngineOptions) {
    this.o = {
      realarmMs: 300_000,
      tickMs: 1000,
      realarmCheckMs: 10_000,
      checkpointMs: 15_000,
      updateEventMs: 1000,
      maxHeldPerPatient: 3000,
      ...options,
    };
  }

  /**
   * Starts the clocks. Each patient's detector state (its open episodes) is loaded when its first
   * reading or tick comes, its readings held meanwhile.
   */
  start(): void {
    this.timers = [
      setInterval(() => this.tick(Date.now()), this.o.tickMs),
      setInterval(() => void this.realarm(Date.now()), this.o.realarmCheckMs),
    ];
    for (const timer of this.timers) timer.unref();
  }

  /** Stops the clocks and writes what is pending, states included. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    for (const [patientId, slot] of this.slots) if (slot.kind === 'ready') this.checkpointDue.add(patientId);
    await this.flushing;
    try {
      while (this.hasWork) await this.flushOnce();
    } catch (error) {
      this.o.logger.warn(
        { err: { message: (error as Error).message } },
        'episode state not written at shutdown',
      );
    }
  }

  /** The write queue's hook: readings just stored, in order per patient. Never throws. */
  readonly onStored = (readings: readonly Reading[]): void => {
    for (const reading of readings) {
      const slot = this.slots.get(reading.patientId);
      if (slot === undefined) {
        this.slots.set(reading.patientId, { kind: 'loading', held: [reading] });
        void this.load([reading.patientId]);
      } else if (slot.kind === 'loading') {
        if (slot.held.length >= this.o.maxHeldPerPatient) slot.held.shift();
        slot.held.push(reading);
      } else {
        this.apply(reading.patientId, slot.tracker.observe(reading));
      }
    }
    this.scheduleFlush();
  };

  /**
   * The patient went to another instance (CLUSTER=on): its detector state is written once more
   * and the patient forgotten here, so its new owner loads the latest state, and this instance
   * loads it afresh if the patient comes back (never a stale tracker). Readings of the patient
   * must no longer reach `onStored` (the server filters them by ownership).
   */
  release(patientId: number): void {
    const slot = this.slots.get(patientId);
    this.slots.delete(patientId);
    this.monitoredSince.delete(patientId);
    if (slot?.kind !== 'ready') return;
    this.releasing.set(patientId, slot.tracker);
    this.stateDirty.add(patientId);
    this.checkpointDue.add(patientId);
    this.scheduleFlush();
  }

  /** Open episodes of the patients this instance runs detectors for. */
  openEpisodes(): EpisodeCore[] {
    const open: EpisodeCore[] = [];
    for (const slot of this.slots.values())
      if (slot.kind === 'ready') open.push(...slot.tracker.openEpisodes());
    return open;
  }

  /** Runs time-based detection now (the interval calls it every tickMs). */
  tick(now: number): void {
    const monitored = new Set(this.o.monitored());
    for (const id of monitored) {
      if (!this.monitoredSince.has(id)) this.monitoredSince.set(id, now);
      if (!this.slots.has(id)) {
        this.slots.set(id, { kind: 'loading', held: [] });
        void this.load([id]);
      }
    }
    for (const id of this.monitoredSince.keys()) if (!monitored.has(id)) this.monitoredSince.delete(id);
    for (const [patientId, slot] of this.slots) {
      if (slot.kind !== 'ready') continue;
      // Silence counts only once this instance has watched the patient for the whole NO_DATA
      // period: after a restart or a handover, the last reading is old but polling has just begun.
      const since = this.monitoredSince.get(patientId);
      const watched = since !== undefined && now - since >= this.o.detectors.noData.afterMs;
      const changes = slot.tracker.tick(now, watched);
      if (changes.length > 0) this.apply(patientId, changes);
      else if (this.stateDirty.has(patientId) && now - slot.stateWrittenAt >= this.o.checkpointMs) {
        this.checkpointDue.add(patientId);
      }
    }
    this.scheduleFlush();
  }

  /** Acknowledged episodes still active after realarmMs become unacknowledged again (the store publishes it). */
  async realarm(now: number): Promise<void> {
    const ids = this.openEpisodes().map((e) => e.id);
    if (ids.length === 0) return;
    try {
      const realarmed = await this.o.store.realarm(ids, now - this.o.realarmMs);
      if (realarmed.length > 0)
        this.o.logger.info({ episodes: realarmed.map((e) => e.id) }, 'episodes re-alarmed');
    } catch (error) {
      this.o.logger.warn(
        { err: { message: (error as Error).message } },
        're-alarm check failed; retrying later',
      );
    }
  }

  /** Resolves when every state being loaded is loaded and everything pending so far is written. */
  async settled(): Promise<void> {
    while (this.loading.size > 0 || this.flushing !== undefined) {
      await Promise.all([...this.loading]);
      await this.flushing;
    }
  }

  private load(patientIds: number[]): Promise<void> {
    const loading = this.loadStates(patientIds).finally(() => this.loading.delete(loading));
    this.loading.add(loading);
    return loading;
  }

  private async loadStates(patientIds: number[]): Promise<void> {
    for (const id of patientIds) if (!this.slots.has(id)) this.slots.set(id, { kind: 'loading', held: [] });
    let states = new Map<number, unknown>();
    try {
      states = await this.o.store.detectorStates(patientIds);
    } catch (error) {
      // Starting afresh may open an episode that was already open; it gets the same id only if it
      // started with the same reading. Better than holding every reading until the store returns.
      this.o.logger.warn(
        { err: { message: (error as Error).message }, patients: patientIds.length },
        'detector state could not be loaded; detectors start afresh',
      );
    }
    for (const id of patientIds) {
      const slot = this.slots.get(id);
      if (slot?.kind !== 'loading') continue;
      const saved = states.get(id);
      const valid = saved === undefined || isTrackerState(saved);
      if (!valid)
        this.o.logger.warn({ patientId: id }, 'stored detector state unreadable; detectors start afresh');
      const tracker = new PatientTracker(id, this.o.detectors, valid ? saved : undefined);
      // A random phase: patients loaded together must not all reach their checkpoint together.
      const stateWrittenAt = Date.now() - Math.random() * this.o.checkpointMs;
      this.slots.set(id, { kind: 'ready', tracker, stateWrittenAt });
      for (const reading of slot.held) this.apply(id, tracker.observe(reading));
    }
    this.scheduleFlush();
  }

  private apply(patientId: number, changes: readonly EpisodeChange[]): void {
    this.stateDirty.add(patientId);
    if (changes.length === 0) return;
    let list = this.pending.get(patientId);
    if (list === undefined) this.pending.set(patientId, (list = []));
    for (const change of changes) {
      const last = list.at(-1);
      // Consecutive versions of one episode collapse into the newest, keeping the event of the
      // first: an OPENED followed by UPDATEs is published once, as OPENED with the latest fields.
      if (change.type === 'UPDATED' && last !== undefined && last.core.id === change.episode.id) {
        last.core = change.episode;
        continue;
      }
      list.push({ core: change.episode, event: change.type });
    }
  }

  private get hasWork(): boolean {
    return this.pending.size > 0 || this.checkpointDue.size > 0;
  }

  private scheduleFlush(): void {
    if (this.flushing !== undefined || !this.hasWork) return;
    this.flushing = (async () => {
      // Let the rest of this turn's readings join the flush.
      await new Promise<void>((resolve) => setImmediate(resolve));
      try {
        for (;;) {
          try {
            await this.flushOnce();
            if (this.failingSince !== undefined) this.recovered();
            break;
          } catch (error) {
            this.failed(error as Error);
            if (this.stopped) break;
            await new Promise((resolve) => setTimeout(resolve, this.retryMs).unref());
          }
        }
      } finally {
        this.flushing = undefined;
      }
      // Changes that came in during the write, and checkpoints left over, go out in the next flush.
      if (!this.stopped) this.scheduleFlush();
    })();
  }

  /**
   * Writes each patient's changes with its state, and due checkpoints; keeps what failed. All
   * records go out together (the client pipelines them: one round trip, not one per patient), so an
   * OPENED never waits behind a thousand checkpoints; each patient has one record per flush, so
   * its order holds.
   */
  private async flushOnce(): Promise<void> {
    const now = Date.now();
    // Episode changes first; checkpoints at most MAX_CHECKPOINTS_PER_FLUSH at a time, so a flush
    // stays short and an OPENED arriving meanwhile does not wait behind a wave of them.
    const patients = new Set(this.pending.keys());
    for (const id of this.checkpointDue) {
      if (patients.size >= this.pending.size + MAX_CHECKPOINTS_PER_FLUSH) break;
      patients.add(id);
    }
    const writes: Promise<void>[] = [];
    for (const patientId of patients) {
      const slot = this.slots.get(patientId);
      const tracker = slot?.kind === 'ready' ? slot.tracker : this.releasing.get(patientId);
      const list = this.pending.get(patientId) ?? [];
      this.pending.delete(patientId); // new changes during the write go into a fresh entry
      this.checkpointDue.delete(patientId);
      const withState = tracker !== undefined && this.stateDirty.has(patientId);
      if (list.length === 0 && !withState) continue;
      const state = withState ? tracker.state() : undefined;
      if (withState) this.stateDirty.delete(patientId);
      const changes = list.map(({ core, event }) => ({ core, event: this.eventToPublish(core, event, now) }));
      writes.push(
        this.o.store.record({ patientId, changes, state }).then(
          () => {
            if (withState && slot?.kind === 'ready') slot.stateWrittenAt = now;
            if (withState && this.releasing.get(patientId) === tracker) this.releasing.delete(patientId);
            for (const { core } of changes) if (core.endedAt !== null) this.lastUpdateEvent.delete(core.id);
          },
          (error: unknown) => {
            this.restore(patientId, list, withState);
            throw error;
          },
        ),
      );
    }
    const results = await Promise.allSettled(writes);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  }

  /** UPDATED is published at most every updateEventMs per episode; every version is stored. */
  private eventToPublish(
    core: EpisodeCore,
    event: EpisodeEventType | null,
    now: number,
  ): EpisodeEventType | null {
    if (event !== 'UPDATED') return event;
    const last = this.lastUpdateEvent.get(core.id) ?? 0;
    if (now - last < this.o.updateEventMs) return null;
    this.lastUpdateEvent.set(core.id, now);
    return event;
  }

  /** Puts a failed write back in front of what arrived meanwhile, keeping the per-episode order. */
  private restore(patientId: number, failed: PendingChange[], withState: boolean): void {
    const newer = this.pending.get(patientId) ?? [];
    if (failed.length > 0 || newer.length > 0) this.pending.set(patientId, [...failed, ...newer]);
    if (withState) {
      this.stateDirty.add(patientId);
      this.checkpointDue.add(patientId);
    }
  }

  private failed(error: Error): void {
    this.retryMs = Math.min(RETRY_MAX_MS, Math.max(RETRY_MIN_MS, this.retryMs * 2));
    if (this.failingSince === undefined) {
      this.failingSince = Date.now();
      this.o.logger.error(
        { err: { message: error.message }, patients: this.pending.size },
        'episode writes failing; keeping them in memory until the store answers',
      );
    }
  }

  private recovered(): void {
    this.o.logger.info(
      { outageMs: Date.now() - (this.failingSince ?? Date.now()) },
      'episode writes recovered',
    );
    this.failingSince = undefined;
    this.retryMs = 0;
  }
}
