import type { RedisPubSub } from 'graphql-redis-subscriptions';
import { RedisStore } from '../../src/store/redis-store';
import type { SensorEncoding } from '../../src/store/sensor-encoding';
import { patientKeys } from '../../src/store/keys';
import { describeStoreContract, reading } from '../support/store-contract';
import { deleteKeys, rawRedis, TEST_REDIS_URL, uniquePrefix } from '../support/redis';

async function openRedisStore(sensorEncoding: SensorEncoding = 'seed') {
  const prefix = uniquePrefix('store');
  const store = new RedisStore({ url: TEST_REDIS_URL, keyPrefix: prefix, sensorEncoding });
  await store.waitUntilReady(5000);
  return {
    store,
    prefix,
    dispose: async () => {
      await store.close();
      await deleteKeys(prefix);
    },
  };
}

describeStoreContract('Redis store', () => openRedisStore('seed'));
describeStoreContract('Redis store, compact sensor encoding', () => openRedisStore('compact'));

describe('Redis store layout', () => {
  it("writes the seed's lists: stringified sensors and epoch-ms timestamps, always in step", async () => {
    const { store, prefix, dispose } = await openRedisStore();
    const redis = rawRedis();
    try {
      await store.append([reading(7, 1000), reading(7, 1200, [0, 1, 2, 3, 4, 5]), reading(7, 1400)]);
      const k = patientKeys(prefix, 7);
      expect(k.data).toBe(`${prefix}7_data`);
      expect(await redis.lrange(`${prefix}7_timestamp`, 0, -1)).toEqual(['1000', '1200', '1400']);
      const data = await redis.lrange(`${prefix}7_data`, 0, -1);
      expect(JSON.parse(data[0]!)).toEqual(reading(7, 1000).sensors);
      expect(data[0]).toBe(JSON.stringify(reading(7, 1000).sensors));
      expect(await redis.lrange(`${prefix}7_anomaly_timestamp`, 0, -1)).toEqual(['1200']);
      expect(await redis.llen(`${prefix}7_anomaly`)).toBe(1);
      expect(await redis.llen(`${prefix}7_trace`)).toBe(3);
      await store.trim([7], 1300);
      expect(await redis.llen(`${prefix}7_data`)).toBe(1);
      expect(await redis.llen(`${prefix}7_timestamp`)).toBe(1);
      expect(await redis.llen(`${prefix}7_trace`)).toBe(1);
    } finally {
      redis.disconnect();
      await dispose();
    }
  });

  it('skips an entry corrupted by hand instead of failing the whole history', async () => {
    const { store, prefix, dispose } = await openRedisStore();
    const redis = rawRedis();
    try {
      await store.append([reading(8, 1000), reading(8, 1100)]);
      await redis.lset(`${prefix}8_data`, 0, '{not json');
      const got = await store.readings(8, { last: 10 });
      expect(got.map((r) => r.at)).toEqual([1100]);
    } finally {
      redis.disconnect();
      await dispose();
    }
  });

  it('writes compact entries with STORE_ENCODING=compact and reads lists holding both forms', async () => {
    const { store, prefix, dispose } = await openRedisStore('compact');
    const redis = rawRedis();
    try {
      const seedForm = reading(9, 1000);
      // An entry from before the switch, in the seed form.
      await redis.rpush(`${prefix}9_data`, JSON.stringify(seedForm.sensors));
      await redis.rpush(`${prefix}9_timestamp`, '1000');
      await redis.rpush(`${prefix}9_trace`, seedForm.traceId);
      await store.append([reading(9, 1200, [2])]);
      const data = await redis.lrange(`${prefix}9_data`, 0, -1);
      expect(data[1]).toMatch(/^\d+(,\d+){5};4$/);
      expect(await redis.lrange(`${prefix}9_anomaly`, 0, -1)).toEqual([data[1]]);
      const got = await store.readings(9, { last: 10 });
      expect(got).toEqual([seedForm, reading(9, 1200, [2])]);
    } finally {
      redis.disconnect();
      await dispose();
    }
  });
});

describe('Redis store pub/sub connection', () => {
  it('keeps a subscription made while the subscriber connection is still connecting', async () => {
    // ioredis writes SUBSCRIBE at once while the socket is connected but not yet ready; with its
    // INFO ready check after it, the connection was dropped and came back unsubscribed, silent for good.
    const stores = Array.from(
      { length: 20 },
      () => new RedisStore({ url: TEST_REDIS_URL, keyPrefix: uniquePrefix('sub') }),
    );
    const publisher = rawRedis();
    try {
      const heard = await Promise.all(
        stores.map(async (store, i) => {
          const channel = `${store.connection.prefix}probe`;
          const subscriber = (store.pubsub as RedisPubSub).getSubscriber();
          await new Promise((resolve) => subscriber.once('connect', resolve)); // socket up, not ready
          const events = store.pubsub.asyncIterableIterator<{ i: number }>(channel);
          const next = events.next();
          await store.waitUntilReady(5000);
          // Published until heard: a subscription confirmed late still hears a later message.
          const deadline = Date.now() + 5000;
          let got: IteratorResult<{ i: number }> | undefined;
          while (got === undefined && Date.now() < deadline) {
            await publisher.publish(channel, JSON.stringify({ i }));
            got = await Promise.race([
              next,
              new Promise<undefined>((r) => setTimeout(() => r(undefined), 50)),
            ]);
          }
          await events.return?.();
          return got?.value?.i;
        }),
      );
      expect(heard).toEqual(stores.map((_, i) => i));
    } finally {
      publisher.disconnect();
      await Promise.all(stores.map((s) => s.close()));
    }
  });
});
