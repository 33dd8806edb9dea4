import { Redis } from 'ioredis';
import { getIntrospectionQuery } from 'graphql';
import { loadConfig } from '../../src/config/config';
import { startPlantar, type PlantarServer } from '../../src/server';
import { startSimulatorServer } from '../../src/simulator/simulator-server';
import { collect, query, wsClient } from '../support/graphql';
import { startFaultyApi } from '../support/faulty-api';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { silentLogger } from '../support/quiet';

interface LiveReading {
  readings: {
    patientId: number;
    at: string;
    traceId: string;
    anomaly: boolean;
    sensors: { id: number; name: string; foot: string; value: number; anomaly: boolean }[];
  };
}

const LIVE = `subscription Live($ids: [Int!]) {
  readings(patientIds: $ids) { patientId at traceId anomaly sensors { id name foot value anomaly } }
}`;

/**
 * The whole system on real processes: the simulator over HTTP, a faulty front breaking patients
 * 3-5, the real poller, real Redis, Apollo over HTTP and graphql-ws.
 */
describe('pipeline end to end (simulator → poller → Redis → GraphQL)', () => {
  const prefix = uniquePrefix('e2e');
  let simulator: Awaited<ReturnType<typeof startSimulatorServer>>;
  let faulty: Awaited<ReturnType<typeof startFaultyApi>>;
  let server: PlantarServer;
  let redis: Redis;

  beforeAll(async () => {
    simulator = await startSimulatorServer({ port: 0, host: '127.0.0.1', patients: 6 });
    faulty = await startFaultyApi(
      simulator.url,
      new Map([
        [3, '500'],
        [4, 'garbage'],
        [5, 'hang'],
      ]),
    );
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      API_BASE_URL: faulty.url,
      PATIENT_IDS: '1-5',
      REQUEST_TIMEOUT_MS: '300',
      BACKOFF_MAX_MS: '1000',
      MAX_SEC: '2',
      CLEAR_DELAY: '1',
      INSTANCE_ID: 'pipeline',
      LOG_LEVEL: 'silent',
      // This suite is about the data path; auth.e2e.spec.ts covers tokens, roles and origins.
      AUTH: 'off',
      // The archive has its own suites (test/archive); here it would initdb a PGlite in .data.
      ARCHIVE: 'off',
    });
    server = await startPlantar(config, { logger: silentLogger() });
    redis = new Redis(TEST_REDIS_URL);
  });

  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
    await faulty?.close();
    await simulator?.close();
    await deleteKeys(prefix);
  });

  it('pushes live readings of two patients to a graphql-ws subscriber, keyed by the polled id', async () => {
    const client = wsClient(server.url);
    try {
      const got = await collect<LiveReading>(client, LIVE, { ids: [1, 2] }, (rs) =>
        [1, 2].every((id) => rs.filter((r) => r.readings.patientId === id).length >= 3),
      );
      const first = got[0]!.readings;
      expect(first.sensors.map((s) => s.name)).toEqual(['L0', 'L1', 'L2', 'R0', 'R1', 'R2']);
      expect(first.sensors.map((s) => s.foot)).toEqual(['LEFT', 'LEFT', 'LEFT', 'RIGHT', 'RIGHT', 'RIGHT']);
      expect(new Date(first.at).getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(first.traceId).toMatch(/^\d{12,14}$/);
      expect(got.every((r) => [1, 2].includes(r.readings.patientId))).toBe(true);
    } finally {
      await client.dispose();
    }
  });

  it('follows only the patients asked for, as a literal argument too', async () => {
    const client = wsClient(server.url);
    try {
      const got = await collect<LiveReading>(
        client,
        'subscription { readings(patientIds: [2]) { patientId at } }',
        {},
        (rs) => rs.length >= 6,
      );
      // Patient 1 is live too (the test above); none of its readings may reach this subscriber.
      expect(got.map((r) => r.readings.patientId)).toEqual(Array(got.length).fill(2));
    } finally {
      await client.dispose();
    }
  });

  it('serves the history it stored, oldest first, and the seed layout in Redis', async () => {
    const res = await query<{ readings: { at: string; sensors: { value: number }[] }[] }>(
      server.url,
      'query($id: Int!) { readings(patientId: $id, last: 20) { at sensors { value } } }',
      { id: 1 },
    );
    expect(res.errors).toBeUndefined();
    const at = res.data!.readings.map((r) => Date.parse(r.at));
    expect(at.length).toBeGreaterThan(0);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    for (const id of [1, 2]) {
      const [data, ts, trace] = await Promise.all([
        redis.lrange(`${prefix}${id}_data`, 0, -1),
        redis.lrange(`${prefix}${id}_timestamp`, 0, -1),
        redis.llen(`${prefix}${id}_trace`),
      ]);
      expect(data.length).toBeGreaterThan(0);
      expect(ts.length).toBe(data.length);
      expect(trace).toBe(data.length);
      const sensors = JSON.parse(data[0]!);
      expect(sensors).toHaveLength(6);
      expect(Object.keys(sensors[0]).sort()).toEqual(['anomaly', 'id', 'name', 'value']);
      expect(Number(ts[0])).toBeGreaterThan(1.6e12);
    }
    // The body's own id (12 for everyone) never becomes a key.
    expect(await redis.exists(`${prefix}12_data`)).toBe(0);
  });

  it('keeps patient metadata and reports failing patients without slowing the others', async () => {
    const res = await query<{
      patients: {
        id: number;
        firstName: string | null;
        birthYear: number | null;
        disabled: boolean | null;
        status: string;
      }[];
    }>(server.url, '{ patients { id firstName birthYear disabled status } }');
    const byId = new Map(res.data!.patients.map((p) => [p.id, p]));
    expect(byId.get(1)).toMatchObject({
      firstName: 'Janek',
      birthYear: 1982,
      disabled: false,
      status: 'LIVE',
    });
    expect(byId.get(2)).toMatchObject({ firstName: 'Elżbieta', disabled: true, status: 'LIVE' });
    for (const id of [3, 4, 5]) expect(byId.get(id)).toMatchObject({ firstName: null, status: 'FAILING' });
    // Each failure is counted and visible in the patient's status, over the public API.
    const polling = await query<{
      patients: {
        id: number;
        polling: {
          lastFailureKind: string;
          lastFailureMessage: string;
          failures: { kind: string; count: number }[];
        };
      }[];
    }>(
      server.url,
      '{ patients { id polling { lastFailureKind lastFailureMessage failures { kind count } } } }',
    );
    const kinds = new Map(polling.data!.patients.map((p) => [p.id, p.polling]));
    expect(kinds.get(3)).toMatchObject({ lastFailureKind: 'HTTP_STATUS', lastFailureMessage: 'HTTP 500' });
    expect(kinds.get(4)).toMatchObject({
      lastFailureKind: 'MALFORMED',
      lastFailureMessage: expect.stringContaining('not JSON'),
    });
    expect(kinds.get(5)!.lastFailureKind).toBe('TIMEOUT');
    expect(kinds.get(5)!.failures[0]!.count).toBeGreaterThan(0);
    expect(kinds.get(1)!.failures).toEqual([]);
    // The healthy patients keep the API's rate (about 5 fresh samples/s) despite three broken ones.
    const client = wsClient(server.url);
    try {
      const started = Date.now();
      const got = await collect<LiveReading>(client, LIVE, { ids: [1] }, (rs) => rs.length >= 10);
      const perSecond = (got.length - 1) / ((Date.now() - started) / 1000);
      expect(perSecond).toBeGreaterThan(3);
    } finally {
      await client.dispose();
    }
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/plantar_polls_total\{outcome="timeout",instance_id="pipeline"\} [1-9]/);
    expect(metrics).toMatch(/plantar_polls_total\{outcome="malformed",instance_id="pipeline"\} [1-9]/);
  });

  it('trims readings older than MAX_SEC from both lists, keeping them equal', async () => {
    const oldest = async () => Number(await redis.lindex(`${prefix}1_timestamp`, 0));
    const firstSeen = await oldest();
    // MAX_SEC=2, CLEAR_DELAY=1: wait (bounded) for a retention pass to move the head past what we saw.
    const deadline = Date.now() + 8000;
    while ((await oldest()) <= firstSeen && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const [ts, data] = await Promise.all([
      redis.lrange(`${prefix}1_timestamp`, 0, -1),
      redis.llen(`${prefix}1_data`),
    ]);
    expect(Number(ts[0])).toBeGreaterThan(firstSeen);
    expect(Number(ts[0])).toBeGreaterThanOrEqual(Date.now() - (2 + 1 + 1) * 1000);
    expect(data).toBe(ts.length);
  });

  it("admits GraphiQL's full introspection query under the same depth and cost limits", async () => {
    const res = await query(
      server.url,
      getIntrospectionQuery({
        descriptions: true,
        inputValueDeprecation: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
      }),
    );
    expect(res.errors).toBeUndefined();
    const deep = await query(
      server.url,
      `{ __schema { types { fields { type ${'{ ofType '.repeat(40)}{ name }${' }'.repeat(40)} } } } }`,
    );
    expect(deep.errors![0]!.message).toMatch(/depth/i);
  });

  it('refuses a subscription sent over HTTP as a client error', async () => {
    const res = await query(server.url, 'subscription { readings { at } }');
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions!.code).toBe('BAD_REQUEST');
  });

  it('answers health and readiness', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'ready',
      problems: [],
      archive: { status: 'off', lagSeconds: 0, pendingMinutes: 0 },
      cluster: { status: 'off' },
    });
  });

  it('rejects invalid GraphQL over HTTP and WebSocket alike, with codes and no internals', async () => {
    const bad = await query(server.url, '{ patients { id nope } }');
    expect(bad.status).toBe(400);
    expect(bad.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(bad)).not.toMatch(/Did you mean|stack|at \//);
    const aliased = await query(
      server.url,
      `{ ${Array.from({ length: 20 }, (_, i) => `x${i}: patients { id }`).join(' ')} }`,
    );
    expect(aliased.errors?.[0]?.message).toMatch(/alias/i);
    const tooMany = await query(
      server.url,
      'query($id: Int!) { readings(patientId: $id, last: 5000) { at } }',
      { id: 1 },
    );
    expect(tooMany.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const client = wsClient(server.url);
    try {
      await expect(
        collect(
          client,
          `subscription { ${Array.from({ length: 20 }, (_, i) => `x${i}: readings { at }`).join(' ')} }`,
          {},
          () => true,
        ),
      ).rejects.toMatchObject({
        errors: expect.arrayContaining([
          expect.objectContaining({ message: expect.stringMatching(/Aliases limit/) }),
        ]),
      });
      await expect(
        collect(client, 'subscription { readings { nope } }', {}, () => true),
      ).rejects.toMatchObject({
        errors: [expect.objectContaining({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })],
      });
    } finally {
      await client.dispose();
    }
  });
});
