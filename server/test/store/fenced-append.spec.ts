import { ClusterCoordinator } from '../../src/cluster/cluster-coordinator';
import type { Reading, WriteFence } from '../../src/readings/reading';
import { RedisStore } from '../../src/store/redis-store';
import { WriteQueue } from '../../src/store/write-queue';
import { freshMetrics, silentLogger } from '../support/quiet';
import { deleteKeys, rawRedis, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { reading } from '../support/store-contract';
import { metricValue, until } from '../support/wait';

const fenced = (r: Reading, fence: WriteFence | undefined): Reading => (fence ? { ...r, fence } : r);

/**
 * Issue 16's fence: a reading carries the lease token it was polled under, and the append script
 * refuses it once the patient's bucket has been leased again (a newer token), so an instance that
 * lost its lease without knowing (a pause, a partition) cannot write after its successor started.
 */
describe('Fenced append (CLUSTER=on)', () => {
  let prefix: string;
  let store: RedisStore;

  beforeEach(async () => {
    prefix = uniquePrefix('fence');
    store = new RedisStore({ url: TEST_REDIS_URL, keyPrefix: prefix });
    await store.waitUntilReady(5000);
  });
  afterEach(async () => {
    await store.close();
    await deleteKeys(prefix);
  });

  it('stores readings of the current token, refuses older ones, and leaves unfenced readings alone', async () => {
    const redis = rawRedis();
    try {
      const key = `${prefix}cluster:fence:3`;
      await redis.set(key, '2');
      const current = { key, token: 2 };
      const stale = { key, token: 1 };
      const live = store.subscribe('readings', [3, 67]);
      // Subscribed once a probe of patient 67 (unfenced, before the batch's times) comes through.
      let probeAt = 1;
      const probed = live.next();
      await until(
        async () => {
          await store.append([reading(67, probeAt++)]);
          return Promise.race([
            probed.then(() => true),
            new Promise<boolean>((r) => setTimeout(r, 50, false)),
          ]);
        },
        'the subscription to receive a probe',
        10_000,
        0,
      );
      const refused = await store.append([
        fenced(reading(3, 1000), stale),
        fenced(reading(67, 1000), current),
        reading(9, 1000), // pushed: no fence
        fenced(reading(3, 1100), stale),
        fenced(reading(3, 1150), { key, token: 3 }), // taken again since: a newer token than the key
      ]);
      expect(refused?.map((r) => [r.patientId, r.at])).toEqual([
        [3, 1000],
        [3, 1100],
      ]);
      expect(await redis.lrange(`${prefix}3_timestamp`, 0, -1)).toEqual(['1150']);
      expect((await redis.lrange(`${prefix}67_timestamp`, 0, -1)).at(-1)).toBe('1000');
      expect(await redis.lrange(`${prefix}9_timestamp`, 0, -1)).toEqual(['1000']);
      // Only what was stored is published: after the probes comes patient 67's, none of 3's.
      const published: Reading[] = [];
      while (published.at(-1)?.at !== 1000) published.push((await live.next()).value as Reading);
      expect(published.filter((r) => r.patientId === 3 && r.at !== 1150)).toEqual([]);
      await live.return?.();
      // A newer token than the key holds is a holder that acquired since: accepted.
      expect(await store.append([fenced(reading(3, 1200), { key, token: 3 })])).toBeUndefined();
      expect(await redis.lrange(`${prefix}3_timestamp`, 0, -1)).toEqual(['1150', '1200']);
    } finally {
      redis.disconnect();
    }
  });

  it('refuses the writes of an instance whose leases a successor took while it was paused', async () => {
    const options = { redisUrl: TEST_REDIS_URL, keyPrefix: prefix, leaseMs: 300, logger: silentLogger() };
    const paused = new ClusterCoordinator({ ...options, instanceId: 'paused' });
    const successor = new ClusterCoordinator({ ...options, instanceId: 'successor' });
    try {
      // One tick and no timer: the first instance joins, takes every bucket, then stops renewing.
      await paused.tickOnce();
      const old = paused.fenceOf(5)!;
      expect(old).toBeDefined();
      await until(
        async () => {
          await successor.tickOnce();
          return successor.heldBuckets.size === 64;
        },
        'the successor to take every bucket once the leases expired',
        10_000,
      );
      const next = successor.fenceOf(5)!;
      expect(next.token).toBeGreaterThan(old.token);
      expect(paused.fenceOf(5)).toBe(old); // it does not know yet

      const metrics = freshMetrics();
      const handed: Reading[] = [];
      const queue = new WriteQueue({
        store,
        capacityPerPatient: 100,
        logger: silentLogger(),
        metrics,
        onStored: (readings) => handed.push(...readings),
      });
      queue.submit(fenced(reading(5, 2000), old)); // the paused instance's late write
      queue.submit(fenced(reading(6, 2000), successor.fenceOf(6)));
      await queue.drain(5000);
      expect(await metricValue(metrics.fenceRefusals)).toBe(1);
      expect(await metricValue(metrics.stored)).toBe(1);
      expect(handed.map((r) => r.patientId)).toEqual([6]);
      expect(await store.readings(5, { last: 10 })).toEqual([]);

      queue.submit(fenced(reading(5, 2100), next));
      await queue.drain(5000);
      expect((await store.readings(5, { last: 10 })).map((r) => r.at)).toEqual([2100]);
      queue.close();
    } finally {
      await successor.stop();
      await paused.stop();
    }
  });
});
