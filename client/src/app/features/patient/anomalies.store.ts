import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import type { Subscription } from 'rxjs';
import { ConnectionService } from '../../core/connection.service';
import { LiveFeed } from '../../core/live-feed.service';
import { AnomaliesGQL } from '../../graphql/generated';
import { jitteredBackoff } from '../../shared/backoff';
import { histogram } from '../../shared/histogram';
import { QueryLoader } from '../../shared/query-loader';
import { toSample, type Sample } from '../../shared/sample';

export const ANOMALY_FETCH = 200;
export const PAGE_SIZE = 10;
/**
 * Rows kept in memory beyond the pages being looked at. A page left open through a shift would
 * otherwise keep every anomaly of the day (and re-sort and re-bin them all for each new one); the
 * oldest are dropped and fetched again if staff page back to them.
 */
export const ANOMALY_ROWS_KEPT = 1000;

/**
 * A patient's anomalous readings, newest first: fetched in pages of 200 (older pages by time, so
 * they stay right after the oldest rows were dropped), grown live by flagged readings from the
 * feed, shown 10 to a table page.
 */
@Injectable()
export class AnomaliesStore {
  private readonly anomaliesGql = inject(AnomaliesGQL);
  private readonly feed = inject(LiveFeed);
  private readonly connection = inject(ConnectionService);

  private patientId: number | null = null;
  private readonly loader = new QueryLoader();
  private liveSub: Subscription | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;

  readonly rows = signal<readonly Sample[]>([]);
  readonly totalCount = signal(0);
  readonly hasMore = signal(false);
  readonly loading = signal(true);
  readonly loadingMore = signal(false);
  readonly error = signal<string | null>(null);
  /** When the failed first page is fetched again by itself (epoch ms), while it is failing. */
  readonly retryAt = signal<number | null>(null);
  readonly page = signal(0);
  /** Live rows that arrived while staff were looking at an older page. */
  readonly unseen = signal(0);

  readonly pageCount = computed(() => Math.max(1, Math.ceil(this.rows().length / PAGE_SIZE)));
  readonly pageRows = computed(() =>
    this.rows().slice(this.page() * PAGE_SIZE, (this.page() + 1) * PAGE_SIZE),
  );
  readonly histograms = computed(() => {
    const rows = this.rows();
    return {
      left: histogram(rows.flatMap((r) => r.v.slice(0, 3))),
      right: histogram(rows.flatMap((r) => r.v.slice(3, 6))),
      readings: rows.length,
    };
  });

  constructor() {
    const reconnects = this.connection.reconnected$.subscribe(() => {
      if (this.patientId !== null) this.connect(this.patientId);
    });
    // A first page that failed (say, asked while the server was stopping) is not left failed:
    // it is asked again as soon as the link is up, and on a backoff timer meanwhile.
    const ups = this.connection.up$.subscribe(() => {
      if (this.retryAt() !== null) this.retryNow();
    });
    inject(DestroyRef).onDestroy(() => {
      reconnects.unsubscribe();
      ups.unsubscribe();
      this.liveSub?.unsubscribe();
      this.cancelRetry();
    });
  }

  /** Fetches a failed first page again now (the "Try now" button, or the link coming back). */
  retryNow(): void {
    if (this.patientId === null) return;
    this.cancelRetry();
    void this.fetch(null);
  }

  connect(patientId: number): void {
    this.patientId = patientId;
    // Pages still on their way belong to the previous patient.
    this.loader.invalidate();
    this.liveSub?.unsubscribe();
    this.rows.set([]);
    this.page.set(0);
    this.unseen.set(0);
    this.totalCount.set(0);
    this.failures = 0;
    this.cancelRetry();
    this.error.set(null);
    this.loading.set(true);
    this.liveSub = this.feed.forPatient(patientId).subscribe((sample) => {
      if (sample.flags !== 0) this.addLive(sample);
    });
    void this.fetch(null);
  }

  loadMore(): Promise<void> {
    const oldest = this.rows().at(-1);
    return this.fetch(oldest === undefined ? null : oldest.t);
  }

  nextPage(): void {
    if (this.page() + 1 < this.pageCount()) this.page.update((p) => p + 1);
    else if (this.hasMore())
      void this.loadMore().then(() => this.page.update((p) => Math.min(p + 1, this.pageCount() - 1)));
  }

  previousPage(): void {
    this.page.update((p) => Math.max(0, p - 1));
    if (this.page() === 0) this.unseen.set(0);
  }

  firstPage(): void {
    this.page.set(0);
    this.unseen.set(0);
  }

  private addLive(sample: Sample): void {
    const rows = this.rows();
    if (rows.some((r) => r.t === sample.t)) return;
    // Live samples come in time order: the new one is nearly always the newest.
    const next =
      rows.length === 0 || sample.t > rows[0]!.t
        ? [sample, ...rows]
        : [sample, ...rows].sort((a, b) => b.t - a.t);
    const keep = Math.max(ANOMALY_ROWS_KEPT, (this.page() + 2) * PAGE_SIZE);
    if (next.length > keep) {
      next.length = keep;
      this.hasMore.set(true);
    }
    this.rows.set(next);
    this.totalCount.update((n) => n + 1);
    // Keep an older page still: the new row pushes everything down by one.
    if (this.page() > 0) this.unseen.update((n) => n + 1);
  }

  /** The newest page, or with `olderThan` (epoch ms) the page just before that time. */
  private async fetch(olderThan: number | null): Promise<void> {
    const patientId = this.patientId;
    if (patientId === null) return;
    const older = olderThan !== null;
    if (older) this.loadingMore.set(true);
    const answer = await this.loader.load(() =>
      this.anomaliesGql.fetch({
        variables: {
          patientId,
          first: ANOMALY_FETCH,
          ...(older ? { to: new Date(olderThan - 1).toISOString() } : {}),
        },
        fetchPolicy: 'no-cache',
      }),
    );
    if (answer === null) return;
    this.loading.set(false);
    this.loadingMore.set(false);
    if (!answer.ok) {
      this.error.set(answer.error);
      // An older page can be asked for again with its button; the first page retries by itself.
      if (!older) this.scheduleRetry();
      return;
    }
    const page = answer.data.anomalies;
    const known = new Set(this.rows().map((r) => r.t));
    const fresh = page.edges.map((e) => toSample(e.node)).filter((s) => !known.has(s.t));
    this.rows.set([...this.rows(), ...fresh].sort((a, b) => b.t - a.t));
    // An older page counts only what lies before its time; the newest page counts them all.
    if (!older) this.totalCount.set(Math.max(page.totalCount, this.rows().length));
    this.hasMore.set(page.pageInfo.hasNextPage);
    this.error.set(null);
    this.failures = 0;
  }

  private scheduleRetry(): void {
    this.cancelRetry();
    const delay = jitteredBackoff(this.failures++, { baseMs: 2_000, capMs: 30_000, floorMs: 1_000 });
    this.retryAt.set(Date.now() + delay);
    this.retryTimer = setTimeout(() => this.retryNow(), delay);
  }

  private cancelRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryAt.set(null);
  }
}
