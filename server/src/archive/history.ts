import { sensorName } from '../readings/reading';
import type { ReadingStore } from '../store/store';
import { rollupBuckets, type RollupBucket } from './archive-tables';
import type { Database } from './database';
import { isAnomalousAt, isFlagged, MINUTE_MS, type MinuteSamples } from './minute-samples';
import { DAY_MS, dayStart } from './partitions';
import {
  ArchiveQueryError,
  checkRange,
  loadRange,
  resolveQueryOptions,
  type ArchiveQueryOptions,
  type RangeSources,
} from './range-sources';

/** One sensor over a bucket. In a bucket of one reading, min = max = mean = the value. */
export interface SensorAggregate {
  /** L0 L1 L2 R0 R1 R2 (see sensorName): here so the answer is served as built, not copied. */
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Readings with this sensor in the bucket. */
  readonly count: number;
  /** Of those, readings with this sensor flagged. */
  readonly anomalyCount: number;
}

export interface HistoryBucket {
  /** Start of the bucket (epoch ms, a multiple of bucketMs), or the reading's time for raw readings. */
  readonly start: number;
  /** Readings in the bucket. */
  readonly count: number;
  /** Readings with any sensor flagged. */
  readonly anomalyCount: number;
  /** In sensor order (L0 L1 L2 R0 R1 R2 with six sensors). */
  readonly perSensor: readonly SensorAggregate[];
}

export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

export interface History {
  /** Bucket width in ms; 0 when the buckets are the raw readings, one each. */
  readonly bucketMs: number;
  /** Non-empty buckets, oldest first. */
  readonly buckets: readonly HistoryBucket[];
  /**
   * Stretches of the range without readings, up to now: longer than `gapMs` between raw
   * readings, or whole empty buckets when aggregated by minutes or more.
   */
  readonly gaps: readonly TimeRange[];
}

/** Most buckets one history may ask for: a chart is a few thousand points wide, and the work is per bucket. */
export const MAX_POINTS = 10_000;

/** Bucket widths, so buckets stay put when a window slides and minute buckets line up with rollups. */
const LADDER_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000,
  600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
];

/**
 * The narrowest width from the ladder (then whole days) whose epoch-aligned buckets cover
 * [from, to] in at most `maxPoints` buckets: width >= range / (maxPoints - 1) guarantees it, as an
 * aligned range of width w spans at most ceil(range / w) + 1 buckets.
 */
export function chooseBucketMs(from: number, to: number, maxPoints: number, atLeast = 1): number {
  const needed = Math.max(atLeast, (to - from) / (maxPoints - 1));
  for (const step of LADDER_MS) if (step >= needed) return step;
  return Math.ceil(needed / 86_400_000) * 86_400_000;
}

/**
 * The readings of one patient over [from, to] (inclusive epoch ms) in at most `maxPoints` buckets:
 * the raw readings when there are no more than `maxPoints` of them, else buckets of a width from a
 * fixed ladder, aligned to the epoch, each with per sensor min, max, mean and count (min and max
 * kept, as M4 charts do, so a one-reading spike shows at any zoom) and anomaly counts.
 *
 * Served from the archive and the reading store together (see `loadRange`); buckets of a minute or
 * more from the archive's rollups, summed in the database. Without `db` (archive off) only the
 * store's window answers. Rejects with ArchiveQueryError for bad arguments.
 */
