import { request } from 'undici';
import type { Simulator } from './simulator';

/**
 * The simulator as a device gateway: instead of being polled, it registers its patients with a
 * Plantar server and pushes every fresh sample (POST /ingest/v1/readings), a batch each interval,
 * like the ticker board's producer. Benches and demos then use the push path with the same
 * recordings the poller sees.
 */

export interface PushModeOptions {
  simulator: Simulator;
  /** Plantar's base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  /** A device token for the simulated patients, or an operator token; undefined with AUTH=off. */
  token: string | undefined;
  /** How often a batch goes out. @default 1000 */
  intervalMs?: number;
  /** Readings per request (the server takes at most 5,000). @default 5000 */
  maxBatch?: number;
  /** Samples held per patient while the server refuses (429/503 or down); older ones go. @default 600 */
  maxHeldPerPatient?: number;
  log?: (line: string) => void;
}

export interface PushMode {
  /** Readings the server accepted (or found it had: duplicates) so far. */
  readonly pushed: number;
  stop(): Promise<void>;
}

interface Pending {
  patientId: number;
  at: number;
  traceId: number;
  sensors: unknown;
}

export async function startPushMode(options: PushModeOptions): Promise<PushMode> {
  const { simulator, url } = options;
  const intervalMs = options.intervalMs ?? 1000;
  const maxBatch = options.maxBatch ?? 5000;
  const maxHeld = options.maxHeldPerPatient ?? 600;
  const log = options.log ?? (() => undefined);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
  };
  const send = async (method: 'PUT' | 'POST', path: string, body: unknown) => {
    const res = await request(`${url}${path}`, { method, headers, body: JSON.stringify(body) });
    const text = await res.body.text();
    return { status: res.statusCode, text, retryAfter: Number(res.headers['retry-after'] ?? 1) };
  };
  for (let id = 1; id <= simulator.patientCount; id++) {
    const p = simulator.patient(id)!;
    const r = await send('PUT', `/ingest/v1/patients/${id}`, {
      firstName: p.firstname,
      lastName: p.lastname,
      birthYear: Number(p.birthdate) || null,
      disabled: p.disabled,
      traceName: p.traceName.slice(0, 100),
    });
    if (r.status >= 300) throw new Error(`registering patient ${id} failed: ${r.status} ${r.text}`);
  }
  log(`registered ${simulator.patientCount} patients at ${url}`);

  let next = simulator.sampleIndexAt(Date.now());
  const held: Pending[] = [];
  let pushed = 0;
  let pausedUntil = 0;
  let stopped = false;
  let running: Promise<void> | undefined;

  const collect = () => {
    const now = Date.now();
    const last = simulator.sampleIndexAt(now);
    for (let index = next; index <= last; index++) {
      const at = simulator.startedAtMs + index * simulator.sampleIntervalMs;
      for (let id = 1; id <= simulator.patientCount; id++) {
        const body = simulator.body(id, at);
        if (body === undefined) continue;
        const trace = (JSON.parse(body) as { trace: { id: number; sensors: unknown } }).trace;
        held.push({ patientId: id, at, traceId: trace.id, sensors: trace.sensors });
      }
    }
    next = last + 1;
    // Bounded while the server refuses: the oldest samples go first.
    const cap = maxHeld * simulator.patientCount;
    if (held.length > cap) held.splice(0, held.length - cap);
  };

  const flush = async () => {
    collect();
    if (Date.now() < pausedUntil) return;
    while (held.length > 0 && !stopped) {
      const batch = held.slice(0, maxBatch);
      let r;
      try {
        r = await send('POST', '/ingest/v1/readings', batch);
      } catch (error) {
        log(`push failed (${(error as Error).message}); retrying`);
        pausedUntil = Date.now() + intervalMs;
        return;
      }
      if (r.status === 429 || r.status === 503) {
        pausedUntil = Date.now() + r.retryAfter * 1000;
        log(`server busy (${r.status}); retrying in ${r.retryAfter} s`);
        return;
      }
      held.splice(0, batch.length);
      if (r.status !== 200) {
        log(`batch refused: ${r.status} ${r.text.slice(0, 300)}`);
        continue;
      }
      const answer = JSON.parse(r.text) as { accepted: number; duplicates: number };
      pushed += answer.accepted + answer.duplicates;
    }
  };

  const timer = setInterval(() => {
    running ??= flush().finally(() => (running = undefined));
  }, intervalMs);
  return {
    get pushed() {
      return pushed;
    },
    async stop() {
      clearInterval(timer);
      stopped = true;
      await running;
    },
  };
}
