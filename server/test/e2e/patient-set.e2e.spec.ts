import type { PlantarServer } from '../../src/server';
import { collect, query, wsClient } from '../support/graphql';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { startTestServer } from '../support/server';
import { until } from '../support/wait';

interface Live {
  readings: { patientId: number };
}
const ALL = 'subscription { readings { patientId } }';

/**
 * The polled set changes at run time; what follows "every patient" and what retention trims must
 * follow it. Real Redis, the embedded simulator, the whole server.
 */
describe('a changing set of patients', () => {
  const prefix = uniquePrefix('patient-set');
  let server: PlantarServer;

  beforeAll(async () => {
    server = await startTestServer({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      PATIENT_IDS: '1-2',
      SIMULATOR_PATIENTS: '4',
      MAX_SEC: '1',
      CLEAR_DELAY: '1',
    });
  });
  afterAll(async () => {
    await server?.stop();
    await deleteKeys(prefix);
  });

  it('gives an "all patients" subscription the patients started after it subscribed', async () => {
    const early = wsClient(server.url);
    const late = wsClient(server.url);
    try {
      // Two subscribers of the same document share one execution on the server.
      const both = [early, late].map((client) =>
        collect<Live>(client, ALL, {}, (rs) => rs.some((r) => r.readings.patientId === 3), 15_000),
      );
      // Patient 1 arriving proves the subscriptions are live before patient 3 exists anywhere.
      const probe = wsClient(server.url);
      await collect<Live>(probe, ALL, {}, (rs) => rs.some((r) => r.readings.patientId === 1));
      await probe.dispose();
      const started = await query<{ startPolling: number[] }>(
        server.url,
        'mutation { startPolling(patientIds: [3]) }',
      );
      expect(started.data?.startPolling).toEqual([1, 2, 3]);
      for (const results of await Promise.all(both)) {
        expect(results.some((r) => r.readings.patientId === 3)).toBe(true);
      }
    } finally {
      await early.dispose();
      await late.dispose();
    }
  });

  it('trims the readings of a patient whose polling stopped, like every other', async () => {
    const has = async (id: number) => (await server.services.store.readings(id, { last: 1 })).length > 0;
    await until(() => has(2), 'patient 2 to have readings');
    await query(server.url, 'mutation { stopPolling(patientIds: [2]) }');
    // MAX_SEC=1, a pass every second: once stopped, its last readings age out within seconds.
    await until(async () => !(await has(2)), "patient 2's readings to be trimmed", 15_000);
    expect(await has(1)).toBe(true); // still polled, so still fresh readings
  });
});

describe('HTTP authentication comes before the body', () => {
  let server: PlantarServer;
  beforeAll(async () => {
    server = await startTestServer({
      PATIENT_IDS: '1',
      AUTH: 'on',
      AUTH_SECRET: 'body-after-auth-'.padEnd(48, 'x'),
    });
  });
  afterAll(() => server?.stop());

  it.each([
    ['malformed JSON', '{"query": '],
    ['an oversized body', JSON.stringify({ query: `{ patients { id } }`, pad: 'x'.repeat(200_000) })],
  ])('answers %s without a token with 401, not a parse error', async (_what, body) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      errors: [{ message: 'a bearer token is required', extensions: { code: 'UNAUTHENTICATED' } }],
    });
  });

  it('still reads the body of an authenticated request and reports its faults', async () => {
    const token = server.services.access.tokens!.mint('nurse', 'viewer', 60);
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
    expect(
      ((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
    ).toBe('BAD_REQUEST');
  });
});
