import { HOUR_MS } from './archive-tables';
import { numberColumn, optionalNumberColumn, type Queryable } from './database';
import { SENSORS_PER_FOOT } from '../readings/reading';

/** What patients are ranked by: figures the rollups hold (episodes come from the episode store). */
export type RankingMetric =
  | 'EPISODES'
  | 'FLAGGED_SECONDS'
  | 'DATA_GAPS'
  | 'LOAD_IMBALANCE'
  | 'WALKING_MINUTES'
  | 'ASYMMETRY';
export const RANKING_METRICS = [
  'EPISODES',
  'FLAGGED_SECONDS',
  'DATA_GAPS',
  'LOAD_IMBALANCE',
  'WALKING_MINUTES',
  'ASYMMETRY',
] as const satisfies readonly RankingMetric[];

/** Metrics ranked from the gait minutes rather than the reading rollups. */
export type GaitRankingMetric = Extract<RankingMetric, 'WALKING_MINUTES' | 'ASYMMETRY'>;
export function isGaitMetric(metric: RankingMetric): metric is GaitRankingMetric {
  return metric === 'WALKING_MINUTES' || metric === 'ASYMMETRY';
}

/** One patient's archived totals over a range, summed from the hour rows and minute rollups. */
export interface PatientTotals {
  readonly patientId: number;
  /** Readings archived in the range. */
  readonly readings: number;
  /** Readings with any sensor flagged. */
  readonly flagged: number;
  /** Sum of the left foot's sensor values (sensors 0..2) and of the right's (3..5). */
  readonly leftLoad: number;
  readonly rightLoad: number;
}

const ts = (param: number) => `to_timestamp($${param}::float8 / 1000)`;

/** Sum of the elements of `sums` (1-based) in [first, last]. */
const footSum = (first: number, last: number) =>
  `(SELECT coalesce(sum(v), 0) FROM unnest(sums) WITH ORDINALITY AS u(v, i) WHERE i BETWEEN ${first} AND ${last})::float8`;

/**
 * Every patient's totals over [from, to) (epoch ms), in one statement: whole ended hours from
 * `archive_hours` (a month of 1,000 patients is 720,000 rows, not 43 million), the cut hours at
 * both ends and the current hour from `archive_rollups`. An ended hour whose row the writer has not
 * written yet (it does so with the hour's last write; maintenance sweeps up the rest) is missing
 * from the totals until then. Patients without a reading in the range are absent.
 */
export async function patientTotals(
  db: Queryable,
  from: number,
  to: number,
  now: number,
): Promise<PatientTotals[]> {
  const hoursFrom = Math.ceil(from / HOUR_MS) * HOUR_MS;
  // The current hour has no row yet: it is read from the minutes.
  const hoursTo = Math.max(
    hoursFrom,
    Math.min(Math.floor(to / HOUR_MS), Math.floor(now / HOUR_MS)) * HOUR_MS,
  );
  const left = footSum(1, SENSORS_PER_FOOT);
  const right = footSum(SENSORS_PER_FOOT + 1, 2 * SENSORS_PER_FOOT);
  const rows = await db.query(
    `SELECT patient_id, sum(samples)::float8 AS readings, sum(anomalies)::float8 AS flagged,
            sum(left_load)::float8 AS left_load, sum(right_load)::float8 AS right_load
       FROM (
         SELECT patient_id, samples, anomalies, ${left} AS left_load, ${right} AS right_load
           FROM archive_hours WHERE hour >= ${ts(3)} AND hour < ${ts(4)}
         UNION ALL
         SELECT patient_id, samples, anomalies, ${left}, ${right}
           FROM archive_rollups
          WHERE (minute >= ${ts(1)} AND minute < ${ts(3)}) OR (minute >= ${ts(4)} AND minute < ${ts(2)})
       ) t
      GROUP BY patient_id`,
    [from, to, hoursFrom, hoursTo],
  );
  return rows.map((row) => ({
    patientId: numberColumn(row, 'patient_id'),
    readings: numberColumn(row, 'readings'),
    flagged: optionalNumberColumn(row, 'flagged') ?? 0,
    leftLoad: optionalNumberColumn(row, 'left_load') ?? 0,
    rightLoad: optionalNumberColumn(row, 'right_load') ?? 0,
  }));
}

export interface RankingOptions {
  /** Samples a second a monitored patient yields. @default 5 */
  expectedHz?: number;
  /** The present: no reading is expected after it. @default Date.now() */
  now?: number;
}

/**
 * A patient's figure for a metric from its totals (episodes are counted elsewhere):
 * - FLAGGED_SECONDS: flagged readings times the sample period (at 5 Hz a reading stands for 0.2 s);
 * - DATA_GAPS: seconds of the range (up to now) without readings, from the readings expected;
 * - LOAD_IMBALANCE: |left - right| / (left + right) of the summed sensor values, 0 (even) .. 1
 *   (one foot only); 0 without any load.
 */
export function metricOf(
  metric: Exclude<RankingMetric, 'EPISODES' | GaitRankingMetric>,
  totals: PatientTotals,
  from: number,
  to: number,
  options: RankingOptions = {},
): number {
  const hz = options.expectedHz ?? 5;
  switch (metric) {
    case 'FLAGGED_SECONDS':
      return totals.flagged / hz;
    case 'DATA_GAPS': {
      const seconds = Math.max(0, Math.min(to, options.now ?? Date.now()) - from) / 1000;
      return Math.max(0, seconds - totals.readings / hz);
    }
    case 'LOAD_IMBALANCE': {
      const load = totals.leftLoad + totals.rightLoad;
      return load === 0 ? 0 : Math.abs(totals.leftLoad - totals.rightLoad) / load;
    }
  }
}

export interface PatientRanking {
  readonly rank: number;
  readonly patientId: number;
  readonly value: number;
  /** Readings archived in the range. */
  readonly readingCount: number;
}

/**
 * The `first` patients with the highest values, highest first; ties by patient id, so a ranking
 * is stable. Values of 0 are kept (a ward where nothing happened still lists its patients).
 */
export function rank(
  values: readonly { patientId: number; value: number; readingCount: number }[],
  first: number,
): PatientRanking[] {
  return [...values]
    .sort((a, b) => b.value - a.value || a.patientId - b.patientId)
    .slice(0, first)
    .map((v, i) => ({ rank: i + 1, ...v }));
}
