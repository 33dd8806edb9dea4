import type { PlantarServer } from '../../src/server';
import { startSimulatorServer, type SimulatorServer } from '../../src/simulator/simulator-server';
import { startTestServer } from '../support/server';
import { deleteKeys, rawRedis, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { measured, until } from '../support/wait';

const PATIENTS = [1, 2, 3, 4, 5, 6];

/**
 * Scenario: the monitoring API goes away as a whole (the service restarts: kept-alive connections
 * reset, then connections refused) and comes back on the same address. Every patient must be
 * reported FAILING with network failures, nothing must be stored meanwhile, and polling must pick
 * up again by itself over new connections once the API answers.
 */
describe('fault: the whole monitoring API down, then back', () => {
  const prefix = uniquePrefix('api-outage');
  let api: SimulatorServer | undefined;
  let server: PlantarServer | undefined;

  afterAll(async () => {
    await server?.stop();
    await api?.close();
    await deleteKeys(prefix);
  });

  async function storedCount(): Promise<number> {
    const redis = rawRedis();
    try {
      const lengths = await Promise.all(PATIENTS.map((id) => redis.llen(`${prefix}${id}_timestamp`)));
      return lengths.reduce((a, b) => a + b, 0);
    } finally {
      redis.disconnect();
    }
  }

  it('reports every patient FAILING while it is down and resumes on its own', async () => {
    api = await startSimulatorServer({ patients: 6 });
    const port = api.port;
    server = await startTestServer({
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      API_BASE_URL: api.url,
      PATIENT_IDS: '1-6',
      REQUEST_TIMEOUT_MS: '500',
      BACKOFF_MAX_MS: '500',
    });
    const poller = server.services.poller;
    await until(() => PATIENTS.every((id) => poller.status(id) === 'LIVE'), 'all patients live', 20_000);

    await api.close(); // resets the kept-alive connections, then refuses new ones
    const failingAfterMs = await until(
      () => PATIENTS.every((id) => poller.status(id) === 'FAILING'),
      'every patient FAILING',
      20_000,
    );
    for (const id of PATIENTS) {
      const health = poller.health(id)!;
      expect([id, health.lastFailure?.kind]).toEqual([id, 'network']);
      expect(health.lastFailure?.message).toMatch(/ECONNREFUSED|ECONNRESET|other side closed|socket/i);
    }
    // Nothing is stored while the API is down: the counts stay put over a few failed polls each.
    const before = await storedCount();
    const failures = (id: number) => poller.health(id)!.failures.network;
    const seen = failures(1);
    await until(() => failures(1) >= seen + 2, 'two more failed polls of patient 1', 20_000);
    expect(await storedCount()).toBe(before);

    api = await startSimulatorServer({ patients: 6, port });
    const recoveredAfterMs = await until(
      () => PATIENTS.every((id) => poller.status(id) === 'LIVE'),
      'every patient LIVE again',
      20_000,
    );
    await until(
      async () => (await storedCount()) >= before + PATIENTS.length * 3,
      'new readings stored',
      20_000,
    );

    measured('api-outage', { failingAfterMs, recoveredAfterMs });
  }, 90_000);
});
