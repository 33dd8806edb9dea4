import { ConfigError, loadConfig } from './config';

function problem(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('REDIS_CLUSTER_NODES and REDIS_KEY_LAYOUT', () => {
  it("keeps the seed's layout on one Redis and without Redis", () => {
    expect(loadConfig({}).keyLayout).toBe('seed');
    expect(loadConfig({}).redisClusterNodes).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379' }).keyLayout).toBe('seed');
  });

  it('reads seed nodes (names, IPv4, bracketed IPv6) and defaults to the hash-tag layout', () => {
    const c = loadConfig({ REDIS_CLUSTER_NODES: ' redis-1:7000, 10.0.0.2:7001,[::1]:7002 ' });
    expect(c.redisClusterNodes).toEqual([
      { host: 'redis-1', port: 7000 },
      { host: '10.0.0.2', port: 7001 },
      { host: '::1', port: 7002 },
    ]);
    expect(c.keyLayout).toBe('hash-tag');
    expect(c.redisUrl).toBeUndefined();
  });

  it('lets one Redis opt into the hash-tag layout (to move onto a cluster later)', () => {
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379', REDIS_KEY_LAYOUT: 'hash-tag' }).keyLayout).toBe(
      'hash-tag',
    );
  });

  it('names each malformed node', () => {
    const message = problem({ REDIS_CLUSTER_NODES: 'redis-1:7000,redis-2,redis-3:99999' });
    expect(message).toContain('"redis-2" is not host:port');
    expect(message).toContain('"redis-3:99999" is not host:port');
    expect(problem({ REDIS_CLUSTER_NODES: ' , ' })).toContain('expected at least one host:port');
  });

  it('refuses REDIS_URL with REDIS_CLUSTER_NODES, saying which to unset', () => {
    expect(problem({ REDIS_URL: 'redis://cache:6379', REDIS_CLUSTER_NODES: 'redis-1:7000' })).toContain(
      'REDIS_URL and REDIS_CLUSTER_NODES are both set: unset REDIS_URL to run on the Redis Cluster',
    );
  });

  it("refuses the seed's layout on a cluster, and a layout without Redis", () => {
    expect(problem({ REDIS_CLUSTER_NODES: 'redis-1:7000', REDIS_KEY_LAYOUT: 'seed' })).toContain(
      'REDIS_KEY_LAYOUT=seed cannot run on a Redis Cluster',
    );
    expect(problem({ REDIS_KEY_LAYOUT: 'hash-tag' })).toContain('REDIS_KEY_LAYOUT=hash-tag needs REDIS_URL');
  });

  it('lets CLUSTER=on coordinate through a Redis Cluster', () => {
    expect(loadConfig({ CLUSTER: 'on', REDIS_CLUSTER_NODES: 'redis-1:7000' }).cluster.enabled).toBe(true);
  });
});
