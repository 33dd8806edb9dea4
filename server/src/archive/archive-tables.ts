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
import { foldRollupRows, type Ranges } from './rollup-rows';

/**
 * The archive's SQL, one set for both engines. Times cross the wire as float8 epoch ms (both
 * drivers parse float8 alike; int8 and timestamptz they do not), and arrays as text literals
 * cast in SQL.
 */

/** `to_timestamp` of a float8 epoch-ms parameter: exact for whole seconds. */
const ts = (param: number) => `to_timestamp($${param}::float8 / 1000)`;
const timeMs = (column: string) => `(extract(epoch FROM ${column})::float8 * 1000)`;
const MINUTE_MS_SQL = timeMs('minute');

/** Rows per INSERT: 4 or 6 parameters a row stays far below PostgreSQL's 65,535. */
export const MAX_ROWS_PER_STATEMENT = 500;

function arrayLiteral(values: readonly number[]): string {
  return `{${values.join(',')}}`;
}

function keyOf(patientId: number, minute: number): string {
  return `${patientId}:${minute}`;
}

export interface WriteResult {
  /** Patient-hours written to that had not ended by `pastBefore`: summarize them once they end. */
  currentHours: HourKey[];
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
 * so writing a minute twice leaves one row with every reading once. Hours that ended by
 * `pastBefore` (epoch ms; Infinity for all) are summarized into `archive_hours` in the same
 * transaction. The caller creates the partitions first (DDL that fails would abort the transaction).
 */
export async function writeMinutes(
  db: Database,
  minutes: readonly MinuteSamples[],
  loadedThreshold: number,
  pastBefore: number,
): Promise<WriteResult> {
  const result: WriteResult = { currentHours: [], inserted: 0, merged: 0, unchanged: 0 };
  const unique = uniqueMinutes(minutes);
  for (let i = 0; i < unique.length; i += MAX_ROWS_PER_STATEMENT) {
    const chunk = unique.slice(i, i + MAX_ROWS_PER_STATEMENT);
    const r = await db.transaction(async (tx) => {
      const written = await writeChunk(tx, chunk, loadedThreshold);
      // An hour that has ended is summarized with every write to it, in the same transaction:
      // its hour row is never older than its minutes.
      const hours = new Map<string, HourKey>();
      for (const m of chunk)
        hours.set(keyOf(m.patientId, hourOf(m.minute)), { patientId: m.patientId, hour: hourOf(m.minute) });
      const past = [...hours.values()].filter((h) => h.hour + HOUR_MS <= pastBefore);
      await summarizeHours(tx, past);
      return { ...written, currentHours: [...hours.values()].filter((h) => h.hour + HOUR_MS > pastBefore) };
    });
    result.currentHours.push(...r.currentHours);
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
export const HOUR_MS = 3_600_000;

const hourOf = (t: number) => Math.floor(t / HOUR_MS) * HOUR_MS;

export interface HourKey {
  readonly patientId: number;
  /** Start of the UTC hour, epoch ms. */
  readonly hour: number;
}

/**
 * (Re)computes `archive_hours` rows of these patient-hours from their minute rollups: counts and
 * sums added, min and max of the minutes' min and max, `last` of the newest minute. Hours are cut
 * in UTC epoch arithmetic (date_trunc would follow the session's time zone).
 */
export async function summarizeHours(q: Queryable, keys: readonly HourKey[]): Promise<void> {
  for (let i = 0; i < keys.length; i += MAX_ROWS_PER_STATEMENT) {
    const params: SqlValue[] = [];
    const values = keys.slice(i, i + MAX_ROWS_PER_STATEMENT).map((k) => {
      const n = params.push(k.patientId, k.hour);
      return `($${n - 1}::int, ${ts(n)})`;
    });
    await q.query(
      `WITH k(patient_id, hour) AS (VALUES ${values.join(', ')}),
       m AS (
         SELECT k.patient_id, k.hour, r.minute, r.samples, r.anomalies, r.stats, r.sums
           FROM k CROSS JOIN LATERAL (${perRange('k.patient_id', 'k.hour', "k.hour + interval '1 hour'")}) r),
       st AS (
         SELECT patient_id, hour, array_agg(v ORDER BY i) AS stats FROM (
           SELECT m.patient_id, m.hour, u.i,
                  (CASE (u.i - 1) % ${PER_SENSOR}
                     WHEN 0 THEN min(u.v) WHEN 1 THEN max(u.v)
                     WHEN 2 THEN (array_agg(u.v ORDER BY m.minute DESC))[1]
                     ELSE sum(u.v) END)::int AS v
             FROM m CROSS JOIN LATERAL unnest(m.stats) WITH ORDINALITY AS u(v, i)
            GROUP BY 1, 2, 3) e
         GROUP BY 1, 2),
       su AS (
         SELECT patient_id, hour, array_agg(v ORDER BY i) AS sums FROM (
           SELECT m.patient_id, m.hour, u.i, sum(u.v)::bigint AS v
             FROM m CROSS JOIN LATERAL unnest(m.sums) WITH ORDINALITY AS u(v, i)
            GROUP BY 1, 2, 3) e
         GROUP BY 1, 2),
       t AS (SELECT patient_id, hour, sum(samples)::int AS samples, sum(anomalies)::int AS anomalies FROM m GROUP BY 1, 2)
       INSERT INTO archive_hours (patient_id, hour, samples, anomalies, stats, sums)
       SELECT t.patient_id, t.hour, t.samples, t.anomalies, st.stats, su.sums
         FROM t JOIN st USING (patient_id, hour) JOIN su USING (patient_id, hour)
       ON CONFLICT (patient_id, hour) DO UPDATE
         SET samples = EXCLUDED.samples, anomalies = EXCLUDED.anomalies, stats = EXCLUDED.stats, sums = EXCLUDED.sums`,
      params,
    );
  }
}

/**
 * Summarizes the hours in [from, to) that have minute rollups and no hour row: those whose patient
 * stopped mid-hour, or whose writer stopped before the hour ended. Resolves with how many.
 */
export async function summarizeMissingHours(q: Queryable, from: number, to: number): Promise<number> {
  const rows = await q.query(
    `SELECT DISTINCT r.patient_id, (floor(extract(epoch FROM r.minute)::float8 / 3600) * ${HOUR_MS})::float8 AS hour_ms
       FROM archive_rollups r
      WHERE r.minute >= ${ts(1)} AND r.minute < ${ts(2)}
        AND NOT EXISTS (
          SELECT 1 FROM archive_hours h
           WHERE h.patient_id = r.patient_id
             AND h.hour = to_timestamp(floor(extract(epoch FROM r.minute)::float8 / 3600) * 3600))`,
    [hourOf(from), hourOf(to)],
  );
  const keys = rows.map((r) => ({
    patientId: numberColumn(r, 'patient_id'),
    hour: numberColumn(r, 'hour_ms'),
  }));
  await summarizeHours(q, keys);
  return keys.length;
}

/**
 * The rows of one patient and time range, as a LATERAL subquery: one index range scan per range
 * (partitions pruned at run time). OFFSET 0 keeps the planner from flattening it into a join,
 * which with a handful of ranges it would run as a scan of every partition.
 */
function perRange(
  patientId: string,
  from: string,
  to: string,
  table: 'archive_rollups' | 'archive_hours' = 'archive_rollups',
): string {
  const time = table === 'archive_hours' ? 'hour' : 'minute';
  return `SELECT * FROM ${table} WHERE patient_id = ${patientId} AND ${time} >= ${from} AND ${time} < ${to} OFFSET 0`;
}

/**
 * Which of [from, to) the hour rows serve and which the minute rollups must: whole hours that
 * have a row go to the hours; the rest (the cut hours at the ends, the current hour, an hour not
 * yet summarized) to the minutes. The hour rows' runs come from the database as run boundaries
 * (gaps and islands), so ten years cost a window scan, not 87,600 rows on the wire.
 */
async function planHours(
  q: Queryable,
  patientId: number,
  from: number,
  to: number,
): Promise<{ hours: readonly [number, number] | undefined; minutes: Ranges }> {
  const hoursFrom = Math.ceil(from / HOUR_MS) * HOUR_MS;
  const hoursTo = hourOf(to);
  if (hoursFrom >= hoursTo) return { hours: undefined, minutes: [[from, to]] };
  const rows = await q.query(
    `SELECT hour_ms, prev_ms, next_ms FROM (
       SELECT hour_ms, lag(hour_ms) OVER w AS prev_ms, lead(hour_ms) OVER w AS next_ms
         FROM (SELECT ${timeMs('hour')} AS hour_ms FROM archive_hours
                WHERE patient_id = $1 AND hour >= ${ts(2)} AND hour < ${ts(3)}) x
       WINDOW w AS (ORDER BY hour_ms)) s
      WHERE prev_ms IS NULL OR next_ms IS NULL OR hour_ms - prev_ms > ${HOUR_MS} OR next_ms - hour_ms > ${HOUR_MS}
      ORDER BY hour_ms`,
    [patientId, hoursFrom, hoursTo],
  );
  // Covered runs [start, end) from their boundary rows.
  const runs: [number, number][] = [];
  for (const row of rows) {
    const hour = numberColumn(row, 'hour_ms');
    const prev = optionalNumberColumn(row, 'prev_ms');
    const next = optionalNumberColumn(row, 'next_ms');
    if (prev === undefined || hour - prev > HOUR_MS) runs.push([hour, hour + HOUR_MS]);
    if (next === undefined || next - hour > HOUR_MS) runs[runs.length - 1]![1] = hour + HOUR_MS;
  }
  const minutes: [number, number][] = [];
  let at = from;
  for (const [start, end] of runs) {
    if (start > at) minutes.push([at, start]);
    at = end;
  }
  if (at < to) minutes.push([at, to]);
  return { hours: runs.length > 0 ? [hoursFrom, hoursTo] : undefined, minutes };
}

/** Sums rollups over some ranges of one table, as one bucket (starting at the first range's start). */
async function aggregate(
  q: Queryable,
  table: 'archive_rollups' | 'archive_hours',
  patientId: number,
  ranges: Ranges,
): Promise<RollupBucket[]> {
  if (ranges.length === 0) return [];
  const rows = await q.query(
    `SELECT ${ranges[0]![0]}::float8 AS start, ${SENSOR_AGGREGATES}
       FROM unnest($2::float8[], $3::float8[]) AS g(a, z)
       CROSS JOIN LATERAL (${perRange('$1', 'to_timestamp(g.a / 1000)', 'to_timestamp(g.z / 1000)', table)}) r
       CROSS JOIN LATERAL unnest(r.sums) WITH ORDINALITY AS u(sum, sensor)
      GROUP BY 1, u.sensor ORDER BY 1, u.sensor`,
    [patientId, arrayLiteral(ranges.map((r) => r[0])), arrayLiteral(ranges.map((r) => r[1]))],
  );
  const buckets: RollupBucket[] = [];
  for (const row of rows) {
    const bucketStart = numberColumn(row, 'start');
    let bucket = buckets[buckets.length - 1];
    if (bucket === undefined || bucket.start !== bucketStart) {
      bucket = { start: bucketStart, count: 0, anomalies: 0, sensors: [] };
      buckets.push(bucket);
    }
    addSensorRow(bucket, row);
  }
  return buckets;
}

/** Both lists as one, buckets with the same start combined. */
function combine(a: readonly RollupBucket[], b: readonly RollupBucket[]): RollupBucket[] {
  const byStart = new Map<number, RollupBucket>();
  for (const bucket of [...a, ...b]) {
    const seen = byStart.get(bucket.start);
    if (seen === undefined) {
      byStart.set(bucket.start, { ...bucket, sensors: bucket.sensors.map((s) => ({ ...s })) });
      continue;
    }
    seen.count += bucket.count;
    seen.anomalies += bucket.anomalies;
    bucket.sensors.forEach((t, s) => {
      const into = seen.sensors[s];
      if (into === undefined) {
        seen.sensors[s] = { ...t };
        return;
      }
      into.min = Math.min(into.min, t.min);
      into.max = Math.max(into.max, t.max);
      into.sum += t.sum;
      into.count += t.count;
      into.loaded += t.loaded;
      into.flagged += t.flagged;
    });
  }
  return [...byStart.values()].sort((x, y) => x.start - y.start);
}

/**
 * Rollups of a patient's minutes in [fromMinute, toMinute) summed per bucket of `bucketMs` (a
 * multiple of a minute; buckets aligned to the epoch), folded as they arrive (see
 * `foldRollupRows`). Buckets of whole hours read the hour rows where they exist (720 rows a month
 * instead of 43,200). min and max come from the minutes' min and max, so one reading's spike survives any
 * bucket size.
 */
export async function rollupBuckets(
  db: Queryable,
  patientId: number,
  fromMinute: number,
  toMinute: number,
  bucketMs: number,
): Promise<RollupBucket[]> {
  if (bucketMs % HOUR_MS !== 0)
    return foldRollupRows(db, 'archive_rollups', patientId, [[fromMinute, toMinute]], bucketMs);
  const plan = await planHours(db, patientId, fromMinute, toMinute);
  const [hours, minutes] = await Promise.all([
    plan.hours === undefined ? [] : foldRollupRows(db, 'archive_hours', patientId, [plan.hours], bucketMs),
    foldRollupRows(db, 'archive_rollups', patientId, plan.minutes, bucketMs),
  ]);
  return combine(hours, minutes);
}

/** Rollups of a patient's minutes in [fromMinute, toMinute) summed over the whole range. */
export async function rollupTotals(
  db: Queryable,
  patientId: number,
  fromMinute: number,
  toMinute: number,
): Promise<RollupBucket & { last: number[] | undefined; lastMinute: number | undefined }> {
  const plan = await planHours(db, patientId, fromMinute, toMinute);
  const [hours, minutes, newest] = await Promise.all([
    plan.hours === undefined ? [] : aggregate(db, 'archive_hours', patientId, [plan.hours]),
    aggregate(db, 'archive_rollups', patientId, plan.minutes),
    db.query(
      `SELECT ${MINUTE_MS_SQL} AS minute_ms, stats FROM archive_rollups
        WHERE patient_id = $1 AND minute >= ${ts(2)} AND minute < ${ts(3)} ORDER BY minute DESC LIMIT 1`,
      [patientId, fromMinute, toMinute],
    ),
  ]);
  const totals = combine(
    hours.map((b) => ({ ...b, start: fromMinute })),
    minutes.map((b) => ({ ...b, start: fromMinute })),
  )[0] ?? { start: fromMinute, count: 0, anomalies: 0, sensors: [] };
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
