import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { PollWorkers as PollWorkersClass } from '../../src/polling/poll-workers';
import { startSimulatorServer, type SimulatorServer } from '../../src/simulator/simulator-server';
import { startFaultyApi, type Fault } from '../support/faulty-api';
import { captureLogs } from '../support/log-capture';
import { pollFailure as failureOf } from '../support/poll-failure';

// A worker thread runs compiled JavaScript, so this suite uses the build (`npm test` builds first).
const DIST = resolve(__dirname, '../../dist/polling/poll-workers.js');

describe('poll worker threads (the HTTP side of polling off the main thread)', () => {
  let PollWorkers: typeof PollWorkersClass;
  let simulator: SimulatorServer;
  let api: Awaited<ReturnType<typeof startFaultyApi>>;
  const faults = new Map<number, Fault>([
    [7, '500'],
    [8, 'garbage'],
    [9, 'hang'],
    [10, 'out-of-range'],
  ]);

  beforeAll(async () => {
    expect(existsSync(DIST)).toBe(true);
    ({ PollWorkers } = (await import(DIST)) as { PollWorkers: typeof PollWorkersClass });
    simulator = await startSimulatorServer({ patients: 10 });
    api = await startFaultyApi(simulator.url, faults);
  });
  afterAll(async () => {
    await api.close();
    await simulator.close();
  });

  function workers(threads = 2) {
    const logs = captureLogs('info');
    const pool = new PollWorkers({ baseUrl: api.url, timeoutMs: 400, threads, logger: logs.logger });
    return { pool, logs };
  }

  it('returns each patient its own validated body, from every thread', async () => {
    const { pool } = workers(2);
    try {
      const bodies = await Promise.all([1, 2, 3, 4].map((id) => pool.fetch(id)));
      expect(bodies.map((b) => b.sensors.length)).toEqual([6, 6, 6, 6]);
      expect(bodies[0]).toMatchObject({
        traceId: expect.stringMatching(/^\d+$/),
        sensors: expect.arrayContaining([
          { anomaly: expect.any(Boolean), id: 0, name: 'L0', value: expect.any(Number) },
        ]),
      });
      // The simulator's six default patients have distinct real names.
      expect(new Set(bodies.map((b) => b.firstName)).size).toBe(4);
    } finally {
      await pool.close();
    }
  });

  it('reports HTTP errors, garbage, a wrong shape and a body that never ends as their own failure kinds', async () => {
    const { pool } = workers(1);
    try {
      const [status, garbage, hang, shape] = await Promise.all([
        failureOf(pool.fetch(7)),
        failureOf(pool.fetch(8)),
        failureOf(pool.fetch(9)),
        failureOf(pool.fetch(10)),
      ]);
      // Validated in the worker, with the validator's message.
      expect(shape).toMatchObject({
        name: 'PollError',
        kind: 'malformed',
        message: "expected 'trace.sensors[0].value' to be an integer 0..1023, got number 4096",
      });
      expect(status).toMatchObject({ name: 'PollError', kind: 'http-status', message: 'HTTP 500' });
      expect(garbage).toMatchObject({ name: 'PollError', kind: 'malformed' });
      expect(garbage.message).toMatch(/^body is not JSON/);
      expect(hang).toMatchObject({ name: 'PollError', kind: 'timeout' });
      // The pool still answers afterwards.
      await expect(pool.fetch(1)).resolves.toMatchObject({ sensors: expect.any(Array) });
    } finally {
      await pool.close();
    }
  });

  it('gives up a request at once when its patient loop stops', async () => {
    const { pool } = workers(1);
    try {
      // One signal for the loop's whole life, as a patient loop uses it: requests answered before
      // the stop stay answered, the one in flight is given up, later ones are refused.
      const stop = new AbortController();
      await expect(pool.fetch(1, stop.signal)).resolves.toMatchObject({ sensors: expect.any(Array) });
      const hanging = failureOf(pool.fetch(9, stop.signal));
      stop.abort();
      await expect(hanging).resolves.toMatchObject({ kind: 'network', message: 'aborted' });
      await expect(failureOf(pool.fetch(1, stop.signal))).resolves.toMatchObject({ message: 'aborted' });
    } finally {
      await pool.close();
    }
  });

  it('learns a patient metadata from an answer nobody waits for any more', async () => {
    // The race: the worker answers (metadata included, sent once per patient) while the main
    // thread has already given the request up. Replayed by hand, as the worker would send it.
    const { pool } = workers(1);
    try {
      const held = pool.fetch(9); // hangs: its id is the one the second message answers
      const receive = (pool as unknown as { receive(worker: number, batch: unknown[]): void }).receive.bind(
        pool,
      );
      const meta = {
        firstName: 'Ann',
        lastName: 'Lee',
        birthYear: null,
        disabled: false,
        traceName: 't',
        names: ['L0'],
      };
      const pendingId = (pool as unknown as { nextId: number }).nextId - 1;
      receive(0, [{ id: 1e9, ok: true, patientId: 9, traceId: '1', samples: [2], meta }]); // given up
      receive(0, [{ id: pendingId, ok: true, patientId: 9, traceId: '2', samples: [5] }]);
      await expect(held).resolves.toEqual({
        firstName: 'Ann',
        lastName: 'Lee',
        birthYear: null,
        disabled: false,
        traceName: 't',
        traceId: '2',
        sensors: [{ anomaly: true, id: 0, name: 'L0', value: 2 }],
      });
    } finally {
      await pool.close();
    }
  });

  it('replaces a worker that dies, failing only the requests it held', async () => {
    const { pool, logs } = workers(1);
    try {
      const held = failureOf(pool.fetch(9));
      // Reaching into the pool is the only way to kill its thread from outside.
      const thread = (pool as unknown as { workers: Worker[] }).workers[0]!;
      await thread.terminate();
      await expect(held).resolves.toMatchObject({ kind: 'network' });
      expect((await held).message).toMatch(/poll worker exited/);
      await logs.waitFor((l) => l.msg === 'poll worker exited; starting a new one');
      await expect(pool.fetch(2)).resolves.toMatchObject({ sensors: expect.any(Array) });
    } finally {
      await pool.close();
    }
  });

  it('refuses work once closed', async () => {
    const { pool } = workers(1);
    const held = failureOf(pool.fetch(9));
    await pool.close();
    await expect(held).resolves.toMatchObject({ kind: 'network', message: 'API client closed' });
    await expect(failureOf(pool.fetch(1))).resolves.toMatchObject({ message: 'API client closed' });
  });
});
