/**
 * Entry point of a poll worker thread (see poll-workers.ts): runs the HTTP side of polling —
 * kept-alive connections, timeouts, size caps — and sends back each body as text, so the main
 * thread keeps its time for storing, publishing and serving subscribers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MonitorClient, type MonitorClientOptions } from './monitor-client';
import type { FromWorker, ToWorker } from './poll-worker-protocol';

if (parentPort === null) throw new Error('poll-worker.js runs as a worker thread (see poll-workers.ts)');
const port = parentPort;
const client = new MonitorClient(workerData as MonitorClientOptions);
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
    send(
      error === undefined
        ? { id, ok: true, text }
        : { id, ok: false, kind: error.kind, message: error.message },
    );
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
