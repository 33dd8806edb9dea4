import type { PlantarServer } from '../../src/server';
import { collect, wsClient } from '../support/graphql';
import { startTestServer } from '../support/server';

const LIVE = `subscription Live($ids: [Int!]) { readings(patientIds: $ids) { patientId at } }`;

/** plantar_live_freshness_seconds: what the dashboard's freshness p99 panel reads. */
describe('live freshness metric', () => {
  let server: PlantarServer | undefined;

  afterEach(async () => {
    await server?.stop();
  });

  it('observes every live event once, with the age of its reading', async () => {
    server = await startTestServer({ PATIENT_IDS: '1-2', SIMULATOR_PATIENTS: '2', INSTANCE_ID: 'fresh-1' });
    const client = wsClient(server.url);
    let received: { readings: { patientId: number; at: string } }[];
    try {
      received = await collect(client, LIVE, { ids: [1] }, (rs) => rs.length >= 5);
    } finally {
      await client.dispose();
    }

    const { values } = await server.services.metrics.liveFreshness.get();
    const count = values.find((v) => v.metricName === 'plantar_live_freshness_seconds_count')!.value;
    // Events may have been executed after the fifth arrived and before the client left.
    expect(count).toBeGreaterThanOrEqual(received.length);
    // Ages measured from `at`, which Plantar stamped on this clock: a real number of seconds.
    const sum = values.find((v) => v.metricName === 'plantar_live_freshness_seconds_sum')!.value;
    expect(Number.isFinite(sum) && sum >= 0).toBe(true);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/^plantar_live_freshness_seconds_count\{instance_id="fresh-1"\} [1-9]/m);
  });
});
