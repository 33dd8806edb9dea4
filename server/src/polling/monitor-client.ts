import { Pool, type Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'undici/types/header';
import { MalformedResponseError, parseMonitorResponse, type MonitorResponse } from './monitor-response';
import { PollError } from './poll-error';

export interface MonitorClientOptions {
  /** `API_BASE_URL`; the patient id is appended. */
  baseUrl: string;
  /** Headers and body together. @default 2000 */
  timeoutMs?: number;
  /** Bodies above this are refused: a real one is about 400 bytes. @default 65536 */
  maxBodyBytes?: number;
  /** Keep-alive sockets per API origin. @default 128 */
  connections?: number;
  /** Sensors a valid body has (`SENSOR_COUNT`). @default 6 */
  sensorCount?: number;
}

/**
 * What the poller needs from a client of the API: the in-thread one or the worker threads. A body
 * comes back validated; one that is not JSON or not the API's shape fails as 'malformed'.
 */
export interface MonitorFetcher {
  fetch(patientId: number, stop?: AbortSignal): Promise<MonitorResponse>;
  close(): Promise<void>;
}

/**
 * Told once how an exchange ended: the body's text (`error` undefined), or why there is none
 * (`text` empty). Must not throw: it runs inside undici's and the deadline timer's callbacks.
 */
export type ExchangeCallback = (error: PollError | undefined, text: string) => void;

/** A body's JSON as `unknown`; anything that is not JSON is a 'malformed' poll failure. */
export function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new PollError('malformed', `body is not JSON: ${(error as Error).message}`);
  }
}

/** A parsed body narrowed to the API's shape; any other shape is a 'malformed' poll failure. */
export function validateBody(body: unknown, sensorCount: number): MonitorResponse {
  try {
    return parseMonitorResponse(body, sensorCount);
  } catch (error) {
    if (error instanceof MalformedResponseError) throw new PollError('malformed', error.message);
    throw error;
  }
}

/** A body's text to a validated response, or a 'malformed' PollError saying what is wrong. */
export function readBody(text: string, sensorCount: number): MonitorResponse {
  return validateBody(parseBody(text), sensorCount);
}

const ABORTED = (): PollError => new PollError('network', 'aborted');

/**
 * Reads `GET {baseUrl}{patientId}` over kept-alive connections, enforcing a timeout over the whole
 * exchange (a body that never ends included) and a body size cap, and validates what comes back.
 *
 * Built on undici's dispatcher API rather than `request()`: at thousands of polls a second the
 * per-request AbortController, timer, Readable body stream and promise chain of `request()` took
 * over half of the thread's time and most of its garbage (bench/ingest.mjs, poll worker profile).
 * Here an exchange is one small handler object; every exchange has the same timeout, so the ones in
 * flight form a list ordered by deadline and one timer serves them all.
 */
export class MonitorClient implements MonitorFetcher {
  private readonly pool: Pool;
  private readonly origin: string;
  private readonly pathPrefix: string;
  readonly timeoutMs: number;
  readonly maxBodyBytes: number;
  /** Sensors a valid body has. */
  readonly sensorCount: number;
  /** Exchanges not yet ended, oldest (soonest deadline) first; an intrusive doubly-linked list. */
  private head: Exchange | undefined;
  private tail: Exchange | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private closing: Promise<void> | undefined;

  constructor(options: MonitorClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.maxBodyBytes = options.maxBodyBytes ?? 65_536;
    this.sensorCount = options.sensorCount ?? 6;
    const url = new URL(options.baseUrl);
    this.origin = url.origin;
    this.pathPrefix = options.baseUrl.slice(url.origin.length) || '/';
    this.pool = new Pool(this.origin, {
      connections: options.connections ?? 128,
      keepAliveTimeout: 30_000,
      // The deadline list below bounds the whole exchange; undici's own per-phase timers would
      // only duplicate it.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
  }

  async fetch(patientId: number, stop?: AbortSignal): Promise<MonitorResponse> {
    return readBody(await this.fetchText(patientId, stop), this.sensorCount);
  }

  /** The body as text, every HTTP check done but not parsed. */
  fetchText(patientId: number, stop?: AbortSignal): Promise<string> {
    if (stop?.aborted) return Promise.reject(ABORTED());
    return new Promise<string>((resolve, reject) => {
      let ended = false;
      const onStop = () => cancel();
      const cancel = this.exchange(patientId, (error, text) => {
        ended = true;
        stop?.removeEventListener('abort', onStop);
        if (error === undefined) resolve(text);
        else reject(error);
      });
      // The callback may already have run (a request refused at once): no listener to leave behind.
      if (!ended) stop?.addEventListener('abort', onStop, { once: true });
    });
  }

  /**
   * Starts one exchange; `done` is called exactly once. Returns a function that gives it up (its
   * callback then gets a 'network' error "aborted"). The allocation-light core that poll worker
   * threads use directly.
   */
  exchange(patientId: number, done: ExchangeCallback): () => void {
    const exchange = new Exchange(this, Date.now() + this.timeoutMs, done);
    if (this.closing !== undefined) {
      exchange.settle(new PollError('network', 'API client closed'));
      return noop;
    }
    this.link(exchange);
    this.pool.dispatch(
      { origin: this.origin, path: `${this.pathPrefix}${patientId}`, method: 'GET', headers: ACCEPT_JSON },
      exchange,
    );
    return () => exchange.end(ABORTED());
  }

  /** @internal */
  link(exchange: Exchange): void {
    exchange.prev = this.tail;
    if (this.tail === undefined) this.head = exchange;
    else this.tail.next = exchange;
    this.tail = exchange;
    if (exchange.deadline < this.timerAt) this.arm(exchange.deadline);
  }

  /** @internal */
  unlink(exchange: Exchange): void {
    const { prev, next } = exchange;
    if (prev === undefined) this.head = next;
    else prev.next = next;
    if (next === undefined) this.tail = prev;
    else next.prev = prev;
    exchange.prev = exchange.next = undefined;
  }

  private arm(at: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.expire(), Math.max(0, at - Date.now()));
    this.timer.unref();
  }

  /** Ends every exchange past its deadline, then waits for the next deadline (if any). */
  private expire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = Date.now();
    while (this.head !== undefined && this.head.deadline <= now) {
      this.head.end(new PollError('timeout', `no complete answer within ${this.timeoutMs} ms`));
    }
    if (this.head !== undefined) this.arm(this.head.deadline);
  }

