import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom, type Subscription } from 'rxjs';
import { LiveFeed } from '../../core/live-feed.service';
import { AnomaliesGQL } from '../../graphql/generated';
import { jitteredBackoff } from '../../shared/backoff';
import { histogram } from '../../shared/histogram';
import { toSample, type Sample } from '../../shared/sample';
import { ConnectionService } from '../connection/connection.service';
import { messageOf } from '../overview/overview.store';

export const ANOMALY_FETCH = 200;
export const PAGE_SIZE = 10;

/**
 * A patient's anomalous readings, newest first: fetched in pages of 200 from the connection,
 * grown live by flagged readings from the feed, shown 10 to a table page.
 */
@Injectable()
export class AnomaliesStore {
  private readonly anomaliesGql = inject(AnomaliesGQL);
  private readonly feed = inject(LiveFeed);
  private readonly connection = inject(ConnectionService);

  private patientId: number | null = null;
  private generation = 0;
  private liveSub: Subscription | null = null;
  private endCursor: string | null = null;
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
    this.generation++;
    this.liveSub?.unsubscribe();
    this.rows.set([]);
    this.page.set(0);
    this.unseen.set(0);
    this.totalCount.set(0);
    this.endCursor = null;
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
    return this.fetch(this.endCursor);
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
    this.rows.set([sample, ...rows].sort((a, b) => b.t - a.t));
    this.totalCount.update((n) => n + 1);
    // Keep an older page still: the new row pushes everything down by one.
    if (this.page() > 0) this.unseen.update((n) => n + 1);
  }

  private async fetch(after: string | null): Promise<void> {
    const patientId = this.patientId;
    const generation = this.generation;
    if (patientId === null) return;
    if (after) this.loadingMore.set(true);
    try {
      const result = await firstValueFrom(
        this.anomaliesGql.fetch({
          variables: { patientId, first: ANOMALY_FETCH, after },
          fetchPolicy: 'no-cache',
        }),
      );
      if (generation !== this.generation) return;
      if (!result.data) throw result.error ?? new Error('No data');
      const page = result.data.anomalies;
      const known = new Set(this.rows().map((r) => r.t));
      const fresh = page.edges.map((e) => toSample(e.node)).filter((s) => !known.has(s.t));
      this.rows.set([...this.rows(), ...fresh].sort((a, b) => b.t - a.t));
      this.totalCount.set(Math.max(page.totalCount, this.rows().length));
      this.hasMore.set(page.pageInfo.hasNextPage);
      this.endCursor = page.pageInfo.endCursor;
      this.error.set(null);
      this.failures = 0;
    } catch (error) {
      if (generation !== this.generation) return;
      this.error.set(messageOf(error));
      // An older page can be asked for again with its button; the first page retries by itself.
      if (!after) this.scheduleRetry();
    } finally {
      if (generation === this.generation) {
        this.loading.set(false);
        this.loadingMore.set(false);
      }
    }
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
