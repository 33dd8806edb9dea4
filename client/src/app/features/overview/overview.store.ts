import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { Clock } from '../../core/clock';
import { ConnectionService } from '../../core/connection.service';
import { LiveFeed } from '../../core/live-feed.service';
import { PatientsGQL, type PatientsQuery } from '../../graphql/generated';
import { FrameBatcher } from '../../shared/frame-batcher';
import { ageFrom, displayName } from '../../shared/patient';
import { deriveStatus, type ServerStatus, type StatusView } from '../../shared/patient-status';
import { QueryLoader } from '../../shared/query-loader';
import { STALE_AFTER_MS } from '../../shared/reading-rate';
import { toSample, type Sample } from '../../shared/sample';

export const OVERVIEW_REFRESH_MS = 15_000;
const HOUR_MS = 3_600_000;

type PatientRow = PatientsQuery['patients'][number];

export interface PatientCard {
  readonly id: number;
  readonly name: string;
  readonly age: number | null;
  readonly birthYear: number | null;
  readonly disabled: boolean | null;
  readonly traceName: string | null;
  readonly status: StatusView;
  readonly sample: Sample | null;
  /** Anomalous readings in the last hour. */
  readonly anomaliesLastHour: number;
  readonly lastReadingAt: number | null;
  readonly anomalyNow: boolean;
}

interface Live {
  readonly sample: Sample;
  /** Browser time of arrival: freshness does not depend on the server's clock. */
  readonly receivedAt: number;
}

/** Patients with their newest reading, refreshed from the query and pushed by the live feed. */
@Injectable()
export class OverviewStore {
  private readonly patientsGql = inject(PatientsGQL);
  private readonly feed = inject(LiveFeed);
  private readonly connection = inject(ConnectionService);
  private readonly clock = inject(Clock);

  private readonly rows = signal<readonly PatientRow[]>([]);
  private readonly fetchedAt = signal(0);
  private readonly live = signal<ReadonlyMap<number, Live>>(new Map());
  private readonly liveAnomalies = signal<ReadonlyMap<number, number>>(new Map());
  private pending = new Map<number, Live>();
  private pendingAnomalies = new Map<number, number>();
  private readonly batcher = new FrameBatcher(() => this.flush());
  private readonly loader = new QueryLoader();

  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  readonly loaded = computed(() => this.fetchedAt() > 0);

  readonly cards = computed<PatientCard[]>(() => {
    const now = this.clock.now();
    const live = this.live();
    const extra = this.liveAnomalies();
    const connection = this.connection.state().kind;
    const fetchedAt = this.fetchedAt();
    return this.rows().map((p) => {
      const latest = live.get(p.id);
      const fromQuery = p.latest ? toSample(p.latest) : null;
      const sample = latest?.sample ?? fromQuery;
      const queryReadingAt = p.lastReadingAt ? Date.parse(p.lastReadingAt) : null;
      const lastReadingAt = sample?.t ?? queryReadingAt;
      return {
        id: p.id,
        name: displayName(p),
        age: ageFrom(p.birthYear, now),
        birthYear: p.birthYear,
        disabled: p.disabled,
        traceName: p.traceName,
        status: deriveStatus({
          server: p.status as ServerStatus,
          serverAt: fetchedAt,
          // Freshness by arrival time in this browser, so the server's clock does not matter;
          // before the first live reading, trust a LIVE status for as long as a reading stays fresh.
          lastReadingAt: latest ? latest.receivedAt : p.status === 'LIVE' ? fetchedAt : null,
          now,
          connection,
        }),
        sample,
        anomaliesLastHour: p.anomalyCount + (extra.get(p.id) ?? 0),
        lastReadingAt,
        // An anomaly is "now" for as long as the reading that showed it would count as live.
        anomalyNow: !!sample && sample.flags !== 0 && !!latest && now - latest.receivedAt <= STALE_AFTER_MS,
      };
    });
  });

  constructor() {
    const destroyRef = inject(DestroyRef);
    const sub = this.feed.samples$.subscribe(({ patientId, sample }) => {
      this.pending.set(patientId, { sample, receivedAt: Date.now() });
      if (sample.flags !== 0)
        this.pendingAnomalies.set(patientId, (this.pendingAnomalies.get(patientId) ?? 0) + 1);
      this.batcher.schedule();
    });
    const timer = setInterval(() => void this.refresh(), OVERVIEW_REFRESH_MS);
    destroyRef.onDestroy(() => {
      sub.unsubscribe();
      clearInterval(timer);
      this.batcher.cancel();
    });
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const startedAt = Date.now();
    // The timer and the "Try again" button can overlap: the newest question wins, so a slow
    // answer to an older one cannot bring back an older list (and its older anomaly counts).
    this.loader.invalidate();
    const answer = await this.loader.load(() =>
      this.patientsGql.fetch({
        variables: { since: new Date(startedAt - HOUR_MS).toISOString() },
        fetchPolicy: 'no-cache',
      }),
    );
    if (answer === null) return;
    this.loading.set(false);
    if (!answer.ok) {
      // The last list stays on screen, with the error beside it.
      this.error.set(answer.error);
      return;
    }
    this.rows.set([...answer.data.patients].sort((a, b) => a.id - b.id));
    this.fetchedAt.set(startedAt);
    this.liveAnomalies.set(new Map());
    this.pendingAnomalies.clear();
    this.error.set(null);
  }

  private flush(): void {
    const pending = this.pending;
    const anomalies = this.pendingAnomalies;
    this.pending = new Map();
    this.pendingAnomalies = new Map();
    this.live.update((current) => {
      const next = new Map(current);
      pending.forEach((live, id) => next.set(id, live));
      return next;
    });
    if (anomalies.size) {
      this.liveAnomalies.update((current) => {
        const next = new Map(current);
        anomalies.forEach((n, id) => next.set(id, (next.get(id) ?? 0) + n));
        return next;
      });
    }
  }
}
