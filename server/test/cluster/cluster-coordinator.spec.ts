import { ClusterCoordinator } from '../../src/cluster/cluster-coordinator';
import { ownerOf } from '../../src/cluster/rendezvous';
import { KeyLayout } from '../../src/store/keys';
import { silentLogger } from '../support/quiet';
import { deleteKeys, rawRedis, TEST_REDIS_URL, uniquePrefix } from '../support/redis';

/**
 * The order of a handover against a real Redis: the instance giving a bucket up is told first
 * (it stops polling and waits for its polls in flight), and only when it has acted does the lease
 * go, so the successor can never poll a patient while the previous owner still does.
 */
describe('ClusterCoordinator handover order', () => {
  const prefix = uniquePrefix('cluster-coordinator');
  const layout = new KeyLayout('seed', prefix);
  const redis = rawRedis();
  const running: ClusterCoordinator[] = [];

  /** A promise the test resolves: stands for the poller's in-flight polls. */
  const deferred = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    unblock.push(resolve);
    return { promise, resolve };
  };

  const coordinator = (instanceId: string, onChange: (held: ReadonlySet<number>) => void | Promise<void>) => {
    const c = new ClusterCoordinator({
      redisUrl: TEST_REDIS_URL,
      keyPrefix: prefix,
      instanceId,
      buckets: 8,
      leaseMs: 60_000, // no renewal or expiry during the test: only the handover moves leases
      handoverWaitMs: 30_000,
      logger: silentLogger(),
      onChange,
    });
    running.push(c);
    return c;
  };

  /** Resolved at the end whatever happened, so no stop() waits for a poll that never answers. */
  const unblock: (() => void)[] = [];

  afterAll(async () => {
    unblock.forEach((resolve) => resolve());
    await Promise.all(running.map((c) => c.stop()));
    await deleteKeys(prefix);
    redis.disconnect();
  });

  it("keeps a bucket's lease until the instance giving it up has stopped polling it", async () => {
    let inFlight = deferred();
    let told = deferred();
    let polling: ReadonlySet<number> = new Set();
    const a = coordinator('a', (held) => {
      polling = held;
      told.resolve();
      return inFlight.promise;
    });
    inFlight.resolve();
    await a.start();
    expect(a.heldBuckets.size).toBe(8);

    const b = coordinator('b', () => undefined);
    await b.start(); // joins; a holds everything still
    expect(b.heldBuckets.size).toBe(0);
    const toB = [...Array(8).keys()].filter((bucket) => ownerOf(bucket, ['a', 'b']) === 'b');
    expect(toB.length).toBeGreaterThan(0);

    inFlight = deferred();
    told = deferred();
    const tick = a.tickOnce();
    // a has been told its smaller share (it stops polling b's buckets) ...
    await told.promise;
    expect([...polling].sort()).toEqual([...Array(8).keys()].filter((bucket) => !toB.includes(bucket)));
    // ... but while its last polls are in flight the leases are still a's: b cannot take them.
    await b.tickOnce();
    expect(b.heldBuckets.size).toBe(0);
    for (const bucket of toB) expect(await redis.get(layout.bucket(bucket).lease)).toMatch(/^a:/);

    inFlight.resolve();
    await tick;
    for (const bucket of toB) expect(await redis.get(layout.bucket(bucket).lease)).toBeNull();
    await b.tickOnce();
    expect([...b.heldBuckets].sort()).toEqual(toB);
  });

  it('stops polling before it releases its leases when it stops', async () => {
    const inFlight = deferred();
    const told = deferred();
    // A name that wins some of the 8 buckets from a and b (rendezvous may give one none).
    const name = ['c', 'd', 'e', 'f', 'g'].find((n) =>
      [...Array(8).keys()].some((bucket) => ownerOf(bucket, ['a', 'b', n]) === n),
    )!;
    const c = coordinator(name, (held) => {
      if (held.size > 0) return undefined;
      told.resolve();
      return inFlight.promise;
    });
    await c.start();
    // Two rounds: the others release c's share in the first, c acquires it in the second.
    for (let round = 0; round < 2; round++) for (const x of running) await x.tickOnce();
    const mine = [...c.heldBuckets];
    expect(mine.length).toBeGreaterThan(0);

    const stopping = c.stop();
    await told.promise; // c was told it holds nothing: its polling stops
    for (const bucket of mine)
      expect(await redis.get(layout.bucket(bucket).lease)).toMatch(new RegExp(`^${name}:`));
    inFlight.resolve();
    await stopping;
    for (const bucket of mine) expect(await redis.get(layout.bucket(bucket).lease)).toBeNull();
  });
});
