import { MINUTE_MS, minuteOf, minutesOf, type MinuteSamples } from '../../src/archive/minute-samples';
import { WindowCache } from '../../src/archive/window-cache';
import { MemoryStore } from '../../src/store/memory-store';
import { RedisStore } from '../../src/store/redis-store';
import type { ReadingStore } from '../../src/store/store';
import { walk, within } from '../support/archive-data';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';

/** Minutes as plain data, to compare a cached answer with a fresh read. */
function plain(minutes: readonly MinuteSamples[]) {
  return minutes.map((m) => ({
    minute: m.minute,
    sensorCount: m.sensorCount,
    offsets: [...m.offsets.subarray(0, m.count)],
    values: [...m.values.subarray(0, m.count * m.sensorCount)],
    flags: [...m.flags.subarray(0, m.count)],
  }));
}

/** A read of the store that does not go through a spy set on it later. */
function freshReader(store: ReadingStore) {
  const readings = store.readings.bind(store);
  return async (p: number, from: number, to: number) =>
    plain(minutesOf(await readings(p, { from, to, last: Number.MAX_SAFE_INTEGER })).minutes);
}

const prefix = uniquePrefix('window-cache');

describe.each([
  ['Redis', () => new RedisStore({ url: TEST_REDIS_URL, keyPrefix: prefix })],
  ['in-process', () => new MemoryStore()],
] as const)('WindowCache over the %s store', (_name, makeStore) => {
  let store: RedisStore | MemoryStore;
  let fresh: ReturnType<typeof freshReader>;
  const t0 = minuteOf(Date.now()) - 10 * MINUTE_MS;
  let now = t0;

  beforeAll(async () => {
    store = makeStore();
    if (store instanceof RedisStore) await store.waitUntilReady(5000);
    fresh = freshReader(store);
  });

  afterAll(async () => {
    await store.close();
    await deleteKeys(prefix);
  });

  it('answers as a fresh read while readings arrive, reading the store only past what it holds', async () => {
    const p = 1;
    const readings = walk(p, t0, 1500); // five minutes
    const cache = new WindowCache(store, { windowMs: 11 * MINUTE_MS, now: () => now });
    const reads = jest.spyOn(store, 'readings');
    // Readings arrive in batches of a second; every few seconds the dashboard asks for its window.
    for (let i = 0; i < readings.length; i += 5) {
      await store.append(readings.slice(i, i + 5));
      now = readings[Math.min(readings.length, i + 5) - 1]!.at + 50;
      if (i % 35 !== 0) continue;
      const from = now - 10 * MINUTE_MS;
      expect(plain(await cache.minutes(p, from, now))).toEqual(await fresh(p, from, now));
    }
    // Earlier and later cuts of what it holds, a range ending in the past, one past the newest reading.
    for (const [from, to] of [
      [t0 + 61_234, t0 + 3 * MINUTE_MS + 17],
      [t0, t0 + 30_000],
      [now - 1000, now + 60_000],
    ] as const) {
      expect(plain(await cache.minutes(p, from, to))).toEqual(await fresh(p, from, to));
    }
    expect(cache.stats.misses).toBe(1);
    expect(cache.stats.hits).toBeGreaterThan(40);
    // Each extension reads from the newest held reading on: the last seconds, not the window.
    const sizes = await Promise.all(
      reads.mock.results.map(async (r) => ((await (r.value as Promise<unknown[]>)) ?? []).length),
    );
    reads.mockRestore();
    expect(sizes.length).toBeGreaterThan(40);
    expect(Math.max(...sizes.slice(1))).toBeLessThanOrEqual(36);
  });

  it('fills in an earlier start, and forgets minutes once they leave the window', async () => {
    const p = 2;
    const readings = walk(p, t0, 3000);
    await store.append(readings);
    now = readings[readings.length - 1]!.at + 10;
    const cache = new WindowCache(store, { windowMs: 11 * MINUTE_MS, now: () => now });
    await cache.minutes(p, t0 + 5 * MINUTE_MS, now);
    expect(plain(await cache.minutes(p, t0 + 90_000, now))).toEqual(await fresh(p, t0 + 90_000, now));
    expect(cache.stats).toEqual({ hits: 1, misses: 1, invalidations: 0 });

    // Six minutes later, nothing new: what is before the window is gone, the rest still served.
    now += 6 * MINUTE_MS;
    const from = now - 11 * MINUTE_MS + 1;
    const answer = await cache.minutes(p, from, now);
    expect(answer[0]!.minute).toBeGreaterThanOrEqual(minuteOf(from));
    expect(plain(answer)).toEqual(await fresh(p, from, now));
    // A range reaching past the window is read from the store, not cached.
    await cache.minutes(p, now - 12 * MINUTE_MS, now);
    expect(cache.stats.misses).toBe(1);
  });

  it('keeps at most maxPatients and maxReadings, the least recently asked dropped first', async () => {
    const cache = new WindowCache(store, { windowMs: 11 * MINUTE_MS, maxPatients: 2, now: () => now });
    for (const p of [11, 12, 13]) await store.append(walk(p, now - 60_000, 100));
    await cache.minutes(11, now - 60_000, now);
    await cache.minutes(12, now - 60_000, now);
    await cache.minutes(11, now - 60_000, now);
    await cache.minutes(13, now - 60_000, now); // drops 12
    expect(cache.size).toBe(2);
    await cache.minutes(11, now - 60_000, now);
    await cache.minutes(12, now - 60_000, now);
    expect(cache.stats).toEqual({ hits: 2, misses: 4, invalidations: 0 });

    // And at most maxReadings over all patients (100 each here), concurrent queries counted once.
    const small = new WindowCache(store, { windowMs: 11 * MINUTE_MS, maxReadings: 250, now: () => now });
    await Promise.all([11, 12, 12, 13].map((p) => small.minutes(p, now - 60_000, now)));
    expect(small.size).toBe(2);
    expect(small.heldReadings).toBe(200);
  });
});

describe('WindowCache when Redis loses what it held', () => {
  it('drops the entry and reads afresh when the newest held reading is gone (a flushed store)', async () => {
    const flushPrefix = uniquePrefix('window-cache-flush');
    const store = new RedisStore({ url: TEST_REDIS_URL, keyPrefix: flushPrefix });
    await store.waitUntilReady(5000);
    try {
      const p = 3;
      const t0 = minuteOf(Date.now()) - 4 * MINUTE_MS;
      const readings = walk(p, t0, 600);
      await store.append(readings.slice(0, 300));
      let now = readings[299]!.at + 10;
      const cache = new WindowCache(store, { windowMs: 11 * MINUTE_MS, now: () => now });
      await cache.minutes(p, t0, now);
      // Redis restarted empty; the patient's readings go on from there.
      await deleteKeys(flushPrefix);
      const after = readings.slice(350, 400);
      await store.append(after);
      now = readings[399]!.at + 10;
      const answer = await cache.minutes(p, t0, now);
      expect(plain(answer)).toEqual(plain(minutesOf(within(after, t0, now)).minutes));
      expect(cache.stats.invalidations).toBe(1);
    } finally {
      await store.close();
      await deleteKeys(flushPrefix);
    }
  });
});
