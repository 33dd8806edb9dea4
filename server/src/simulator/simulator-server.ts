import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultConfig, FaultTarget } from './faults';
import { createSimulator, type Simulator, type SimulatorOptions, type SimulatorResponse } from './simulator';

export interface SimulatorServerOptions extends SimulatorOptions {
  /** TCP port; 0 picks a free one (tests). @default 0 */
  port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
}

export interface SimulatorServer {
  /** Base URL the patient id is appended to, e.g. http://127.0.0.1:9080/v2/monitor/ */
  readonly url: string;
  readonly port: number;
  readonly simulator: Simulator;
  /** Replaces the faults of one patient or of all ('all'); null clears them. Takes effect at once. */
  setFaults(target: FaultTarget, faults: FaultConfig | null): void;
  /** Stops listening and ends every connection, hanging responses included. */
  close(): Promise<void>;
}

export const MONITOR_PATH = '/v2/monitor/';
const PATIENT_PATH = /^\/v2\/monitor\/(\d{1,9})\/?$/;
const JSON_HEADERS = { 'Content-Type': 'application/json' } as const;

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { ...JSON_HEADERS, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Writes one simulator answer. */
function sendAnswer(res: ServerResponse, answer: SimulatorResponse): void {
  if (answer.action === 'hang') {
    // Headers out, body never ended: the client must give up on its own timeout. close()
    // destroys the socket.
    res.writeHead(200, JSON_HEADERS);
    res.flushHeaders();
    return;
  }
  send(res, answer.status, answer.body);
}

/** Answers that wait out a simulated latency; close() cancels the ones still waiting. */
interface DelayedAnswers {
  send(res: ServerResponse, answer: SimulatorResponse): void;
  cancelAll(): void;
}

function delayedAnswers(): DelayedAnswers {
  const pendingTimers = new Set<NodeJS.Timeout>();
  return {
    send(res, answer) {
      const timer = setTimeout(() => {
        pendingTimers.delete(timer);
        sendAnswer(res, answer);
      }, answer.delayMs);
      pendingTimers.add(timer);
      // A client that gave up must not leave a timer behind (a benchmark makes many such).
      res.on('close', () => {
        clearTimeout(timer);
        pendingTimers.delete(timer);
      });
    },
    cancelAll() {
      for (const timer of pendingTimers) clearTimeout(timer);
      pendingTimers.clear();
    },
  };
}

/** The routes: `GET /healthz` and `GET /v2/monitor/{id}`, HEAD alike, nothing else. */
function route(
  simulator: Simulator,
  delayed: DelayedAnswers,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const path = (req.url ?? '/').split('?', 1)[0]!;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    send(res, 405, '{"error":"method not allowed"}');
    return;
  }
  if (path === '/healthz') {
    send(res, 200, JSON.stringify({ status: 'ok', patients: simulator.patientCount }));
    return;
  }
  const match = PATIENT_PATH.exec(path);
  if (match === null) {
    send(res, 404, JSON.stringify({ error: `no route ${path}: use ${MONITOR_PATH}{id}` }));
    return;
  }
  const answer = simulator.respond(Number(match[1]));
  if (answer.delayMs <= 0) sendAnswer(res, answer);
  else delayed.send(res, answer);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Serves the simulator over HTTP like the real API: `GET /v2/monitor/{id}` with kept-alive
 * connections, plus `GET /healthz`. Plain node:http rather than a framework: it is a few routes,
 * and at thousands of requests per second the framework's per-request work would dominate.
 */
export async function startSimulatorServer(options: SimulatorServerOptions = {}): Promise<SimulatorServer> {
  const { port = 0, host = '127.0.0.1', ...simulatorOptions } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new RangeError(`port must be 0..65535, got ${port}`);
  const simulator = createSimulator(simulatorOptions);
  const delayed = delayedAnswers();
  let closing = false;

  const server = createServer({ keepAlive: true }, (req, res) => {
    if (closing) {
      res.setHeader('Connection', 'close');
      send(res, 503, '{"error":"shutting down"}');
      return;
    }
    route(simulator, delayed, req, res);
  });
  // Longer than a poller's idle gap between polls, so connections are reused rather than redone.
  server.keepAliveTimeout = 30_000;
  await listen(server, port, host);
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${bound}${MONITOR_PATH}`,
    port: bound,
    simulator,
    setFaults: (target, faults) => simulator.setFaults(target, faults),
    close() {
      if (closing) return Promise.resolve();
      closing = true;
      delayed.cancelAll();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        // Idle keep-alive sockets and hanging responses would hold close() open forever.
        server.closeAllConnections();
      });
    },
  };
}
