import { summarizeMissingHours, writeMinutes } from '../../src/archive/archive-tables';
import { ArchiveWriter } from '../../src/archive/archive-writer';
import type { Database } from '../../src/archive/database';
import {
  gaitDays,
  gaitRange,
  gaitTotals,
  GaitMinuteWriter,
  writeGaitMinutes,
} from '../../src/archive/gait-minutes';
import { history, type HistoryBucket } from '../../src/archive/history';
import { MIGRATIONS } from '../../src/archive/migrations';
import { MINUTE_MS, minuteOf, minutesOf } from '../../src/archive/minute-samples';
import {
  listPartitions,
  maintainPartitions,
  PartitionCache,
  partitionOf,
} from '../../src/archive/partitions';
import { patientTotals } from '../../src/archive/rankings';
import { stats } from '../../src/archive/stats';
import { WindowCache } from '../../src/archive/window-cache';
import type { GaitMinute } from '../../src/gait/gait-summary';
import { sensorName, type Reading } from '../../src/readings/reading';
import { RedisStore } from '../../src/store/redis-store';
import { archivedOf, FlakyDatabase, walk, within, yesterday } from './archive-data';
import type { TestArchive } from './archive-db';
import { silentLogger } from './quiet';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from './redis';
import { measured, until } from './wait';

/** A reading as history returns it in raw mode: time, values and per-sensor flags. */
function rawOf(b: HistoryBucket) {
  return {
    at: b.start,
    values: b.perSensor.map((s) => s.min),
    flags: b.perSensor.map((s) => s.anomalyCount),
  };
}

function expectedRaw(readings: readonly Reading[]) {
  return readings.map((r) => ({
    at: r.at,
    values: r.sensors.map((s) => s.value),
    flags: r.sensors.map((s) => (s.anomaly ? 1 : 0)),
  }));
}

/** Per-bucket aggregates computed the slow, obvious way (per sensor over the readings that have it). */
function bruteBuckets(readings: readonly Reading[], bucketMs: number) {
  const buckets = new Map<number, Reading[]>();
  for (const r of readings) {
    const start = Math.floor(r.at / bucketMs) * bucketMs;
    const bucket = buckets.get(start);
    if (bucket === undefined) buckets.set(start, [r]);
    else bucket.push(r);
  }
  return [...buckets.entries()].map(([start, rs]) => ({
    start,
    count: rs.length,
    anomalyCount: rs.filter((r) => r.sensors.some((s) => s.anomaly)).length,
    perSensor: Array.from({ length: Math.max(...rs.map((r) => r.sensors.length)) }, (_, s) => {
      const having = rs.filter((r) => r.sensors.length > s);
      const values = having.map((r) => r.sensors[s]!.value);
      return {
        name: sensorName({ id: s, value: 0, anomaly: false }),
        min: values.reduce((a, b) => Math.min(a, b)),
        max: values.reduce((a, b) => Math.max(a, b)),
        mean: values.reduce((a, b) => a + b, 0) / values.length,
        count: values.length,
        anomalyCount: having.filter((r) => r.sensors[s]!.anomaly).length,
      };
    }),
  }));
}

/** Means compared to 9 digits: sums added in another order differ in the last bits. */
function closeMeans(buckets: ReturnType<typeof bruteBuckets>) {
  return buckets.map((b) => ({
    ...b,
    perSensor: b.perSensor.map((s) => ({ ...s, mean: expect.closeTo(s.mean, 9) as number })),
  }));
}

/** Writes readings straight to the archive; hours ended by `pastBefore` are summarized. */
async function archive(db: Database, readings: readonly Reading[], pastBefore = Date.now()): Promise<void> {
  const { minutes } = minutesOf(readings);
  await new PartitionCache().ensure(
    db,
    minutes.map((m) => m.minute),
  );
  await writeMinutes(db, minutes, 100, pastBefore);
}

/**
 * The archive's behaviour on one engine. Called from one spec per engine (PostgreSQL, PGlite), so
 * the embedded default cannot drift from the server. Each test uses patients of its own; the
 * database is opened once per file (PGlite's first open runs initdb).
 */
