import { RedisEpisodeStore } from '../../src/episodes/redis-episode-store';
import { createMetrics } from '../../src/observability/metrics';
import { Retention } from '../../src/store/retention';
import { RedisStore } from '../../src/store/redis-store';
import { core, describeEpisodeStoreContract } from '../support/episode-store-contract';
import { openRedisEpisodeStore } from '../support/episode-stores';
import { silentLogger } from '../support/quiet';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { reading } from '../support/store-contract';

describeEpisodeStoreContract('Redis', () => openRedisEpisodeStore('episodes'));

describe('episodes in Redis beside the readings', () => {
  const prefix = uniquePrefix('episodes-retention');
  let readings: RedisStore;
  beforeAll(async () => {
    readings = new RedisStore({ url: TEST_REDIS_URL, keyPrefix: prefix });
    await readings.waitUntilReady(5000);
  });
  afterAll(async () => {
    await readings?.close();
    await deleteKeys(prefix);
  });

  it('are never trimmed: a retention pass that empties the readings leaves episodes, notes and state', async () => {
    const episodes = new RedisEpisodeStore(readings.connection);
    await readings.append([reading(4, 1000, [0, 1, 2, 3, 4, 5]), reading(4, 1200, [0, 1, 2, 3, 4, 5])]);
    const episode = core(4, 1000, { endedAt: 3000 });
    await episodes.record({
      patientId: 4,
      changes: [{ core: episode, event: 'OPENED' }],
      state: { kept: 1 },
    });
    await episodes.addNote(episode.id, { at: 3500, by: 'ann', text: 'checked' });
    const retention = new Retention({
      store: readings,
      maxAgeMs: 1,
      intervalMs: 60_000,
      logger: silentLogger(),
      metrics: createMetrics(),
    });
    expect(await retention.runOnce(Date.now())).toBe(2);
    expect(await readings.readings(4, { last: 10 })).toEqual([]);
    expect((await episodes.get(episode.id))?.notes.map((n) => n.text)).toEqual(['checked']);
    expect((await episodes.list({ first: 10, patientIds: [4] })).total).toBe(1);
    expect((await episodes.detectorStates([4])).get(4)).toEqual({ kept: 1 });
  });
});
