import { DestroyRef, Injectable, InjectionToken, inject, signal } from '@angular/core';
import { defer, map, retry, timer, type Observable, type Subscription } from 'rxjs';
import {
  GaitDaysGQL,
  GaitLiveGQL,
  GaitWindowLiveGQL,
  type GaitFiguresFragment,
  type GaitLiveSubscription,
} from '../../../graphql/generated';
import { jitteredBackoff } from '../../../shared/backoff';
import { FrameQueue } from '../../../shared/frame-queue';
import { messageOf } from '../../../shared/error-message';
import { CodedLoader } from './coded-loader';
import { errorCodeOf, localMidnight, userTimeZone } from '../../../shared/gait-format';

export type GaitLive = GaitLiveSubscription['gait'];
export type GaitContact = GaitLive['contacts'][number];

/** Receive time the contact ribbon spans. */
export const RIBBON_MS = 30_000;
/** Steps today are asked again this often (the archive's rollups finish a minute at a time). */
export const STEPS_REFRESH_MS = 60_000;

/** Live figures are applied at most once an animation frame, whatever the feed does. */
export const GAIT_FRAMES = new InjectionToken<FrameQueue>('GAIT_FRAMES', {
  providedIn: 'root',
  factory: () => new FrameQueue(),
});

/** A feature this server has switched off (GAIT=off): said calmly, never retried. */
export class FeatureOffError extends Error {}

export type FeedState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'live' }
  | { readonly kind: 'off' }
  | { readonly kind: 'error'; readonly message: string };

export type StepsToday =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ok'; readonly steps: number; readonly walkingMinutes: number; readonly asOf: number }
  | { readonly kind: 'unavailable'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string };

/**
 * Contacts over the last RIBBON_MS of receive time. Each summary holds only its own window (30 s
 * of recording clock, ~23 s of receive time at the replay's pace), so the newest summary's contacts
 * replace what is buffered from its first contact on, and older buffered ones are kept while they
 * are inside the ribbon.
 */
export function mergeContacts(
  held: readonly GaitContact[],
  incoming: readonly GaitContact[],
  end: number,
  spanMs = RIBBON_MS,
): GaitContact[] {
  const start = end - spanMs;
  const firstNew = incoming.reduce((t, c) => Math.min(t, Date.parse(c.from)), Infinity);
  const kept = held.filter((c) => Date.parse(c.to) >= start && Date.parse(c.from) < firstNew);
  return [...kept, ...incoming.filter((c) => Date.parse(c.to) >= start)];
}

/**
 * One patient's live gait for the patient page: the last 30 s (state, cadence, the contacts of
 * the ribbon) and the last 5 min (stance share, symmetry, quality), each a subscription the server
 * feeds at most once a second, plus today's steps from the archive, asked again every minute.
 */
@Injectable()
export class GaitLiveStore {
  private readonly liveGql = inject(GaitLiveGQL);
  private readonly windowGql = inject(GaitWindowLiveGQL);
  private readonly daysGql = inject(GaitDaysGQL);
  private readonly frames = inject(GAIT_FRAMES);

  private subs: Subscription[] = [];
  private stepsTimer: ReturnType<typeof setInterval> | null = null;
  private readonly stepsLoader = new CodedLoader();
  private pendingLive: GaitLive | null = null;
  private pendingWindow: GaitFiguresFragment | null = null;
  private patientId: number | null = null;
  private readonly apply = () => this.flush();

  /** The last 30 s. */
  readonly live = signal<GaitLive | null>(null);
  /** The last 5 min. */
  readonly window = signal<GaitFiguresFragment | null>(null);
  readonly contacts = signal<readonly GaitContact[]>([]);
  /** Right edge of the ribbon: the receive time of the newest sample analysed. */
  readonly ribbonEnd = signal<number | null>(null);
  readonly state = signal<FeedState>({ kind: 'loading' });
  readonly stepsToday = signal<StepsToday>({ kind: 'loading' });

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  connect(patientId: number): void {
    this.stop();
    this.patientId = patientId;
    this.live.set(null);
    this.window.set(null);
    this.contacts.set([]);
    this.ribbonEnd.set(null);
    this.state.set({ kind: 'loading' });
    this.stepsToday.set({ kind: 'loading' });
    this.subs = [
      this.watch(
        () =>
          this.liveGql.subscribe({
            variables: { patientId, window: 'THIRTY_SECONDS' },
            fetchPolicy: 'no-cache',
          }),
        (data) => data.gait,
      ).subscribe({
        next: (gait) => this.onLive(gait),
        error: (error: unknown) => this.onError(error),
      }),
      this.watch(
        () =>
          this.windowGql.subscribe({
            variables: { patientId, window: 'FIVE_MINUTES' },
            fetchPolicy: 'no-cache',
          }),
        (data) => data.gait,
      ).subscribe({
        next: (gait) => {
          this.pendingWindow = gait;
          this.frames.schedule(this.apply);
        },
        error: (error: unknown) => this.onError(error),
      }),
    ];
    void this.loadSteps();
    this.stepsTimer = setInterval(() => void this.loadSteps(), STEPS_REFRESH_MS);
  }

