import {
  bytesColumn,
  numberArrayColumn,
  numberColumn,
  optionalNumberColumn,
  type Database,
  type Queryable,
  type Row,
  type SqlValue,
} from './database';
import { decodeMinute, encodeMinute } from './minute-codec';
import { mergeMinutes, type MinuteSamples } from './minute-samples';
import { rollupOf, STATS_FIELDS, type MinuteRollup } from './rollup';

/**
 * The archive's SQL, one set for both engines. Times cross the wire as float8 epoch ms (both
 * drivers parse float8 alike; int8 and timestamptz they do not), and arrays as text literals
 * cast in SQL.
 */

/** `to_timestamp` of a float8 epoch-ms parameter: exact for whole seconds. */
const ts = (param: number) => `to_timestamp($${param}::float8 / 1000)`;
const MINUTE_MS_SQL = `(extract(epoch FROM minute)::float8 * 1000)`;

/** Rows per INSERT: 4 or 6 parameters a row stays far below PostgreSQL's 65,535. */
export const MAX_ROWS_PER_STATEMENT = 500;

function arrayLiteral(values: readonly number[]): string {
  return `{${values.join(',')}}`;
}

function keyOf(patientId: number, minute: number): string {
  return `${patientId}:${minute}`;
}

export interface WriteResult {
  /** Minutes that were new. */
  inserted: number;
  /** Minutes that existed and gained readings (merged). */
  merged: number;
  /** Minutes that existed with every reading already (a repeated write). */
  unchanged: number;
}

/**
 * Writes minutes (any patients, at most one entry per patient and minute) and their rollups in one
 * transaction. A minute new to the archive is inserted as is; one that exists is merged with the
 * stored version (the union of both readings) and written with `INSERT … ON CONFLICT DO UPDATE`,
 * so writing a minute twice leaves one row with every reading once. The caller creates the
 * partitions first (DDL that fails would abort the transaction).
 */
export async function writeMinutes(
  db: Database,
  minutes: readonly MinuteSamples[],
  loadedThreshold: number,
): Promise<WriteResult> {
  const result: WriteResult = { inserted: 0, merged: 0, unchanged: 0 };
  const unique = uniqueMinutes(minutes);
  for (let i = 0; i < unique.length; i += MAX_ROWS_PER_STATEMENT) {
    const chunk = unique.slice(i, i + MAX_ROWS_PER_STATEMENT);
    const r = await db.transaction((tx) => writeChunk(tx, chunk, loadedThreshold));
    result.inserted += r.inserted;
    result.merged += r.merged;
    result.unchanged += r.unchanged;
  }
  return result;
}

/**
 * One entry per patient and minute (a late reading can reopen a minute whose first part is still
 * waiting to be written): one statement must not touch a row twice.
 */
function uniqueMinutes(minutes: readonly MinuteSamples[]): MinuteSamples[] {
  const byKey = new Map<string, MinuteSamples>();
  for (const m of minutes) {
    const key = keyOf(m.patientId, m.minute);
    const seen = byKey.get(key);
    byKey.set(key, seen === undefined ? m : mergeMinutes(seen, m));
  }
  return [...byKey.values()];
}

async function writeChunk(tx: Queryable, minutes: readonly MinuteSamples[], loadedThreshold: number) {
  const inserted = await insertMinutes(tx, minutes, 'DO NOTHING');
  const conflicting = minutes.filter((m) => !inserted.has(keyOf(m.patientId, m.minute)));
  // What to roll up: the new minutes as given, the existing ones as merged.
  const final = minutes.filter((m) => inserted.has(keyOf(m.patientId, m.minute)));
  let merged = 0;
  if (conflicting.length > 0) {
    const stored = await lockedMinutes(tx, conflicting);
    const changed: MinuteSamples[] = [];
    for (const m of conflicting) {
      const existing = stored.get(keyOf(m.patientId, m.minute));
      const union = existing === undefined ? m : mergeMinutes(existing, m);
      if (union !== existing) changed.push(union);
      final.push(union);
    }
    if (changed.length > 0)
      await insertMinutes(tx, changed, 'DO UPDATE SET samples = EXCLUDED.samples, data = EXCLUDED.data');
    merged = changed.length;
  }
  await upsertRollups(
    tx,
    final.map((m) => ({ m, rollup: rollupOf(m, loadedThreshold) })),
  );
  return { inserted: inserted.size, merged, unchanged: conflicting.length - merged };
}

/** INSERT with the given conflict action; resolves with the keys the statement wrote. */
async function insertMinutes(
  tx: Queryable,
  minutes: readonly MinuteSamples[],
  onConflict: string,
): Promise<Set<string>> {
  const params: SqlValue[] = [];
  const rows = minutes.map((m) => {
    const n = params.push(m.patientId, m.minute, m.count, encodeMinute(m));
    return `($${n - 3}::int, ${ts(n - 2)}, $${n - 1}::int2, $${n}::bytea)`;
  });
  const written = await tx.query(
    `INSERT INTO archive_minutes (patient_id, minute, samples, data) VALUES ${rows.join(', ')}
     ON CONFLICT (patient_id, minute) ${onConflict}
     RETURNING patient_id, ${MINUTE_MS_SQL} AS minute_ms`,
    params,
  );
  return new Set(written.map((r) => keyOf(numberColumn(r, 'patient_id'), numberColumn(r, 'minute_ms'))));
}

