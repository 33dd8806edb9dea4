import type { PlantarServer } from '../../src/server';
import { collect, query, wsClient } from '../support/graphql';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { startTestServer } from '../support/server';
import { until } from '../support/wait';

jest.setTimeout(90_000);

interface Gait {
  state: string;
  cadence: number | null;
  steps: number;
  asOf: string | null;
  quality: { samplesPerSecond: number };
  contacts: { foot: string; from: string; to: string }[];
}

const WALKING = 'query ($id: Int!) { gait(patientId: $id, window: THIRTY_SECONDS) { walkingSeconds } }';
const GAIT = `query ($id: Int!) { gait(patientId: $id, window: THIRTY_SECONDS) {
  state cadence steps asOf quality { samplesPerSecond } contacts { foot from to } } }`;

/**
 * Gait analytics through the running server: the embedded simulator's patient 2 walks most of the
 * time; the query, the 1 Hz subscription and the overview feed all report it, and a restart
 * continues from the stored window instead of starting from nothing.
 */
describe('gait analytics through the server', () => {
  const prefix = uniquePrefix('gait');
  let server: PlantarServer | undefined;
  const start = () =>
    startTestServer({ REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix, PATIENT_IDS: '2-3' });
  const gaitOf = async (id: number) => (await query<{ gait: Gait }>(server!.url, GAIT, { id })).data?.gait;

  afterAll(async () => {
    await server?.stop();
    await deleteKeys(prefix);
  });

  it('reports a walking patient with cadence and foot contacts on the recording clock', async () => {
    server = await start();
    let gait: Gait | undefined;
    await until(
      async () => (gait = await gaitOf(2))?.state === 'WALKING' && (gait?.steps ?? 0) > 4,
      'patient 2 walking',
      60_000,
    );
    expect(gait!.cadence).toBeGreaterThan(60);
    expect(gait!.cadence).toBeLessThan(140);
    // ~3.6 distinct samples a second of the recording's clock, not the ~5 a second they arrive at.
    expect(gait!.quality.samplesPerSecond).toBeGreaterThan(3);
    expect(gait!.quality.samplesPerSecond).toBeLessThan(4.2);
    expect(new Set(gait!.contacts.map((c) => c.foot))).toEqual(new Set(['LEFT', 'RIGHT']));
  });

  it('sends the gait panel a summary at once, then one each time there is newer data', async () => {
    const client = wsClient(server!.url);
    const results = await collect<{ gait: Gait }>(
      client,
      'subscription ($id: Int!) { gait(patientId: $id) { state steps asOf } }',
      { id: 2 },
      (r) => r.length >= 3,
      20_000,
    );
    await client.dispose();
    // The rate (one a tick at most) is the engine's unit test; here: each one is news.
    const asOf = results.map((r) => Date.parse(r.gait.asOf!));
    expect(asOf[1]! > asOf[0]! && asOf[2]! > asOf[1]!).toBe(true);
    expect(results[2]!.gait.state).toBe('WALKING');
  });

  it('puts gait state in the overview feed', async () => {
    await until(async () => {
      const r = await query<{ patientSummaries: { patientId: number; gaitState: string | null }[] }>(
        server!.url,
        '{ patientSummaries { patientId gaitState cadence } }',
      );
      return r.data?.patientSummaries.find((s) => s.patientId === 2)?.gaitState === 'WALKING';
    }, 'gait state in the overview');
  });

  it('goes on from the stored window after a restart', async () => {
    await server!.stop();
    const restartedAt = Date.now();
    server = await start();
    const walking = async () =>
      (await query<{ gait: { walkingSeconds: number } }>(server!.url, WALKING, { id: 2 })).data?.gait
        .walkingSeconds ?? 0;
    let seconds = 0;
    await until(async () => (seconds = await walking()) > 0, 'an answer after the restart', 20_000);
    // More walking than fits in the time since the restart (the recording clock runs ~1.4x): the past counts.
    const sinceRestart = ((Date.now() - restartedAt) / 1000) * 1.5;
    expect(seconds).toBeGreaterThan(sinceRestart + 2);
  });

  it('answers FEATURE_OFF with GAIT=off', async () => {
    await server!.stop();
    server = await startTestServer({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      PATIENT_IDS: '2',
      GAIT: 'off',
    });
    const r = await query(server.url, GAIT, { id: 2 });
    expect(r.errors?.[0]?.extensions?.code).toBe('FEATURE_OFF');
  });
});
