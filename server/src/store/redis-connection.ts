import { RedisPubSub } from 'graphql-redis-subscriptions';
import { Cluster, Redis, type ChainableCommander, type RedisOptions } from 'ioredis';
import { ShardedPubSub } from './sharded-pubsub';

/** Where Plantar's Redis is: one server (REDIS_URL) or a Redis Cluster's seed nodes (REDIS_CLUSTER_NODES). */
export type RedisTarget =
  | { readonly kind: 'single'; readonly url: string }
  | { readonly kind: 'cluster'; readonly nodes: readonly RedisNode[] };

export interface RedisNode {
  readonly host: string;
  readonly port: number;
}

/** A connection to either: both speak the same commands (a cluster routes each by its keys' slot). */
export type RedisClient = Redis | Cluster;

/** The options Plantar sets per connection; translated for a cluster's per-node connections. */
export interface ConnectOptions {
  connectionName: string;
  retryStrategy: (times: number) => number;
  enableOfflineQueue?: boolean;
  maxRetriesPerRequest?: number | null;
  enableReadyCheck?: boolean;
  enableAutoPipelining?: boolean;
  /** Cluster only: SSUBSCRIBE on one connection per master (sharded pub/sub). @default false */
  shardedSubscribers?: boolean;
}

/**
 * Our scripts whose number of keys is their first argument (it varies per call). ioredis's
 * cluster auto-pipelining groups a command by its first argument taken as a key, here that
 * number, and then refuses the pipeline whose real keys are in another slot; these are sent on
 * their own instead (each is one whole batch of a key group already).
 */
export const VARIADIC_SCRIPTS = ['plantarAppend', 'plantarAppendFenced', 'plantarEpisodeRecord'];

export function connectRedis(target: RedisTarget, o: ConnectOptions): RedisClient {
  const { shardedSubscribers, ...options } = o;
  if (target.kind === 'single') return new Redis(target.url, options satisfies RedisOptions);
  return new Cluster(
    target.nodes.map((n) => ({ host: n.host, port: n.port })),
    {
      clusterRetryStrategy: o.retryStrategy,
      // A master restarted on the same address (no replica took its slots) is reconnected to,
      // instead of waiting for a MOVED that never comes.
      clusterNodeRetryStrategy: o.retryStrategy,
      enableOfflineQueue: o.enableOfflineQueue ?? true,
      enableReadyCheck: o.enableReadyCheck ?? true,
      enableAutoPipelining: o.enableAutoPipelining ?? false,
      autoPipeliningIgnoredCommands: VARIADIC_SCRIPTS,
      shardedSubscribers: shardedSubscribers ?? false,
      redisOptions: {
        connectionName: o.connectionName,
        ...(o.maxRetriesPerRequest !== undefined ? { maxRetriesPerRequest: o.maxRetriesPerRequest } : {}),
      },
    },
  );
}

export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}

/** True once the connection (every node's, for a cluster's slot map) can take commands. */
export function isReady(client: RedisClient): boolean {
  return client.status === 'ready';
}

/**
 * Runs `count` commands: as one pipeline on one Redis (one round trip, as before); on a cluster,
 * where a pipeline may only hold keys of one slot (ioredis's rule), one pipeline per `groupOf`
 * (the key group of the command's keys; unknown = one pipeline per command), all sent at once, so
 * the cost is still about one round trip per node. Results are in command order, [error, reply].
 */
export async function execEach(
  client: RedisClient,
  count: number,
  add: (pipeline: ChainableCommander, index: number) => void,
  groupOf?: (index: number) => number,
): Promise<[Error | null, unknown][]> {
  if (count === 0) return [];
  if (!isCluster(client)) {
    const pipeline = client.pipeline();
    for (let i = 0; i < count; i++) add(pipeline, i);
    return (await pipeline.exec()) ?? [];
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const g = groupOf === undefined ? i : groupOf(i);
    let members = groups.get(g);
    if (members === undefined) groups.set(g, (members = []));
    members.push(i);
  }
  const results = new Array<[Error | null, unknown]>(count);
  await Promise.all(
    [...groups.values()].map(async (indexes) => {
      const pipeline = client.pipeline();
      for (const i of indexes) add(pipeline, i);
      const replies = (await pipeline.exec()) ?? [];
      indexes.forEach((i, j) => (results[i] = replies[j] ?? [new Error('no pipeline reply'), null]));
    }),
  );
  return results;
}

/** The live-message side of a store: graphql-redis-subscriptions on one Redis, sharded pub/sub on a cluster. */
export interface StorePubSub {
  readonly pubsub: RedisPubSub | ShardedPubSub;
  close(): Promise<void>;
}

/**
 * Opens the subscriber connection beside `publisher`. Its queue only ever holds (S)SUBSCRIBE and
 * (S)UNSUBSCRIBE commands, bounded by the subscriptions the API admits; keeping it lets a
 * subscription made during an outage start when Redis returns (ioredis re-subscribes every
 * channel after a reconnect).
 */
export function openPubSub(
  target: RedisTarget,
  publisher: RedisClient,
  retryStrategy: (times: number) => number,
  onError: (error: Error) => void,
): StorePubSub {
  // No ready check on the subscriber: ioredis writes SUBSCRIBE (a command allowed while Redis
  // loads) as soon as the socket connects, before its INFO ready check; the connection is then in
  // subscriber mode, INFO is refused, ioredis reconnects and does not subscribe again, and the
  // subscription stays silent for good (seen in the episode engine spec, ~1 run in 3).
  const subscriber = connectRedis(target, {
    connectionName: 'plantar-sub',
    retryStrategy,
    maxRetriesPerRequest: null,
    enableReadyCheck: false,
    shardedSubscribers: true,
  });
  subscriber.on('error', onError);
  const pubsub =
    isCluster(publisher) && isCluster(subscriber)
      ? new ShardedPubSub(publisher, subscriber)
      : new RedisPubSub({ publisher, subscriber });
  return {
    pubsub,
    close: async () => {
      await pubsub.close().catch(() => undefined);
      subscriber.disconnect();
    },
  };
}
