import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { AlarmSound } from '../../core/alarm-sound';
import { ConnectionService } from '../../core/connection.service';
import { EpisodeFeed, type EpisodeEvent } from '../../core/episode-feed.service';
import { TimeDisplay } from '../../core/time-display';
import { AlarmsGQL } from '../../graphql/generated';
import { jitteredBackoff } from '../../shared/backoff';
import { KIND_LABELS, sensorsText, type Episode } from '../../shared/episode';
import { displayName, type PatientNameLike } from '../../shared/patient';
import { QueryLoader } from '../../shared/query-loader';

/** The newest unacknowledged episodes the bar names; the rest are in the count. */
export const ALARMS_SHOWN = 3;
/**
 * The bar asks again this often whatever the events say. graphql-ws does not tell when the
 * server has started a subscription, so an episode opening in the moment between the first
 * query and the subscription going live on the server sends an event nobody receives (seen in
 * the e2e run: the bar said 4 while the server had 6); an alarm count must not stay wrong.
 */
export const ALARMS_RESYNC_MS = 10_000;

export interface Alarm {
  readonly episode: Episode;
  readonly patientName: string;
}

/**
 * Unacknowledged episodes across every patient, for the alarm bar: the count and the newest few,
 * asked again whenever an episode opens, clears, is acknowledged or re-alarms (an UPDATED event
 * changes neither), after a reconnect for what was missed meanwhile, and every 10 s as a safety net. A new or re-alarmed HIGH
 * episode is announced (and beeps, if staff turned the sound on).
 */
@Injectable()
export class AlarmsStore {
  private readonly gql = inject(AlarmsGQL);
  private readonly sound = inject(AlarmSound);
  private readonly time = inject(TimeDisplay);
  private readonly loader = new QueryLoader();
  private names = new Map<number, string>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;

  /** Null until the first answer. */
  readonly count = signal<number | null>(null);
  readonly newest = signal<readonly Alarm[]>([]);
  readonly error = signal<string | null>(null);
  /** What the assertive live region says: the newest HIGH episode. */
  readonly announcement = signal('');

  constructor() {
    const connection = inject(ConnectionService);
    const subs = [
      inject(EpisodeFeed).events$.subscribe((event) => this.onEvent(event)),
      // The first connection included: a first query that failed before the link was up is asked again.
      connection.up$.subscribe(() => void this.refresh()),
    ];
    const resync = setInterval(() => void this.refresh(), ALARMS_RESYNC_MS);
    inject(DestroyRef).onDestroy(() => {
      subs.forEach((s) => s.unsubscribe());
      clearInterval(resync);
      if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    });
    void this.refresh();
  }

  async refresh(): Promise<void> {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    // Only the newest question counts: an answer overtaken by a later event is stale.
    this.loader.invalidate();
    const answer = await this.loader.load(() =>
      this.gql.fetch({ variables: { first: ALARMS_SHOWN }, fetchPolicy: 'no-cache' }),
    );
    if (answer === null) return;
    if (!answer.ok) {
      // The last count stays up (marked as not current): an alarm must not vanish on a hiccup.
      this.error.set(answer.error);
      this.retryTimer = setTimeout(
        () => void this.refresh(),
        jitteredBackoff(this.failures++, { baseMs: 2_000, capMs: 30_000, floorMs: 1_000 }),
      );
      return;
    }
    this.failures = 0;
    this.error.set(null);
    this.names = new Map(answer.data.patients.map((p: PatientNameLike) => [p.id, displayName(p)]));
    this.count.set(answer.data.episodes.totalCount);
    this.newest.set(
      answer.data.episodes.edges.map((e) => ({
        episode: e.node,
        patientName: this.nameOf(e.node.patientId),
      })),
    );
  }

  private onEvent(event: EpisodeEvent): void {
    if (event.type === 'UPDATED') return;
    if ((event.type === 'OPENED' || event.type === 'REALARMED') && event.episode.severity === 'HIGH') {
      this.announce(event);
    }
    void this.refresh();
  }

  private announce({ type, episode }: EpisodeEvent): void {
    const what = type === 'REALARMED' ? 'Still active, alarming again' : 'New high alarm';
    const sensors = episode.sensors.length ? `, sensors ${sensorsText(episode.sensors)}` : '';
    this.announcement.set(
      `${what}: ${KIND_LABELS[episode.kind]} for ${this.nameOf(episode.patientId)}${sensors}, at ${this.time.time(Date.parse(episode.startedAt))}.`,
    );
    this.sound.beep();
  }

  private nameOf(patientId: number): string {
    return this.names.get(patientId) ?? `Patient ${patientId}`;
  }
}
