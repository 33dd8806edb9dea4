import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { Clock } from '../../core/clock';
import { ConnectionService } from '../../core/connection.service';
import {
  OverviewAnomalyCountsGQL,
  OverviewPatientsGQL,
  type OverviewPatientsQuery,
} from '../../graphql/generated';
import { ageFrom, displayName } from '../../shared/patient';
import { deriveStatus, type ServerStatus } from '../../shared/patient-status';
import { QueryLoader } from '../../shared/query-loader';
import { STALE_AFTER_MS } from '../../shared/reading-rate';
import { SENSORS } from '../../shared/sample';
import { OverviewFeed } from './overview-feed';
import type { PatientView } from './patient-view';
import type { Summary } from './summary';
import { priorityOf } from './triage';

/**
 * Names, birth years and the hourly anomaly counts change slowly; the live part comes from the
 * summary feed. A minute keeps 1,000 patients' anomaly counts from costing the server a count of
 * every patient's flagged readings every few seconds.
 */
export const PATIENTS_REFRESH_MS = 60_000;
const HOUR_MS = 3_600_000;

type PatientRow = OverviewPatientsQuery['patients'][number];

/** The ward: who the patients are (the patient list) and what they are doing now (the feed). */
@Injectable()
export class OverviewStore {
  private readonly patientsGql = inject(OverviewPatientsGQL);
  private readonly countsGql = inject(OverviewAnomalyCountsGQL);
  private readonly connection = inject(ConnectionService);
  private readonly clock = inject(Clock);
  private readonly feed = inject(OverviewFeed);
  private readonly loader = new QueryLoader();
  private readonly countsLoader = new QueryLoader();

  private readonly rows = signal<readonly PatientRow[]>([]);
  /** Flagged readings in the last hour by patient; null until first answered. */
  private readonly counts = signal<ReadonlyMap<number, number> | null>(null);
  private readonly fetchedAt = signal(0);
  private snapshotAsked = false;

  readonly loading = signal(true);
  readonly error = signal<string | null>(null);
  readonly loaded = computed(() => this.fetchedAt() > 0);
  /** How far the browser is behind the server's data, 0 while it keeps up. */
  readonly behindMs = this.feed.behindMs;

  /** Every polled patient, in id order. */
  readonly patients = computed<PatientView[]>(() => {
    const now = this.clock.now();
    const connection = this.connection.state().kind;
    const summaries = this.feed.summaries();
    const offset = this.feed.clockOffsetMs();
    const counts = this.counts();
    return this.rows().map((row) =>
      toView(row, summaries.get(row.id), counts?.get(row.id) ?? null, offset, now, connection),
    );
  });

  constructor() {
    const timer = setInterval(() => void this.refresh(), PATIENTS_REFRESH_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
    void this.refresh();
  }

  async refresh(): Promise<void> {
    const startedAt = Date.now();
    // The timer and "Try again" can overlap: the newest question wins.
    this.loader.invalidate();
    const answer = await this.loader.load(() => this.patientsGql.fetch({ fetchPolicy: 'no-cache' }));
    if (answer === null) return;
    this.loading.set(false);
    if (!answer.ok) {
      // The last list stays on screen, with the error beside it.
      this.error.set(answer.error);
      return;
    }
    this.rows.set([...answer.data.patients].sort((a, b) => a.id - b.id));
    this.fetchedAt.set(startedAt);
    this.error.set(null);
    // The live snapshot after the list, not beside it: names and status first (the list has
    // both); the anomaly counts after the snapshot, the values on the cards before them.
    if (!this.snapshotAsked || this.feed.error()) {
      this.snapshotAsked = true;
      await this.feed.loadSnapshot();
    }
    await this.loadCounts();
  }

  /** The hourly anomaly counts; a failure keeps the last ones (the next refresh asks again). */
  private async loadCounts(): Promise<void> {
    const since = new Date(Date.now() - HOUR_MS).toISOString();
    this.countsLoader.invalidate();
    const answer = await this.countsLoader.load(() =>
      this.countsGql.fetch({ variables: { since }, fetchPolicy: 'no-cache' }),
    );
    if (answer === null || !answer.ok) return;
    this.counts.set(new Map(answer.data.patients.map((p) => [p.id, p.anomalyCount])));
  }
}

/** Sensor names (L0 … R2) as a sample's flag bits (bit i is sensor i); unknown names ignored. */
export function flagBits(names: readonly string[]): number {
  let bits = 0;
  for (const s of SENSORS) if (names.includes(s.name)) bits |= 1 << s.id;
  return bits;
}

function toView(
  row: PatientRow,
  summary: Summary | undefined,
  anomaliesLastHour: number | null,
  offsetMs: number,
  now: number,
  connection: ReturnType<ConnectionService['state']>['kind'],
): PatientView {
  const serverStatus = (summary?.status ?? row.status) as ServerStatus;
  const serverReadingAt = summary
    ? summary.lastReadingAt
    : row.lastReadingAt
      ? Date.parse(row.lastReadingAt)
      : null;
  // On the browser's clock: a browser whose clock is off must not call live data old.
  const lastReadingAt = serverReadingAt === null ? null : serverReadingAt + offsetMs;
  const fresh = lastReadingAt !== null && now - lastReadingAt <= STALE_AFTER_MS;
  const attention = summary?.attention ?? null;
  const unacknowledgedEpisodes = summary?.unacknowledgedEpisodes ?? 0;
  return {
    id: row.id,
    name: displayName(row),
    firstName: row.firstName,
    lastName: row.lastName,
    age: ageFrom(row.birthYear, now),
    birthYear: row.birthYear,
    disabled: row.disabled,
    traceName: row.traceName,
    source: row.source,
    serverStatus,
    status: deriveStatus({
      server: serverStatus,
      // The feed sends a status change at once: it is as new as the reading it came with, so
      // the reading's age alone decides whether a LIVE patient still looks live here.
      serverAt: lastReadingAt ?? 0,
      lastReadingAt,
      now,
      connection,
    }),
    sample:
      summary?.values && lastReadingAt !== null
        ? { t: lastReadingAt, v: summary.values, flags: flagBits(summary.flaggedSensors), traceId: '' }
        : null,
    leftShare: summary?.leftShare ?? null,
    gaitState: summary?.gaitState ?? null,
    cadence: summary?.cadence ?? null,
    lastReadingAt,
    anomalyNow: !!summary?.anomaly && fresh,
    flaggedSensors: summary?.anomaly && fresh ? summary.flaggedSensors : [],
    anomaliesLastHour,
    openEpisodes: summary?.openEpisodes ?? 0,
    unacknowledgedEpisodes,
    attention,
    priority: priorityOf({ attention, unacknowledgedEpisodes, serverStatus }),
  };
}
