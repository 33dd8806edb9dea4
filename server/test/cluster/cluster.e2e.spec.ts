import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { bucketOf, ownerOf } from '../../src/cluster/rendezvous';
import { startSimulatorServer, type SimulatorServer } from '../../src/simulator/simulator-server';
import { RedisStore } from '../../src/store/redis-store';
import { startCountingProxy, type CountingProxy } from '../support/counting-proxy';
import { query } from '../support/graphql';
import { deleteKeys, TEST_REDIS_URL, uniquePrefix } from '../support/redis';
import { freePort } from '../support/redis-process';
import { measured, until } from '../support/wait';

jest.setTimeout(120_000);

const MAIN = resolve(__dirname, '../../dist/main.js');
const PATIENTS = Number(process.env.E2E_PATIENTS ?? 60);
const LEASE_MS = 2000;
/** The poller's default period (5 Hz). */
const POLL_PERIOD_MS = 200;
const ALL = Array.from({ length: PATIENTS }, (_, i) => i + 1);

interface Instance {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** Its way to the simulator: every request it makes is counted here. */
  readonly api: CountingProxy;
  output: string;
}

/**
 * Several real Plantar processes on one Redis with CLUSTER=on (issue 16's failure tests 1-5), each
 * polling the one simulator through a proxy of its own that counts its requests: every patient
 * polled by exactly one instance; a fourth instance takes a quarter with the fewest moves; an
 * instance paused past its lease has its late writes refused by the fence and rejoins; a SIGTERM
 * hands its patients over at once, a SIGKILL within about two lease times; no sample stored twice.
 * The tests run in order on the same instances.
 */
