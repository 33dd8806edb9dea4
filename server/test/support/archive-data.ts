import type { Database, Queryable } from '../../src/archive/database';
import type { Reading } from '../../src/readings/reading';
import { gaitProfileFor, sampleAt } from '../../src/simulator/gait-model';

/** Midnight UTC of the day before today: inside every retention, and a whole day to fill. */
export function yesterday(): number {
  return Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000;
}

export interface WalkOptions {
  /** Nominal interval between readings. @default 200 */
  periodMs?: number;
  /** Every reading whose index is a multiple of this has one sensor flagged. @default 50 */
  flagEvery?: number;
  /** Replaces the gait value of a reading: (index, sensor, gait value) → value. */
  value?: (index: number, sensor: number, gait: number) => number;
}

/**
 * `count` readings of simulated gait from `from` at ~5 Hz, arrival times jittered by up to 23 ms
 * (deterministic), some flagged: what the archive sees from one patient.
 */
export function walk(patientId: number, from: number, count: number, options: WalkOptions = {}): Reading[] {
  const profile = gaitProfileFor(patientId, 11);
  const period = options.periodMs ?? 200;
  const flagEvery = options.flagEvery ?? 50;
  const readings: Reading[] = [];
  for (let i = 0; i < count; i++) {
    const gait = sampleAt(profile, i);
    const sensors = Array.from(gait.values, (v, s) => ({
      id: s,
      value: options.value ? options.value(i, s, v) : v,
      anomaly: i % flagEvery === 0 && s === i % 6,
      name: `${s < 3 ? 'L' : 'R'}${s % 3}`,
    }));
    readings.push({
      patientId,
      at: from + i * period + ((i * 37) % 23),
      traceId: String(9_000_000 + i),
      sensors,
    });
  }
  return readings;
}

/** Readings in [from, to], inclusive. */
export function within(readings: readonly Reading[], from: number, to: number): Reading[] {
  return readings.filter((r) => r.at >= from && r.at <= to);
}

/** Rows and readings archived of a patient. */
export async function archivedOf(
  db: Queryable,
  patientId: number,
): Promise<{ rows: number; readings: number }> {
  const [row] = await db.query(
    'SELECT count(*)::int AS rows, coalesce(sum(samples), 0)::int AS readings FROM archive_minutes WHERE patient_id = $1',
    [patientId],
  );
  return { rows: row!['rows'] as number, readings: row!['readings'] as number };
}

/** A database that fails every call while `down`, as an unreachable server does. */
export class FlakyDatabase implements Database {
  down = false;
  readonly engine: Database['engine'];

  constructor(private readonly inner: Database) {
    this.engine = inner.engine;
  }

  private refuse(): Promise<never> {
    return Promise.reject(
      Object.assign(new Error('connect ECONNREFUSED (test outage)'), { code: 'ECONNREFUSED' }),
    );
  }

  query: Database['query'] = (text, params) => (this.down ? this.refuse() : this.inner.query(text, params));

  transaction: Database['transaction'] = (work) => (this.down ? this.refuse() : this.inner.transaction(work));

  close(): Promise<void> {
    return Promise.resolve();
  }
}
