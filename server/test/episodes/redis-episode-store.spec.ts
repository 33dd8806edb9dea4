import { RedisEpisodeStore } from '../../src/episodes/redis-episode-store';
import { RedisStore } from '../../src/store/redis-store';
import { describeEpisodeStoreContract } from '../support/episode-store-contract';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';

describeEpisodeStoreContract('Redis', async () => {
  const prefix = uniquePrefix('episodes');
  const readings = new RedisStore({ url: TEST_REDIS_URL, keyPrefix: prefix });
  await readings.waitUntilReady(5000);
  const { client, pubsub } = readings.connection;
  return {
    store: new RedisEpisodeStore(client, pubsub, prefix),
    dispose: async () => {
      await readings.close();
      await deleteKeys(prefix);
    },
  };
});
