import type { Cluster } from 'ioredis';
import { PubSubEngine } from 'graphql-subscriptions';

/**
 * GraphQL subscriptions over Redis Cluster sharded pub/sub (SPUBLISH/SSUBSCRIBE, Redis 7).
 * graphql-redis-subscriptions (2.7) only speaks SUBSCRIBE/PSUBSCRIBE, whose messages a cluster
 * broadcasts to every node; ioredis's Cluster (`shardedSubscribers: true`) routes each SSUBSCRIBE
 * to the channel's master, re-subscribes after a reconnect or a slot move, and emits `smessage`.
 * This adapter adds what the PubSubEngine contract needs on top: one SSUBSCRIBE per channel
 * however many subscriptions share it (reference counted), SUNSUBSCRIBE when the last one goes,
 * and JSON payloads as RedisPubSub has them. No patterns exist in sharded pub/sub: an "every
 * patient" subscription names one channel per key group (keys.ts, groupChannels).
 */
export class ShardedPubSub extends PubSubEngine {
  private nextId = 0;
  /** Subscription id → its channel and handler. */
  private readonly subscriptions = new Map<
    number,
    { channel: string; onMessage: (payload: unknown) => void }
  >();
  /** Channel → ids of its subscriptions, and the SSUBSCRIBE that made it live. */
  private readonly channels = new Map<string, { ids: Set<number>; subscribed: Promise<void> }>();
  private readonly onSharded = (channel: string, message: string) => this.deliver(channel, message);

  /**
   * @param publisher the command connection (SPUBLISH goes to the channel's master)
   * @param subscriber a Cluster created with `shardedSubscribers: true` and its offline queue on,
   *   so a subscription made while the cluster is away starts once it is back
   */
  constructor(
    private readonly publisher: Cluster,
    private readonly subscriber: Cluster,
  ) {
    super();
    subscriber.on('smessage', this.onSharded);
  }

  async publish(channel: string, payload: unknown): Promise<void> {
    await this.publisher.spublish(channel, JSON.stringify(payload));
  }

  async subscribe(channel: string, onMessage: (payload: unknown) => void): Promise<number> {
    const id = ++this.nextId;
    this.subscriptions.set(id, { channel, onMessage });
    let entry = this.channels.get(channel);
    if (entry === undefined) {
      const subscribed = this.subscriber.ssubscribe(channel).then(() => undefined);
      entry = { ids: new Set(), subscribed };
      this.channels.set(channel, entry);
      // A failed SSUBSCRIBE is the caller's to see (awaited below); ioredis retries it itself
      // after a reconnect, since it keeps the channel in its list.
      subscribed.catch(() => undefined);
    }
    entry.ids.add(id);
    await entry.subscribed;
    return id;
  }

  unsubscribe(id: number): void {
    const subscription = this.subscriptions.get(id);
    if (subscription === undefined) return;
    this.subscriptions.delete(id);
    const entry = this.channels.get(subscription.channel);
    if (entry === undefined) return;
    entry.ids.delete(id);
    if (entry.ids.size > 0) return;
    this.channels.delete(subscription.channel);
    // After the SSUBSCRIBE settled, or ioredis would count the channel in again afterwards.
    void entry.subscribed
      .catch(() => undefined)
      .then(() =>
        this.channels.has(subscription.channel)
          ? undefined
          : this.subscriber.sunsubscribe(subscription.channel),
      )
      .catch(() => undefined);
  }

  /** Channels with at least one subscription here (what this instance asks Redis for). */
  get subscribedChannels(): number {
    return this.channels.size;
  }

  async close(): Promise<void> {
    this.subscriber.off('smessage', this.onSharded);
    this.subscriptions.clear();
    this.channels.clear();
  }

  private deliver(channel: string, message: string): void {
    const entry = this.channels.get(channel);
    if (entry === undefined) return;
    let payload: unknown;
    try {
      payload = JSON.parse(message);
    } catch {
      payload = message; // as RedisPubSub: a message that is not JSON is passed on as text
    }
    for (const id of entry.ids) this.subscriptions.get(id)?.onMessage(payload);
  }
}
