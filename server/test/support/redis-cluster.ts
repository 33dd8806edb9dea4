import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort, RedisProcess } from './redis-process';
import { until } from './wait';

const run = promisify(execFile);

/**
 * A real Redis Cluster of the test's own: three masters, no replicas, each a `redis-server
 * --cluster-enabled yes` on loopback with its own folder, joined by `redis-cli --cluster create`.
 * Ports are free ephemeral ones, the cluster bus's too (`--cluster-port`: the default, port +
 * 10000, would overflow above 55535 and may be taken).
 *
 * Without replicas a master that stops takes its slots down until it is back; the others keep
 * answering because coverage is not required (`cluster-require-full-coverage no`, as a
 * deployment of Plantar should set it: see README.md, "Redis Cluster"). AOF with fsync always,
 * so a SIGKILLed master comes back with what it had acknowledged.
 */
export class RedisClusterProcesses {
  private constructor(readonly masters: readonly RedisProcess[]) {}

  static async start(): Promise<RedisClusterProcesses> {
    // Sharded pub/sub (SSUBSCRIBE) and --cluster-port came with Redis 7: say so instead of failing obscurely.
    const { stdout } = await run('redis-server', ['--version']);
    const major = Number(/v=(\d+)\./.exec(stdout)?.[1]);
    if (!(major >= 7))
      throw new Error(`the Redis Cluster tests need redis-server 7 or later, found: ${stdout.trim()}`);
    const masters: RedisProcess[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const port = await freePort();
        const busPort = await freePort();
        const master = new RedisProcess(port, [
          '--cluster-enabled',
          'yes',
          '--cluster-port',
          String(busPort),
          '--cluster-config-file',
          'nodes.conf',
          '--cluster-node-timeout',
          '1000',
          '--cluster-require-full-coverage',
          'no',
          '--save',
          '',
          '--appendonly',
          'yes',
          '--appendfsync',
          'always',
        ]);
        masters.push(master);
        await master.start();
      }
      const cluster = new RedisClusterProcesses(masters);
      await run('redis-cli', [
        '--cluster',
        'create',
        ...masters.map((m) => `127.0.0.1:${m.port}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ]);
      await cluster.waitUntilOk();
      return cluster;
    } catch (error) {
      await Promise.all(masters.map((m) => m.stop()));
      throw error;
    }
  }

  /** `host:port,...`, as REDIS_CLUSTER_NODES takes them. */
  get nodes(): string {
    return this.masters.map((m) => `127.0.0.1:${m.port}`).join(',');
  }

  get seeds(): { host: string; port: number }[] {
    return this.masters.map((m) => ({ host: '127.0.0.1', port: m.port }));
  }

  /** Resolves once every master reports cluster_state:ok and knows all three. */
  async waitUntilOk(timeoutMs = 15_000): Promise<void> {
    await until(
      async () => {
        const states = await Promise.all(this.masters.map((m) => clusterInfo(m.port)));
        return states.every((s) => s.includes('cluster_state:ok') && s.includes('cluster_known_nodes:3'));
      },
      'the Redis Cluster to report cluster_state:ok on every master',
      timeoutMs,
      100,
    );
  }

  /** The master serving `slot`. */
  masterOf(slot: number): RedisProcess {
    // redis-cli --cluster create splits the 16384 slots evenly, in the order given.
    const index = slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2;
    return this.masters[index]!;
  }

  async stop(): Promise<void> {
    await Promise.all(this.masters.map((m) => m.stop()));
  }
}

async function clusterInfo(port: number): Promise<string> {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return String(await redis.call('CLUSTER', 'INFO'));
  } catch {
    return '';
  } finally {
    redis.disconnect();
  }
}
