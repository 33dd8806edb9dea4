import { sensorName, type Reading, type SensorSample } from '../readings/reading';

export const MINUTE_MS = 60_000;

/** Start (epoch ms) of the UTC minute holding `at`. */
export function minuteOf(at: number): number {
  return Math.floor(at / MINUTE_MS) * MINUTE_MS;
}

/** Bytes of one reading's anomaly mask: a bit per sensor, sensor 0 in the lowest bit of byte 0. */
export function maskBytes(sensorCount: number): number {
  return (sensorCount + 7) >> 3;
}

/**
 * Readings stored per patient and minute: the archive's unit. Column-wise typed arrays rather than
 * Reading objects: a minute of one patient is ~300 readings held for up to a minute, which as
 * objects would survive into the old generation and cost every major GC; here it is ~7 KB in four
 * allocations. Sensor ids are positions (the API sends sensors in id order; names are derived).
 */
export interface MinuteSamples {
  readonly patientId: number;
  /** Start of the UTC minute, epoch ms. */
  readonly minute: number;
  readonly sensorCount: number;
  /** Readings held; the arrays may be longer (spare capacity). */
  readonly count: number;
  /** Ms after `minute`, ascending (0..59999). */
  readonly offsets: Int32Array;
  /** Reading-major: the value of sensor s of reading i is `values[i * sensorCount + s]`. */
  readonly values: Int16Array;
  /** Reading-major masks of `maskBytes(sensorCount)` bytes: see `isFlagged`. */
  readonly flags: Uint8Array;
}

export function isFlagged(m: MinuteSamples, reading: number, sensor: number): boolean {
  return (m.flags[reading * maskBytes(m.sensorCount) + (sensor >> 3)]! & (1 << (sensor & 7))) !== 0;
}

/** True when any sensor of the reading is flagged. */
export function isAnomalousAt(m: MinuteSamples, reading: number): boolean {
  const bytes = maskBytes(m.sensorCount);
  for (let b = 0; b < bytes; b++) if (m.flags[reading * bytes + b] !== 0) return true;
  return false;
}

/**
 * The archive stores values as smallint (the API sends 0..1023; see monitor-response.ts): anything
 * else is rounded and clamped rather than refused, so one odd value cannot lose a minute.
 */
export function storedValue(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const v = Math.round(value);
  return v < -32768 ? -32768 : v > 32767 ? 32767 : v;
}

/** Most readings one minute may hold (100 Hz): beyond, the builder refuses, so memory stays bounded. */
export const MAX_READINGS_PER_MINUTE = 6000;

export type AddResult = 'added' | 'sensor-count' | 'full';

/** Collects one patient's readings of one minute into typed arrays, growing them as needed. */
export class MinuteBuilder {
  private count = 0;
  private offsets: Int32Array;
  private values: Int16Array;
  private flags: Uint8Array;
  private sorted = true;
  private readonly maskBytes: number;

  constructor(
    readonly patientId: number,
    readonly minute: number,
    readonly sensorCount: number,
    initialCapacity = 320,
  ) {
    this.maskBytes = maskBytes(sensorCount);
    this.offsets = new Int32Array(initialCapacity);
    this.values = new Int16Array(initialCapacity * sensorCount);
    this.flags = new Uint8Array(initialCapacity * this.maskBytes);
  }

  get size(): number {
    return this.count;
  }

  /** Adds a reading of this patient and minute (the caller checks both). */
  add(at: number, sensors: readonly SensorSample[]): AddResult {
    if (sensors.length !== this.sensorCount) return 'sensor-count';
    if (this.count === MAX_READINGS_PER_MINUTE) return 'full';
    if (this.count === this.offsets.length) this.grow();
    const i = this.count++;
    const offset = at - this.minute;
    if (i > 0 && offset < this.offsets[i - 1]!) this.sorted = false;
    this.offsets[i] = offset;
    const base = i * this.sensorCount;
    const maskBase = i * this.maskBytes;
    for (let s = 0; s < this.sensorCount; s++) {
      const sample = sensors[s]!;
      this.values[base + s] = storedValue(sample.value);
      if (sample.anomaly) this.flags[maskBase + (s >> 3)] |= 1 << (s & 7);
    }
    return 'added';
  }

  /** The minute so far, oldest first (sorted here in the rare case readings came out of order). */
  build(): MinuteSamples {
    const m: MinuteSamples = {
      patientId: this.patientId,
      minute: this.minute,
      sensorCount: this.sensorCount,
      count: this.count,
      offsets: this.offsets,
      values: this.values,
      flags: this.flags,
    };
    return this.sorted ? m : reorder(m, sortedOrder(m));
  }

  private grow(): void {
    const capacity = Math.min(MAX_READINGS_PER_MINUTE, this.offsets.length * 2);
    const offsets = new Int32Array(capacity);
    offsets.set(this.offsets);
    const values = new Int16Array(capacity * this.sensorCount);
    values.set(this.values);
    const flags = new Uint8Array(capacity * this.maskBytes);
    flags.set(this.flags);
    this.offsets = offsets;
    this.values = values;
    this.flags = flags;
  }
}

