import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { map, retry, timer, type Subscription } from 'rxjs';
import { ConnectionService } from '../../core/connection.service';
import { OverviewSummariesGQL, OverviewSummaryFeedGQL } from '../../graphql/generated';
import { jitteredBackoff } from '../../shared/backoff';
import { FrameBatcher } from '../../shared/frame-batcher';
import { QueryLoader } from '../../shared/query-loader';
import { FeedLag } from './feed-lag';
import { replaces, toSummary, type Summary } from './summary';

/** A backlog above this is shown: the values on screen are older than they look. */
export const BEHIND_AFTER_MS = 1_500;

/**
 * The overview's live state of every patient, from the server's summary feed (at most two
 * updates a second a patient, at once on status and episode changes) instead of every reading:
 * 1,000 patients are some 2,000 small updates a second rather than 5,000 readings. Batches are
 * applied once per animation frame, however many arrive; the snapshot fills in what the feed has
 * not sent yet (the feed is subscribed when the snapshot is first asked, after the patient list), and is asked again after a reconnect (batches sent meanwhile are lost).
 */
@Injectable()
export class OverviewFeed {
  private readonly feedGql = inject(OverviewSummaryFeedGQL);
  private readonly snapshotGql = inject(OverviewSummariesGQL);
  private readonly connection = inject(ConnectionService);
  private readonly loader = new QueryLoader();
  private readonly lag = new FeedLag();

  private readonly table = new Map<number, Summary>();
  private pending: { readonly sentAt: number; readonly summaries: readonly Summary[] }[] = [];
  private pendingSnapshot: readonly Summary[] | null = null;
  private readonly batcher = new FrameBatcher(() => this.flush());

  private readonly summariesSignal = signal<ReadonlyMap<number, Summary>>(new Map());
  private readonly offsetSignal = signal(0);
  private readonly behindSignal = signal(0);
  private readonly snapshotLoaded = signal(false);

  /** Every patient's newest summary, by id; a new map each frame something changed. */
  readonly summaries = this.summariesSignal.asReadonly();
  /** Browser clock minus server clock: add to a server time to compare it with Date.now(). */
  readonly clockOffsetMs = this.offsetSignal.asReadonly();
  /** How far behind the server the newest applied batch was (0 when keeping up). */
  readonly behindMs = this.behindSignal.asReadonly();
  readonly loaded = this.snapshotLoaded.asReadonly();
  readonly error = signal<string | null>(null);

  private feedSub: Subscription | null = null;

  constructor() {
    const reconnected = this.connection.reconnected$.subscribe(() => {
      this.lag.reset();
      void this.loadSnapshot();
    });
    inject(DestroyRef).onDestroy(() => {
      this.feedSub?.unsubscribe();
      reconnected.unsubscribe();
      this.batcher.cancel();
    });
  }

  /**
   * Asks for every patient's summary (the store does, once it has the patient list: the list is
   * the first screen, and the two large answers would otherwise share the server and the link).
   * The feed is subscribed first, here rather than at construction: its ~130 batches a second at
   * 1,000 patients (some 470 KiB/s to parse) would otherwise arrive, and be sent by the server,
   * while the page still waits for the list. A change between the two comes in a batch, not lost.
   */
  async loadSnapshot(): Promise<void> {
    this.subscribeFeed();
    this.loader.invalidate();
    const answer = await this.loader.load(() => this.snapshotGql.fetch({ fetchPolicy: 'no-cache' }));
    if (answer === null) return;
    if (!answer.ok) {
      this.error.set(answer.error);
      return;
    }
    this.error.set(null);
    this.pendingSnapshot = answer.data.patientSummaries.map(toSummary);
    this.batcher.schedule();
  }

  private subscribeFeed(): void {
    if (this.feedSub !== null) return;
    this.feedSub = this.feedGql
      .subscribe({ fetchPolicy: 'no-cache' })
      .pipe(
        map((result) => {
          if (result.error) throw result.error;
          return result.data?.patientSummaries;
        }),
        // graphql-ws resubscribes after a reconnect by itself; this guards the subscription failing.
        retry({ delay: (_e, attempt) => timer(jitteredBackoff(attempt)) }),
      )
      .subscribe((batch) => {
        if (!batch) return;
        this.pending.push({ sentAt: Date.parse(batch.at), summaries: batch.summaries.map(toSummary) });
        this.batcher.schedule();
      });
  }

  private flush(): void {
    const appliedAt = Date.now();
    let changed = false;
    if (this.pendingSnapshot !== null) {
      for (const s of this.pendingSnapshot) changed = this.apply(s) || changed;
      this.pendingSnapshot = null;
      this.snapshotLoaded.set(true);
    }
    let newestSent = Number.NEGATIVE_INFINITY;
    for (const batch of this.pending) {
      this.lag.observe(batch.sentAt, appliedAt);
      newestSent = Math.max(newestSent, batch.sentAt);
      for (const s of batch.summaries) changed = this.apply(s) || changed;
    }
    this.pending = [];
    if (newestSent > Number.NEGATIVE_INFINITY) {
      this.offsetSignal.set(this.lag.offsetMs);
      this.behindSignal.set(this.lag.behindMs(newestSent, appliedAt));
    }
    if (changed) this.summariesSignal.set(new Map(this.table));
  }

  private apply(s: Summary): boolean {
    if (!replaces(this.table.get(s.patientId), s)) return false;
    this.table.set(s.patientId, s);
    return true;
  }
}
