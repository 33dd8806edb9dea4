/**
 * Entry point of a poll worker thread (see poll-workers.ts): runs the HTTP side of polling —
 * kept-alive connections, timeouts, size caps — and parses and validates each body, sending back
 * only the validated response in a compact form (poll-worker-protocol.ts), so the main thread keeps
 * its time (and its young generation) for storing, publishing and serving subscribers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MonitorClient, readBody, type MonitorClientOptions } from './monitor-client';
import { PollError } from './poll-error';
import { ResponseEncoder, type FromWorker, type ToWorker } from './poll-worker-protocol';

if (parentPort === null) throw new Error('poll-worker.js runs as a worker thread (see poll-workers.ts)');
const port = parentPort;
const client = new MonitorClient(workerData as MonitorClientOptions);
const encoder = new ResponseEncoder();
/** Request id → the function that gives that exchange up. */
const inFlight = new Map<number, () => void>();
let outbox: FromWorker[] = [];

function noop(): void {}

function send(message: FromWorker): void {
  if (outbox.length === 0) setImmediate(flush);
  outbox.push(message);
}

function flush(): void {
  const batch = outbox;
  outbox = [];
  port.postMessage(batch);
}

function fetch(id: number, patientId: number): void {
  inFlight.set(id, noop); // before the exchange starts: a request refused at once calls back at once
  const cancel = client.exchange(patientId, (error, text) => {
    if (!inFlight.delete(id)) return; // cancelled: the main thread has already moved on
    if (error !== undefined) {
      send({ id, ok: false, kind: error.kind, message: error.message });
      return;
    }
    try {
      send(encoder.encode(id, patientId, readBody(text, client.sensorCount)));
    } catch (e) {
      const malformed = e instanceof PollError ? e : new PollError('malformed', String(e));
      send({ id, ok: false, kind: malformed.kind, message: malformed.message });
    }
  });
  if (inFlight.has(id)) inFlight.set(id, cancel);
}

port.on('message', (batch: readonly ToWorker[]) => {
  for (const message of batch) {
    switch (message.type) {
      case 'fetch':
        fetch(message.id, message.patientId);
        break;
      case 'cancel':
        {
          const cancel = inFlight.get(message.id);
          inFlight.delete(message.id);
          cancel?.();
        }
        break;
    }
  }
});
