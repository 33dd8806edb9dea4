import type { PlantarServer } from '../../src/server';
import { startPushMode } from '../../src/simulator/push-mode';
import { createSimulator } from '../../src/simulator/simulator';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { startTestServer } from '../support/server';
import { until } from '../support/wait';

/** The simulator in push mode feeds Plantar through POST /ingest/v1/readings: the same samples the poller would get. */
describe('simulator push mode', () => {
  const prefix = uniquePrefix('sim-push');
  let server: PlantarServer;

  beforeAll(async () => {
    // PATIENT_IDS names one far id: nothing of patients 1..3 is polled.
    server = await startTestServer({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      PATIENT_IDS: '99',
    });
  });
  afterAll(async () => {
    await server?.stop();
    await deleteKeys(prefix);
  });

  it('registers its patients and pushes every fresh sample, in order, with the trace ids', async () => {
    const simulator = createSimulator({ patients: 3 });
    const pushing = await startPushMode({ simulator, url: server.url, token: undefined, intervalMs: 200 });
    try {
      const { store } = server.services;
      await until(
        async () => (await store.readings(3, { from: 0, last: 100 })).length >= 10,
        '10 pushed readings of patient 3',
      );
      expect((await store.patients([1, 2, 3])).get(2)).toMatchObject({
        firstName: 'Elżbieta',
        source: 'PUSH',
      });
      const readings = await store.readings(3, { from: 0, last: 100 });
      // One reading per fresh sample, at the sample's own time, carrying the simulator's body.
      for (const r of readings) {
        const body = JSON.parse(simulator.body(3, r.at)!) as {
          trace: { id: number; sensors: { value: number }[] };
        };
        expect(r.traceId).toBe(String(body.trace.id));
        expect(r.sensors.map((s) => s.value)).toEqual(body.trace.sensors.map((s) => s.value));
      }
      const gaps = readings.slice(1).map((r, i) => r.at - readings[i]!.at);
      expect(new Set(gaps)).toEqual(new Set([simulator.sampleIntervalMs]));
    } finally {
      await pushing.stop();
    }
    expect(pushing.pushed).toBeGreaterThanOrEqual(30);
  });
});