export async function history(
  db: Database | undefined,
  store: ReadingStore,
  patientId: number,
  from: number,
  to: number,
  maxPoints: number,
  queryOptions: ArchiveQueryOptions = {},
): Promise<History> {
  checkRange(patientId, from, to);
  if (!Number.isInteger(maxPoints) || maxPoints < 2 || maxPoints > MAX_POINTS) {
    throw new ArchiveQueryError(`maxPoints: expected an integer 2..${MAX_POINTS}, got ${maxPoints}`);
  }
  const options = resolveQueryOptions(queryOptions);
  const end = Math.min(to, options.now);
  let bucketMs = chooseBucketMs(from, to, maxPoints);
  const rawAvailable = from >= dayStart(options.now) - options.archiveRetentionDays * DAY_MS;

  if (bucketMs < MINUTE_MS && rawAvailable) {
    const sources = await loadRange(db, store, patientId, from, to, false, options);
    const gaps = readingGaps(sources.raw, from, end, options.gapMs);
    if (countOf(sources) <= maxPoints) return { bucketMs: 0, buckets: rawBuckets(sources.raw), gaps };
    const buckets = new Buckets(from, to, bucketMs, sensorsOf(sources, []));
    for (const m of sources.raw) buckets.addMinute(m);
    return { bucketMs, buckets: buckets.result(), gaps };
  }

  // Minutes or more a bucket (or raw minutes gone): whole minutes from the rollups.
  bucketMs = chooseBucketMs(from, to, maxPoints, MINUTE_MS);
  const sources = await loadRange(db, store, patientId, from, to, true, options);
  const rollups =
    db !== undefined && sources.rollupTo > sources.rollupFrom
      ? await rollupBuckets(db, patientId, sources.rollupFrom, sources.rollupTo, bucketMs)
      : [];
  const total = countOf(sources) + rollups.reduce((n, b) => n + b.count, 0);
  if (total <= maxPoints && rawAvailable) {
    const all = await loadRange(db, store, patientId, from, to, false, options);
    return {
      bucketMs: 0,
      buckets: rawBuckets(all.raw),
      gaps: readingGaps(all.raw, from, end, options.gapMs),
    };
  }
  const buckets = new Buckets(from, to, bucketMs, sensorsOf(sources, rollups));
  for (const b of rollups) buckets.addRollup(b);
  for (const m of sources.raw) buckets.addMinute(m);
  return { bucketMs, buckets: buckets.result(), gaps: buckets.emptyRuns(from, end) };
}

function countOf(sources: RangeSources): number {
  return sources.raw.reduce((n, m) => n + m.count, 0);
}

function sensorsOf(sources: RangeSources, rollups: readonly RollupBucket[]): number {
  let sensors = 0;
  for (const m of sources.raw) sensors = Math.max(sensors, m.sensorCount);
  for (const b of rollups) sensors = Math.max(sensors, b.sensors.length);
  return sensors;
}

/** Sensor names by position, made once per answer rather than once per sensor and bucket. */
function namesOf(sensors: number): string[] {
  return Array.from({ length: sensors }, (_, id) => sensorName({ id, value: 0, anomaly: false }));
}

function rawBuckets(minutes: readonly MinuteSamples[]): HistoryBucket[] {
  const buckets: HistoryBucket[] = [];
  const names = namesOf(minutes.reduce((n, m) => Math.max(n, m.sensorCount), 0));
  for (const m of minutes) {
    for (let i = 0; i < m.count; i++) {
      const perSensor: SensorAggregate[] = [];
      for (let s = 0; s < m.sensorCount; s++) {
        const value = m.values[i * m.sensorCount + s]!;
        perSensor.push({
          name: names[s]!,
          min: value,
          max: value,
          mean: value,
          count: 1,
          anomalyCount: isFlagged(m, i, s) ? 1 : 0,
        });
      }
      buckets.push({
        start: m.minute + m.offsets[i]!,
        count: 1,
        anomalyCount: isAnomalousAt(m, i) ? 1 : 0,
        perSensor,
      });
    }
  }
  return buckets;
}

/** Holes longer than `gapMs` between `from`, the readings and `end`. */
function readingGaps(
  minutes: readonly MinuteSamples[],
  from: number,
  end: number,
  gapMs: number,
): TimeRange[] {
  const gaps: TimeRange[] = [];
  let previous = from;
  for (const m of minutes) {
    for (let i = 0; i < m.count; i++) {
      const at = m.minute + m.offsets[i]!;
      if (at - previous > gapMs) gaps.push({ from: previous, to: at });
      previous = at;
    }
  }
  if (end - previous > gapMs) gaps.push({ from: previous, to: end });
  return gaps;
}

