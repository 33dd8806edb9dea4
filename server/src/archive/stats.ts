import type { ReadingStore } from '../store/store';
import { rollupTotals } from './archive-tables';
import type { Database } from './database';
import { isAnomalousAt } from './minute-samples';
import {
  checkRange,
  loadRange,
  resolveQueryOptions,
  type ArchiveQueryOptions,
  type RangeSources,
} from './range-sources';

export interface SensorStats {
  readonly min: number;
  readonly mean: number;
  readonly max: number;
  /** The sensor's value in the newest reading of the range (null if that reading lacks the sensor). */
  readonly last: number | null;
  /** Share of its readings at or above the loaded threshold (the foot on that spot). */
  readonly loadedFraction: number;
  /** Readings with this sensor. */
  readonly count: number;
}

export interface PatientStats {
  readonly from: number;
  readonly to: number;
  readonly readingCount: number;
  /** Readings present over those expected at ~5 Hz from `from` to min(to, now), at most 1. */
  readonly coverage: number;
  /** Readings with any sensor flagged. */
  readonly anomalyCount: number;
  /** In sensor order; empty when the range has no readings. */
  readonly perSensor: readonly SensorStats[];
}

interface Totals {
  min: number;
  max: number;
  sum: number;
  count: number;
  loaded: number;
}

/**
 * Summary statistics of one patient over [from, to]: whole minutes from the archive's rollups,
 * the minutes cut by the range and the reading store's part from raw readings (see `loadRange`),
 * so the figures are exact while raw minutes are kept (ranges older than raw retention are exact
 * to the minute). Rejects with ArchiveQueryError for bad arguments.
 */
export async function stats(
  db: Database | undefined,
  store: ReadingStore,
  patientId: number,
  from: number,
  to: number,
  queryOptions: ArchiveQueryOptions = {},
): Promise<PatientStats> {
  checkRange(patientId, from, to);
  const options = resolveQueryOptions(queryOptions);
  const sources = await loadRange(db, store, patientId, from, to, true, options);
  const acc: Accumulator = {
    sensors: [],
    readingCount: 0,
    anomalyCount: 0,
    last: undefined,
    lastAt: -Infinity,
  };
  if (db !== undefined && sources.rollupTo > sources.rollupFrom) {
    const totals = await rollupTotals(db, patientId, sources.rollupFrom, sources.rollupTo);
    acc.readingCount += totals.count;
    acc.anomalyCount += totals.anomalies;
    totals.sensors.forEach((t, s) => {
      acc.sensors[s] = { min: t.min, max: t.max, sum: t.sum, count: t.count, loaded: t.loaded };
    });
    if (totals.last !== undefined) {
      acc.last = totals.last;
      acc.lastAt = totals.lastMinute!;
    }
  }
  for (const m of sources.raw) addRawMinute(acc, m, options.loadedThreshold);
  const { sensors, readingCount, anomalyCount, last } = acc;

  const end = Math.min(to, options.now);
  const expected = ((end - from) / 1000) * options.expectedHz;
  return {
    from,
    to,
    readingCount,
    coverage: expected <= 0 ? 0 : Math.min(1, readingCount / expected),
    anomalyCount,
    perSensor: sensors.map((t, s) => ({
      min: t.min,
      mean: t.sum / t.count,
      max: t.max,
      last: last?.[s] ?? null,
      loadedFraction: t.loaded / t.count,
      count: t.count,
    })),
  };
}

/** What `stats` gathers from rollups and raw minutes. */
interface Accumulator {
  sensors: Totals[];
  readingCount: number;
  anomalyCount: number;
  last: number[] | undefined;
  lastAt: number;
}

/** Adds one raw minute's readings to the totals, value by value (exact where raw minutes exist). */
function addRawMinute(acc: Accumulator, m: RangeSources['raw'][number], loadedThreshold: number): void {
  const S = m.sensorCount;
  for (let s = 0; s < S; s++) {
    const t = (acc.sensors[s] ??= { min: Infinity, max: -Infinity, sum: 0, count: 0, loaded: 0 });
    for (let i = 0; i < m.count; i++) {
      const v = m.values[i * S + s]!;
      if (v < t.min) t.min = v;
      if (v > t.max) t.max = v;
      t.sum += v;
      t.count++;
      if (v >= loadedThreshold) t.loaded++;
    }
  }
  for (let i = 0; i < m.count; i++) if (isAnomalousAt(m, i)) acc.anomalyCount++;
  acc.readingCount += m.count;
  if (m.count > 0 && m.minute + m.offsets[m.count - 1]! >= acc.lastAt) {
    acc.lastAt = m.minute + m.offsets[m.count - 1]!;
    acc.last = Array.from(m.values.subarray((m.count - 1) * S, m.count * S));
  }
}
