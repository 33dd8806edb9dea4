import type { ReadingStore } from '../store/store';
import { newestArchivedMinute, readMinutes } from './archive-tables';
import type { Database } from './database';
import {
  mergeMinutes,
  MINUTE_MS,
  minuteOf,
  minutesOf,
  sliceMinute,
  type MinuteSamples,
} from './minute-samples';
import { DAY_MS, dayStart, DEFAULT_RETENTION } from './partitions';
import { DEFAULT_LOADED_THRESHOLD } from './rollup';
import type { WindowCache } from './window-cache';

/** Settings shared by `history` and `stats`. */
export interface ArchiveQueryOptions {
  /** The present, epoch ms: no gap or expected sample after it. @default Date.now() */
  now?: number;
  /** Days of raw minutes the archive keeps (ARCHIVE_RETENTION_DAYS); older ranges come from the rollups. @default 365 */
  archiveRetentionDays?: number;
  /** At raw resolution, a stretch without readings longer than this is a gap. @default 5000 */
  gapMs?: number;
  /** Values at or above count as loaded; the writer's setting (the rollups were counted with it). @default 100 */
  loadedThreshold?: number;
  /** Samples a second a monitored patient yields, for `coverage`. @default 5 */
  expectedHz?: number;
  /**
   * How far back the reading store holds every reading (MAX_SEC): while the archive is unreachable,
   * ranges within it are still served, from the store alone. @default 600000
   */
  windowMs?: number;
  /**
   * The store's window decoded once and extended as it grows (the archive's, one per instance):
   * the store's part of a range is read through it. Without, the store is read each time.
   * @default undefined
   */
  windowCache?: WindowCache | undefined;
}

export type ResolvedQueryOptions = Required<Omit<ArchiveQueryOptions, 'windowCache'>> &
  Pick<ArchiveQueryOptions, 'windowCache'>;

export function resolveQueryOptions(options: ArchiveQueryOptions = {}): ResolvedQueryOptions {
  return {
    now: options.now ?? Date.now(),
    archiveRetentionDays: options.archiveRetentionDays ?? DEFAULT_RETENTION.archiveRetentionDays,
    gapMs: options.gapMs ?? 5000,
    loadedThreshold: options.loadedThreshold ?? DEFAULT_LOADED_THRESHOLD,
    expectedHz: options.expectedHz ?? 5,
    windowMs: options.windowMs ?? 600_000,
    windowCache: options.windowCache,
  };
}

/** A bad argument of a history or stats query, with a message naming it (BAD_USER_INPUT). */
export class ArchiveQueryError extends RangeError {
  override readonly name = 'ArchiveQueryError';
}

/** The archive could not answer and the range reaches past the reading store's window. */
export class ArchiveUnavailableError extends Error {
  override readonly name = 'ArchiveUnavailableError';
}

export function checkRange(patientId: number, from: number, to: number): void {
  if (!Number.isSafeInteger(patientId) || patientId < 0) {
    throw new ArchiveQueryError(`patientId: expected a non-negative integer, got ${patientId}`);
  }
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new ArchiveQueryError(`${name}: expected an instant (epoch ms >= 0), got ${value}`);
    }
  }
  if (from > to) throw new ArchiveQueryError(`from (${from}) is after to (${to})`);
}

/**
 * Where the readings of one patient's range [from, to] come from, minute by minute, so that each
 * reading is counted once:
 *
 * - the archive holds every minute up to its newest one, L (closed minutes are written within
 *   seconds); minutes before L come from it;
 * - the reading store (Redis) holds the last MAX_SEC; minutes after L come from it;
 * - minute L itself is in both, in part or whole (a shutdown wrote its first part, a catch-up a
 *   window that had trimmed its start): it is the union of both, by reading time.
 *
 * Served so, the recent part of the dashboard's window is read from Redis (a minute or two of it,
 * not the whole window), and the boundary has no duplicate and no missing minute.
 */
export interface RangeSources {
  /** Raw minutes, sliced to [from, to], oldest first, each minute once. */
  readonly raw: MinuteSamples[];
  /** Minutes in [rollupFrom, rollupTo) are served by the rollups (none when equal). */
  readonly rollupFrom: number;
  readonly rollupTo: number;
  /** Raw minutes exist from here on (retention dropped older ones). */
  readonly rawRetainedFrom: number;
}