describe('CLUSTER=on: patients spread over instances', () => {
  const prefix = uniquePrefix('cluster');
  let simulator: SimulatorServer;
  const instances: Instance[] = [];

  const startInstance = async (name: string, env: Record<string, string> = {}): Promise<Instance> => {
    expect(existsSync(MAIN)).toBe(true); // built by `npm test` before the tests run
    const [port, api] = await Promise.all([freePort(), startCountingProxy(simulator.url)]);
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        API_BASE_URL: api.url,
        PATIENT_IDS: `1-${PATIENTS}`,
        // Answers held back across a SIGSTOP must still count when the process resumes.
        REQUEST_TIMEOUT_MS: '30000',
        AUTH: 'off',
        ARCHIVE: 'off',
        LOG_LEVEL: 'info',
        CLUSTER: 'on',
        CLUSTER_LEASE_MS: String(LEASE_MS),
        INSTANCE_ID: name,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const instance: Instance = { name, url: `http://127.0.0.1:${port}`, child, api, output: '' };
    child.stdout!.on('data', (d) => (instance.output += d));
    child.stderr!.on('data', (d) => (instance.output += d));
    instances.push(instance);
    await until(
      () => instance.output.includes('Plantar is running') || child.exitCode !== null,
      `${name} to start`,
      60_000,
    );
    if (child.exitCode !== null) throw new Error(`${name} exited:\n${instance.output}`);
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
  const exited = (i: Instance) => new Promise((r) => (gone(i) ? r(null) : i.child.once('exit', r)));
  /**
   * The final share of `alive`: each instance polls exactly the patients whose buckets rendezvous
   * hashing gives it among them. "Every patient polled once" alone also holds in passing while
   * instances join: the first one up takes every bucket, and until it has seen the others it still
   * holds some that one of them takes over a tick later.
   */
  const converged = async (alive: Instance[]) => {
    const names = alive.map((i) => i.name);
    const shares = await Promise.all(alive.map(polledBy));
    return alive.every(
      (i, n) => shares[n]!.join() === ALL.filter((id) => ownerOf(bucketOf(id), names) === i.name).join(),
    );
  };
  /**
   * When the counts at the simulator start after converging: a request the previous owner sent
   * just before its release is on the wire (or waiting in this process's busy event loop) and is
   * counted at its arrival, so one poll period is left for it to land.
   */
  const afterInFlight = () => Date.now() + POLL_PERIOD_MS;
  /** Per patient, the instances whose proxies saw it polled in [from, to). */
  const pollersIn = (from: number, to = Infinity): Map<number, Set<string>> => {
    const by = new Map<number, Set<string>>(ALL.map((id) => [id, new Set()]));
    for (const i of instances) {
      for (const p of i.api.polls) if (p.at >= from && p.at < to) by.get(p.patientId)?.add(i.name);
    }
    return by;
  };
  /** Resolves once every patient has been polled `n` times since `from`, whoever polled it. */
  const everyonePolled = (from: number, n: number) =>
    until(
      () => {
        const counts = new Map<number, number>();
        for (const i of instances) {
          for (const p of i.api.polls)
            if (p.at >= from) counts.set(p.patientId, (counts.get(p.patientId) ?? 0) + 1);
        }
        return ALL.every((id) => (counts.get(id) ?? 0) >= n);
      },
      `every patient polled ${n} times`,
      60_000,
      100,
    );
  const fenceRefusals = async (i: Instance): Promise<number> => {
    const text = await (await fetch(`${i.url}/metrics`)).text();
    const line = /^plantar_cluster_fence_refusals_total(?:\{[^}]*\})? (\d+)/m.exec(text);
    return line === null ? 0 : Number(line[1]);
  };
  /**
   * How often the simulator has served each sample (trace id and values) of a patient so far:
   * a recording can hold the same values twice within one trace second (saturated sensors), so
   * "stored twice" means more often than the API produced it.
   */
  const producedCounts = (id: number): Map<string, number> => {
    const sim = simulator.simulator;
    const counts = new Map<string, number>();
    const last = sim.sampleIndexAt(Date.now());
    for (let i = 0; i <= last; i++) {
      const body = JSON.parse(sim.body(id, sim.startedAtMs + i * sim.sampleIntervalMs)!) as {
        trace: { id: number; sensors: { value: number }[] };
      };
      const key = `${body.trace.id}|${body.trace.sensors.map((x) => x.value).join(',')}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  };
  /** No sample stored more often than the API produced it, and every list in time order. */
  const expectNoDuplicates = async () => {
    const store = new RedisStore({ url: TEST_REDIS_URL, keyPrefix: prefix });
    try {
      await store.waitUntilReady(5000);
      let total = 0;
      for (const id of ALL) {
        const readings = await store.readings(id, { from: 0, last: 1_000_000 });
        total += readings.length;
        const produced = producedCounts(id);
        const stored = new Map<string, number>();
        for (const r of readings) {
          const key = `${r.traceId}|${r.sensors.map((x) => x.value).join(',')}`;
          stored.set(key, (stored.get(key) ?? 0) + 1);
        }
        const twice = [...stored].filter(([key, n]) => n > (produced.get(key) ?? 0));
        expect({ id, twice }).toEqual({ id, twice: [] });
        const backwards = readings.filter((r, k) => k > 0 && r.at <= readings[k - 1]!.at);
        expect({ id, backwards }).toEqual({ id, backwards: [] });
      }
      expect(total).toBeGreaterThan(PATIENTS * 3);
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    simulator = await startSimulatorServer({ patients: PATIENTS });
  });
  afterAll(async () => {
    for (const i of instances) {
      if (gone(i)) continue;
      i.child.kill('SIGCONT');
      i.child.kill('SIGKILL');
    }
    await Promise.all(instances.map(exited));
    await Promise.all(instances.map((i) => i.api.close()));
    await simulator?.close();
    await deleteKeys(prefix);
  });

  it('polls every patient by exactly one of three instances, and stores no reading twice', async () => {
    const [a, b, c] = await Promise.all([
      startInstance('i1'),
      startInstance('i2'),
      // The one paused in test 4 polls on its main thread: on resume the answers held back in its
      // sockets are handled in the event loop's first poll phase, with the fence it still holds,
      // before the lease renewal's round trips to Redis tell it the leases are gone. With a poll
      // thread the worker's messages race those round trips, and the instance may learn first and
      // drop the late answers itself (correct, but then there is nothing for the fence to refuse).
      startInstance('i3', { POLL_THREADS: '0' }),
    ]);
    const waited = await until(() => converged([a, b, c]), 'each instance to poll its share', 20_000, 100);
    // At the simulator: from now on each patient's requests come from one instance only.
    const from = afterInFlight();
    await everyonePolled(from, 3);
    const pollers = pollersIn(from);
    expect(ALL.filter((id) => pollers.get(id)!.size !== 1)).toEqual([]);
    const shares = [a, b, c].map((i) => ALL.filter((id) => pollers.get(id)!.has(i.name)).length);
    measured('cluster share', { converged_ms: waited, shares });
    await expectNoDuplicates();
  });

  it('moves about a quarter of the patients to a fourth instance, none polled by two instances at once', async () => {
    const [a, b, c] = instances as [Instance, Instance, Instance];
    const before = pollersIn(Date.now() - 1000);
    const joinedAt = Date.now();
    const d = await startInstance('i4');
    await until(() => converged([a, b, c, d]), 'the fourth instance to take its share', 20_000, 100);
    const settled = afterInFlight();
    await everyonePolled(settled, 3);
    const after = pollersIn(settled);
    expect(ALL.filter((id) => after.get(id)!.size !== 1)).toEqual([]);
    const ownerBefore = (id: number) => [...before.get(id)!][0];
    const ownerAfter = (id: number) => [...after.get(id)!][0];
    const moved = ALL.filter((id) => ownerBefore(id) !== ownerAfter(id));
    // Rendezvous hashing: exactly the buckets the newcomer wins move, all to it, none elsewhere.
    const members = ['i1', 'i2', 'i3', 'i4'];
    expect(moved).toEqual(ALL.filter((id) => ownerOf(bucketOf(id), members) === 'i4'));
    expect(moved.every((id) => ownerAfter(id) === 'i4')).toBe(true);
    expect(moved.length).toBeGreaterThan(PATIENTS * 0.1);
    expect(moved.length).toBeLessThan(PATIENTS * 0.45);
    // Double polling during the move: the old owner's last request against the new one's first.
    let overlapMs = -Infinity;
    let gapMs = 0;
    for (const id of moved) {
      const old = instances.find((i) => i.name === ownerBefore(id))!;
      const lastOld = Math.max(
        ...old.api.polls.filter((p) => p.patientId === id && p.at >= joinedAt).map((p) => p.at),
      );
      const firstNew = Math.min(...d.api.polls.filter((p) => p.patientId === id).map((p) => p.at));
      overlapMs = Math.max(overlapMs, lastOld - firstNew);
      gapMs = Math.max(gapMs, firstNew - lastOld);
    }
    // The old owner stops polling and its last polls are answered before it releases the lease.
    expect(overlapMs).toBeLessThan(0);
    measured('cluster fourth instance joins', {
      moved: moved.length,
      moved_fraction: Math.round((moved.length / PATIENTS) * 100) / 100,
      max_double_poll_ms: Math.max(0, overlapMs),
      max_gap_ms: gapMs,
      lease_ms: LEASE_MS,
    });
    await expectNoDuplicates();
  });

  it('refuses the late writes of an instance paused past its lease, which then rejoins', async () => {
    const [a, b, victim, d] = instances as [Instance, Instance, Instance, Instance];
    // Answers held back: when the pause begins requests are in flight, and their answers are
    // handled before the resumed instance's first lease renewal tells it the leases are gone.
    // Longer than two sample intervals: no answer held back can repeat the one before it (a
    // repeat is not written, so it could not be refused).
    victim.api.delayMs = 450;
    const slowFrom = Date.now();
    await until(
      () => victim.api.polls.filter((p) => p.at > slowFrom + 300).length > 10,
      'slow polls',
      10_000,
    );
    expect(await fenceRefusals(victim)).toBe(0);
    const stoppedAt = Date.now();
    victim.child.kill('SIGSTOP');
    const takeover = await until(() => converged([a, b, d]), 'the others to take its patients', 20_000, 100);
    // The successors have written: a poll each since they took over.
    await everyonePolled(Date.now(), 2);
    const resumedAt = Date.now();
    victim.child.kill('SIGCONT');
    victim.api.delayMs = 0;
    await until(async () => (await fenceRefusals(victim)) > 0, 'its late writes to be refused', 10_000);
    expect(victim.output).toContain('readings refused by the lease fence');
    const rejoin = await until(() => converged([a, b, victim, d]), 'it to take its share again', 20_000, 100);
    await expectNoDuplicates();
    measured('cluster SIGSTOP past the lease', {
      takeover_after_stop_ms: takeover,
      paused_ms: resumedAt - stoppedAt,
      refused: await fenceRefusals(victim),
      rejoined_ms: rejoin,
      lease_ms: LEASE_MS,
    });
  });

  it('hands a SIGTERMed instance its patients over at once', async () => {
    const [a, b, c, d] = instances as [Instance, Instance, Instance, Instance];
    const t0 = Date.now();
    d.child.kill('SIGTERM');
    const handover = await until(
      () => converged([a, b, c]),
      'the other three to take its patients',
      10_000,
      100,
    );
    await exited(d);
    measured('cluster handover after SIGTERM', {
      ms: handover,
      lease_ms: LEASE_MS,
      exited_after_ms: Date.now() - t0,
    });
  });

  it('takes a SIGKILLed instance its patients once its leases expire', async () => {
    const [a, b, c] = instances as [Instance, Instance, Instance];
    c.child.kill('SIGKILL');
    await exited(c);
    const failover = await until(() => converged([a, b]), 'the last two to poll everyone', 15_000, 100);
    measured('cluster failover after SIGKILL', { ms: failover, lease_ms: LEASE_MS });
    await expectNoDuplicates();
  });
});
