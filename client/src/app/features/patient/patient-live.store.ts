import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import type { Subscription } from 'rxjs';
import { ConnectionService } from '../../core/connection.service';
import { LiveFeed } from '../../core/live-feed.service';
import { ReadingsGQL } from '../../graphql/generated';
import { anomalyEpisodes } from '../../shared/anomaly-episodes';
import { centreOfPressure, type Point } from '../../shared/centre-of-pressure';
import { FrameBatcher } from '../../shared/frame-batcher';
import { findGaps, type GapRange } from '../../shared/gap-backfill';
import { QueryLoader } from '../../shared/query-loader';
import { capacityFor, GAP_MS, HISTORY_MS, READINGS_CAP, readingsFor } from '../../shared/reading-rate';
import { toSample, type Sample } from '../../shared/sample';
import { TimeWindowBuffer } from '../../shared/time-window-buffer';
import { windowStats } from '../../shared/window-stats';
import type { FootTrails } from '../../shared/ui/insoles.component';

export const WINDOWS = [
  { ms: 30_000, label: '30 s' },
  { ms: 60_000, label: '1 min' },
  { ms: 300_000, label: '5 min' },
  { ms: HISTORY_MS, label: '10 min' },
] as const;

/** The window a patient page opens with; staff pick another with the window buttons. */
export const DEFAULT_WINDOW_MS = 60_000;

/**
 * Shortest pause between two redraws of the traces: the time a window takes to move ~2 px of a
 * ~1000 px chart (1.2 s for 10 min, still every reading for 30 s and 1 min). A redraw costs
 * about a frame on a slow machine; moving one pixel at a time bought nothing visible for it.
 */
export function viewIntervalFor(windowMs: number): number {
  return windowMs / 500;
}

export const TRAIL_LENGTH = 12;
const MAX_GAP_FETCHES = 3;
/** An anomaly is reviewed with the readings 5 s either side of it: the steps before and after. */
export const REVIEW_MARGIN_MS = 5_000;

export interface Review {
  readonly at: number;
  readonly samples: readonly Sample[];
  readonly loading: boolean;
  readonly error: string | null;
}

/**
 * One patient's live window: backfilled from `readings`, pushed by the live feed, rendered at
 * most once per animation frame, refilled after a reconnect so the traces have no hole.
 */
@Injectable()
export class PatientLiveStore {
  private readonly readingsGql = inject(ReadingsGQL);
  private readonly feed = inject(LiveFeed);
  private readonly connection = inject(ConnectionService);

  private patientId: number | null = null;
  private buffer = new TimeWindowBuffer<Sample>(DEFAULT_WINDOW_MS, capacityFor(DEFAULT_WINDOW_MS));
  private liveSub: Subscription | null = null;
  private trailLeft: Point[] = [];
  private trailRight: Point[] = [];
  private lastTrailT = 0;
  private gapsRequested = new Set<number>();
  private lastViewAt = -Infinity;
  private viewTimer: ReturnType<typeof setTimeout> | null = null;
  /** Backfills and gap fills: dropped when staff switch patient. */
  private readonly loader = new QueryLoader();
  /** The readings around one anomaly: dropped when another is reviewed or the review closes. */
  private readonly reviewLoader = new QueryLoader();
  private readonly batcher = new FrameBatcher(() => this.flush());

  readonly windowMs = signal<number>(DEFAULT_WINDOW_MS);
  readonly paused = signal(false);
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  /** The newest sample, for the live feet (never paused). */
  readonly latest = signal<Sample | null>(null);
  /** Browser time the newest sample arrived (freshness independent of the server clock). */
  readonly receivedAt = signal<number | null>(null);
  readonly trails = signal<FootTrails>({ left: [], right: [] });
  /** The samples the traces and statistics show: the live window, or a frozen copy when paused. */
  readonly view = signal<readonly Sample[]>([]);
  readonly review = signal<Review | null>(null);

  readonly episodes = computed(() => anomalyEpisodes(this.view()));
  readonly stats = computed(() => windowStats(this.view()));
  readonly range = computed(() => {
    const view = this.view();
    const last = view[view.length - 1];
    return last ? { from: last.t - this.windowMs(), to: last.t } : null;
  });

  constructor() {
    const reconnects = this.connection.reconnected$.subscribe(() => void this.backfillGap());
    inject(DestroyRef).onDestroy(() => {
      reconnects.unsubscribe();
      this.liveSub?.unsubscribe();
      this.batcher.cancel();
      clearTimeout(this.viewTimer ?? undefined);
    });
  }

  /** Starts (or switches to) a patient: clears everything, backfills the window, goes live. */
  connect(patientId: number): void {
    this.patientId = patientId;
    this.loader.invalidate();
    this.reviewLoader.invalidate();
    this.liveSub?.unsubscribe();
    this.buffer = new TimeWindowBuffer<Sample>(this.windowMs(), capacityFor(this.windowMs()));
    this.trailLeft = [];
    this.trailRight = [];
    this.gapsRequested = new Set();
    this.lastTrailT = 0;
    this.latest.set(null);
    this.receivedAt.set(null);
    this.trails.set({ left: [], right: [] });
    this.view.set([]);
    this.review.set(null);
    this.paused.set(false);
    this.loading.set(true);
    this.error.set(null);
    this.liveSub = this.feed.forPatient(patientId).subscribe((sample) => this.onSample(sample));
    void this.backfill(readingsFor(this.windowMs()));
  }

