import { KEY_GROUPS, KeyLayout, type KeyLayoutKind } from '../store/keys';
import { connectRedis, type RedisClient, type RedisNode } from '../store/redis-connection';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { WriteFence } from '../readings/reading';
import { bucketOf, bucketsOwnedBy, DEFAULT_BUCKETS } from './rendezvous';

/**
 * Work distribution over several Plantar instances on one Redis: membership by heartbeats, the
 * owner of each bucket of patients by rendezvous hashing, and a lease per bucket (`SET NX PX`,
 * renewed while held) with a fencing token (a counter per bucket, raised at each acquisition), so
 * exactly one instance polls a patient and an instance that lost its lease (a pause, a partition)
 * learns it at its next renewal and stops. A SIGTERM releases the leases at once (handover in one
 * tick of the successor); a SIGKILL leaves them to expire (handover within about two lease times).
 *
 * Lifecycle per bucket: not held → held (acquired, renewed every tick) → released (no longer this
 * instance's by rendezvous, or stopping) or lost (renewal found another holder or none).
 */

export interface ClusterOptions {
  /** One Redis (REDIS_URL); or give `redisClusterNodes`. */
  redisUrl?: string | undefined;
  /** A Redis Cluster's seed nodes (REDIS_CLUSTER_NODES): leases and fences in the hash-tag layout. */
  redisClusterNodes?: readonly RedisNode[] | undefined;
  keyPrefix: string;
  /** Must be the readings' layout: a bucket's fence key shares its patients' slot in 'hash-tag'. @default 'seed', 'hash-tag' on a cluster */
  keyLayout?: KeyLayoutKind;
  /** This instance's name in the member list. @default `<hostname>-<pid>-<random>` */
  instanceId: string;
  /** Lease and heartbeat life; renewed every third of it. @default 5000 */
  leaseMs?: number;
  /** @default 64 */
  buckets?: number;
  logger: Logger;
  /**
   * Told whenever the set of held buckets changes (poll exactly those patients). For buckets
   * handed over, it is told before their leases are released, and the release waits for the
   * promise it returns (at most `handoverWaitMs`): the polls in flight for them finish first, so
   * the successor's first poll never overlaps this instance's last.
   */
  onChange?: (held: ReadonlySet<number>) => void | Promise<void>;
  /** How long a handover waits for the polls in flight of the buckets it gives up. @default 1000 */
  handoverWaitMs?: number;
  /** Buckets owned, members seen, renewals failed. @default none */
  metrics?: Pick<Metrics, 'bucketsOwned' | 'members' | 'leaseRenewFailures'>;
}

/** A held lease: its value in Redis (`<instance>:<token>`) and the fence its writes carry. */
interface Lease {
  readonly value: string;
  readonly fence: WriteFence;
}

