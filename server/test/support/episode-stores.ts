import { RedisEpisodeStore } from '../../src/episodes/redis-episode-store';
import { RedisStore } from '../../src/store/redis-store';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from './redis';

/** An episode store on the test Redis under a prefix of its own; dispose closes it and deletes its keys. */
export async function openRedisEpisodeStore(label: string) {
  const prefix = uniquePrefix(label);
  const readings = new RedisStore({ url: TEST_REDIS_URL, keyPrefix: prefix });
  await readings.waitUntilReady(5000);
  return {
    store: new RedisEpisodeStore(readings.connection),
    dispose: async () => {
      await readings.close();
      await deleteKeys(prefix);
    },
  };
}
