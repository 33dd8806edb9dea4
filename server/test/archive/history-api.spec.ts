import { episodeId, type EpisodeCore } from '../../src/episodes/episode';
import type { Reading } from '../../src/readings/reading';
import type { PlantarServer } from '../../src/server';
import { walk, within, yesterday } from '../support/archive-data';
import { archiveReadings, postgresArchive, TEST_DATABASE_URL } from '../support/archive-db';
import { query } from '../support/graphql';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { startTestServer } from '../support/server';
import { until } from '../support/wait';

const HOUR = 3_600_000;
/** Yesterday 10:00 UTC: a past range the archive alone holds. */
const T0 = yesterday() + 10 * HOUR;

/** Patient 91 walks evenly for an hour; 92 for half an hour, leaning on the left foot, flagged often. */
const evenWalker = walk(91, T0, 18_000);
const leftLeaner = walk(92, T0, 9000, {
  flagEvery: 5,
  value: (_i, sensor, gait) => (sensor < 3 ? Math.min(1023, gait + 300) : Math.round(gait / 4)),
});

function episode(patientId: number, startedAt: number): EpisodeCore {
  return {
    id: episodeId(patientId, 'ANOMALY', startedAt),
    patientId,
    kind: 'ANOMALY',
    severity: 'HIGH',
    startedAt,
    lastFlaggedAt: startedAt + 2000,
    endedAt: startedAt + 4000,
    readingCount: 11,
    sensors: ['L0'],
    peak: 1023,
  };
}

interface Bucket {
  start: string;
  count: number;
  anomalyCount: number;
  sensors: { name: string; min: number; max: number; mean: number; count: number; anomalyCount: number }[];
}
interface HistoryAnswer {
  history: { bucketMs: number; buckets: Bucket[]; gaps: { from: string; to: string }[] };
}

const HISTORY = `query H($p: Int!, $from: DateTime!, $to: DateTime!, $max: Int) {
  history(patientId: $p, from: $from, to: $to, maxPoints: $max) {
    bucketMs
    buckets { start count anomalyCount sensors { name min max mean count anomalyCount } }
    gaps { from to }
  }
}`;

const iso = (t: number) => new Date(t).toISOString();

