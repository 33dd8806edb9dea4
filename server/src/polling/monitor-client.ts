import { Agent, errors as undiciErrors, request } from 'undici';

/** Why a poll failed; each kind is counted separately and shown in the patient's status. */
export type FailureKind = 'http-status' | 'timeout' | 'network' | 'malformed' | 'too-large';

export class PollError extends Error {
  override readonly name = 'PollError';
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

export interface MonitorClientOptions {
  /** `API_BASE_URL`; the patient id is appended. */
  baseUrl: string;
  /** Headers and body together. @default 2000 */
  timeoutMs?: number;
  /** Bodies above this are refused: a real one is about 400 bytes. @default 65536 */
  maxBodyBytes?: number;
  /** Keep-alive sockets per API origin. @default 128 */
  connections?: number;
}

/** What the poller needs from a client of the API: the in-thread one or the worker threads. */
export interface MonitorFetcher {
  fetch(patientId: number, stop?: AbortSignal): Promise<unknown>;
  close(): Promise<void>;
}

/** A body's JSON as `unknown`; anything that is not JSON is a 'malformed' poll failure. */
export function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new PollError('malformed', `body is not JSON: ${(error as Error).message}`);
  }
}

/**
 * Reads `GET {baseUrl}{patientId}` over kept-alive connections (undici), enforcing a timeout over
 * the whole exchange (a body that never ends included) and a body size cap. Returns the parsed JSON
 * as `unknown`: validating it is the caller's job.
 */
export class MonitorClient implements MonitorFetcher {
  private readonly agent: Agent;
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;

  constructor(private readonly options: MonitorClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.maxBodyBytes = options.maxBodyBytes ?? 65_536;
    this.agent = new Agent({
      connections: options.connections ?? 128,
      keepAliveTimeout: 30_000,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
  }

  urlFor(patientId: number): string {
    return `${this.options.baseUrl}${patientId}`;
  }

  async fetch(patientId: number, stop?: AbortSignal): Promise<unknown> {
    return parseBody(await this.fetchText(patientId, stop));
  }

  /** The body as text, every HTTP check done but not parsed (what poll worker threads send back). */
  async fetchText(patientId: number, stop?: AbortSignal): Promise<string> {
    // One controller and one plain timer per request: AbortSignal.timeout() and AbortSignal.any()
    // cost several times more (weak references, finalizers), which showed in profiles at 5,000
    // requests/s. The timer bounds the whole exchange, so a body that trickles forever ends too.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onStop = () => controller.abort();
    stop?.addEventListener('abort', onStop, { once: true });
    let text: string;
    try {
      const response = await request(this.urlFor(patientId), {
        dispatcher: this.agent,
        signal: controller.signal,
        headers: { accept: 'application/json' },
      });
      if (response.statusCode !== 200) {
        await response.body.dump().catch(() => undefined);
        throw new PollError('http-status', `HTTP ${response.statusCode}`);
      }
      const declared = Number(response.headers['content-length'] ?? NaN);
      if (declared > this.maxBodyBytes) {
        response.body.destroy();
        throw new PollError('too-large', `body of ${declared} bytes exceeds ${this.maxBodyBytes}`);
      }
      text = await this.readCapped(response.body);
    } catch (error) {
      throw this.classify(error, timedOut);
    } finally {
      clearTimeout(timer);
      stop?.removeEventListener('abort', onStop);
    }
    return text;
  }

  private async readCapped(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += chunk.length;
      if (size > this.maxBodyBytes) {
        body.destroy();
        throw new PollError('too-large', `body exceeds ${this.maxBodyBytes} bytes`);
      }
      chunks.push(chunk);
    }
    return chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
  }

  private classify(error: unknown, timedOut: boolean): PollError {
    if (error instanceof PollError) return error;
    if (
      timedOut ||
      error instanceof undiciErrors.HeadersTimeoutError ||
      error instanceof undiciErrors.BodyTimeoutError
    ) {
      return new PollError('timeout', `no complete answer within ${this.timeoutMs} ms`);
    }
    const e = error as { code?: string; message?: string };
    return new PollError(
      'network',
      e.code ? `${e.code}: ${e.message ?? ''}`.trim() : String(e.message ?? error),
    );
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
