import type { PlantarServer } from '../../src/server';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { startTestServer } from '../support/server';
import { until } from '../support/wait';

/** `npm start` without API_BASE_URL polls the built-in simulator: SIMULATOR_FAULTS reaches it. */
describe('the embedded simulator', () => {
  const prefix = uniquePrefix('embedded-simulator');
  let server: PlantarServer | undefined;

  afterAll(async () => {
    await server?.stop();
    await deleteKeys(prefix);
  });

  it('serves the data faults of SIMULATOR_FAULTS, on the named patient only', async () => {
    server = await startTestServer({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      PATIENT_IDS: '1-2',
      SIMULATOR_FAULTS: '--stuck 2:L1=700',
    });
    expect(server.apiBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const { store } = server.services;
    const recent = (id: number) => store.readings(id, { from: 0, last: 100 });
    await until(
      async () => (await recent(2)).length >= 10 && (await recent(1)).length >= 10,
      '10 readings each',
    );
    const stuck = (await recent(2)).map((r) => r.sensors[1]!.value);
    expect(new Set(stuck)).toEqual(new Set([700]));
    // The other sensors and the other patient walk on.
    expect(new Set((await recent(2)).map((r) => r.sensors[0]!.value)).size).toBeGreaterThan(1);
    expect(new Set((await recent(1)).map((r) => r.sensors[1]!.value)).size).toBeGreaterThan(1);
  });
});