function sortedOrder(m: MinuteSamples): number[] {
  const order = Array.from({ length: m.count }, (_, i) => i);
  // Stable: readings with the same time keep their arrival order.
  return order.sort((a, b) => m.offsets[a]! - m.offsets[b]! || a - b);
}

/** A copy of `m` holding the readings at `order`'s indexes, in that order. */
function reorder(m: MinuteSamples, order: readonly number[]): MinuteSamples {
  const { sensorCount } = m;
  const bytes = maskBytes(sensorCount);
  const offsets = new Int32Array(order.length);
  const values = new Int16Array(order.length * sensorCount);
  const flags = new Uint8Array(order.length * bytes);
  order.forEach((from, to) => {
    offsets[to] = m.offsets[from]!;
    values.set(m.values.subarray(from * sensorCount, (from + 1) * sensorCount), to * sensorCount);
    flags.set(m.flags.subarray(from * bytes, (from + 1) * bytes), to * bytes);
  });
  return { ...m, count: order.length, offsets, values, flags };
}

/**
 * Both versions of one minute as one: every reading of `a`, and the readings of `b` at times `a`
 * does not have. Two writers of a minute hold subsets of the same stream (a shutdown flushed the
 * first half, the restarted writer the rest; a catch-up from Redis that had trimmed the start), so
 * the union is the most complete minute, and merging is idempotent. With different sensor counts
 * (SENSOR_COUNT changed mid-minute) the version with more readings wins.
 */
export function mergeMinutes(a: MinuteSamples, b: MinuteSamples): MinuteSamples {
  if (a.sensorCount !== b.sensorCount) return a.count >= b.count ? a : b;
  const inA = new Set<number>();
  for (let i = 0; i < a.count; i++) inA.add(a.offsets[i]!);
  const extra: number[] = [];
  for (let j = 0; j < b.count; j++) if (!inA.has(b.offsets[j]!)) extra.push(j);
  if (extra.length === 0) return a;
  // Readings of a then the extra ones of b, put in time order (ties keep a's first).
  const both = concat(a, b, extra);
  return reorder(both, sortedOrder(both));
}

function concat(a: MinuteSamples, b: MinuteSamples, fromB: readonly number[]): MinuteSamples {
  const { sensorCount } = a;
  const bytes = maskBytes(sensorCount);
  const count = a.count + fromB.length;
  const offsets = new Int32Array(count);
  const values = new Int16Array(count * sensorCount);
  const flags = new Uint8Array(count * bytes);
  offsets.set(a.offsets.subarray(0, a.count));
  values.set(a.values.subarray(0, a.count * sensorCount));
  flags.set(a.flags.subarray(0, a.count * bytes));
  fromB.forEach((j, k) => {
    const i = a.count + k;
    offsets[i] = b.offsets[j]!;
    values.set(b.values.subarray(j * sensorCount, (j + 1) * sensorCount), i * sensorCount);
    flags.set(b.flags.subarray(j * bytes, (j + 1) * bytes), i * bytes);
  });
  return { ...a, count, offsets, values, flags };
}

/** A minute's readings with only those in [from, to] (inclusive epoch ms). */
export function sliceMinute(m: MinuteSamples, from: number, to: number): MinuteSamples {
  let lo = 0;
  while (lo < m.count && m.minute + m.offsets[lo]! < from) lo++;
  let hi = m.count;
  while (hi > lo && m.minute + m.offsets[hi - 1]! > to) hi--;
  if (lo === 0 && hi === m.count) return m;
  const { sensorCount } = m;
  const bytes = maskBytes(sensorCount);
  return {
    ...m,
    count: hi - lo,
    offsets: m.offsets.subarray(lo, hi),
    values: m.values.subarray(lo * sensorCount, hi * sensorCount),
    flags: m.flags.subarray(lo * bytes, hi * bytes),
  };
}

/**
 * Groups one patient's readings (any order) into minutes. Readings whose sensor count differs from
 * the first of their minute are left out; the count of those is returned too.
 */
export function minutesOf(readings: readonly Reading[]): { minutes: MinuteSamples[]; skipped: number } {
  const builders = new Map<number, MinuteBuilder>();
  let skipped = 0;
  for (const r of readings) {
    const minute = minuteOf(r.at);
    let builder = builders.get(minute);
    if (builder === undefined) {
      builder = new MinuteBuilder(r.patientId, minute, r.sensors.length, 64);
      builders.set(minute, builder);
    }
    if (builder.add(r.at, r.sensors) !== 'added') skipped++;
  }
  const minutes = [...builders.values()].filter((b) => b.size > 0).map((b) => b.build());
  minutes.sort((x, y) => x.minute - y.minute);
  return { minutes, skipped };
}

/** Back to readings (the trace id is not archived: it is ''). */
export function readingsOf(m: MinuteSamples): Reading[] {
  const readings: Reading[] = [];
  for (let i = 0; i < m.count; i++) {
    const sensors: SensorSample[] = [];
    for (let s = 0; s < m.sensorCount; s++) {
      const value = m.values[i * m.sensorCount + s]!;
      const anomaly = isFlagged(m, i, s);
      sensors.push({ id: s, value, anomaly, name: sensorName({ id: s, value, anomaly }) });
    }
    readings.push({ patientId: m.patientId, at: m.minute + m.offsets[i]!, traceId: '', sensors });
  }
  return readings;
}