/** The stored versions of these minutes, locked until the transaction ends. */
async function lockedMinutes(
  tx: Queryable,
  minutes: readonly MinuteSamples[],
): Promise<Map<string, MinuteSamples>> {
  const params: SqlValue[] = [];
  const keys = minutes.map((m) => {
    const n = params.push(m.patientId, m.minute);
    return `($${n - 1}::int, ${ts(n)})`;
  });
  const rows = await tx.query(
    `SELECT patient_id, ${MINUTE_MS_SQL} AS minute_ms, data FROM archive_minutes
      WHERE (patient_id, minute) IN (VALUES ${keys.join(', ')}) FOR UPDATE`,
    params,
  );
  const stored = new Map<string, MinuteSamples>();
  for (const row of rows) {
    const m = decodeRow(row);
    stored.set(keyOf(m.patientId, m.minute), m);
  }
  return stored;
}

async function upsertRollups(
  tx: Queryable,
  rows: readonly { m: MinuteSamples; rollup: MinuteRollup }[],
): Promise<void> {
  if (rows.length === 0) return;
  const params: SqlValue[] = [];
  const values = rows.map(({ m, rollup }) => {
    const n = params.push(
      m.patientId,
      m.minute,
      rollup.samples,
      rollup.anomalies,
      arrayLiteral(rollup.stats),
      arrayLiteral(rollup.sums),
    );
    return `($${n - 5}::int, ${ts(n - 4)}, $${n - 3}::int2, $${n - 2}::int2, $${n - 1}::int2[], $${n}::int4[])`;
  });
  await tx.query(
    `INSERT INTO archive_rollups (patient_id, minute, samples, anomalies, stats, sums) VALUES ${values.join(', ')}
     ON CONFLICT (patient_id, minute) DO UPDATE
       SET samples = EXCLUDED.samples, anomalies = EXCLUDED.anomalies, stats = EXCLUDED.stats, sums = EXCLUDED.sums`,
    params,
  );
}

function decodeRow(row: Row): MinuteSamples {
  return decodeMinute(
    numberColumn(row, 'patient_id'),
    numberColumn(row, 'minute_ms'),
    bytesColumn(row, 'data'),
  );
}

/** The raw minutes of a patient whose start is in [fromMinute, toMinute], oldest first. */
export async function readMinutes(
  db: Queryable,
  patientId: number,
  fromMinute: number,
  toMinute: number,
): Promise<MinuteSamples[]> {
  const rows = await db.query(
    `SELECT patient_id, ${MINUTE_MS_SQL} AS minute_ms, data FROM archive_minutes
      WHERE patient_id = $1 AND minute >= ${ts(2)} AND minute <= ${ts(3)} ORDER BY minute`,
    [patientId, fromMinute, toMinute],
  );
  return rows.map(decodeRow);
}

/** Readings archived per minute of a patient in [fromMinute, toMinute] (from the rollups). */
export async function archivedCounts(
  db: Queryable,
  patientId: number,
  fromMinute: number,
  toMinute: number,
): Promise<Map<number, number>> {
  const rows = await db.query(
    `SELECT ${MINUTE_MS_SQL} AS minute_ms, samples::int AS samples FROM archive_minutes
      WHERE patient_id = $1 AND minute >= ${ts(2)} AND minute <= ${ts(3)}`,
    [patientId, fromMinute, toMinute],
  );
  return new Map(rows.map((r) => [numberColumn(r, 'minute_ms'), numberColumn(r, 'samples')]));
}

/**
 * The start of the newest archived minute of a patient in [fromMinute, to], from the rollups
 * (written with every minute and kept longer than the raw rows); undefined when there is none.
 */
export async function newestArchivedMinute(
  db: Queryable,
  patientId: number,
  fromMinute: number,
  to: number,
): Promise<number | undefined> {
  const rows = await db.query(
    `SELECT ${MINUTE_MS_SQL} AS minute_ms FROM archive_rollups
      WHERE patient_id = $1 AND minute >= ${ts(2)} AND minute <= ${ts(3)}
      ORDER BY minute DESC LIMIT 1`,
    [patientId, fromMinute, to],
  );
  return rows.length === 0 ? undefined : numberColumn(rows[0]!, 'minute_ms');
}

/** One sensor's aggregate over some minutes, as the rollups give it. */
export interface SensorTotals {
  min: number;
  max: number;
  sum: number;
  count: number;
  loaded: number;
  flagged: number;
}

/** One bucket of rollup minutes: readings, flagged readings, and per sensor totals. */
export interface RollupBucket {
  start: number;
  count: number;
  anomalies: number;
  sensors: SensorTotals[];
}