  /** Starts over after an error staff chose to retry. */
  retry(): void {
    if (this.patientId !== null) this.connect(this.patientId);
  }

  /**
   * A subscription's summaries; a failure other than FEATURE_OFF is retried with backoff (a
   * server restart, a dropped link), FEATURE_OFF ends it as a FeatureOffError.
   */
  private watch<D, T>(
    open: () => Observable<{ error?: unknown; data?: D | null }>,
    pick: (data: D) => T,
  ): Observable<T> {
    return defer(open).pipe(
      map((result) => {
        if (result.error) {
          if (errorCodeOf(result.error) === 'FEATURE_OFF') throw new FeatureOffError(messageOf(result.error));
          throw result.error;
        }
        if (result.data === null || result.data === undefined) throw new Error('No gait figures');
        return pick(result.data);
      }),
      retry({
        count: 8,
        delay: (error: unknown, attempt) => {
          if (error instanceof FeatureOffError) throw error;
          this.state.set({ kind: 'error', message: messageOf(error) });
          return timer(jitteredBackoff(attempt));
        },
      }),
    );
  }

  private onLive(gait: GaitLive): void {
    this.pendingLive = gait;
    this.frames.schedule(this.apply);
  }

  private onError(error: unknown): void {
    this.state.set(
      error instanceof FeatureOffError ? { kind: 'off' } : { kind: 'error', message: messageOf(error) },
    );
  }

  /** Applies what arrived since the last frame: one render however many summaries came. */
  private flush(): void {
    const live = this.pendingLive;
    const windowed = this.pendingWindow;
    this.pendingLive = null;
    this.pendingWindow = null;
    if (live) {
      const newest = live.contacts.reduce((t, c) => Math.max(t, Date.parse(c.to)), -Infinity);
      const end = live.asOf !== null ? Date.parse(live.asOf) : Number.isFinite(newest) ? newest : null;
      if (end !== null) {
        this.contacts.set(mergeContacts(this.contacts(), live.contacts, end));
        this.ribbonEnd.set(end);
      }
      this.live.set(live);
    }
    if (windowed) this.window.set(windowed);
    if ((live || windowed) && this.state().kind !== 'off') this.state.set({ kind: 'live' });
  }

  private async loadSteps(): Promise<void> {
    const patientId = this.patientId;
    if (patientId === null) return;
    const now = Date.now();
    const answer = await this.stepsLoader.load(() =>
      this.daysGql.fetch({
        variables: {
          patientId,
          from: new Date(localMidnight(now)).toISOString(),
          to: new Date(now).toISOString(),
          timeZone: userTimeZone(),
        },
        fetchPolicy: 'no-cache',
      }),
    );
    if (answer === null) return;
    if (answer.ok) {
      const days = answer.data.gaitHistory.days;
      this.stepsToday.set({
        kind: 'ok',
        steps: days.reduce((n, d) => n + d.steps, 0),
        walkingMinutes: days.reduce((n, d) => n + d.walkingMinutes, 0),
        asOf: now,
      });
    } else if (answer.code === 'ARCHIVE_UNAVAILABLE') {
      this.stepsToday.set({ kind: 'unavailable', message: answer.error });
    } else if (this.stepsToday().kind !== 'ok') {
      // A failed refresh keeps the steps already shown; a first failure is said.
      this.stepsToday.set({ kind: 'error', message: answer.error });
    }
  }

  private stop(): void {
    this.subs.forEach((s) => s.unsubscribe());
    this.subs = [];
    this.stepsLoader.invalidate();
    if (this.stepsTimer !== null) clearInterval(this.stepsTimer);
    this.stepsTimer = null;
    this.frames.cancel(this.apply);
    this.pendingLive = null;
    this.pendingWindow = null;
  }
}