/**
 * Loads the sources of [from, to]. With `rollups`, whole minutes strictly inside the range come
 * from the rollups and only the edge minutes raw; without, every minute is raw (minutes older than
 * raw retention are then missing: callers use rollups for such ranges).
 */
export async function loadRange(
  db: Database | undefined,
  store: ReadingStore,
  patientId: number,
  from: number,
  to: number,
  useRollups: boolean,
  options: ResolvedQueryOptions,
): Promise<RangeSources> {
  const rawRetainedFrom = dayStart(options.now) - options.archiveRetentionDays * DAY_MS;
  const fromMinute = minuteOf(from);
  let newest: number | undefined;
  // Without rollups every archived minute of the range is read anyway: its newest row is L, one
  // query instead of two (raw rows and rollups are written in one transaction, and a raw range
  // lies within raw retention, so the newest of either is the same minute).
  let allRaw: MinuteSamples[] | undefined;
  if (db !== undefined) {
    try {
      if (useRollups) newest = await newestArchivedMinute(db, patientId, fromMinute, to);
      else {
        allRaw = await readMinutes(db, patientId, fromMinute, to);
        newest = allRaw.at(-1)?.minute;
      }
    } catch (error) {
      if (from < options.now - options.windowMs) {
        throw new ArchiveUnavailableError(`the archive is unreachable: ${(error as Error).message}`, {
          cause: error,
        });
      }
      // The store's window holds the whole range: serve it from there while the archive is away.
      db = undefined;
    }
  }
  const storeFrom = newest === undefined ? from : Math.max(from, newest);
  const storeMinutes =
    options.windowCache !== undefined
      ? await options.windowCache.minutes(patientId, storeFrom, to)
      : minutesOf(await store.readings(patientId, { from: storeFrom, to, last: Number.MAX_SAFE_INTEGER }))
          .minutes;
  if (db === undefined || newest === undefined) {
    return { raw: storeMinutes, rollupFrom: fromMinute, rollupTo: fromMinute, rawRetainedFrom };
  }

  const { archived, rollupFrom, rollupTo } =
    allRaw !== undefined
      ? { archived: allRaw, rollupFrom: fromMinute, rollupTo: fromMinute }
      : await archivedMinutes(db, patientId, from, newest);

  const raw: MinuteSamples[] = [];
  const boundary = storeMinutes.find((m) => m.minute === newest);
  const archivedNewest = archived.find((m) => m.minute === newest);
  for (const m of archived)
    raw.push(m === archivedNewest && boundary !== undefined ? mergeMinutes(m, boundary) : m);
  // The store's minute L joins as is only when the archive has no raw row of it and no rollup
  // serves it (it cannot be older than raw retention while the store holds it, but be exact).
  const storeOwnsNewest = archivedNewest === undefined && rollupTo <= newest;
  for (const m of storeMinutes) if (m.minute !== newest || storeOwnsNewest) raw.push(m);
  const sliced = raw.map((m) => sliceMinute(m, from, to)).filter((m) => m.count > 0);
  sliced.sort((a, b) => a.minute - b.minute);
  return { raw: sliced, rollupFrom, rollupTo, rawRetainedFrom };
}

/**
 * The archive's raw minutes and the rollup span of [from, newest]: raw only where a minute is cut
 * by the range (its first minute) or shared with the store (the newest, L), the rollups serving
 * the whole minutes in between.
 */
async function archivedMinutes(
  db: Database,
  patientId: number,
  from: number,
  newest: number,
): Promise<{ archived: MinuteSamples[]; rollupFrom: number; rollupTo: number }> {
  const fromMinute = minuteOf(from);
  const firstCut = from > fromMinute && fromMinute < newest;
  const [first, last] = await Promise.all([
    firstCut ? readMinutes(db, patientId, fromMinute, fromMinute) : [],
    readMinutes(db, patientId, newest, newest),
  ]);
  // An edge minute past raw retention has only its rollup: served whole (minute resolution).
  const rollupFrom = first.length > 0 ? fromMinute + MINUTE_MS : fromMinute;
  const rollupTo = Math.max(rollupFrom, last.length > 0 ? newest : newest + MINUTE_MS);
  return { archived: [...first, ...last], rollupFrom, rollupTo };
}
