import { isAnomalousAt, isFlagged, type MinuteSamples } from './minute-samples';

/**
 * A sensor counts as loaded at or above this value: the floor of an unloaded insole is 4-95 and a
 * loaded sensor reads well above 100 (the episode detectors use the same line).
 */
export const DEFAULT_LOADED_THRESHOLD = 100;

/** Fields per sensor in `archive_rollups.stats`, in this order. */
export const STATS_FIELDS = ['min', 'max', 'last', 'loaded', 'flagged'] as const;

/** What `archive_rollups` keeps of one patient's minute. */
export interface MinuteRollup {
  readonly samples: number;
  /** Readings with any sensor flagged. */
  readonly anomalies: number;
  /** Per sensor: min, max, last value, loaded and flagged readings, five numbers a sensor. */
  readonly stats: number[];
  /** Per sensor: the sum of its values (means stay exact when minutes are combined). */
  readonly sums: number[];
}

export function rollupOf(m: MinuteSamples, loadedThreshold: number): MinuteRollup {
  const { sensorCount: sensors, count: n } = m;
  const stats = new Array<number>(sensors * STATS_FIELDS.length).fill(0);
  const sums = new Array<number>(sensors).fill(0);
  let anomalies = 0;
  for (let s = 0; s < sensors; s++) {
    let min = Infinity;
    let max = -Infinity;
    let loaded = 0;
    let flagged = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = m.values[i * sensors + s]!;
      if (v < min) min = v;
      if (v > max) max = v;
      if (v >= loadedThreshold) loaded++;
      if (isFlagged(m, i, s)) flagged++;
      sum += v;
    }
    const at = s * STATS_FIELDS.length;
    stats[at] = min;
    stats[at + 1] = max;
    stats[at + 2] = m.values[(n - 1) * sensors + s]!;
    stats[at + 3] = loaded;
    stats[at + 4] = flagged;
    sums[s] = sum;
  }
  for (let i = 0; i < n; i++) if (isAnomalousAt(m, i)) anomalies++;
  return { samples: n, anomalies, stats, sums };
}
