import { getEventListeners } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pollFailure as failure } from '../../test/support/poll-failure';
import { MonitorClient } from './monitor-client';
import type { PollError } from './poll-error';
import { parseMonitorResponse } from './monitor-response';

type Route = (res: ServerResponse) => void;

/** A local HTTP server answering `/v2/monitor/<id>` by route; counts the connections it accepted. */
async function api(routes: Record<number, Route>) {
  const sockets = new Set<Socket>();
  let connections = 0;
  const closed: Promise<void>[] = [];
  const arrived: (() => void)[] = [];
  const arrivals: Promise<void>[] = Array.from(
    { length: 32 },
    (_, i) => new Promise((r) => (arrived[i] = r)),
  );
  let requests = 0;
  const server: Server = createServer((req, res) => {
    arrived[requests++]?.();
    const id = Number(/(\d+)$/.exec(req.url ?? '')?.[1]);
    const route = routes[id];
    if (route === undefined) res.writeHead(404).end();
    else route(res);
  });
  server.on('connection', (s: Socket) => {
    connections++;
    sockets.add(s);
    closed.push(new Promise((r) => s.once('close', () => r())));
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/monitor/`,
    connections: () => connections,
    /** Resolves when the n-th request (from 1) has arrived. */
    requested: (n: number) => arrivals[n - 1]!,
    /** Resolves when the n-th accepted connection (from 1) has closed. */
    closedConnection: (n: number) => closed[n - 1]!,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

const BODY = '{"firstname":"Ann"}';
const ok: Route = (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(BODY);
const hang: Route = (res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"first');
};

describe('MonitorClient', () => {
  let server: Awaited<ReturnType<typeof api>>;
  let client: MonitorClient;
  afterEach(async () => {
    await client?.close();
    await server?.close();
  });

  it('reads each patient at baseUrl + id over one kept-alive connection', async () => {
    server = await api({ 1: ok, 2: (res) => res.writeHead(200).end('{"id":2}') });
    client = new MonitorClient({ baseUrl: server.url, connections: 1 });
    await expect(client.fetchText(1)).resolves.toBe(BODY);
    await expect(client.fetchText(2)).resolves.toBe('{"id":2}');
    expect(server.connections()).toBe(1);
  });

  it('ends every exchange at its own deadline and leaves the others alone', async () => {
    server = await api({ 1: ok, 9: hang });
    client = new MonitorClient({ baseUrl: server.url, timeoutMs: 150 });
    const order: string[] = [];
    const note = (label: string, p: Promise<unknown>) =>
      p.then(
        () => order.push(`${label} ok`),
        (e: PollError) => order.push(`${label} ${e.kind}`),
      );
    const first = note('first hang', client.fetch(9));
    // Started after the first hang has written its headers: a later deadline.
    await server.requested(1);
    const second = note('second hang', client.fetch(9));
    const quick = note('quick', client.fetchText(1));
    await Promise.all([first, second, quick]);
    expect(order).toEqual(['quick ok', 'first hang timeout', 'second hang timeout']);
    const e = await failure(client.fetch(9));
    expect(e.message).toBe('no complete answer within 150 ms');
    // Still answers afterwards.
    await expect(client.fetchText(1)).resolves.toBe(BODY);
  });

  it('waits past an informational response for the real one', async () => {
    server = await api({
      1: (res) => {
        res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
        ok(res);
      },
    });
    client = new MonitorClient({ baseUrl: server.url });
    await expect(client.fetchText(1)).resolves.toBe(BODY);
  });

  it('tells an error status at once and keeps the connection for the next request', async () => {
    server = await api({ 1: ok, 5: (res) => res.writeHead(500).end('{"error":"internal"}') });
    client = new MonitorClient({ baseUrl: server.url, connections: 1 });
    await expect(failure(client.fetch(5))).resolves.toMatchObject({
      name: 'PollError',
      kind: 'http-status',
      message: 'HTTP 500',
    });
    await expect(client.fetchText(1)).resolves.toBe(BODY);
    expect(server.connections()).toBe(1);
  });

  it('refuses a body over the cap, declared or streamed, and drops its connection', async () => {
    const big = 'x'.repeat(2048);
    server = await api({
      1: ok,
      3: (res) => res.writeHead(200, { 'content-length': String(big.length) }).end(big),
      4: (res) => {
        res.writeHead(200); // chunked: no length declared
        res.write(big.slice(0, 1000));
        setImmediate(() => res.end(big.slice(1000)));
      },
    });
    client = new MonitorClient({ baseUrl: server.url, maxBodyBytes: 1024, connections: 1 });
    await expect(failure(client.fetch(3))).resolves.toMatchObject({
      kind: 'too-large',
      message: 'body of 2048 bytes exceeds 1024',
    });
    await server.closedConnection(1);
    await expect(failure(client.fetch(4))).resolves.toMatchObject({
      kind: 'too-large',
      message: 'body exceeds 1024 bytes',
    });
    await server.closedConnection(2);
    await expect(client.fetchText(1)).resolves.toBe(BODY);
  });

  it('validates bodies: the API shape comes back narrowed, anything else is malformed', async () => {
    const sensors = [1023, 637, 0].map((value, id) => ({ anomaly: id === 2, id, value }));
    const body = (value: unknown) =>
      JSON.stringify({
        birthdate: '1982',
        disabled: false,
        firstname: 'Janek',
        lastname: 'Grzegorczyk',
        trace: {
          id: 2350401012010,
          name: 'bach',
          sensors: [...sensors.slice(0, 2), { ...sensors[2], value }],
        },
      });
    server = await api({
      1: (res) => res.writeHead(200).end(body(0)),
      2: (res) => res.writeHead(200).end(body('abc')),
      8: (res) => res.writeHead(200).end('<html>proxy error</html>'),
    });
    client = new MonitorClient({ baseUrl: server.url, sensorCount: 3 });
    // Exactly the validator's narrowing (its own spec covers the fields), for the configured count.
    await expect(client.fetch(1)).resolves.toEqual(parseMonitorResponse(JSON.parse(body(0)), 3));
    await expect(client.fetch(1)).resolves.toMatchObject({ traceId: '2350401012010', sensors });
    await expect(failure(client.fetch(2))).resolves.toMatchObject({
      kind: 'malformed',
      message: 'expected \'trace.sensors[2].value\' to be an integer 0..1023, got string "abc"',
    });
    const malformed = await failure(client.fetch(8));
    expect(malformed.kind).toBe('malformed');
    expect(malformed.message).toMatch(/^body is not JSON: /);
  });

  it('reports a refused connection as network', async () => {
    server = await api({});
    client = new MonitorClient({ baseUrl: server.url });
    const dead = new MonitorClient({ baseUrl: 'http://127.0.0.1:1/v2/monitor/' });
    try {
      await expect(failure(dead.fetch(1))).resolves.toMatchObject({
        kind: 'network',
        message: expect.stringMatching(/^ECONNREFUSED/),
      });
    } finally {
      await dead.close();
    }
  });

  it('gives up an exchange when cancelled or stopped, dropping its connection', async () => {
    server = await api({ 9: hang });
    client = new MonitorClient({ baseUrl: server.url, timeoutMs: 60_000 });
    const told: (PollError | undefined)[] = [];
    const cancel = client.exchange(9, (error) => told.push(error));
    await server.requested(1);
    cancel();
    cancel(); // twice is harmless
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ kind: 'network', message: 'aborted' });
    await server.closedConnection(1);

    const stop = new AbortController();
    const stopped = failure(client.fetchText(9, stop.signal));
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(1);
    stop.abort();
    await expect(stopped).resolves.toMatchObject({ kind: 'network', message: 'aborted' });
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
    await expect(failure(client.fetchText(9, stop.signal))).resolves.toMatchObject({ message: 'aborted' });
  });

  it('leaves no abort listener behind on a long-lived signal', async () => {
    server = await api({ 1: ok, 5: (res) => res.writeHead(500).end() });
    client = new MonitorClient({ baseUrl: server.url });
    const stop = new AbortController();
    await client.fetchText(1, stop.signal);
    await failure(client.fetchText(5, stop.signal));
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  });

  it('tells every one of many concurrent exchanges exactly once, whatever ends it', async () => {
    server = await api({
      1: ok,
      5: (res) => res.writeHead(500).end('{"error":"internal"}'),
      9: hang,
    });
    client = new MonitorClient({ baseUrl: server.url, timeoutMs: 300, connections: 16 });
    const told = new Map<number, string[]>();
    const cancels: (() => void)[] = [];
    const all: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      const route = [1, 5, 9][i % 3]!;
      all.push(
        new Promise<void>((resolve) => {
          cancels.push(
            client.exchange(route, (error) => {
              const outcomes = told.get(i) ?? [];
              outcomes.push(error === undefined ? 'ok' : error.kind);
              told.set(i, outcomes);
              resolve();
            }),
          );
        }),
      );
    }
    // Give up every seventh one at once, whatever it was doing (most are still queued: 16 sockets).
    cancels.forEach((cancel, i) => i % 7 === 0 && cancel());
    await Promise.all(all);
    cancels.forEach((cancel) => cancel()); // after the fact: no second callback
    const outcomes = [...told.values()];
    expect(outcomes).toHaveLength(300);
    expect(outcomes.every((o) => o.length === 1)).toBe(true);
    const kinds = new Set(outcomes.map((o) => o[0]));
    expect(kinds).toEqual(new Set(['ok', 'http-status', 'timeout', 'network']));
    // Nothing left in the deadline list: every exchange unlinked itself.
    expect((client as unknown as { head: unknown }).head).toBeUndefined();
  });

  it('fails what is in flight when closed, and refuses work afterwards', async () => {
    server = await api({ 9: hang });
    client = new MonitorClient({ baseUrl: server.url, timeoutMs: 60_000 });
    const held = failure(client.fetch(9));
    await client.close();
    await expect(held).resolves.toMatchObject({ kind: 'network', message: 'API client closed' });
    await expect(failure(client.fetch(1))).resolves.toMatchObject({ message: 'API client closed' });
  });
});
