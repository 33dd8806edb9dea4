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
/**
 * Rows kept for the histogram. A page left open through a shift would otherwise keep every
 * anomaly of the day (and re-bin them all for each new one); the oldest are dropped.
 */
export const ANOMALY_ROWS_KEPT = 1000;

/**
 * A patient's newest anomalous readings for the histogram of values during anomalies: the newest
 * 200 fetched, grown live by flagged readings from the feed. (The episode list shows the
 * readings themselves, per episode.)
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
  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  /** When the failed first page is fetched again by itself (epoch ms), while it is failing. */
  readonly retryAt = signal<number | null>(null);
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

  /** Fetches a failed first page again now (the link coming back). */
  retryNow(): void {
    if (this.patientId === null) return;
    this.cancelRetry();
    void this.fetch();
  }

  connect(patientId: number): void {
    this.patientId = patientId;
    // Pages still on their way belong to the previous patient.
    this.loader.invalidate();
    this.liveSub?.unsubscribe();
    this.rows.set([]);
    this.failures = 0;
    this.cancelRetry();
    this.error.set(null);
    this.loading.set(true);
    this.liveSub = this.feed.forPatient(patientId).subscribe((sample) => {
      if (sample.flags !== 0) this.addLive(sample);
    });
    void this.fetch();
  }

  private addLive(sample: Sample): void {
    const rows = this.rows();
    if (rows.some((r) => r.t === sample.t)) return;
    // Live samples come in time order: the new one is nearly always the newest.
    const next =
      rows.length === 0 || sample.t > rows[0]!.t
        ? [sample, ...rows]
        : [sample, ...rows].sort((a, b) => b.t - a.t);
    if (next.length > ANOMALY_ROWS_KEPT) next.length = ANOMALY_ROWS_KEPT;
    this.rows.set(next);
  }

  /** The newest anomalous readings. */
  private async fetch(): Promise<void> {
    const patientId = this.patientId;
    if (patientId === null) return;
    const answer = await this.loader.load(() =>
      this.anomaliesGql.fetch({ variables: { patientId, first: ANOMALY_FETCH }, fetchPolicy: 'no-cache' }),
    );
    if (answer === null) return;
    this.loading.set(false);
    if (!answer.ok) {
      this.error.set(answer.error);
      this.scheduleRetry();
      return;
    }
    const known = new Set(this.rows().map((r) => r.t));
    const fresh = answer.data.anomalies.edges.map((e) => toSample(e.node)).filter((s) => !known.has(s.t));
    this.rows.set([...this.rows(), ...fresh].sort((a, b) => b.t - a.t).slice(0, ANOMALY_ROWS_KEPT));
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
