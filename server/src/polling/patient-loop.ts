import { backoffDelay, nextTick } from './schedule';
import { PollError } from './poll-error';
import { TickScheduler, type Scheduled, type Slot } from './tick-scheduler';

/** Where one patient's poll loop is. Switches over it are exhaustive. */
export type LoopState =
  | { readonly kind: 'idle'; readonly nextAt: number }
  | { readonly kind: 'polling'; readonly since: number }
  | { readonly kind: 'backing-off'; readonly until: number; readonly failures: number }
  | { readonly kind: 'stopped' };

/** `T`: what a successful request returns (the poller's: a validated MonitorResponse). */
export interface PatientLoopOptions<T> {
  patientId: number;
  periodMs: number;
  /** Offset of this patient's ticks, so thousands of patients do not all fire at once. */
  phaseMs: number;
  backoffMaxMs: number;
  fetch(patientId: number, signal: AbortSignal): Promise<T>;
  /** Handles an answer; a throw counts as a failed poll (a PollError keeps its kind). */
  onBody(patientId: number, body: T, receivedAt: number, requestMs: number): void;
  onFailure(patientId: number, error: PollError): void;
  random?: () => number;
  /** Shared by all loops of a poller. @default a scheduler of this loop's own */
  scheduler?: TickScheduler;
}

/**
 * One patient's poll loop: fixed-rate ticks on a grid (no drift, no burst after a late answer),
 * never two requests in flight, capped exponential backoff with jitter after failures. Each
 * patient has its own loop, so a slow or failing patient never delays another. Between requests
 * the loop holds nothing but its place in the scheduler.
 */
export class PatientLoop<T> implements Scheduled {
  private current: LoopState = { kind: 'idle', nextAt: 0 };
  private readonly abort = new AbortController();
  private readonly scheduler: TickScheduler;
  private readonly slot: Slot;
  private anchor = 0;
  private failures = 0;
  private started = false;
  /** The request in flight, settled (never rejected) when it is handled. */
  private inFlight: Promise<void> | undefined;

  constructor(private readonly options: PatientLoopOptions<T>) {
    this.scheduler = options.scheduler ?? new TickScheduler();
    this.slot = this.scheduler.slot(this);
  }

  get state(): LoopState {
    return this.current;
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.anchor = Date.now() + this.options.phaseMs;
    this.current = { kind: 'idle', nextAt: this.anchor };
    this.scheduler.schedule(this.slot, this.anchor);
  }

  /** Stops the loop, aborting a request in flight; resolves when the loop has exited. */
  async stop(): Promise<void> {
    this.current = { kind: 'stopped' };
    this.scheduler.cancel(this.slot);
    this.abort.abort();
    await this.inFlight;
  }

  private get stopped(): boolean {
    return this.current.kind === 'stopped';
  }

  /** @internal called by the scheduler when the tick is due */
  fire(): void {
    if (this.stopped) return;
    const o = this.options;
    const started = Date.now();
    this.current = { kind: 'polling', since: started };
    let answer: Promise<T>;
    try {
      answer = o.fetch(o.patientId, this.abort.signal);
    } catch (error) {
      // A fetcher that throws instead of rejecting (a closed worker, say) is a failed poll: the
      // loop backs off and tries again rather than stopping with nothing scheduled.
      answer = Promise.reject(error);
    }
    this.inFlight = answer.then(
      (body) => this.answered(body, started),
      (error: unknown) => this.failed(error),
    );
  }

  private answered(body: T, started: number): void {
    if (this.stopped) return;
    const o = this.options;
    const receivedAt = Date.now();
    try {
      o.onBody(o.patientId, body, receivedAt, receivedAt - started);
    } catch (error) {
      this.failed(error);
      return;
    }
    if (this.failures > 0) this.anchor = receivedAt; // back on a fresh grid after an outage
    this.failures = 0;
    const next = nextTick(this.anchor, o.periodMs, Date.now());
    this.current = { kind: 'idle', nextAt: next };
    this.scheduler.schedule(this.slot, next);
  }

  private failed(error: unknown): void {
    if (this.stopped) return;
    const o = this.options;
    this.failures++;
    const pollError = error instanceof PollError ? error : new PollError('network', String(error));
    o.onFailure(o.patientId, pollError);
    const until = Date.now() + backoffDelay(this.failures, o.periodMs, o.backoffMaxMs, o.random);
    this.current = { kind: 'backing-off', until, failures: this.failures };
    this.scheduler.schedule(this.slot, until);
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
