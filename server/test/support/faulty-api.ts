import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault = '500' | 'garbage' | 'hang' | 'truncated' | 'wrong-count' | 'out-of-range';

/**
 * An HTTP front for the monitoring API that breaks chosen patients in chosen ways and passes the
 * others through untouched, for fault tests of the real poller against the real simulator.
 */
export async function startFaultyApi(upstream: string, faults: Map<number, Fault>) {
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const id = Number(/(\d+)$/.exec(req.url ?? '')?.[1]);
    const fault = faults.get(id);
    const pass = async () => {
      const upstreamRes = await fetch(`${upstream}${id}`);
      const text = await upstreamRes.text();
      return { status: upstreamRes.status, text };
    };
    void (async () => {
      switch (fault) {
        case '500':
          res.writeHead(500).end('{"error":"internal"}');
          return;
        case 'garbage':
          res.writeHead(200, { 'content-type': 'application/json' }).end('<html>proxy error</html>');
          return;
        case 'hang':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"birthdate":"19');
          return; // never ends
        case 'truncated': {
          const { text } = await pass();
          res.writeHead(200, { 'content-type': 'application/json' }).end(text.slice(0, text.length / 2));
          return;
        }
        case 'wrong-count': {
          const body = JSON.parse((await pass()).text);
          body.trace.sensors.pop();
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
          return;
        }
        case 'out-of-range': {
          const body = JSON.parse((await pass()).text);
          body.trace.sensors[0].value = 4096;
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
          return;
        }
        case undefined: {
          const { status, text } = await pass();
          res.writeHead(status, { 'content-type': 'application/json' }).end(text);
          return;
        }
      }
    })().catch(() => res.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v2/monitor/`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
