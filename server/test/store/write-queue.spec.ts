import { Redis } from 'ioredis';
import { RedisStore } from '../../src/store/redis-store';
import { WriteQueue } from '../../src/store/write-queue';
import { reading } from '../support/store-contract';
import { RedisProcess } from '../support/redis-process';
import { freshMetrics, silentLogger } from '../support/quiet';

/** Resolves when `predicate` holds, checking after each store event. */
async function until(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('WriteQueue over a Redis that crashes and comes back', () => {
  let redis: RedisProcess;

  beforeEach(async () => {
    redis = await RedisProcess.start();
  });
  afterEach(async () => {
    await redis.stop();
  });

  it('buffers while Redis is down and flushes everything in order when it returns', async () => {
    const store = new RedisStore({ url: redis.url });
    await store.waitUntilReady(5000);
    const metrics = freshMetrics();
    const queue = new WriteQueue({
      store,
      capacityPerPatient: 1000,
      logger: silentLogger(),
      metrics,
      retryDelayMs: 50,
    });
    const raw = new Redis(redis.url, {
      lazyConnect: true,
      retryStrategy: () => 50,
      maxRetriesPerRequest: null,
    });
    try {
      let at = 1000;
      const submit = (n: number) => {
        for (let i = 0; i < n; i++) for (const p of [1, 2]) queue.submit(reading(p, at + i * 10));
        at += n * 10;
      };
      submit(20);
      await queue.drain(5000);
      await redis.kill();
      submit(50); // written while Redis is dead
      await until(() => !queue.healthy, 'the queue to notice the outage');
      expect(queue.size).toBeGreaterThan(0);
      await redis.start(); // empty again: --save '' keeps nothing, so only the buffered readings come back
      const returnedAt = Date.now();
      submit(10);
      await until(() => queue.healthy && queue.size === 0, 'the buffer to flush');
      const resumeMs = Date.now() - returnedAt;
      await raw.connect();
      for (const p of [1, 2]) {
        const ts = (await raw.lrange(`${p}_timestamp`, 0, -1)).map(Number);
        // Everything from the outage onwards arrives, each patient in its original order.
        expect(ts.length).toBeGreaterThanOrEqual(60);
        expect(ts).toEqual([...ts].sort((a, b) => a - b));
        expect(ts.at(-1)).toBe(at - 10);
        expect(await raw.llen(`${p}_data`)).toBe(ts.length);
      }
      expect(resumeMs).toBeLessThan(5000);
      expect((await metrics.dropped.get()).values[0]?.value ?? 0).toBe(0);
    } finally {
      raw.disconnect();
      queue.close();
      await store.close();
    }
  });

  it('drops the oldest beyond the per-patient bound, counts them, and keeps other patients whole', async () => {
    const store = new RedisStore({ url: redis.url });
    await store.waitUntilReady(5000);
    const metrics = freshMetrics();
    const queue = new WriteQueue({
      store,
      capacityPerPatient: 5,
      logger: silentLogger(),
      metrics,
      retryDelayMs: 50,
    });
    const raw = new Redis(redis.url, { lazyConnect: true });
    try {
      await redis.kill();
      for (let i = 0; i < 12; i++) queue.submit(reading(1, 1000 + i));
      for (let i = 0; i < 3; i++) queue.submit(reading(2, 1000 + i));
      expect(queue.size).toBe(8);
      await redis.start();
      await until(() => queue.healthy && queue.size === 0, 'the buffer to flush');
      await raw.connect();
      expect((await raw.lrange('1_timestamp', 0, -1)).map(Number)).toEqual([1007, 1008, 1009, 1010, 1011]);
      expect((await raw.lrange('2_timestamp', 0, -1)).map(Number)).toEqual([1000, 1001, 1002]);
      expect((await metrics.dropped.get()).values[0]?.value).toBe(7);
    } finally {
      raw.disconnect();
      queue.close();
      await store.close();
    }
  });
});
