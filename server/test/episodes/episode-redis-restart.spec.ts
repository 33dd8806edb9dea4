import { EpisodeEngine } from '../../src/episodes/episode-engine';
import { DEFAULT_DETECTOR_CONFIG } from '../../src/episodes/detection';
import { RedisEpisodeStore } from '../../src/episodes/redis-episode-store';
import { RedisStore } from '../../src/store/redis-store';
import { silentLogger } from '../support/quiet';
import { RedisProcess } from '../support/redis-process';
import { reading } from '../support/store-contract';
import { until } from '../support/wait';

const ALL = [0, 1, 2, 3, 4, 5];
const PATIENT = 21;
const T0 = 5_000_000;

/** Readings 200 ms apart: flagged on all six sensors from the 5th to the 39th (7 s), then quiet. */
const readings = Array.from({ length: 60 }, (_, i) =>
  reading(PATIENT, T0 + i * 200, i >= 5 && i < 40 ? ALL : []),
);

/**
 * A real Redis (a process of the test's own, append-only with fsync always) killed with SIGKILL in
 * the middle of an episode and started again: the detectors keep going in memory, and when Redis is
 * back the episode is continued and cleared under its id, counted once.
 */
describe('episodes across a real Redis restart mid-episode', () => {
  let redis: RedisProcess;
  let readingStore: RedisStore;

  beforeAll(async () => {
    redis = await RedisProcess.start(['--save', '', '--appendonly', 'yes', '--appendfsync', 'always']);
    readingStore = new RedisStore({ url: redis.url, keyPrefix: 'restart:' });
    await readingStore.waitUntilReady(5000);
  });
  afterAll(async () => {
    await readingStore?.close();
    await redis?.stop();
  });

  it('continues the episode it had open, writes what it saw during the outage once, and clears it', async () => {
    const { client } = readingStore.connection;
    const store = new RedisEpisodeStore(readingStore.connection);
    const engine = new EpisodeEngine({
      store,
      detectors: DEFAULT_DETECTOR_CONFIG,
      monitored: () => [],
      logger: silentLogger(),
    });
    try {
      engine.onStored(readings.slice(0, 20)); // open for 2 s
      await engine.settled();
      const [opened] = (await store.list({ first: 10, patientIds: [PATIENT] })).items;
      expect(opened).toMatchObject({ startedAt: T0 + 1000, endedAt: null });

      await redis.kill();
      engine.onStored(readings.slice(20, 35)); // still flagged, Redis down: kept in memory
      await new Promise((resolve) => setTimeout(resolve, 500));
      await redis.start();
      await until(async () => (await client.ping().catch(() => '')) === 'PONG', 'Redis to answer again');
      engine.onStored(readings.slice(35)); // the rest of the run, then quiet for 4 s
      await engine.settled();

      const items = (await store.list({ first: 10, patientIds: [PATIENT] })).items;
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ id: opened!.id, startedAt: T0 + 1000, readingCount: 35 });
      expect(items[0]!.endedAt).not.toBeNull();
    } finally {
      await engine.stop();
    }
  }, 60_000);
});
