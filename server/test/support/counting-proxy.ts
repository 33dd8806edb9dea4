import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request for a patient, as it reached the API, with when (epoch ms). */
export interface PolledAt {
  readonly patientId: number;
  readonly at: number;
}

/**
 * An HTTP forwarder in front of the API simulator that records every patient request: each Plantar
 * instance of a test polls through its own, so the test counts polls per instance "at the
 * simulator". `delayMs` holds each answer back (requests are then in flight while the instance is
 * paused with SIGSTOP).
 */
export interface CountingProxy {
  /** Base URL the patient id is appended to, like the simulator's. */
  readonly url: string;
  readonly polls: PolledAt[];
  delayMs: number;
  close(): Promise<void>;
}

const PATIENT = /\/(\d{1,9})\/?$/;
/** Requests kept: a few minutes of 100 patients at 5 Hz; older ones are dropped first. */
const MAX_POLLS = 200_000;

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const polls: PolledAt[] = [];
  const proxy: CountingProxy = {
    url: '',
    polls,
    delayMs: 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
  const server: Server = createServer((req, res) => {
    const id = PATIENT.exec((req.url ?? '').split('?', 1)[0]!);
    if (id !== null) {
      if (polls.length >= MAX_POLLS) polls.splice(0, MAX_POLLS / 2);
      polls.push({ patientId: Number(id[1]), at: Date.now() });
    }
    const forward = request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, agent },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const send = () => {
            if (res.destroyed) return;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(chunks));
          };
          if (proxy.delayMs > 0) setTimeout(send, proxy.delayMs);
          else send();
        });
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    forward.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  (proxy as { url: string }).url = `http://127.0.0.1:${port}${upstream.pathname}`;
  return proxy;
}