/** Per bucket and sensor sums in flat typed arrays: 10,000 buckets of six sensors without an object each. */
class Buckets {
  private readonly first: number;
  private readonly n: number;
  private readonly count: Float64Array;
  private readonly anomalies: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly sum: Float64Array;
  private readonly sensorCount: Float64Array;
  private readonly flagged: Float64Array;

  constructor(
    from: number,
    to: number,
    private readonly bucketMs: number,
    private readonly sensors: number,
  ) {
    this.first = Math.floor(from / bucketMs) * bucketMs;
    this.n = Math.floor(to / bucketMs) - Math.floor(from / bucketMs) + 1;
    const cells = this.n * sensors;
    this.count = new Float64Array(this.n);
    this.anomalies = new Float64Array(this.n);
    this.min = new Float64Array(cells).fill(Infinity);
    this.max = new Float64Array(cells).fill(-Infinity);
    this.sum = new Float64Array(cells);
    this.sensorCount = new Float64Array(cells);
    this.flagged = new Float64Array(cells);
  }

  addMinute(m: MinuteSamples): void {
    const S = m.sensorCount;
    for (let i = 0; i < m.count; i++) {
      const b = Math.floor((m.minute + m.offsets[i]! - this.first) / this.bucketMs);
      this.count[b]++;
      if (isAnomalousAt(m, i)) this.anomalies[b]++;
      for (let s = 0; s < S; s++) {
        const v = m.values[i * S + s]!;
        const c = b * this.sensors + s;
        if (v < this.min[c]!) this.min[c] = v;
        if (v > this.max[c]!) this.max[c] = v;
        this.sum[c] += v;
        this.sensorCount[c]++;
        if (isFlagged(m, i, s)) this.flagged[c]++;
      }
    }
  }

  addRollup(bucket: RollupBucket): void {
    const b = Math.floor((bucket.start - this.first) / this.bucketMs);
    if (b < 0 || b >= this.n) return;
    this.count[b] += bucket.count;
    this.anomalies[b] += bucket.anomalies;
    bucket.sensors.forEach((t, s) => {
      const c = b * this.sensors + s;
      if (t.min < this.min[c]!) this.min[c] = t.min;
      if (t.max > this.max[c]!) this.max[c] = t.max;
      this.sum[c] += t.sum;
      this.sensorCount[c] += t.count;
      this.flagged[c] += t.flagged;
    });
  }

  result(): HistoryBucket[] {
    const out: HistoryBucket[] = [];
    const names = namesOf(this.sensors);
    for (let b = 0; b < this.n; b++) {
      if (this.count[b] === 0) continue;
      const perSensor: SensorAggregate[] = [];
      for (let s = 0; s < this.sensors; s++) {
        const c = b * this.sensors + s;
        const count = this.sensorCount[c]!;
        if (count === 0) break;
        perSensor.push({
          name: names[s]!,
          min: this.min[c]!,
          max: this.max[c]!,
          mean: this.sum[c]! / count,
          count,
          anomalyCount: this.flagged[c]!,
        });
      }
      out.push({
        start: this.first + b * this.bucketMs,
        count: this.count[b]!,
        anomalyCount: this.anomalies[b]!,
        perSensor,
      });
    }
    return out;
  }

  /** Runs of empty buckets, clipped to [from, end]. */
  emptyRuns(from: number, end: number): TimeRange[] {
    const gaps: TimeRange[] = [];
    let runStart: number | undefined;
    for (let b = 0; b < this.n; b++) {
      const start = this.first + b * this.bucketMs;
      if (start > end) break;
      if (this.count[b] === 0) runStart ??= Math.max(start, from);
      else if (runStart !== undefined) {
        gaps.push({ from: runStart, to: start });
        runStart = undefined;
      }
    }
    if (runStart !== undefined && end > runStart) gaps.push({ from: runStart, to: end });
    return gaps;
  }
}