export function describeArchiveContract(name: string, makeArchive: () => TestArchive): void {
  describe(`archive contract: ${name}`, () => {
    let testArchive: TestArchive;
    let db: Database;
    let store: RedisStore;
    let prefix: string;
    let nextPatient = 100;
    const patient = () => nextPatient++;
    const writers: ArchiveWriter[] = [];
    const writer = (options: Partial<ConstructorParameters<typeof ArchiveWriter>[0]> = {}) => {
      const w = new ArchiveWriter({ db, logger: silentLogger(), ...options });
      writers.push(w);
      return w;
    };

    beforeAll(async () => {
      testArchive = makeArchive();
      db = await testArchive.open();
      prefix = uniquePrefix('archive');
      store = new RedisStore({ url: TEST_REDIS_URL, keyPrefix: prefix, sensorEncoding: 'compact' });
      await store.waitUntilReady(5000);
    });

    afterEach(async () => {
      for (const w of writers.splice(0)) await w.close(1000);
    });

    afterAll(async () => {
      await store?.close();
      await deleteKeys(prefix);
      await db?.close();
      await testArchive?.dispose();
    });

    it('migrates once: reopening runs no migration and keeps the data', async () => {
      const p = patient();
      await archive(db, walk(p, yesterday() + 3_600_000, 10));
      await db.close();
      db = await testArchive.open();
      const [row] = await db.query('SELECT count(*)::int AS n FROM plantar_migrations');
      expect(row!['n']).toBe(MIGRATIONS.length);
      expect(await archivedOf(db, p)).toEqual({ rows: 1, readings: 10 });
    });

    it('writes a minute once however often it is written, and merges its parts', async () => {
      const p = patient();
      const t0 = yesterday() + 7_200_000;
      const readings = walk(p, t0, 300); // one minute at 5 Hz
      await archive(db, readings);
      await archive(db, readings);
      expect(await archivedOf(db, p)).toEqual({ rows: 1, readings: 300 });

      // A writer that shut down mid-minute, and its successor that saw the rest (and some twice).
      const q = patient();
      const minute = walk(q, t0, 300);
      const first = writer();
      first.onStored(minute.slice(0, 120));
      await first.close();
      const second = writer({ now: () => t0 + 2 * MINUTE_MS });
      second.onStored(minute.slice(100));
      await second.flush();
      expect(await archivedOf(db, q)).toEqual({ rows: 1, readings: 300 });
      expect(second.stats.minutesMerged).toBe(1);
      const got = await history(db, store, q, t0, t0 + MINUTE_MS, 1000, { now: t0 + 3 * MINUTE_MS });
      expect(got.buckets.map(rawOf)).toEqual(expectedRaw(minute));
      const [rollup] = await db.query('SELECT samples::int AS n FROM archive_rollups WHERE patient_id = $1', [
        q,
      ]);
      expect(rollup!['n']).toBe(300);
    });

    it('closes a minute on the next minute or after closeAfterMs, and release flushes the open one', async () => {
      const p = patient();
      const t0 = yesterday() + 10_800_000;
      let now = t0;
      const w = writer({ now: () => now, closeAfterMs: 5000 });
      const readings = walk(p, t0, 450); // a minute and a half
      w.onStored(readings.slice(0, 300));
      await w.flush();
      expect(await archivedOf(db, p)).toEqual({ rows: 0, readings: 0 });
      w.onStored(readings.slice(300, 301)); // the next minute begins: the first closes
      await w.flush();
      expect(await archivedOf(db, p)).toEqual({ rows: 1, readings: 300 });
      w.onStored(readings.slice(301));
      now = t0 + 2 * MINUTE_MS + 4000;
      await w.flush();
      expect((await archivedOf(db, p)).rows).toBe(1);
      now = t0 + 2 * MINUTE_MS + 5000;
      await w.flush();
      expect(await archivedOf(db, p)).toEqual({ rows: 2, readings: 450 });
      expect(w.lagMs).toBe(0);

      const q = patient();
      w.onStored(walk(q, t0, 40));
      await w.release(q);
      expect(await archivedOf(db, q)).toEqual({ rows: 1, readings: 40 });
      expect(w.pendingMinutes).toBe(0);
    });

    it('backfills on restart what the reading store holds and the archive lacks', async () => {
      const p = patient();
      const now = Date.now();
      const start = minuteOf(now) - 6 * MINUTE_MS;
      const readings = within(walk(p, start, 2000), 0, now - 1000);
      await store.append(readings);
      // The previous run archived the first two minutes, then died holding the third.
      const before = within(readings, start, start + 2 * MINUTE_MS - 1);
      await archive(db, before);
      const w = writer({ now: () => now });
      const result = await w.catchUp(store, [p]);
      const closed = within(readings, start, minuteOf(now - 5000 - MINUTE_MS) + MINUTE_MS - 1);
      expect(result.readings).toBe(closed.length - before.length);
      expect(await archivedOf(db, p)).toEqual({
        rows: minutesOf(closed).minutes.length,
        readings: closed.length,
      });
      expect((await w.catchUp(store, [p])).minutes).toBe(0);
      const got = await history(db, store, p, start, now, 10_000, { now });
      expect(got.buckets.map(rawOf)).toEqual(expectedRaw(readings));
    });

    it('waits out a database outage with a bounded buffer, then catches up from the reading store', async () => {
      const p = patient();
      const flaky = new FlakyDatabase(db);
      let now = Date.now();
      const start = minuteOf(now) - 5 * MINUTE_MS;
      const readings = walk(p, start, 1500); // five minutes
      await store.append(readings);
      const w = writer({
        db: flaky,
        now: () => now,
        maxPendingMinutesPerPatient: 2,
        retryDelayMs: 0,
        recovery: { store, patients: async () => [p] },
      });
      flaky.down = true;
      w.onStored(readings);
      now = start + 5 * MINUTE_MS + 6000; // every minute closed
      await w.flush();
      expect(w.healthy).toBe(false);
      expect(w.problem).toMatch(/archive \d+ s behind, 2 minutes waiting; last error: connect ECONNREFUSED/);
      expect(w.pendingMinutes).toBe(2);
      expect(w.stats.minutesDropped).toBe(3);
      expect(w.lagMs).toBe(now - (start + 4 * MINUTE_MS));

      flaky.down = false;
      await w.flush();
      expect(w.healthy).toBe(true);
      // The dropped minutes come back from the reading store's window.
      await until(async () => (await archivedOf(db, p)).readings === 1500, 'catch-up of the dropped minutes');
      expect(await archivedOf(db, p)).toEqual({ rows: 5, readings: 1500 });
    });

    it('serves history across the store/archive boundary with no duplicate or missing reading', async () => {
      const p = patient();
      const t0 = minuteOf(Date.now()) - 12 * MINUTE_MS;
      const readings = walk(p, t0, 3600); // twelve minutes
      // Archive: minutes 0-7 and the first half of minute 8; store: from the middle of minute 5 on.
      await archive(db, within(readings, t0, t0 + 8 * MINUTE_MS + 30_000));
      await store.append(within(readings, t0 + 5 * MINUTE_MS + 30_000, Infinity));
      const now = t0 + 12 * MINUTE_MS + 1000;
      const from = t0 + 1234;
      const to = t0 + 11 * MINUTE_MS + 45_000;
      const expected = within(readings, from, to);

      const raw = await history(db, store, p, from, to, 10_000, { now });
      expect(raw.bucketMs).toBe(0);
      expect(raw.buckets.map(rawOf)).toEqual(expectedRaw(expected));
      expect(raw.gaps).toEqual([]);
      // Up to now, past the store's newest reading: a gap.
      const later = await history(db, store, p, from, now + 60_000, 10_000, { now: now + 60_000 });
      expect(later.gaps).toEqual([{ from: readings[readings.length - 1]!.at, to: now + 60_000 }]);

      const bucketed = await history(db, store, p, from, to, 100, { now });
      expect(bucketed.bucketMs).toBe(10_000);
      expect(bucketed.buckets).toEqual(
        bruteBuckets(expected, 10_000).map((b) => ({
          ...b,
          perSensor: b.perSensor.map((s) => ({ ...s, mean: expect.closeTo(s.mean, 9) as number })),
        })),
      );

      const coarse = await history(db, store, p, from, to, 10, { now });
      expect(coarse.bucketMs).toBe(120_000);
      expect(coarse.buckets.reduce((n, b) => n + b.count, 0)).toBe(expected.length);
      expect(coarse.buckets.map((b) => b.perSensor.map((s) => [s.min, s.max]))).toEqual(
        bruteBuckets(expected, 120_000).map((b) => b.perSensor.map((s) => [s.min, s.max])),
      );

      // Through the window cache (what the server uses), warm and cold: the same answers.
      const windowCache = new WindowCache(store, { windowMs: 15 * MINUTE_MS, now: () => now });
      for (const [maxPoints, answer] of [
        [10_000, raw],
        [100, bucketed],
        [10, coarse],
        [10_000, raw],
      ] as const) {
        expect(await history(db, store, p, from, to, maxPoints, { now, windowCache })).toEqual(answer);
      }
      expect(windowCache.stats).toEqual({ hits: 3, misses: 1, invalidations: 0 });
    });

    it('sums minute rollups into buckets equal to the readings, with minutes of another sensor count', async () => {
      const p = patient();
      const t0 = yesterday() + 20 * 3_600_000;
      const eightSensors = t0 + 17 * MINUTE_MS;
      const readings = walk(p, t0, 40 * 300, { flagEvery: 11 }).map((r) =>
        minuteOf(r.at) === eightSensors
          ? {
              ...r,
              sensors: [
                ...r.sensors,
                { id: 6, name: 'X6', value: 500 + (r.at % 7), anomaly: r.at % 5 === 0 },
                { id: 7, name: 'X7', value: 3, anomaly: false },
              ],
            }
          : r,
      );
      await archive(db, readings);
      const to = t0 + 40 * MINUTE_MS - 1;
      const h = await history(db, store, p, t0, to, 30, { now: t0 + 86_400_000 });
      expect(h.bucketMs).toBe(120_000); // 39 minutes from the rollups, the newest raw
      expect(h.buckets).toEqual(closeMeans(bruteBuckets(readings, 120_000)));
      expect(h.buckets[8]!.perSensor).toHaveLength(8);
      expect(h.gaps).toEqual([]);
    });

    it('keeps a one-reading spike through downsampling, from raw minutes and from rollups', async () => {
      const p = patient();
      const t0 = yesterday() + 14_400_000;
      const spikeAt = 20_017; // a reading in the third hour
      const readings = walk(p, t0, 3 * 3600 * 5, {
        value: (i, s) =>
          i === spikeAt && s === 2 ? 1023 : i === spikeAt && s === 4 ? 0 : 300 + ((i * 7 + s) % 50),
      });
      await archive(db, readings);
      const now = t0 + 4 * 3_600_000;
      const spikeTime = readings[spikeAt]!.at;
      const check = async (from: number, to: number, expectedBucketMs: number) => {
        const h = await history(db, store, p, from, to, 100, { now });
        expect(h.bucketMs).toBe(expectedBucketMs);
        const withSpike = h.buckets.filter((b) => b.perSensor[2]!.max === 1023);
        expect(withSpike.map((b) => b.start)).toEqual([
          Math.floor(spikeTime / expectedBucketMs) * expectedBucketMs,
        ]);
        expect(withSpike[0]!.perSensor[4]!.min).toBe(0);
        expect(h.buckets.filter((b) => b.perSensor[4]!.min === 0)).toHaveLength(1);
        expect(h.gaps).toEqual([]);
      };
      await check(t0, t0 + 3 * 3_600_000 - 1000, 120_000); // minute rollups
      const hourly = await history(db, store, p, t0, t0 + 3 * 3_600_000 - 1, 4, { now });
      expect(hourly.bucketMs).toBe(3_600_000); // hour rows
      expect(hourly.buckets.map((b) => b.perSensor[2]!.max)).toEqual(
        bruteBuckets(within(readings, t0, t0 + 3 * 3_600_000 - 1), 3_600_000).map((b) => b.perSensor[2]!.max),
      );
      await check(spikeTime - 900_000, spikeTime + 900_000, 30_000); // raw minutes
    });

    it('sums ended hours into hour rows that history and stats read, and sweeps up hours left unsummed', async () => {
      const p = patient();
      const t0 = yesterday() + 18 * 3_600_000;
      const readings = walk(p, t0, 3 * 3600 * 5 - 900, { flagEvery: 13 }); // to 2:57
      let now = t0 + 2 * 3_600_000 + 30 * MINUTE_MS; // within the third hour
      // Two and a half hours arrive at once here: room for them all while they wait.
      const w = writer({ now: () => now, maxPendingMinutesPerPatient: 200 });
      w.onStored(within(readings, 0, now - 1));
      await w.flush();
      const hourRows = async () =>
        (await db.query('SELECT count(*)::int AS n FROM archive_hours WHERE patient_id = $1', [p]))[0]!['n'];
      expect(await hourRows()).toBe(2); // the third hour is still current
      w.onStored(within(readings, now, Infinity));
      now = t0 + 3 * 3_600_000 + 60_000; // past the end, the last minute closed and written
      await w.flush();
      await w.flush(); // the hour is settled once its last minute cannot be pending any more
      expect(await hourRows()).toBe(3);

      const expected = within(readings, t0, t0 + 3 * 3_600_000 - 1);
      const viewed = await history(db, store, p, t0, t0 + 3 * 3_600_000 - 1, 4, { now });
      const brute = bruteBuckets(expected, 3_600_000);
      expect(viewed.bucketMs).toBe(3_600_000);
      expect(viewed.buckets).toEqual(
        brute.map((b) => ({
          ...b,
          perSensor: b.perSensor.map((s) => ({ ...s, mean: expect.closeTo(s.mean, 9) as number })),
        })),
      );
      const summary = await stats(db, store, p, t0, t0 + 3 * 3_600_000 - 1, { now });
      expect(summary.readingCount).toBe(expected.length);
      expect(summary.perSensor.map((s) => [s.min, s.max, s.last])).toEqual(
        expected[0]!.sensors.map((_, s) => {
          const values = expected.map((r) => r.sensors[s]!.value);
          return [Math.min(...values), Math.max(...values), values[values.length - 1]];
        }),
      );

      // Written without summing (a writer stopped before its hour ended): read from the minutes,
      // then swept into hour rows with the same figures.
      const q = patient();
      const copy = readings.map((r) => ({ ...r, patientId: q }));
      await archive(db, copy, -Infinity);
      const before = await history(db, store, q, t0, t0 + 3 * 3_600_000 - 1, 4, { now });
      expect(before.buckets).toEqual(viewed.buckets);
      expect(await summarizeMissingHours(db, t0, now)).toBeGreaterThanOrEqual(3);
      expect(await history(db, store, q, t0, t0 + 3 * 3_600_000 - 1, 4, { now })).toEqual(before);
    });

    it('computes stats equal to a brute-force pass over the readings', async () => {
      const p = patient();
      const t0 = minuteOf(Date.now()) - 26 * MINUTE_MS;
      const readings = walk(p, t0, 25 * 300, { flagEvery: 7 });
      await archive(db, within(readings, t0, t0 + 15 * MINUTE_MS + 20_000));
      await store.append(within(readings, t0 + 10 * MINUTE_MS, Infinity));
      const now = t0 + 26 * MINUTE_MS;
      const from = t0 + 12_345;
      const to = t0 + 24 * MINUTE_MS + 5000;
      const expected = within(readings, from, to);
      const got = await stats(db, store, p, from, to, { now });
      expect(got.readingCount).toBe(expected.length);
      expect(got.anomalyCount).toBe(expected.filter((r) => r.sensors.some((s) => s.anomaly)).length);
      expect(got.coverage).toBeCloseTo(Math.min(1, expected.length / (((to - from) / 1000) * 5)), 9);
      const last = expected[expected.length - 1]!;
      expect(got.perSensor).toEqual(
        last.sensors.map((_, s) => {
          const values = expected.map((r) => r.sensors[s]!.value);
          return {
            min: Math.min(...values),
            max: Math.max(...values),
            mean: expect.closeTo(values.reduce((a, b) => a + b, 0) / values.length, 9) as number,
            last: last.sensors[s]!.value,
            loadedFraction: expect.closeTo(
              values.filter((v) => v >= 100).length / values.length,
              12,
            ) as number,
            count: values.length,
          };
        }),
      );
      const empty = await stats(db, store, p, t0 - 3_600_000, t0 - 1, { now });
      expect(empty).toMatchObject({ readingCount: 0, coverage: 0, anomalyCount: 0, perSensor: [] });
    });

    it('stores a reading in at most 16 bytes of table and index (raw minutes), and measures writing', async () => {
      // A day of its own (three days ago): its partitions hold only this test's rows.
      const day = yesterday() - 2 * 86_400_000;
      const patients = Array.from({ length: 20 }, () => patient());
      const perPatient = patients.map((p) => walk(p, day + 3_600_000, 60 * 300));
      const w = writer({ now: () => day + 3 * 3_600_000 });
      const cpu = process.cpuUsage();
      const started = performance.now();
      for (let minute = 0; minute < 60; minute++) {
        w.onStored(perPatient.flatMap((readings) => readings.slice(minute * 300, (minute + 1) * 300)));
        if (minute % 10 === 9) await w.flush();
      }
      await w.flush();
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      const readings = patients.length * 60 * 300;
      expect(w.stats.readingsWritten).toBe(readings);
      const size = async (table: string) => {
        const [row] = await db.query(`SELECT pg_total_relation_size($1)::float8 AS bytes`, [
          `${table}_p${new Date(day)
            .toISOString()
            .slice(0, table === 'archive_minutes' ? 10 : 7)
            .replace(/-/g, '')}`,
        ]);
        return row!['bytes'] as number;
      };
      const rawBytes = await size('archive_minutes');
      // The month's rollup partition is shared with other tests: count this day's rows at their average size.
      const [rollup] = await db.query(
        `SELECT count(*)::float8 AS n, avg(pg_column_size(r.*))::float8 AS bytes FROM archive_rollups r
          WHERE minute >= to_timestamp($1::float8 / 1000) AND minute < to_timestamp($2::float8 / 1000)`,
        [day, day + 86_400_000],
      );
      const rollupBytesPerReading =
        ((rollup!['n'] as number) * ((rollup!['bytes'] as number) + 28)) / readings;
      measured(`archive on ${name}`, {
        readings,
        rawBytesPerReading: Math.round((rawBytes / readings) * 100) / 100,
        rollupBytesPerReading: Math.round(rollupBytesPerReading * 100) / 100,
        writtenPerSecond: Math.round(readings / seconds),
        cpuMicrosPerReading: Math.round(((used.user + used.system) / readings) * 100) / 100,
      });
      expect(rawBytes / readings).toBeLessThanOrEqual(16);
    });

    it('creates partitions ahead and drops them past retention, rollups after raw minutes', async () => {
      const day = Date.UTC(2001, 5, 15);
      const settings = { archiveRetentionDays: 2, rollupRetentionDays: 40, aheadDays: 3 };
      const p = patient();
      const old = walk(p, Date.UTC(2001, 5, 10, 12), 600);
      await archive(db, old);
      await new PartitionCache().ensure(db, [Date.now()]);

      const first = await maintainPartitions(db, day, settings);
      expect(first.created).toEqual(
        expect.arrayContaining([
          'archive_minutes_p20010615',
          'archive_minutes_p20010616',
          'archive_minutes_p20010617',
          'archive_minutes_p20010618',
        ]),
      );
      expect(first.dropped).toEqual(['archive_minutes_p20010610']);
      expect((await maintainPartitions(db, day, settings)).created).toEqual([]);
      expect(await archivedOf(db, p)).toEqual({ rows: 0, readings: 0 });
      // The raw minutes are gone; the rollups answer at minute resolution, min and max intact.
      const h = await history(db, store, p, Date.UTC(2001, 5, 10, 12), Date.UTC(2001, 5, 10, 12, 2), 1000, {
        now: day,
        archiveRetentionDays: 2,
      });
      expect(h.bucketMs).toBe(60_000);
      expect(h.buckets.map((b) => b.count)).toEqual([300, 300]);
      expect(h.buckets[0]!.perSensor.map((s) => s.max)).toEqual(
        bruteBuckets(old, 60_000)[0]!.perSensor.map((s) => s.max),
      );

      const later = await maintainPartitions(db, Date.UTC(2001, 7, 20), settings);
      expect(later.dropped).toEqual(
        expect.arrayContaining(['archive_rollups_p200106', 'archive_minutes_p20010618']),
      );
      const rollups = (await listPartitions(db, 'archive_rollups')).map((r) => r.name);
      expect(rollups).not.toContain('archive_rollups_p200106');
      // Today's partitions are newer than that "now": untouched.
      const today = (table: 'archive_minutes' | 'archive_rollups') => partitionOf(table, Date.now()).name;
      expect(rollups).toContain(today('archive_rollups'));
      expect((await listPartitions(db, 'archive_minutes')).map((r) => r.name)).toContain(
        today('archive_minutes'),
      );
    });
    it("sums every patient's totals over a range from hour rows and edge minutes, as the readings give them", async () => {
      const [p, q] = [patient(), patient()];
      const t0 = yesterday() + 30 * MINUTE_MS; // 00:30: a cut hour, two whole hours, a cut hour
      const readings = new Map([
        [p, walk(p, t0, 9000, { periodMs: 1200 })], // 00:30 .. 03:30
        [q, walk(q, t0 + 60 * MINUTE_MS, 3000, { flagEvery: 7 })], // 01:30 .. 01:40, often flagged
      ]);
      for (const rs of readings.values()) await archive(db, rs);
      const from = t0 + 15 * MINUTE_MS; // 00:45
      const to = t0 + 170 * MINUTE_MS; // 03:20
      const [hours] = await db.query('SELECT count(*)::int AS n FROM archive_hours WHERE patient_id = $1', [
        p,
      ]);
      expect(hours!['n']).toBe(4); // 00:00 .. 03:00 ended and summarized; 01:00 and 02:00 are read whole
      const totals = (await patientTotals(db, from, to, Date.now())).filter((t) => readings.has(t.patientId));
      totals.sort((a, b) => a.patientId - b.patientId);
      const expected = [...readings.entries()].map(([patientId, rs]) => {
        const inRange = rs.filter((r) => minuteOf(r.at) >= from && minuteOf(r.at) < to);
        const load = (first: number) =>
          inRange.reduce((n, r) => n + r.sensors.slice(first, first + 3).reduce((m, s) => m + s.value, 0), 0);
        return {
          patientId,
          readings: inRange.length,
          flagged: inRange.filter((r) => r.sensors.some((s) => s.anomaly)).length,
          leftLoad: load(0),
          rightLoad: load(3),
        };
      });
      expect(totals).toEqual(expected);
    });
    describe('gait minutes', () => {
      const gaitMinute = (patientId: number, minute: number, over: Partial<GaitMinute> = {}): GaitMinute => ({
        patientId,
        minute,
        steps: 90,
        walkingSeconds: 50,
        standingSeconds: 10,
        noLoadSeconds: 0,
        boutsStarted: 1,
        cadence: 108,
        stanceSI: 4,
        loadSI: -2,
        strideRatio: 1.02,
        ...over,
      });
      const ensure = (minutes: readonly GaitMinute[]) =>
        new PartitionCache().ensure(
          db,
          minutes.map((m) => m.minute),
        );

      it('keeps the version of a minute that covers more of it, whatever the order', async () => {
        const p = patient();
        const t = yesterday() + 10 * 3_600_000;
        const whole = gaitMinute(p, t);
        const partial = gaitMinute(p, t, { steps: 12, walkingSeconds: 8, standingSeconds: 0 });
        await ensure([whole]);
        await writeGaitMinutes(db, [whole]);
        await writeGaitMinutes(db, [partial]); // a new owner's replay of the window starts mid-minute
        const [day] = await gaitDays(db, p, t, t + MINUTE_MS, 'UTC');
        expect(day).toMatchObject({ steps: 90, walkingMinutes: 50 / 60, minutesCovered: 1 });
        await writeGaitMinutes(db, [gaitMinute(p, t, { steps: 95, noLoadSeconds: 1 })]);
        expect((await gaitDays(db, p, t, t + MINUTE_MS, 'UTC'))[0]).toMatchObject({ steps: 95 });
      });

      it('sums days in the asked time zone, with medians over minutes of real walking', async () => {
        const p = patient();
        const midnight = yesterday(); // 00:00 UTC = 01:00 in Warsaw (winter) = 19:00 the day before in New York
        const minutes = [
          gaitMinute(p, midnight - 2 * MINUTE_MS, { cadence: 100, stanceSI: 2 }), // 23:58 UTC the day before
          gaitMinute(p, midnight, { cadence: 110, stanceSI: 6 }),
          gaitMinute(p, midnight + MINUTE_MS, { cadence: 120, stanceSI: 10 }),
          // Too little walking for a cadence of its own: counted in time, left out of the medians.
          gaitMinute(p, midnight + 2 * MINUTE_MS, {
            walkingSeconds: 5,
            cadence: 300,
            stanceSI: 90,
            steps: 9,
          }),
        ];
        await ensure(minutes);
        await writeGaitMinutes(db, minutes);
        const from = midnight - 3_600_000;
        const to = midnight + 3_600_000;
        const utc = await gaitDays(db, p, from, to, 'UTC');
        expect(utc.map((d) => d.minutesCovered)).toEqual([1, 3]);
        expect(utc[1]).toMatchObject({ cadence: 115, stanceSI: 8, steps: 189, bouts: 3 });
        expect(utc[1]!.walkingMinutes).toBeCloseTo(105 / 60, 9);
        const warsaw = await gaitDays(db, p, from, to, 'Europe/Warsaw');
        expect(warsaw).toHaveLength(1); // 00:58 .. 01:02 local: one day
        expect(warsaw[0]).toMatchObject({ cadence: 110, minutesCovered: 4 });
        // One summary over the range: the same sums, medians over all of it.
        expect(await gaitRange(db, p, from, to)).toMatchObject({
          steps: 279,
          bouts: 4,
          cadence: 110,
          stanceSI: 6,
          minutesCovered: 4,
          walkingMinutes: 155 / 60,
        });
        expect((await gaitRange(db, p, to, to + 60_000)).minutesCovered).toBe(0);
        const totals = (await gaitTotals(db, from, to)).find((t) => t.patientId === p);
        expect(totals).toEqual({ patientId: p, walkingMinutes: 155 / 60, asymmetry: 6 });
      });

      it('holds minutes while the database is away and writes them when it answers', async () => {
        const flaky = new FlakyDatabase(db);
        const gaitWriter = new GaitMinuteWriter({ db: flaky, logger: silentLogger(), flushMs: 60_000 });
        const p = patient();
        const t = yesterday() + 12 * 3_600_000;
        flaky.down = true;
        gaitWriter.add([gaitMinute(p, t), gaitMinute(p, t + MINUTE_MS)]);
        await gaitWriter.flush();
        expect(gaitWriter.buffered).toBe(2);
        gaitWriter.add([gaitMinute(p, t + MINUTE_MS, { walkingSeconds: 1, standingSeconds: 0 })]); // worse: ignored
        flaky.down = false;
        await gaitWriter.close();
        expect(gaitWriter).toMatchObject({ buffered: 0, written: 2, dropped: 0 });
        const [day] = await gaitDays(db, p, t, t + 2 * MINUTE_MS, 'UTC');
        expect(day).toMatchObject({ minutesCovered: 2, walkingMinutes: 100 / 60 });
      });
    });
  });
}
