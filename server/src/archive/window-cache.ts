import type { ReadingStore } from '../store/store';
import type { Reading } from '../readings/reading';
import {
  maskBytes,
  MAX_READINGS_PER_MINUTE,
  mergeMinutes,
  minuteOf,
  minutesOf,
  sliceMinute,
  MINUTE_MS,
  type MinuteSamples,
} from './minute-samples';

export interface WindowCacheOptions {
  /** How far back the store holds every reading ((MAX_SEC + CLEAR_DELAY) * 1000): nothing older is cached. */
  windowMs: number;
  /** Patients whose window is held, least recently asked for dropped first (a 10-minute window at 5 Hz is ~56 KB). @default 64 */
  maxPatients?: number;
  /** Readings held in all (~17 bytes each at six sensors): a bound that holds at any sample rate too. @default 500000 */
  maxReadings?: number;
  /** The clock (tests). @default Date.now */
  now?: () => number;
}

/** What the cache holds of one patient: every stored reading with a time in [start, coveredTo]. */
interface Entry {
  start: number;
  coveredTo: number;
  /** Readings in `minutes`, as counted into the cache's total when the entry was last stored. */
  readings: number;
  /** Oldest first, arrays trimmed to their readings. */
  minutes: MinuteSamples[];
}

export interface WindowCacheStats {
  /** Queries answered with no store read, or with only the readings newer than the cache. */
  hits: number;
  /** Queries that read their whole range from the store (cold, or the store did not match the cache). */
  misses: number;
  /** Entries dropped because the store no longer held the newest cached reading (a flushed Redis). */
  invalidations: number;
}

/**
 * One reading store's live window, decoded once per instance and extended with only the readings
 * that arrived since, so a history of the dashboard's window parses the last second or so of the
 * store instead of up to ten minutes (3,000 readings: most of that query's time).
 *
 * Why a per-instance copy is correct on any instance, owner or not: the store keeps each patient's
 * readings in time order and refuses a reading not newer than the last one stored (both stores, on
 * every writer: see the APPEND script). So once a read returned readings up to time T, the readings
 * at or before T can never change, only be trimmed off the old end; what the cache holds is a fact
 * about the past, not a state another instance could change. Reads after T go to the store. Two
 * checks make it a pure optimisation: each extension reads from T itself and expects the reading at
 * T back (a store flushed or restarted empty fails that: the entry is dropped and the range read
 * afresh), and ranges reaching before the window are not cached at all. A reading trimmed from the
 * store but still cached is a real reading the archive also holds; the cache forgets it once it
 * falls out of the window.
 */
export class WindowCache {
  private readonly entries = new Map<number, Entry>();
  private readonly maxPatients: number;
  private readonly maxReadings: number;
  private held = 0;
  private readonly now: () => number;
  readonly stats: WindowCacheStats = { hits: 0, misses: 0, invalidations: 0 };

  constructor(
    private readonly store: ReadingStore,
    private readonly options: WindowCacheOptions,
  ) {
    this.maxPatients = options.maxPatients ?? 64;
    this.maxReadings = options.maxReadings ?? 500_000;
    this.now = options.now ?? Date.now;
  }

  /** Patients held (tests, metrics). */
  get size(): number {
    return this.entries.size;
  }

  /** Readings held over all patients. */
  get heldReadings(): number {
    return this.held;
  }

