import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startSimulatorServer, type SimulatorServer } from '../../src/simulator/simulator-server';
import { RedisStore } from '../../src/store/redis-store';
import { query } from '../support/graphql';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { freePort } from '../support/redis-process';
import { measured, until } from '../support/wait';

jest.setTimeout(90_000);

const MAIN = resolve(__dirname, '../../dist/main.js');
const PATIENTS = 60;
const LEASE_MS = 1500;
const ALL = Array.from({ length: PATIENTS }, (_, i) => i + 1);

interface Instance {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  output: string;
}

/**
 * Several real Plantar processes on one Redis with CLUSTER=on (issue 16's failure tests 1-3): every
 * patient polled by exactly one instance; a SIGTERM hands its patients over at once, a SIGKILL
 * within about two lease times; no reading stored twice.
 */
describe('CLUSTER=on: patients spread over instances', () => {
  const prefix = uniquePrefix('cluster');
  let simulator: SimulatorServer;
  const instances: Instance[] = [];

  const startInstance = async (name: string): Promise<Instance> => {
    expect(existsSync(MAIN)).toBe(true); // built by `npm test` before the tests run
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        API_BASE_URL: simulator.url,
        PATIENT_IDS: `1-${PATIENTS}`,
        AUTH: 'off',
        ARCHIVE: 'off',
        LOG_LEVEL: 'info',
        CLUSTER: 'on',
        CLUSTER_LEASE_MS: String(LEASE_MS),
        INSTANCE_ID: name,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const instance: Instance = { name, url: `http://127.0.0.1:${port}`, child, output: '' };
    child.stdout!.on('data', (d) => (instance.output += d));
    child.stderr!.on('data', (d) => (instance.output += d));
    await until(
      () => instance.output.includes('Plantar is running') || child.exitCode !== null,
      `${name} to start`,
      30_000,
    );
    if (child.exitCode !== null) throw new Error(`${name} exited:\n${instance.output}`);
    instances.push(instance);
    return instance;
  };
  /** The patients an instance polls itself: every instance lists all, with polling health only where it polls. */
  const polledBy = async (i: Instance): Promise<number[]> => {
    const r = await query<{ patients: { id: number; polling: object | null }[] }>(
      i.url,
      '{ patients { id polling { freshSamples } } }',
    );
    return (r.data?.patients ?? []).filter((p) => p.polling !== null).map((p) => p.id);
  };
  const gone = (i: Instance) => i.child.exitCode !== null || i.child.signalCode !== null;
  /** True when the instances poll every patient once between them. */
  const exactlyOnce = async (alive: Instance[]) => {
    const sets = await Promise.all(alive.map(polledBy));
    const all = sets.flat().sort((a, b) => a - b);
    return all.length === PATIENTS && all.every((id, k) => id === ALL[k]);
  };
  const exited = (i: Instance) => new Promise((r) => (gone(i) ? r(null) : i.child.once('exit', r)));

  beforeAll(async () => {
    simulator = await startSimulatorServer({ patients: PATIENTS });
  });
  afterAll(async () => {
    for (const i of instances) if (!gone(i)) i.child.kill('SIGKILL');
    await Promise.all(instances.map(exited));
    await simulator?.close();
    await deleteKeys(prefix);
  });

  it('polls every patient by exactly one of three instances, and stores no reading twice', async () => {
    const [a, b, c] = [await startInstance('i1'), await startInstance('i2'), await startInstance('i3')];
    // Converged: every patient polled once, and the last to join has taken its share (until then
    // the first two cover everyone between them).
    let shares: number[][] = [];
    const onceEach = (sets: number[][]) =>
      sets
        .flat()
        .sort((x, y) => x - y)
        .join() === ALL.join();
    const waited = await until(
      async () => {
        shares = await Promise.all([a!, b!, c!].map(polledBy));
        return onceEach(shares) && shares.every((s) => s.length > 5);
      },
      'each patient polled once, each instance a share',
      20_000,
    );
    measured('cluster share', { converged_ms: waited, shares: shares.map((s) => s.length) });
    expect(shares.flat().sort((x, y) => x - y)).toEqual(ALL);
    const store = new RedisStore({ url: TEST_REDIS_URL, keyPrefix: prefix });
    try {
      await store.waitUntilReady(5000);
      for (const id of [1, 17, 42]) {
        const readings = await store.readings(id, { from: 0, last: 10_000 });
        expect(readings.length).toBeGreaterThan(3);
        const samples = readings.map((r) => `${r.traceId}|${r.sensors.map((s) => s.value).join(',')}`);
        // Consecutive repeats would be the same sample stored by two pollers.
        expect(samples.filter((s, k) => k > 0 && s === samples[k - 1])).toEqual([]);
      }
    } finally {
      await store.close();
    }
  });

  it('hands a SIGTERMed instance its patients over at once', async () => {
    const [a, b, c] = instances;
    const t0 = Date.now();
    c!.child.kill('SIGTERM');
    const handover = await until(() => exactlyOnce([a!, b!]), 'the other two to take its patients', 10_000);
    await exited(c!);
    measured('cluster handover after SIGTERM', {
      ms: handover,
      lease_ms: LEASE_MS,
      exited_after_ms: Date.now() - t0,
    });
  });

  it('takes a SIGKILLed instance its patients once its leases expire', async () => {
    const [a, b] = instances;
    b!.child.kill('SIGKILL');
    await exited(b!);
    const failover = await until(() => exactlyOnce([a!]), 'the last one to poll everyone', 15_000);
    measured('cluster failover after SIGKILL', { ms: failover, lease_ms: LEASE_MS });
  });
});
