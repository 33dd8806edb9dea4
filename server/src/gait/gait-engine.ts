import type { Logger } from '../observability/logger';
import type { Reading } from '../readings/reading';
import type { ReadingStore } from '../store/store';
import type { GaitMinute, GaitState, GaitSummaryData, GaitWindowName } from './gait-summary';

/** One patient's gait analysis, as the engine drives it (gait/analysis/gait-tracker.ts). */
export interface PatientGait {
  add(reading: Reading): void;
  current(): GaitNow;
  summary(window: GaitWindowName): GaitSummaryData;
  /** Finished minutes; with `final`, the open ones too (the tracker is being dropped). */
  takeMinutes(final?: boolean): GaitMinute[];
}

/** What the ward overview shows of a patient's gait: cheap enough to read for every patient. */
export interface GaitNow {
  readonly state: GaitState;
  readonly cadence: number | null;
  readonly asOfAt: number | null;
}

export interface GaitEngineOptions {
  /** Where a new tracker's past comes from: the live window of readings. */
  store: ReadingStore;
  logger: Logger;
  /** A fresh analysis for a patient. */
  createTracker: (patientId: number) => PatientGait;
  /** Finished minutes, for the archive's rollups; called on the engine's tick. */
  onMinutes?: (minutes: readonly GaitMinute[]) => void;
  /**
   * Receive time replayed into a tracker built after a restart or a handover: the longest live
   * window (five minutes of recording clock, replayed ~1.3x fast) plus a margin. @default 330000
   */
  rebuildMs?: number;
  /** Readings held per patient while its past loads. @default 3000 */
  maxHeldPerPatient?: number;
  /** How often finished minutes are collected and watchers are sent an update. @default 1000 */
  tickMs?: number;
  /**
   * A patient without a reading for this long is forgotten (its minutes handed over first): polling
   * stopped, or another instance owns it now. Its figures are rebuilt from the window if it returns.
   * @default 660000 (the live window)
   */
  idleMs?: number;
}

type Slot =
  | { readonly kind: 'ready'; readonly tracker: PatientGait }
  | { readonly kind: 'loading'; readonly held: Reading[] };

interface Watcher {
  readonly patientId: number;
  readonly window: GaitWindowName;
  lastAsOf: number | null | undefined;
  push(summary: GaitSummaryData): void;
}

/**
 * Runs gait analysis for the patients this instance stores readings of, in stored order (the write
 * queue's onStored, like the episode engine: one writer per patient by construction). A patient's
 * tracker starts from the live window in the store — after a restart or when another instance hands
 * the patient over, the figures go on from what is stored, not from zero — and takes the readings
 * that arrive while that loads. Watchers (Subscription.gait) get one summary per tick at most, and
 * only when the patient has new data.
 */
export class GaitEngine {
  private readonly slots = new Map<number, Slot>();
  private readonly loading = new Set<Promise<void>>();
  private readonly watchers = new Set<Watcher>();
  private timer: NodeJS.Timeout | undefined;
  private readonly o: Required<Omit<GaitEngineOptions, 'onMinutes'>> & GaitEngineOptions;