/** history, stats and topPatients through GraphQL, against a server whose archive is on PostgreSQL. */
describe('history over GraphQL', () => {
  const prefix = uniquePrefix('history-api');
  const testArchive = postgresArchive('history_api');
  let server: PlantarServer;

  beforeAll(async () => {
    // The past, written straight to the archive as the writer would have (hours summed).
    await archiveReadings(testArchive, evenWalker, leftLeaner);
    server = await startTestServer({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      PATIENT_IDS: '1',
      SIMULATOR_PATIENTS: '1',
      ARCHIVE: 'on',
      DATABASE_URL: TEST_DATABASE_URL,
      ARCHIVE_SCHEMA: testArchive.schema!,
    });
    for (const [p, at] of [
      [91, T0 + 60_000],
      [91, T0 + 20 * 60_000],
      [92, T0 + 5 * 60_000],
    ] as const) {
      await server.services.episodes.record({
        patientId: p,
        changes: [{ core: episode(p, at), event: 'OPENED' }],
        state: undefined,
      });
    }
  });

  afterAll(async () => {
    await server?.stop();
    await deleteKeys(prefix);
    await testArchive.dispose();
  });

  it('aggregates an archived hour into minute buckets that match the readings', async () => {
    const res = await query<HistoryAnswer>(server.url, HISTORY, {
      p: 91,
      from: iso(T0),
      to: iso(T0 + HOUR - 1),
      max: 100,
    });
    expect(res.errors).toBeUndefined();
    const h = res.data!.history;
    expect(h.bucketMs).toBe(60_000);
    expect(h.buckets).toHaveLength(60);
    expect(h.buckets.reduce((n, b) => n + b.count, 0)).toBe(evenWalker.length);
    expect(h.gaps).toEqual([]);
    // The fifth minute, computed the obvious way from the readings.
    const minute = within(evenWalker, T0 + 4 * 60_000, T0 + 5 * 60_000 - 1);
    const b = h.buckets[4]!;
    expect(b.start).toBe(iso(T0 + 4 * 60_000));
    expect(b.count).toBe(minute.length);
    expect(b.anomalyCount).toBe(minute.filter((r) => r.sensors.some((s) => s.anomaly)).length);
    b.sensors.forEach((s, i) => {
      const values = minute.map((r) => r.sensors[i]!.value);
      expect(s.name).toBe(`${i < 3 ? 'L' : 'R'}${i % 3}`);
      expect(s.min).toBe(Math.min(...values));
      expect(s.max).toBe(Math.max(...values));
      expect(s.mean).toBeCloseTo(values.reduce((a, v) => a + v, 0) / values.length, 9);
    });
  });

  it('answers raw readings when the range holds fewer than maxPoints, and reports the gaps', async () => {
    const from = T0 - 30_000; // 30 s before the first reading: a gap
    const to = T0 + 10_000;
    const res = await query<HistoryAnswer>(server.url, HISTORY, { p: 91, from: iso(from), to: iso(to) });
    expect(res.errors).toBeUndefined();
    const h = res.data!.history;
    const expected = within(evenWalker, from, to);
    expect(h.bucketMs).toBe(0);
    expect(h.buckets.map((b) => b.start)).toEqual(expected.map((r) => iso(r.at)));
    expect(h.buckets.map((b) => b.sensors.map((s) => s.min))).toEqual(
      expected.map((r) => r.sensors.map((s) => s.value)),
    );
    expect(h.gaps).toEqual([{ from: iso(from), to: iso(evenWalker[0]!.at) }]);
  });

  it('serves the live window of a polled patient through the archive', async () => {
    await until(
      async () => (await server.services.store.readings(1, { last: 5 })).length >= 5,
      'live readings',
    );
    const now = Date.now();
    const res = await query<HistoryAnswer>(server.url, HISTORY, {
      p: 1,
      from: iso(now - 60_000),
      to: iso(now),
    });
    expect(res.errors).toBeUndefined();
    const stored = await server.services.store.readings(1, { from: now - 60_000, to: now, last: 100_000 });
    expect(res.data!.history.bucketMs).toBe(0);
    expect(res.data!.history.buckets.map((b) => b.start)).toEqual(stored.map((r) => iso(r.at)));
  });

  it('refuses bad ranges and sizes with BAD_USER_INPUT', async () => {
    const cases = [
      { p: 91, from: iso(T0), to: iso(T0), max: 100 },
      { p: 91, from: iso(T0 + 1000), to: iso(T0), max: 100 },
      { p: 91, from: iso(T0), to: iso(T0 + HOUR), max: 1 },
      { p: 91, from: iso(T0), to: iso(T0 + HOUR), max: 10_001 },
      { p: -1, from: iso(T0), to: iso(T0 + HOUR), max: 100 },
    ];
    for (const variables of cases) {
      const res = await query(server.url, HISTORY, variables);
      expect({ variables, code: res.errors?.[0]?.extensions?.code }).toEqual({
        variables,
        code: 'BAD_USER_INPUT',
      });
    }
    const stats = await query(
      server.url,
      `{ stats(patientId: 91, from: "${iso(T0 + 1)}", to: "${iso(T0)}") { readingCount } }`,
    );
    expect(stats.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stats.errors?.[0]?.message).toMatch(/must be before to/);
  });

  it('summarizes a patient over a range: readings, coverage, anomalies, episodes, sensors', async () => {
    const res = await query<{
      stats: {
        readingCount: number;
        coverage: number;
        anomalyCount: number;
        episodeCount: number;
        sensors: {
          name: string;
          min: number;
          max: number;
          mean: number;
          last: number;
          loadedFraction: number;
        }[];
      };
    }>(
      server.url,
      `query S($from: DateTime!, $to: DateTime!) { stats(patientId: 91, from: $from, to: $to) {
        readingCount coverage anomalyCount episodeCount sensors { name min max mean last loadedFraction } } }`,
      { from: iso(T0), to: iso(T0 + HOUR - 1) },
    );
    expect(res.errors).toBeUndefined();
    const s = res.data!.stats;
    expect(s.readingCount).toBe(evenWalker.length);
    expect(s.coverage).toBeCloseTo(1, 2);
    expect(s.anomalyCount).toBe(evenWalker.filter((r) => r.sensors.some((x) => x.anomaly)).length);
    expect(s.episodeCount).toBe(2);
    const L0 = evenWalker.map((r) => r.sensors[0]!.value);
    expect(s.sensors[0]).toMatchObject({
      name: 'L0',
      min: Math.min(...L0),
      max: Math.max(...L0),
      last: L0.at(-1),
    });
    expect(s.sensors[0]!.loadedFraction).toBeCloseTo(L0.filter((v) => v >= 100).length / L0.length, 9);
  });

  it('ranks patients by episodes, flagged seconds, data gaps and load imbalance', async () => {
    const rank = async (metric: string) => {
      const res = await query<{
        topPatients: { rank: number; patientId: number; value: number; readingCount: number }[];
      }>(
        server.url,
        `query R($from: DateTime!, $to: DateTime!) { topPatients(metric: ${metric}, from: $from, to: $to, first: 2) {
          rank patientId value readingCount } }`,
        { from: iso(T0), to: iso(T0 + HOUR - 1) },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.topPatients;
    };
    expect(await rank('EPISODES')).toEqual([
      { rank: 1, patientId: 91, value: 2, readingCount: 18_000 },
      { rank: 2, patientId: 92, value: 1, readingCount: 9000 },
    ]);
    const flagged = await rank('FLAGGED_SECONDS');
    expect(flagged.map((r) => [r.patientId, r.value])).toEqual([
      [92, 9000 / 5 / 5],
      [91, 18_000 / 50 / 5],
    ]);
    const gaps = await rank('DATA_GAPS');
    expect(gaps[0]!.patientId).toBe(92);
    expect(gaps[0]!.value).toBeCloseTo(1800, -1); // half the hour missing
    const imbalance = await rank('LOAD_IMBALANCE');
    expect(imbalance[0]!.patientId).toBe(92);
    const load = (rs: readonly Reading[], first: number) =>
      rs.reduce((n, r) => n + r.sensors.slice(first, first + 3).reduce((m, s) => m + s.value, 0), 0);
    const [left, right] = [load(leftLeaner, 0), load(leftLeaner, 3)];
    expect(imbalance[0]!.value).toBeCloseTo((left - right) / (left + right), 9);
  });
});