/** Takes the lease when free: a new fencing token, the value `<instance>:<token>`, the expiry. */
const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return nil end
local fence = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. fence, 'PX', ARGV[2])
return fence`;
/** Extends the lease only while it is still ours (same value): 1, else 0. */
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
/** Gives the lease up only if it is still ours. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

interface ClusterCommands {
  plantarAcquire(lease: string, fence: string, instance: string, ms: number): Promise<number | null>;
  plantarRenew(lease: string, value: string, ms: number): Promise<number>;
  plantarRelease(lease: string, value: string): Promise<number>;
}

export class ClusterCoordinator {
  private readonly redis: RedisClient & ClusterCommands;
  private readonly layout: KeyLayout;
  /** Bucket → the lease we hold. */
  private readonly held = new Map<number, Lease>();
  private members: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;
  /** When the leases were last renewed: until a lease time after it they are still ours. */
  private renewedAt = 0;
  private readonly leaseMs: number;
  /** At most every half second: a leaving instance's buckets are taken within that (handover < 1 s). */
  private readonly tickMs: number;
  private readonly renewEveryMs: number;
  private readonly buckets: number;
  private readonly membersKey: string;
  /** The held set `onChange` was last told (so it hears each change once). */
  private toldHeld = '';

  constructor(private readonly o: ClusterOptions) {
    this.leaseMs = o.leaseMs ?? 5000;
    this.tickMs = Math.max(50, Math.min(500, Math.floor(this.leaseMs / 3)));
    this.renewEveryMs = Math.max(this.tickMs, Math.floor(this.leaseMs / 3));
    this.buckets = o.buckets ?? DEFAULT_BUCKETS;
    const nodes = o.redisClusterNodes;
    this.layout = new KeyLayout(o.keyLayout ?? (nodes === undefined ? 'seed' : 'hash-tag'), o.keyPrefix);
    if (this.layout.sharded && this.buckets !== KEY_GROUPS) {
      // The hash tag of a patient's keys is its bucket: another count would split a bucket's slot.
      throw new Error(`the hash-tag key layout has ${KEY_GROUPS} buckets, got ${this.buckets}`);
    }
    this.membersKey = this.layout.members;
    if (nodes === undefined && o.redisUrl === undefined)
      throw new Error('ClusterCoordinator: no Redis given');
    this.redis = connectRedis(
      nodes === undefined ? { kind: 'single', url: o.redisUrl! } : { kind: 'cluster', nodes },
      {
        connectionName: 'plantar-cluster',
        retryStrategy: (times) => Math.min(50 * times, 2000),
        maxRetriesPerRequest: 1,
      },
    ) as RedisClient & ClusterCommands;
    this.redis.on('error', () => undefined); // reported by the tick that fails
    this.redis.defineCommand('plantarAcquire', { numberOfKeys: 2, lua: ACQUIRE });
    this.redis.defineCommand('plantarRenew', { numberOfKeys: 1, lua: RENEW });
    this.redis.defineCommand('plantarRelease', { numberOfKeys: 1, lua: RELEASE });
  }

  get instanceId(): string {
    return this.o.instanceId;
  }

  /** Buckets held now. */
  get heldBuckets(): ReadonlySet<number> {
    return new Set(this.held.keys());
  }

  /** The live members as of the last tick. */
  get liveMembers(): readonly string[] {
    return this.members;
  }

  /** The bucket a patient belongs to (its lease). */
  bucketOf(patientId: number): number {
    return bucketOf(patientId, this.buckets);
  }

  /** Whether this instance holds the patient's bucket (polls it, runs its per-patient state). */
  owns(patientId: number): boolean {
    return this.held.has(bucketOf(patientId, this.buckets));
  }

  /**
   * The fence of the patient's bucket while held: the polled readings carry it and the append
   * script refuses them once another instance has taken the bucket (a newer token).
   */
  fenceOf(patientId: number): WriteFence | undefined {
    return this.held.get(bucketOf(patientId, this.buckets))?.fence;
  }

  /** Whether the leases are still ours for sure: renewed within a lease time (for /readyz). */
  get leasesCurrent(): boolean {
    return this.held.size > 0 && Date.now() - this.renewedAt <= this.leaseMs;
  }

  /** Joins and takes this instance's share; resolves after the first tick. */
  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tickOnce(), this.tickMs);
    this.timer.unref();
  }

  /** Leaves: leases released and membership removed, so others take over within a tick. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.ticking;
    const leaving = [...this.held];
    this.held.clear();
    this.o.metrics?.bucketsOwned.set(0);
    // Polling stops first, as at any handover: the successors never overlap this instance's polls.
    await this.handOver();
    try {
      await Promise.all(
        leaving.map(([b, lease]) => this.redis.plantarRelease(this.leaseKey(b), lease.value)),
      );
      await this.redis.zrem(this.membersKey, this.o.instanceId);
    } catch (error) {
      this.o.logger.warn(
        { err: { message: (error as Error).message } },
        'cluster leases not released; they expire',
      );
    }
    this.redis.disconnect();
  }

  /** Runs a tick now (tests and the admin path use it to converge without waiting). */
  tickOnce(): Promise<void> {
    this.ticking ??= this.tick().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private leaseKey(bucket: number): string {
    return this.layout.bucket(bucket).lease;
  }

  private fenceKey(bucket: number): string {
    return this.layout.bucket(bucket).fence;
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      const now = Date.now();
      await this.redis
        .multi()
        .zadd(this.membersKey, now + this.leaseMs, this.o.instanceId)
        .zremrangebyscore(this.membersKey, '-inf', now)
        .exec();
      this.members = (await this.redis.zrangebyscore(this.membersKey, now, '+inf')).sort();
      const wanted = new Set(bucketsOwnedBy(this.o.instanceId, this.members, this.buckets));
      // Membership and hand-overs every tick (a leaving instance's buckets are taken within one);
      // renewals only every third of a lease: at the default 5 s lease a third of the Redis work
      // at rest, with two renewals' margin before a lease could expire.
      const renewing = now - this.renewedAt >= this.renewEveryMs - this.tickMs / 2;
      // Another member wins these now: polling stops first (its in-flight polls answered), then
      // the leases go at once rather than expiring. Released in the other order, the successor
      // could poll a patient while this instance still did (the fence kept the writes apart, but
      // the device saw two pollers).
      const leaving = [...this.held].filter(([bucket]) => !wanted.has(bucket));
      if (leaving.length > 0) {
        for (const [bucket] of leaving) this.held.delete(bucket);
        await this.handOver();
        await Promise.all(
          leaving.map(([bucket, { value }]) => this.redis.plantarRelease(this.leaseKey(bucket), value)),
        );
      }
      // All in flight at once: one connection pipelines them, a tick costs a few round trips.
      await Promise.all(
        [...this.held].map(async ([bucket, { value }]) => {
          if (renewing && (await this.redis.plantarRenew(this.leaseKey(bucket), value, this.leaseMs)) !== 1) {
            this.o.logger.warn({ bucket }, 'cluster lease lost: another instance holds the bucket now');
            this.o.metrics?.leaseRenewFailures.inc({ reason: 'lost' });
            this.held.delete(bucket);
          }
        }),
      );
      await Promise.all(
        [...wanted]
          .filter((bucket) => !this.held.has(bucket))
          .map(async (bucket) => {
            const fenceKey = this.fenceKey(bucket);
            const token = await this.redis.plantarAcquire(
              this.leaseKey(bucket),
              fenceKey,
              this.o.instanceId,
              this.leaseMs,
            );
            // Null: still held by its previous owner (leaving, or dead until the lease expires).
            if (token !== null) {
              const fence = { key: fenceKey, token: Number(token) };
              this.held.set(bucket, { value: `${this.o.instanceId}:${token}`, fence });
            }
          }),
      );
      if (renewing || this.held.size === 0) this.renewedAt = now;
      this.o.metrics?.members.set(this.members.length);
    } catch (error) {
      if (this.held.size > 0) this.o.metrics?.leaseRenewFailures.inc({ reason: 'redis' });
      // Without Redis no lease is renewed. Until a lease time has passed since the last renewal the
      // buckets are still ours (polling goes on into the write queue's outage buffer); after it
      // another instance may hold them, so they are given up.
      if (this.held.size > 0 && Date.now() - this.renewedAt > this.leaseMs) {
        this.o.logger.warn(
          { err: { message: (error as Error).message }, buckets: this.held.size },
          'cluster tick failed: leases dropped until Redis answers',
        );
        this.held.clear();
      }
    }
    this.o.metrics?.bucketsOwned.set(this.held.size);
    if (this.toldHeld !== this.heldKey()) void this.tell();
  }

  private heldKey(): string {
    return [...this.held.keys()].join(',');
  }

  /** Tells `onChange` the held set; resolves when it has acted on it (a failure is logged). */
  private tell(): Promise<void> {
    this.toldHeld = this.heldKey();
    let acted: void | Promise<void>;
    try {
      acted = this.o.onChange?.(this.heldBuckets);
    } catch (error) {
      acted = Promise.reject(error);
    }
    return Promise.resolve(acted).catch((error: unknown) =>
      this.o.logger.error({ err: { message: (error as Error).message } }, 'cluster share change failed'),
    );
  }

  /** Tells the smaller share and waits (bounded) until polling of the rest has stopped. */
  private async handOver(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.o.handoverWaitMs ?? 1000);
    });
    await Promise.race([this.tell(), waited]);
    clearTimeout(timer);
  }
}