  /**
   * The store's readings of a patient in [from, to] (inclusive epoch ms) as minutes, sliced to the
   * range, oldest first: what `minutesOf(await store.readings(…)).minutes` gives.
   */
  async minutes(patientId: number, from: number, to: number): Promise<MinuteSamples[]> {
    const horizon = this.now() - this.options.windowMs;
    if (from < horizon || from > to) return this.read(patientId, from, to);
    let entry = this.entries.get(patientId);
    if (entry !== undefined) {
      // Least recently used last out: re-inserting moves it to the end.
      this.remove(patientId);
      if (!forget(entry, horizon)) entry = undefined;
    }
    if (entry !== undefined && from >= entry.start) {
      if (to > entry.coveredTo && !(await this.extend(patientId, entry, to))) entry = undefined;
      else this.stats.hits++;
    } else if (entry !== undefined && to >= entry.start) {
      // Earlier than held: the missing front is older than coveredTo, so as fixed as the rest.
      await this.prepend(patientId, entry, from);
      if (to > entry.coveredTo && !(await this.extend(patientId, entry, to))) entry = undefined;
      else this.stats.hits++;
    } else {
      entry = undefined;
    }
    if (entry === undefined) {
      this.stats.misses++;
      entry = await this.load(patientId, from, to);
      if (entry === undefined) return [];
    }
    // A concurrent query for the patient may have stored an entry meanwhile: this one replaces it.
    this.remove(patientId);
    entry.readings = entry.minutes.reduce((n, m) => n + m.count, 0);
    this.entries.set(patientId, entry);
    this.held += entry.readings;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxPatients && this.held <= this.maxReadings) break;
      // The entry just asked for stays even when it alone is over the bound: it is answered first.
      if (oldest === patientId) break;
      this.remove(oldest);
    }
    return entry.minutes
      .filter((m) => m.minute + MINUTE_MS > from && m.minute <= to)
      .map((m) => sliceMinute(m, from, to))
      .filter((m) => m.count > 0);
  }

  /** Drops a patient (tests; a patient whose data was deleted). */
  forget(patientId: number): void {
    this.remove(patientId);
  }

  private remove(patientId: number): void {
    const entry = this.entries.get(patientId);
    if (entry === undefined) return;
    this.entries.delete(patientId);
    this.held -= entry.readings;
  }

  private async read(patientId: number, from: number, to: number): Promise<MinuteSamples[]> {
    return minutesOf(await this.readings(patientId, from, to)).minutes;
  }

  private readings(patientId: number, from: number, to: number): Promise<Reading[]> {
    return this.store.readings(patientId, { from, to, last: Number.MAX_SAFE_INTEGER });
  }

  private async load(patientId: number, from: number, to: number): Promise<Entry | undefined> {
    const readings = await this.readings(patientId, from, to);
    if (readings.length === 0) return undefined;
    return {
      start: from,
      coveredTo: readings[readings.length - 1]!.at,
      readings: 0,
      minutes: compacted(readings),
    };
  }

  /** Reads (coveredTo, to] and appends it; false when the store no longer matches the entry. */
  private async extend(patientId: number, entry: Entry, to: number): Promise<boolean> {
    const readings = await this.readings(patientId, entry.coveredTo, to);
    // The reading at coveredTo must still be there: else the store lost what the cache holds.
    if (readings.length === 0 || readings[0]!.at !== entry.coveredTo) {
      this.stats.invalidations++;
      return false;
    }
    if (readings.length === 1) return true;
    const newer = compacted(readings.slice(1));
    entry.minutes = joined(entry.minutes, newer);
    entry.coveredTo = readings[readings.length - 1]!.at;
    return true;
  }

  private async prepend(patientId: number, entry: Entry, from: number): Promise<void> {
    const readings = await this.readings(patientId, from, entry.start - 1);
    entry.minutes = joined(compacted(readings), entry.minutes);
    entry.start = from;
  }
}

/** Drops minutes that left the window; false when nothing recent is left (the entry goes). */
function forget(entry: Entry, horizon: number): boolean {
  if (entry.coveredTo < horizon) return false;
  const keep = entry.minutes.findIndex((m) => m.minute + MINUTE_MS > horizon);
  if (keep < 0) return false;
  if (keep > 0) entry.minutes = entry.minutes.slice(keep);
  // Every minute dropped ended before the horizon's minute: what is left is whole from there.
  entry.start = Math.max(entry.start, minuteOf(horizon));
  return true;
}

/** Minutes of time-ordered readings, each in arrays of exactly its size (the builder's spare room freed). */
function compacted(readings: readonly Reading[]): MinuteSamples[] {
  return minutesOf(readings).minutes.map((m) =>
    m.offsets.length === m.count
      ? m
      : {
          ...m,
          offsets: m.offsets.slice(0, m.count),
          values: m.values.slice(0, m.count * m.sensorCount),
          flags: m.flags.slice(0, m.count * maskBytes(m.sensorCount)),
        },
  );
}

/**
 * `older` then `newer`, every reading of `newer` later than those of `older`; a minute cut between
 * the two is joined into one. As `minutesOf` over both at once: the minute keeps the sensor count
 * of its first reading, and readings of another count (or past the minute's cap) are left out.
 */
function joined(older: readonly MinuteSamples[], newer: readonly MinuteSamples[]): MinuteSamples[] {
  const last = older[older.length - 1];
  const first = newer[0];
  if (last === undefined || first === undefined || last.minute !== first.minute) return [...older, ...newer];
  const fits = last.sensorCount === first.sensorCount && last.count + first.count <= MAX_READINGS_PER_MINUTE;
  return [...older.slice(0, -1), fits ? mergeMinutes(last, first) : last, ...newer.slice(1)];
}
