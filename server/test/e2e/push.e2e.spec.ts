import WebSocket from 'ws';
import { TokenService } from '../../src/auth/token-service';
import type { PlantarServer } from '../../src/server';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { startTestServer } from '../support/server';
import { until } from '../support/wait';

const SECRET = 'push-e2e-secret-'.padEnd(48, 'p');

/** Device push over HTTP, through the real server and Redis: what a producer meets. */
describe('POST /ingest/v1/readings', () => {
  const prefix = uniquePrefix('push');
  const tokens = new TokenService(SECRET);
  const device = tokens.mint('insole-gw-1', 'device', 3600, '7-9');
  const viewer = tokens.mint('ward-tablet', 'viewer', 3600);
  let server: PlantarServer;
  const t0 = Date.now() - 60_000;

  const call = async (
    method: string,
    path: string,
    body: unknown,
    token = device,
    type = 'application/json',
  ) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': type, authorization: `Bearer ${token}` },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };
  const reading = (patientId: number, k: number, extra: Record<string, unknown> = {}) => ({
    patientId,
    at: t0 + k * 200,
    sensors: [100 + k, 200, 300, 400, 500, 1023],
    ...extra,
  });
  const stored = (id: number) => server.services.store.readings(id, { from: 0, last: 10_000 });

  beforeAll(async () => {
    server = await startTestServer({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      PATIENT_IDS: '1',
      AUTH: 'on',
      AUTH_SECRET: SECRET,
    });
    for (const id of [7, 8]) {
      const r = await call('PUT', `/ingest/v1/patients/${id}`, {
        firstName: 'Ada',
        lastName: `Nowak-${id}`,
        birthYear: 1941,
      });
      expect(r.status).toBe(201);
    }
  });

  afterAll(async () => {
    await server?.stop();
    await deleteKeys(prefix);
  });

  it('registers idempotently and refuses a registration that does not read, naming the field', async () => {
    expect(
      (await call('PUT', '/ingest/v1/patients/7', { firstName: 'Ada', lastName: 'Nowak-7' })).status,
    ).toBe(200);
    const bad = await call('PUT', '/ingest/v1/patients/9', {
      firstName: 'Ada',
      lastName: 'X',
      birthYear: '1941',
    });
    expect(bad).toMatchObject({
      status: 400,
      body: {
        message: 'birthYear: expected a year 1900..2026 or null, got "1941"'.replace(
          '2026',
          String(new Date().getUTCFullYear()),
        ),
      },
    });
    expect((await server.services.store.patients([7])).get(7)).toMatchObject({
      lastName: 'Nowak-7',
      source: 'PUSH',
    });
  });

  it('stores the valid readings of a partial batch and says exactly what was wrong with the rest', async () => {
    const batch = [
      reading(7, 0),
      reading(7, 1, { sensors: [1, 2, 3, 4, 5, 'high'] }),
      reading(8, 0, { at: new Date(t0).toISOString(), traceId: 2350401012010 }),
      reading(3, 0), // not this device's
      reading(7, 2, {
        sensors: [0, 1, 2, 3, 4, 5].map((id) => ({ id, value: 600, anomaly: id === 2 })),
      }),
      { patientId: 7 },
    ];
    const r = await call('POST', '/ingest/v1/readings', batch);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      accepted: 3,
      duplicates: 0,
      rejected: 3,
      errors: [
        { index: 1, path: 'readings[1].sensors[5]', message: 'expected an integer 0..1023, got "high"' },
        { index: 3, path: 'readings[3].patientId', message: 'this device token may not write patient 3' },
        {
          index: 5,
          path: 'readings[5].at',
          message:
            'expected epoch milliseconds (an integer) or an ISO 8601 time with a zone, got nothing (the field is missing)',
        },
      ],
    });
    await until(
      async () => (await stored(7)).length === 2 && (await stored(8)).length === 1,
      'readings stored',
    );
    const seven = await stored(7);
    expect(seven.map((x) => x.at)).toEqual([t0, t0 + 400]);
    expect(seven[1]!.sensors[2]).toEqual({ id: 2, value: 600, anomaly: true });
    expect((await stored(8))[0]).toMatchObject({ at: t0, traceId: '2350401012010' });
  });

  it('counts a retried batch as duplicates and refuses readings older than the newest', async () => {
    const batch = [reading(7, 0), reading(7, 2), reading(7, 3)];
    const first = await call('POST', '/ingest/v1/readings', batch);
    expect(first.body).toMatchObject({ accepted: 1, duplicates: 2, rejected: 0 });
    const again = await call('POST', '/ingest/v1/readings', batch);
    await until(async () => (await stored(7)).length === 3, 'the new reading stored');
    const retry = await call('POST', '/ingest/v1/readings', batch);
    expect(retry.body).toMatchObject({ accepted: 0, duplicates: 3, rejected: 0 });
    expect(again.status).toBe(200);
    const old = await call('POST', '/ingest/v1/readings', [reading(7, 1)]);
    expect(old.status).toBe(400); // nothing could be taken
    expect((old.body['errors'] as { path: string; message: string }[])[0]).toMatchObject({
      path: 'readings[0].at',
      message: expect.stringMatching(/older than patient 7's newest reading .* must come in time order/),
    });
    expect((await stored(7)).map((x) => x.at)).toEqual([t0, t0 + 400, t0 + 600]);
  });

  it('takes NDJSON, sorts a batch that came out of order, and refuses an unregistered patient', async () => {
    const lines = [reading(8, 5), reading(8, 4), reading(9, 1)].map((x) => JSON.stringify(x)).join('\n');
    const r = await call(
      'POST',
      '/ingest/v1/readings',
      `${lines}\nnot json\n`,
      device,
      'application/x-ndjson',
    );
    expect(r.body).toMatchObject({ accepted: 2, rejected: 2 });
    expect(r.body['errors']).toEqual([
      {
        index: 2,
        path: 'readings[2].patientId',
        message: 'patient 9 is not registered for push: PUT /ingest/v1/patients/9 first',
      },
      { index: 3, path: 'readings[3]', message: expect.stringMatching(/^line is not JSON/) },
    ]);
    await until(async () => (await stored(8)).length === 3, 'both stored');
    expect((await stored(8)).map((x) => x.at)).toEqual([t0, t0 + 800, t0 + 1000]);
  });

  it('answers 400 for a body it cannot read, 413 over the caps, with the reason', async () => {
    expect(await call('POST', '/ingest/v1/readings', '{"readings": 5}')).toMatchObject({
      status: 400,
      body: {
        code: 'BAD_REQUEST',
        message: 'expected a JSON array of readings (or { "readings": [...] }), got an object',
      },
    });
    const many = Array.from({ length: 5001 }, (_, k) => reading(7, 100 + k));
    expect(await call('POST', '/ingest/v1/readings', many)).toMatchObject({
      status: 413,
      body: {
        code: 'PAYLOAD_TOO_LARGE',
        message: 'at most 5000 readings a request, got 5001; split the batch',
      },
    });
    const huge = `[${' '.repeat(1024 * 1024)}]`;
    expect(await call('POST', '/ingest/v1/readings', huge)).toMatchObject({
      status: 413,
      body: { code: 'PAYLOAD_TOO_LARGE' },
    });
  });

  it('refuses a viewer token here and a device token everywhere else', async () => {
    expect(await call('POST', '/ingest/v1/readings', [reading(7, 50)], viewer)).toMatchObject({
      status: 403,
    });
    const gql = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${device}` },
      body: JSON.stringify({ query: '{ patients { id } }' }),
    });
    expect(gql.status).toBe(403);
    const closed = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { token: device } })));
      ws.once('close', (code) => resolve(code));
    });
    expect(closed).toBe(4403);
    expect(await call('PUT', '/ingest/v1/patients/12', { firstName: 'A', lastName: 'B' })).toMatchObject({
      status: 403,
    });
    await until(async () => (await server.services.store.patients([1])).has(1), 'patient 1 polled once');
    expect(
      await call(
        'PUT',
        '/ingest/v1/patients/1',
        { firstName: 'A', lastName: 'B' },
        tokens.mint('op', 'operator', 60),
      ),
    ).toMatchObject({
      status: 409,
    });
  });
});
