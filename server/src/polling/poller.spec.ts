import { MemoryStore } from '../store/memory-store';
import { WriteQueue } from '../store/write-queue';
import { silentLogger, freshMetrics } from '../../test/support/quiet';
import { Poller } from './poller';
import { validateBody } from './monitor-client';
import { PollError } from './poll-error';

function apiBody(traceId: number, values: number[], extra: Record<string, unknown> = {}) {
  return {
    birthdate: '1982',
    disabled: false,
    firstname: 'Janek',
    id: 12, // the real API says 12 for every patient
    lastname: 'Grzegorczyk',
    trace: { id: traceId, name: 'bach', sensors: values.map((value, id) => ({ anomaly: false, id, value })) },
    ...extra,
  };
}

function setup(fetch: (id: number) => Promise<unknown>, anomalySimulationRate = 0) {
  const store = new MemoryStore();
  const metrics = freshMetrics();
  const logger = silentLogger();
  const writeQueue = new WriteQueue({ store, capacityPerPatient: 100, logger, metrics });
  const poller = new Poller({
    // As a MonitorFetcher answers: validated, or a 'malformed' PollError.
    fetch: async (id) => validateBody(await fetch(id), 6),
    store,
    writeQueue,
    logger,
    metrics,
    periodMs: 200,
    backoffMaxMs: 1000,
    staleAfterMs: 1000,
    anomalySimulationRate,
    random: () => 0.1,
  });
  return { store, poller, writeQueue };
}

