import type { Config } from '../config/config';
import type { Logger } from '../observability/logger';
import { MemoryStore } from './memory-store';
import { RedisStore } from './redis-store';
import type { ReadingStore } from './store';

/** How long startup waits for Redis before starting anyway with readings buffered. */
const REDIS_READY_TIMEOUT_MS = 10_000;
/** ioredis reports every failed reconnect; one line this often is enough to see an outage. */
const ERROR_LOG_INTERVAL_MS = 5000;

/** Redis at REDIS_URL, the Redis Cluster at REDIS_CLUSTER_NODES, or the in-process store when neither is set. */
export async function openStore(config: Config, logger: Logger): Promise<ReadingStore> {
  if (config.redisUrl === undefined && config.redisClusterNodes === undefined) {
    logger.info('embedded in-process store (set REDIS_URL to keep readings in Redis)');
    return new MemoryStore(config.keyPrefix);
  }
  let lastLog = 0;
  const store = new RedisStore({
    ...(config.redisClusterNodes === undefined
      ? { url: config.redisUrl }
      : { clusterNodes: config.redisClusterNodes }),
    keyLayout: config.keyLayout,
    keyPrefix: config.keyPrefix,
    sensorEncoding: config.sensorEncoding,
    onError: (error) => {
      if (Date.now() - lastLog < ERROR_LOG_INTERVAL_MS) return;
      lastLog = Date.now();
      logger.warn({ err: { message: error.message } }, 'Redis connection error');
    },
  });
  await store.waitUntilReady(REDIS_READY_TIMEOUT_MS).catch((error: Error) => {
    // Start anyway: readiness reports the outage and the write queue buffers until Redis answers.
    logger.error(
      { err: { message: error.message } },
      'Redis is not reachable yet; starting with readings buffered',
    );
  });
  return store;
}
