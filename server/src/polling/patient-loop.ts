import { backoffDelay, nextTick } from './schedule';
import { PollError } from './monitor-client';
import { MalformedResponseError } from './monitor-response';

/** Where one patient's poll loop is. Switches over it are exhaustive. */
export type LoopState =
  | { readonly kind: 'idle'; readonly nextAt: number }
  | { readonly kind: 'polling'; readonly since: number }
  | { readonly kind: 'backing-off'; readonly until: number; readonly failures: number }
  | { readonly kind: 'stopped' };

export interface PatientLoopOptions {
  patientId: number;
  periodMs: number;
  /** Offset of this patient's ticks, so thousands of patients do not all fire at once. */
  phaseMs: number;
  backoffMaxMs: number;
  fetch(patientId: number, signal: AbortSignal): Promise<unknown>;
  /** Handles a body; throws MalformedResponseError when it does not validate. */
  onBody(patientId: number, body: unknown, receivedAt: number, requestMs: number): void;
  onFailure(patientId: number, error: PollError): void;
  random?: () => number;
}

/**
 * One patient's poll loop: fixed-rate ticks on a grid (no drift, no burst after a late answer),
 * never two requests in flight, capped exponential backoff with jitter after failures. Each
 * patient has its own loop, so a slow or failing patient never delays another.
 */
export class PatientLoop {
  private current: LoopState = { kind: 'idle', nextAt: 0 };
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private done: Promise<void> | undefined;

  constructor(private readonly options: PatientLoopOptions) {}

  get state(): LoopState {
    return this.current;
  }

  start(): void {
    this.done ??= this.run();
  }

  /** Stops the loop, aborting a request in flight; resolves when the loop has exited. */
  async stop(): Promise<void> {
    this.current = { kind: 'stopped' };
    this.abort.abort();
    clearTimeout(this.timer);
    this.wake?.();
    await this.done;
  }

  private get stopped(): boolean {
    return this.current.kind === 'stopped';
  }

  private async run(): Promise<void> {
    const o = this.options;
    let anchor = Date.now() + o.phaseMs;
    let next = anchor;
    let failures = 0;
    while (!this.stopped) {
      if (failures === 0) this.current = { kind: 'idle', nextAt: next };
      await this.sleepUntil(next);
      if (this.stopped) break;
      const started = Date.now();
      this.current = { kind: 'polling', since: started };
      try {
        const body = await o.fetch(o.patientId, this.abort.signal);
        const receivedAt = Date.now();
        try {
          o.onBody(o.patientId, body, receivedAt, receivedAt - started);
        } catch (error) {
          if (error instanceof MalformedResponseError) throw new PollError('malformed', error.message);
          throw error;
        }
        if (failures > 0) anchor = receivedAt; // back on a fresh grid after an outage
        failures = 0;
        next = nextTick(anchor, o.periodMs, Date.now());
      } catch (error) {
        if (this.stopped) break;
        failures++;
        const pollError = error instanceof PollError ? error : new PollError('network', String(error));
        o.onFailure(o.patientId, pollError);
        const delay = backoffDelay(failures, o.periodMs, o.backoffMaxMs, o.random);
        next = Date.now() + delay;
        this.current = { kind: 'backing-off', until: next, failures };
      }
    }
  }

  private sleepUntil(at: number): Promise<void> {
    const ms = at - Date.now();
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }
}

export function describeState(state: LoopState): string {
  switch (state.kind) {
    case 'idle':
      return `idle until ${new Date(state.nextAt).toISOString()}`;
    case 'polling':
      return `polling since ${new Date(state.since).toISOString()}`;
    case 'backing-off':
      return `backing off after ${state.failures} failures until ${new Date(state.until).toISOString()}`;
    case 'stopped':
      return 'stopped';
  }
}
