/**
 * Entry point of a poll worker thread (see poll-workers.ts): runs the HTTP side of polling —
 * kept-alive connections, timeouts, size caps — and sends back each body as text, so the main
 * thread keeps its time for storing, publishing and serving subscribers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MonitorClient, PollError, type MonitorClientOptions } from './monitor-client';
import type { FromWorker, ToWorker } from './poll-worker-protocol';

if (parentPort === null) throw new Error('poll-worker.js runs as a worker thread (see poll-workers.ts)');
const port = parentPort;
const client = new MonitorClient(workerData as MonitorClientOptions);
const inFlight = new Map<number, AbortController>();
let outbox: FromWorker[] = [];

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
  const controller = new AbortController();
  inFlight.set(id, controller);
  client.fetchText(patientId, controller.signal).then(
    (text) => {
      if (inFlight.delete(id)) send({ id, ok: true, text });
    },
    (error: unknown) => {
      if (!inFlight.delete(id)) return; // cancelled: the main thread has already moved on
      const e = error instanceof PollError ? error : new PollError('network', String(error));
      send({ id, ok: false, kind: e.kind, message: e.message });
    },
  );
}

port.on('message', (batch: readonly ToWorker[]) => {
  for (const message of batch) {
    switch (message.type) {
      case 'fetch':
        fetch(message.id, message.patientId);
        break;
      case 'cancel':
        inFlight.get(message.id)?.abort();
        inFlight.delete(message.id);
        break;
    }
  }
});
