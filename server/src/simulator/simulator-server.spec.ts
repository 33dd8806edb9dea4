import { parseMonitorResponse } from '../polling/monitor-response';
import { MALFORMED_KINDS } from './faults';
import { startSimulatorServer, type SimulatorServer } from './simulator-server';

/** Parse + validate like the project's poller; returns the failure or undefined. */
function consumerError(text: string): unknown {
  try {
    parseMonitorResponse(JSON.parse(text), 6);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('simulator HTTP server', () => {
  let server: SimulatorServer;
  beforeAll(async () => {
    server = await startSimulatorServer({ port: 0, seed: 11 });
  });
  afterAll(() => server.close());
  afterEach(() => server.setFaults('all', null));

  it('serves GET /v2/monitor/{id} as JSON over kept-alive connections', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/v2/monitor/`);
    const response = await fetch(`${server.url}2`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('connection')).toBe('keep-alive');
    const text = await response.text();
    expect(text).toMatch(/^\{"birthdate":"1976","disabled":true,"firstname":"El\\u017cbieta","id":12,/);
    expect(consumerError(text)).toBeUndefined();
    expect(text).toBe(server.simulator.body(2));
  });

  it('answers /healthz, and 404 / 405 with JSON errors', async () => {
    const health = await fetch(server.url.replace('/v2/monitor/', '/healthz'));
    expect(await health.json()).toEqual({ status: 'ok', patients: 6 });
    const unknown = await fetch(`${server.url}7`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'unknown patient 7: ids are 1..6' });
    const noRoute = await fetch(`${server.url}abc`);
    expect(noRoute.status).toBe(404);
    await noRoute.body?.cancel();
    const post = await fetch(`${server.url}1`, { method: 'POST' });
    expect(post.status).toBe(405);
    await post.body?.cancel();
  });

  it('errorRate 1 answers HTTP 500 for that patient only', async () => {
    server.setFaults(1, { errorRate: 1 });
    const failing = await fetch(`${server.url}1`);
    expect(failing.status).toBe(500);
    expect(await failing.json()).toEqual({ error: expect.stringMatching(/simulated/) });
    const other = await fetch(`${server.url}2`);
    expect(other.status).toBe(200);
    await other.body?.cancel();
  });

  it('latencyMs delays the answer', async () => {
    server.setFaults('all', { latencyMs: 150 });
    const started = performance.now();
    const response = await fetch(`${server.url}3`);
    await response.text();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    server.setFaults('all', null);
    const quickStart = performance.now();
    await (await fetch(`${server.url}3`)).text();
    expect(performance.now() - quickStart).toBeLessThan(140);
  });

  it.each(MALFORMED_KINDS)('malformed %s: a 200 whose body the consumer refuses', async (kind) => {
    server.setFaults(4, { malformedRate: 1, malformedKinds: [kind] });
    for (let k = 0; k < 5; k++) {
      const response = await fetch(`${server.url}4`);
      expect(response.status).toBe(200);
      expect(consumerError(await response.text())).toBeDefined();
    }
  });
});

describe('simulator HTTP server: hang', () => {
  it('sends headers and never ends the body; the client times out, close() still finishes', async () => {
    const server = await startSimulatorServer({ port: 0, faults: { hang: true } });
    const response = await fetch(`${server.url}1`, { signal: AbortSignal.timeout(300) });
    expect(response.status).toBe(200); // headers came
    await expect(response.text()).rejects.toMatchObject({ name: 'TimeoutError' });
    // A second hanging request left open while closing.
    const pending = fetch(`${server.url}2`).then((r) => r.text());
    const settled = pending.then(
      () => 'resolved',
      () => 'rejected',
    );
    await new Promise((resolve) => setImmediate(resolve));
    const closeStarted = performance.now();
    await server.close();
    expect(performance.now() - closeStarted).toBeLessThan(1000);
    expect(await settled).toBe('rejected');
  });

  it('close() also cancels answers waiting on latency', async () => {
    const server = await startSimulatorServer({ port: 0, faults: { latencyMs: 60_000 } });
    const settled = fetch(`${server.url}1`).then(
      () => 'resolved',
      () => 'rejected',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    expect(await settled).toBe('rejected');
  });
});

describe('simulator HTTP server: scale', () => {
  it('answers 1,000 generated patients', async () => {
    const server = await startSimulatorServer({ port: 0, patients: 1000, seed: 'scale' });
    try {
      const statuses = new Map<number, number>();
      const ids = Array.from({ length: 1000 }, (_, k) => k + 1);
      for (let k = 0; k < ids.length; k += 100) {
        await Promise.all(
          ids.slice(k, k + 100).map(async (id) => {
            const response = await fetch(`${server.url}${id}`);
            const text = await response.text();
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            if (consumerError(text) !== undefined) throw new Error(`patient ${id}: ${text}`);
          }),
        );
      }
      expect(statuses).toEqual(new Map([[200, 1000]]));
      const beyond = await fetch(`${server.url}1001`);
      expect(beyond.status).toBe(404);
      await beyond.body?.cancel();
    } finally {
      await server.close();
    }
  });
});
