import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../observability/logger';
import type { MonitorClientOptions, MonitorFetcher } from './monitor-client';
import { PollError } from './poll-error';
import type { MonitorResponse } from './monitor-response';
import { ResponseDecoder, type FromWorker, type ToWorker } from './poll-worker-protocol';

export interface PollWorkersOptions extends MonitorClientOptions {
  /** Worker threads; each patient always goes to the same one. @default 1 */
  threads?: number;
  logger: Logger;
}

interface Pending {
  /** The worker the request went to, to fail it if that worker dies. */
  readonly worker: number;
  resolve(response: MonitorResponse): void;
  reject(error: PollError): void;
  /** The requests in flight under the same stop signal, this one among them. */
  readonly underSignal: Set<number> | undefined;
}

const WORKER_SCRIPT = join(__dirname, 'poll-worker.js');

/**
 * The API client on worker threads. At a thousand patients the HTTP side of polling (sockets,
 * parsers, timers, the garbage they make) took over half of the main thread, and every reading
 * waited behind it on its way to subscribers; here it runs beside the main thread, and so do parsing
 * and validating the bodies: the main thread receives only validated responses, which also keeps
 * the short-lived JSON trees out of its young generation, whose collections pause subscribers.
 * Same contract as MonitorClient: a validated response, or a PollError.
 *
 * A worker that dies is replaced; its requests in flight fail as 'network' and their patients'
 * loops back off and retry as for any failure.
 */
export class PollWorkers implements MonitorFetcher {
  /** False when running from TypeScript sources (jest): a worker thread needs the compiled file. */
  static readonly available = existsSync(WORKER_SCRIPT);

  private readonly workers: Worker[] = [];
  /** One per worker: rebuilds its compact responses (see poll-worker-protocol.ts). */
  private readonly decoders: ResponseDecoder[] = [];
  private readonly outboxes: ToWorker[][] = [];
  private readonly pending = new Map<number, Pending>();
  /**
   * Requests in flight per stop signal (a patient loop's, for its whole life): one 'abort'
   * listener per signal instead of adding and removing one per request, which took ~2% of the
   * main thread at 5,000 requests/s.
   */
  private readonly bySignal = new WeakMap<AbortSignal, Set<number>>();
  private nextId = 1;
  private flushScheduled = false;
  private closed = false;

  constructor(private readonly options: PollWorkersOptions) {
    const threads = options.threads ?? 1;
    if (!Number.isInteger(threads) || threads < 1)
      throw new RangeError(`threads must be >= 1, got ${threads}`);
    for (let i = 0; i < threads; i++) {
      this.outboxes.push([]);
      this.decoders.push(new ResponseDecoder());
      this.workers.push(this.spawn(i));
    }
  }

  get threads(): number {
    return this.workers.length;
  }

  fetch(patientId: number, stop?: AbortSignal): Promise<MonitorResponse> {
    if (this.closed) return Promise.reject(new PollError('network', 'API client closed'));
    if (stop?.aborted) return Promise.reject(new PollError('network', 'aborted'));
    const id = this.nextId++;
    const worker = patientId % this.workers.length;
    const underSignal = stop === undefined ? undefined : this.requestsUnder(stop);
    underSignal?.add(id);
    return new Promise<MonitorResponse>((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject, underSignal });
      this.post(worker, { type: 'fetch', id, patientId });
    });
  }

  private requestsUnder(stop: AbortSignal): Set<number> {
    let ids = this.bySignal.get(stop);
    if (ids === undefined) {
      const requests = (ids = new Set<number>());
      this.bySignal.set(stop, requests);
      stop.addEventListener(
        'abort',
        () => {
          for (const id of [...requests]) {
            const pending = this.settle(id);
            if (pending === undefined) continue;
            this.post(pending.worker, { type: 'cancel', id });
            pending.reject(new PollError('network', 'aborted'));
          }
        },
        { once: true },
      );
    }
    return ids;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failAll(() => true, 'API client closed');
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private spawn(index: number): Worker {
    const { logger, threads: _threads, ...clientOptions } = this.options;
    const worker = new Worker(WORKER_SCRIPT, {
      workerData: clientOptions,
      name: `plantar-poll-${index}`,
    });
    worker.on('message', (batch: readonly FromWorker[]) => this.receive(index, batch));
    worker.on('error', (error) => {
      logger.error(
        { err: { message: error.message, stack: error.stack }, worker: index },
        'poll worker failed',
      );
    });
    worker.on('exit', (code) => {
      if (this.closed) return;
      logger.error({ worker: index, code }, 'poll worker exited; starting a new one');
      this.failAll((owner) => owner === index, `poll worker exited with code ${code}`);
      this.decoders[index]!.reset(); // the new worker starts with nothing sent
      this.workers[index] = this.spawn(index);
    });
    return worker;
  }

  private receive(worker: number, batch: readonly FromWorker[]): void {
    const decoder = this.decoders[worker]!;
    for (const message of batch) {
      // Decoded even when nobody waits for it any more: it may carry the patient's metadata.
      const response = message.ok ? decoder.decode(message) : undefined;
      const pending = this.settle(message.id);
      if (pending === undefined) continue; // aborted meanwhile
      if (!message.ok) pending.reject(new PollError(message.kind, message.message));
      else if (response !== undefined) pending.resolve(response);
      else
        pending.reject(
          new PollError(
            'network',
            `poll worker sent patient ${message.patientId}'s reading without its metadata`,
          ),
        );
    }
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    if (pending === undefined) return undefined;
    this.pending.delete(id);
    pending.underSignal?.delete(id);
    return pending;
  }

  private failAll(which: (owner: number) => boolean, message: string): void {
    for (const [id, { worker }] of [...this.pending]) {
      if (which(worker)) this.settle(id)?.reject(new PollError('network', message));
    }
  }

  /** Queues a message; everything queued in one turn of the event loop goes as one postMessage. */
  private post(worker: number, message: ToWorker): void {
    this.outboxes[worker]!.push(message);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.outboxes.forEach((outbox, i) => {
        if (outbox.length === 0) return;
        this.outboxes[i] = [];
        this.workers[i]!.postMessage(outbox);
      });
    });
  }
}
