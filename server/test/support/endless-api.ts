import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * Bodies that never end, beyond the simulator's own `hang` (headers, then silence):
 * - 'trickle': a byte every 50 ms for ever, which resets any per-chunk idle timer;
 * - 'flood': JSON-looking bytes as fast as the client takes them, for ever.
 * Other patients are passed through to `upstream` untouched.
 */
export type EndlessFault = 'trickle' | 'flood';

export async function startEndlessApi(upstream: string, faults: Map<number, EndlessFault>) {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const trickle = (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"firstname":"');
    const timer = setInterval(() => res.write('a'), 50);
    timers.add(timer);
    res.on('close', () => {
      clearInterval(timer);
      timers.delete(timer);
    });
  };
  const flood = (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = `{"firstname":"${'x'.repeat(16 * 1024)}`;
    let open = true;
    res.on('close', () => (open = false));
    const pump = () => {
      while (open && res.write(chunk));
      if (open) res.once('drain', pump);
    };
    pump();
  };
  const server = createServer((req, res) => {
    const id = Number(/(\d+)\/?$/.exec(req.url ?? '')?.[1]);
    const fault = faults.get(id);
    if (fault === 'trickle') return trickle(res);
    if (fault === 'flood') return flood(res);
    void fetch(`${upstream}${id}`)
      .then(async (r) => res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text()))
      .catch(() => res.destroy());
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v2/monitor/`,
    async close() {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