const PER_SENSOR = STATS_FIELDS.length;

/**
 * Rollups of a patient's minutes in [fromMinute, toMinute) summed per bucket of `bucketMs` (a
 * multiple of a minute; buckets aligned to the epoch), in the database: a month of minutes is
 * 43,200 rows, which the database folds into ~1,000 while they never cross the wire. min and max
 * come from the minutes' min and max, so one reading's spike survives any bucket size.
 */
export async function rollupBuckets(
  db: Queryable,
  patientId: number,
  fromMinute: number,
  toMinute: number,
  bucketMs: number,
): Promise<RollupBucket[]> {
  const rows = await db.query(
    `SELECT floor(${MINUTE_MS_SQL} / $4::float8) * $4::float8 AS start, ${SENSOR_AGGREGATES}
       FROM archive_rollups r CROSS JOIN LATERAL unnest(r.sums) WITH ORDINALITY AS u(sum, sensor)
      WHERE r.patient_id = $1 AND r.minute >= ${ts(2)} AND r.minute < ${ts(3)}
      GROUP BY 1, u.sensor ORDER BY 1, u.sensor`,
    [patientId, fromMinute, toMinute, bucketMs],
  );
  const buckets: RollupBucket[] = [];
  for (const row of rows) {
    const start = numberColumn(row, 'start');
    let bucket = buckets[buckets.length - 1];
    if (bucket === undefined || bucket.start !== start) {
      bucket = { start, count: 0, anomalies: 0, sensors: [] };
      buckets.push(bucket);
    }
    addSensorRow(bucket, row);
  }
  return buckets;
}

/** Rollups of a patient's minutes in [fromMinute, toMinute) summed over the whole range. */
export async function rollupTotals(
  db: Queryable,
  patientId: number,
  fromMinute: number,
  toMinute: number,
): Promise<RollupBucket & { last: number[] | undefined; lastMinute: number | undefined }> {
  const rows = await db.query(
    `SELECT ${SENSOR_AGGREGATES}
       FROM archive_rollups r CROSS JOIN LATERAL unnest(r.sums) WITH ORDINALITY AS u(sum, sensor)
      WHERE r.patient_id = $1 AND r.minute >= ${ts(2)} AND r.minute < ${ts(3)}
      GROUP BY u.sensor ORDER BY u.sensor`,
    [patientId, fromMinute, toMinute],
  );
  const totals: RollupBucket = { start: fromMinute, count: 0, anomalies: 0, sensors: [] };
  for (const row of rows) addSensorRow(totals, row);
  const newest = await db.query(
    `SELECT ${MINUTE_MS_SQL} AS minute_ms, stats FROM archive_rollups
      WHERE patient_id = $1 AND minute >= ${ts(2)} AND minute < ${ts(3)} ORDER BY minute DESC LIMIT 1`,
    [patientId, fromMinute, toMinute],
  );
  if (newest.length === 0) return { ...totals, last: undefined, lastMinute: undefined };
  const stats = numberArrayColumn(newest[0]!, 'stats');
  const last: number[] = [];
  for (let at = 2; at < stats.length; at += PER_SENSOR) last.push(stats[at]!);
  return { ...totals, last, lastMinute: numberColumn(newest[0]!, 'minute_ms') };
}

/**
 * Per sensor (u.sensor, 1-based) of the grouped rollup rows; the readings and flagged readings of
 * the group are summed on sensor 1's row only (every row has a sensor 1), not once per sensor.
 */
const SENSOR_AGGREGATES = `u.sensor::int AS sensor,
  min(r.stats[(u.sensor - 1) * ${PER_SENSOR} + 1])::int AS min,
  max(r.stats[(u.sensor - 1) * ${PER_SENSOR} + 2])::int AS max,
  sum(r.stats[(u.sensor - 1) * ${PER_SENSOR} + 4])::float8 AS loaded,
  sum(r.stats[(u.sensor - 1) * ${PER_SENSOR} + 5])::float8 AS flagged,
  sum(u.sum)::float8 AS sum,
  sum(r.samples)::float8 AS count,
  sum(r.samples) FILTER (WHERE u.sensor = 1)::float8 AS readings,
  sum(r.anomalies) FILTER (WHERE u.sensor = 1)::float8 AS anomalies`;

function addSensorRow(bucket: RollupBucket, row: Row): void {
  const sensor = numberColumn(row, 'sensor') - 1;
  bucket.sensors[sensor] = {
    min: numberColumn(row, 'min'),
    max: numberColumn(row, 'max'),
    sum: numberColumn(row, 'sum'),
    count: numberColumn(row, 'count'),
    loaded: numberColumn(row, 'loaded'),
    flagged: numberColumn(row, 'flagged'),
  };
  bucket.count += optionalNumberColumn(row, 'readings') ?? 0;
  bucket.anomalies += optionalNumberColumn(row, 'anomalies') ?? 0;
}