  /** Fails what is in flight and closes the connections; later exchanges are refused. */
  close(): Promise<void> {
    return (this.closing ??= this.shutdown());
  }

  private async shutdown(): Promise<void> {
    while (this.head !== undefined) this.head.end(new PollError('network', 'API client closed'));
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.pool.close();
  }
}

const ACCEPT_JSON = ['accept', 'application/json'];

function noop(): void {}

/**
 * One GET in flight: undici's handler for it and its place in the client's deadline list. Its
 * callback is told once ("settled"); the exchange itself ends later when the rest of an error
 * response is drained, so the connection can be reused.
 */
class Exchange implements Dispatcher.DispatchHandler {
  prev: Exchange | undefined;
  next: Exchange | undefined;
  private controller: Dispatcher.DispatchController | undefined;
  private status = 0;
  private chunks: Buffer[] | undefined;
  private size = 0;
  private settled = false;
  private ended = false;

  constructor(
    private readonly client: MonitorClient,
    readonly deadline: number,
    private readonly done: ExchangeCallback,
  ) {}

  settle(error: PollError | undefined, text = ''): void {
    if (this.settled) return;
    this.settled = true;
    this.done(error, text);
  }

  /** Ends the exchange from this side (timeout, cancel, close): the connection is dropped. */
  end(error: PollError): void {
    if (this.ended) return;
    this.finish(error);
    // Not yet on a connection: onRequestStart aborts it when it gets one.
    this.controller?.abort(error);
  }

  private finish(error: PollError | undefined, text = ''): void {
    if (this.ended) return;
    this.ended = true;
    this.chunks = undefined;
    this.client.unlink(this);
    this.settle(error, text);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.ended) controller.abort(ABORTED());
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    if (this.ended) return;
    if (statusCode < 200) return; // informational (103 Early Hints): the real answer follows
    this.status = statusCode;
    if (statusCode !== 200) {
      // Told at once; the rest of the (small) error body is still read so the connection stays.
      this.settle(new PollError('http-status', `HTTP ${statusCode}`));
      return;
    }
    const declared = Number(headers['content-length'] ?? NaN);
    if (declared > this.client.maxBodyBytes) {
      const error = new PollError(
        'too-large',
        `body of ${declared} bytes exceeds ${this.client.maxBodyBytes}`,
      );
      this.finish(error);
      controller.abort(error);
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.ended) return;
    this.size += chunk.length;
    if (this.size > this.client.maxBodyBytes) {
      const error = new PollError('too-large', `body exceeds ${this.client.maxBodyBytes} bytes`);
      this.finish(error);
      controller.abort(error);
      return;
    }
    if (this.status !== 200) return; // an error body: drained, not kept
    (this.chunks ??= []).push(chunk);
  }

  onResponseEnd(): void {
    if (this.ended) return;
    const chunks = this.chunks;
    if (this.status !== 200)
      this.finish(undefined); // already settled with the status
    else if (chunks === undefined) this.finish(undefined, '');
    else
      this.finish(
        undefined,
        chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'),
      );
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.ended) return;
    const e = error as { code?: string; message?: string };
    this.finish(
      error instanceof PollError
        ? error
        : new PollError(
            'network',
            e.code ? `${e.code}: ${e.message ?? ''}`.trim() : String(e.message ?? error),
          ),
    );
  }
}