describe('Poller', () => {
  // setImmediate stays real: the write queue batches on it, and drain() must see it run.
  beforeEach(() => jest.useFakeTimers({ now: 5_000_000, doNotFake: ['setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('setPatients resolves only once the patients it drops have no poll in flight', async () => {
    let answer!: () => void;
    const inFlight = new Promise<void>((resolve) => (answer = resolve));
    const { poller } = setup(async (id) => {
      if (id === 2) await inFlight; // patient 2's poll hangs until the test answers it
      return apiBody(1, [id, 2, 3, 4, 5, 6]);
    });
    poller.start([1, 2]);
    await jest.advanceTimersByTimeAsync(300); // both polled once; patient 2's poll still open
    let settled = false;
    const dropped = poller.setPatients([1]).then(() => (settled = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(poller.patientIds()).toEqual([1]);
    expect(settled).toBe(false); // a cluster handover must not release the lease yet
    answer();
    await dropped;
    expect(settled).toBe(true);
    await poller.stop();
  });

  it('keys readings by the polled id, stores fresh samples once and counts repeats', async () => {
    let trace = 2350401012010;
    let polls = 0;
    const { store, poller, writeQueue } = setup(async (id) => {
      polls++;
      // A new sample every other poll: the API repeats itself in between.
      if (polls % 2 === 0) trace++;
      return apiBody(trace, [id, 2, 3, 4, 5, 6]);
    });
    poller.start([3]);
    // Polls at 0, 200, 400, 600, 800: trace ids T, T+1, T+1, T+2, T+2.
    await jest.advanceTimersByTimeAsync(900);
    await poller.stop();
    await writeQueue.drain(1000);
    const stored = await store.readings(3, { last: 100 });
    expect(stored.length).toBe(3);
    expect(new Set(stored.map((r) => r.traceId)).size).toBe(3);
    expect(stored.every((r) => r.patientId === 3 && r.sensors[0]!.value === 3)).toBe(true);
    expect(poller.health(3)).toMatchObject({ fresh: 3, repeats: 2 });
    expect(await store.readings(12, { last: 100 })).toEqual([]);
    expect((await store.patients([3])).get(3)).toMatchObject({ firstName: 'Janek', birthYear: 1982 });
  });

  it('stores a sample whose values change under the same trace id', async () => {
    let v = 0;
    const { store, poller, writeQueue } = setup(async () => apiBody(1, [v++, 0, 0, 0, 0, 0]));
    poller.start([1]);
    await jest.advanceTimersByTimeAsync(400);
    await poller.stop();
    await writeQueue.drain(1000);
    expect((await store.readings(1, { last: 10 })).length).toBe(3);
  });

  it('counts each failure kind and reports the patient FAILING, then LIVE once it recovers', async () => {
    let mode: 'garbage' | 'error' | 'ok' = 'garbage';
    let trace = 1;
    const { poller } = setup(async () => {
      if (mode === 'error') throw new PollError('http-status', 'HTTP 500');
      if (mode === 'garbage') return { hello: 'world' };
      return apiBody(trace++, [1, 2, 3, 4, 5, 6]);
    });
    poller.start([2]);
    expect(poller.status(2)).toBe('UNKNOWN');
    await jest.advanceTimersByTimeAsync(0);
    expect(poller.status(2)).toBe('FAILING'); // never answered well
    mode = 'ok';
    await jest.advanceTimersByTimeAsync(250);
    expect(poller.status(2)).toBe('LIVE');
    mode = 'error';
    await jest.advanceTimersByTimeAsync(2000);
    expect(poller.status(2)).toBe('FAILING');
    const health = poller.health(2)!;
    expect(health.failures.malformed).toBe(1);
    expect(health.failures['http-status']).toBeGreaterThanOrEqual(3);
    expect(health.lastFailure).toMatchObject({ kind: 'http-status', message: 'HTTP 500' });
    await poller.stop();
  });

  it('reports STALE when the API keeps repeating the same sample', async () => {
    const { poller } = setup(async () => apiBody(1, [1, 2, 3, 4, 5, 6]));
    poller.start([4]);
    await jest.advanceTimersByTimeAsync(500);
    expect(poller.status(4)).toBe('LIVE');
    await jest.advanceTimersByTimeAsync(1500);
    expect(poller.status(4)).toBe('STALE');
    await poller.stop();
  });

  it('isolates patients: one that hangs does not slow the others', async () => {
    const { store, poller, writeQueue } = setup((id) =>
      id === 1 ? new Promise(() => undefined) : Promise.resolve(apiBody(Date.now(), [1, 2, 3, 4, 5, 6])),
    );
    poller.start([1, 2]);
    await jest.advanceTimersByTimeAsync(1000);
    await writeQueue.drain(1000);
    expect((await store.readings(2, { last: 100 })).length).toBeGreaterThanOrEqual(5);
    expect(await store.readings(1, { last: 100 })).toEqual([]);
    // stop() must not wait on patient 1's request, which never settles: the loop abandons it.
    const stopped = poller.removePatient(2);
    await stopped;
    expect(poller.patientIds()).toEqual([1]);
  });

  it('adds and removes patients at run time', async () => {
    const { poller } = setup(async () => apiBody(Date.now(), [1, 2, 3, 4, 5, 6]));
    poller.start([1, 2]);
    poller.setPatients([2, 3]);
    expect(poller.patientIds().sort()).toEqual([2, 3]);
    await jest.advanceTimersByTimeAsync(300);
    expect(poller.status(3)).toBe('LIVE');
    expect(poller.status(1)).toBe('UNKNOWN');
    await poller.stop();
  });

  it("simulates anomalies at the configured rate (the seed's demo feature)", async () => {
    const { store, poller, writeQueue } = setup(async () => apiBody(Date.now(), [1, 2, 3, 4, 5, 6]), 0.5);
    poller.start([5]);
    await jest.advanceTimersByTimeAsync(400);
    await poller.stop();
    await writeQueue.drain(1000);
    const stored = await store.readings(5, { last: 10 });
    // random() is 0.1 < 0.5: every reading gets sensor floor(0.1 * 6) = 0 flagged.
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((r) => r.sensors[0]!.anomaly && !r.sensors[1]!.anomaly)).toBe(true);
    expect((await store.anomalies(5, { first: 10 })).total).toBe(stored.length);
  });
});