  setWindow(ms: number): void {
    const widened = ms > this.windowMs();
    this.windowMs.set(ms);
    const old = this.buffer.toArray();
    this.buffer = new TimeWindowBuffer<Sample>(ms, capacityFor(ms));
    this.buffer.merge(old);
    if (widened) void this.backfill(readingsFor(ms));
    this.refreshView(true);
  }

  togglePause(): void {
    this.paused.update((p) => !p);
    if (!this.paused()) this.refreshView(true);
  }

  /** Loads the readings from 5 s before to 5 s after an anomaly for review. */
  async showReview(at: number): Promise<void> {
    const patientId = this.patientId;
    if (patientId === null) return;
    this.reviewLoader.invalidate();
    this.review.set({ at, samples: [], loading: true, error: null });
    const answer = await this.reviewLoader.load(() =>
      this.readingsGql.fetch({
        variables: {
          patientId,
          from: new Date(at - REVIEW_MARGIN_MS).toISOString(),
          to: new Date(at + REVIEW_MARGIN_MS).toISOString(),
          last: READINGS_CAP,
        },
        fetchPolicy: 'no-cache',
      }),
    );
    if (answer === null) return;
    this.review.set(
      answer.ok
        ? { at, samples: answer.data.readings.map(toSample), loading: false, error: null }
        : { at, samples: [], loading: false, error: answer.error },
    );
  }

  closeReview(): void {
    this.reviewLoader.invalidate();
    this.review.set(null);
  }

  /** After a reconnect: fetch what was missed since the newest sample held. */
  async backfillGap(): Promise<void> {
    const newest = this.buffer.last();
    if (!newest) return this.backfill(readingsFor(this.windowMs()));
    return this.backfill(READINGS_CAP, new Date(newest.t).toISOString());
  }

  private async backfill(last: number, from?: string, to?: string): Promise<void> {
    const patientId = this.patientId;
    if (patientId === null) return;
    const answer = await this.loader.load(() =>
      this.readingsGql.fetch({
        variables: { patientId, last, from: from ?? null, to: to ?? null },
        fetchPolicy: 'no-cache',
      }),
    );
    if (answer === null) return;
    this.loading.set(false);
    if (!answer.ok) {
      this.error.set(answer.error);
      return;
    }
    this.buffer.merge(answer.data.readings.map(toSample));
    // The live subscription may have started after this answer was read, or before it with a
    // hole in between: look for holes once the two are merged.
    this.fillGaps(
      findGaps(
        this.buffer.toArray().map((s) => s.t),
        GAP_MS,
      ),
    );
    const newest = this.buffer.last();
    if (newest && (!this.latest() || newest.t > (this.latest()?.t ?? 0))) this.latest.set(newest);
    this.error.set(null);
    this.refreshView(true);
  }

  /** Fetches each hole once (a real outage stays a hole: the store has nothing for it either). */
  private fillGaps(gaps: readonly GapRange[]): void {
    const oldest = this.buffer.first()?.t ?? 0;
    for (const from of this.gapsRequested) if (from < oldest) this.gapsRequested.delete(from);
    for (const gap of gaps.slice(-MAX_GAP_FETCHES)) {
      if (this.gapsRequested.has(gap.from)) continue;
      this.gapsRequested.add(gap.from);
      void this.backfill(READINGS_CAP, new Date(gap.from).toISOString(), new Date(gap.to).toISOString());
    }
  }

  private onSample(sample: Sample): void {
    const newest = this.buffer.last();
    this.buffer.push(sample);
    // A hole before this sample (a message lost, a late resubscription): fetch what is missing.
    if (newest && sample.t - newest.t > GAP_MS) this.fillGaps([{ from: newest.t, to: sample.t }]);
    this.pushTrail(sample);
    this.receivedAt.set(Date.now());
    this.batcher.schedule();
  }

  private pushTrail(sample: Sample): void {
    if (sample.t <= this.lastTrailT) return;
    this.lastTrailT = sample.t;
    const left = centreOfPressure(sample.v.slice(0, 3), 'left');
    const right = centreOfPressure(sample.v.slice(3, 6), 'right');
    if (left) this.trailLeft = [...this.trailLeft, left].slice(-TRAIL_LENGTH);
    if (right) this.trailRight = [...this.trailRight, right].slice(-TRAIL_LENGTH);
  }

  private flush(): void {
    const newest = this.buffer.last() ?? null;
    this.latest.set(newest);
    this.trails.set({ left: this.trailLeft, right: this.trailRight });
    this.refreshView();
  }

  /**
   * Publishes the buffer to the traces and statistics, unless staff paused them. Paced to the
   * chart's resolution: a 10 min window moves by two pixels about every 1.2 s, so redrawing it at
   * every reading would only burn frames; a 30 s window still redraws at every reading.
   */
  private refreshView(force = false): void {
    if (this.paused()) return;
    const now = performance.now();
    if (!force && now - this.lastViewAt < viewIntervalFor(this.windowMs())) {
      this.viewTimer ??= setTimeout(() => {
        this.viewTimer = null;
        this.refreshView(true);
      }, viewIntervalFor(this.windowMs()));
      return;
    }
    clearTimeout(this.viewTimer ?? undefined);
    this.viewTimer = null;
    this.lastViewAt = now;
    this.view.set(this.buffer.toArray());
  }
}