  constructor(options: GaitEngineOptions) {
    this.o = { rebuildMs: 330_000, maxHeldPerPatient: 3000, tickMs: 1000, idleMs: 660_000, ...options };
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.o.tickMs);
    this.timer.unref();
  }

  /** Stops the clock; the minutes finished so far are handed over once more. */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    // The open minutes too: a restart or handover would otherwise lose up to a minute per patient.
    this.collectMinutes(true);
    for (const w of this.watchers) this.watchers.delete(w);
  }

  /** The write queue's hook: readings just stored, in order per patient. Never throws. */
  readonly onStored = (readings: readonly Reading[]): void => {
    for (const reading of readings) {
      const slot = this.slots.get(reading.patientId);
      if (slot === undefined) {
        this.slots.set(reading.patientId, { kind: 'loading', held: [reading] });
        this.load(reading.patientId, reading.at);
      } else if (slot.kind === 'loading') {
        if (slot.held.length >= this.o.maxHeldPerPatient) slot.held.shift();
        slot.held.push(reading);
      } else {
        slot.tracker.add(reading);
      }
    }
  };

  /** The patient's gait now, or undefined when this instance has no analysis of it (yet). */
  current(patientId: number): GaitNow | undefined {
    const slot = this.slots.get(patientId);
    return slot?.kind === 'ready' ? slot.tracker.current() : undefined;
  }

  /**
   * Figures over a window. A patient this instance does not analyse (not polled here, or still
   * loading) is analysed once from the live window, without keeping the tracker.
   */
  async summary(patientId: number, window: GaitWindowName): Promise<GaitSummaryData> {
    const slot = this.slots.get(patientId);
    if (slot?.kind === 'ready') return slot.tracker.summary(window);
    // While loading, the held readings are stored too: the past ends where they begin.
    const held = slot?.kind === 'loading' ? [...slot.held] : [];
    const until = held[0]?.at ?? Date.now();
    const tracker = this.o.createTracker(patientId);
    for (const r of await this.past(patientId, until)) if (held.length === 0 || r.at < until) tracker.add(r);
    for (const r of held) tracker.add(r);
    return tracker.summary(window);
  }

  /**
   * Summaries of one patient over a window as they change, at most one per tick. The first comes
   * at once. Bounded by construction: a watcher holds only its newest unsent summary.
   */
  watch(patientId: number, window: GaitWindowName): AsyncIterableIterator<GaitSummaryData> {
    let pending: GaitSummaryData | undefined;
    let wake: ((r: IteratorResult<GaitSummaryData>) => void) | undefined;
    let done = false;
    const watcher: Watcher = {
      patientId,
      window,
      lastAsOf: undefined,
      push: (summary) => {
        if (wake !== undefined) {
          const w = wake;
          wake = undefined;
          w({ done: false, value: summary });
        } else pending = summary;
      },
    };
    const finish = (): Promise<IteratorResult<GaitSummaryData>> => {
      done = true;
      this.watchers.delete(watcher);
      wake?.({ done: true, value: undefined });
      wake = undefined;
      return Promise.resolve({ done: true, value: undefined });
    };
    this.watchers.add(watcher);
    void this.summary(patientId, window).then(
      (first) => {
        if (done) return;
        watcher.lastAsOf = first.asOfAt;
        watcher.push(first);
      },
      (error: unknown) => {
        this.o.logger.warn({ err: { message: (error as Error).message }, patientId }, 'gait summary failed');
      },
    );
    const iterator: AsyncIterableIterator<GaitSummaryData> = {
      next: () => {
        if (done || !this.watchers.has(watcher)) return Promise.resolve({ done: true, value: undefined });
        if (pending !== undefined) {
          const value = pending;
          pending = undefined;
          return Promise.resolve({ done: false, value });
        }
        return new Promise((resolve) => (wake = resolve));
      },
      return: finish,
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** The patient is no longer this instance's (stopPolling, or handed to another instance). */
  forget(patientId: number): void {
    const slot = this.slots.get(patientId);
    if (slot?.kind === 'ready') this.emit(slot.tracker.takeMinutes(true));
    this.slots.delete(patientId);
  }

  /** Patients analysed here. */
  get patientCount(): number {
    return this.slots.size;
  }

  /** Resolves when every tracker being built is built. */
  async settled(): Promise<void> {
    while (this.loading.size > 0) await Promise.all([...this.loading]);
  }

  /** Collects finished minutes, forgets idle patients, updates watchers (every tickMs). */
  tick(now = Date.now()): void {
    this.collectMinutes();
    for (const [patientId, slot] of this.slots) {
      if (slot.kind !== 'ready') continue;
      const asOf = slot.tracker.current().asOfAt;
      if (asOf !== null && now - asOf > this.o.idleMs) this.forget(patientId);
    }
    for (const w of this.watchers) {
      const slot = this.slots.get(w.patientId);
      if (slot?.kind !== 'ready' || w.lastAsOf === undefined) continue;
      if (slot.tracker.current().asOfAt === w.lastAsOf) continue;
      const summary = slot.tracker.summary(w.window);
      w.lastAsOf = summary.asOfAt;
      w.push(summary);
    }
  }

  private collectMinutes(final = false): void {
    const minutes: GaitMinute[] = [];
    for (const slot of this.slots.values())
      if (slot.kind === 'ready') minutes.push(...slot.tracker.takeMinutes(final));
    this.emit(minutes);
  }

  private emit(minutes: readonly GaitMinute[]): void {
    if (minutes.length === 0 || this.o.onMinutes === undefined) return;
    try {
      this.o.onMinutes(minutes);
    } catch (error) {
      this.o.logger.warn({ err: { message: (error as Error).message } }, 'gait minutes not taken');
    }
  }

  private load(patientId: number, firstAt: number): void {
    const loading = this.build(patientId, firstAt).finally(() => this.loading.delete(loading));
    this.loading.add(loading);
  }

  /** A tracker from the stored past, then the readings held while it loaded. */
  private async build(patientId: number, firstAt: number): Promise<void> {
    let past: Reading[] = [];
    try {
      past = await this.past(patientId, firstAt);
    } catch (error) {
      // The figures then start from this reading: a few minutes of reduced confidence, nothing lost.
      this.o.logger.warn(
        { err: { message: (error as Error).message }, patientId },
        'gait starts without the stored window: the store did not answer',
      );
    }
    const slot = this.slots.get(patientId);
    if (slot?.kind !== 'loading') return; // forgotten meanwhile
    const tracker = this.o.createTracker(patientId);
    for (const r of past) if (r.at < firstAt) tracker.add(r);
    for (const r of slot.held) tracker.add(r);
    this.slots.set(patientId, { kind: 'ready', tracker });
  }

  private past(patientId: number, until: number): Promise<Reading[]> {
    // The window holds ~5 readings a second; 3,000 covers the default 5.5 minutes with room.
    return this.o.store.readings(patientId, { from: until - this.o.rebuildMs, to: until, last: 3000 });
  }
}
