import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { AlarmSound } from '../../core/alarm-sound';
import { ConnectionService } from '../../core/connection.service';
import { EpisodeFeed, type EpisodeEvent } from '../../core/episode-feed.service';
import { FirstScreen } from '../../core/first-screen';
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
/**
 * At most one question this often, one at a time: at 1,000 patients episodes open and clear
 * several times a second, and a query per event (each once asking for every patient's name)
 * kept the server and the page busy with answers that were overtaken before they arrived.
 * Events arriving meanwhile are answered together by the next question.
 */
export const ALARMS_MIN_GAP_MS = 1_000;

export interface Alarm {
  readonly episode: Episode;
  readonly patientName: string;
}

/**
 * Unacknowledged episodes across every patient, for the alarm bar: the count and the newest few,
 * asked again whenever an episode opens, clears, is acknowledged or re-alarms (an UPDATED event
 * changes neither), after a reconnect for what was missed meanwhile, and every 10 s as a safety
 * net; at most once a second, one question at a time. Patients' names are asked with the first
 * question and again only when an episode names a patient the bar does not know (the patient set
 * changed). A new or re-alarmed HIGH episode is announced (and beeps, if staff turned the sound on).
 * The first question waits for the page being opened to draw its first screen (FirstScreen, at most
 * a few seconds): with every patient's name it is as large as the overview's own list, and the two
 * shared the server and the page. Announcements come from the events, which are not held.
 */
@Injectable()
export class AlarmsStore {
  private readonly gql = inject(AlarmsGQL);
  private readonly sound = inject(AlarmSound);
  private readonly time = inject(TimeDisplay);
  private readonly firstScreen = inject(FirstScreen);
  private readonly loader = new QueryLoader();
  private names = new Map<number, string>();
  private namesWanted = true;
  private readonly namesAskedFor = new Set<number>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private gapTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  /** A question is on its way; another wanted meanwhile waits for its answer. */
  private asking = false;
  private askAgain = false;
  private lastAskedAt = Number.NEGATIVE_INFINITY;

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
      connection.up$.subscribe(() => this.refresh()),
    ];
    const resync = setInterval(() => this.refresh(), ALARMS_RESYNC_MS);
    inject(DestroyRef).onDestroy(() => {
      subs.forEach((s) => s.unsubscribe());
      clearInterval(resync);
      if (this.retryTimer !== null) clearTimeout(this.retryTimer);
      if (this.gapTimer !== null) clearTimeout(this.gapTimer);
      // An answer still on its way is dropped.
      this.loader.invalidate();
    });
    this.firstScreen.whenDrawn(() => this.refresh());
  }

  /**
   * Asks again: now, or when the question on its way has been answered and a second has passed
   * since it was asked. Any number of calls meanwhile make one question.
   */
  refresh(): void {
    // Asked again (by an event or the link coming up) once the first screen is drawn.
    if (!this.firstScreen.drawn) return;
    if (this.asking) {
      this.askAgain = true;
      return;
    }
    if (this.gapTimer !== null) return;
    const wait = this.lastAskedAt + ALARMS_MIN_GAP_MS - Date.now();
    if (wait > 0) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null;
        this.refresh();
      }, wait);
      return;
    }
    void this.ask();
  }

  private async ask(): Promise<void> {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.asking = true;
    this.askAgain = false;
    this.lastAskedAt = Date.now();
    const withNames = this.namesWanted;
    this.namesWanted = false;
    const answer = await this.loader.load(() =>
      this.gql.fetch({ variables: { first: ALARMS_SHOWN, withNames }, fetchPolicy: 'no-cache' }),
    );
    this.asking = false;
    if (answer === null) return;
    if (this.askAgain) this.refresh();
    if (!answer.ok) {
      if (withNames) this.namesWanted = true;
      // The last count stays up (marked as not current): an alarm must not vanish on a hiccup.
      this.error.set(answer.error);
      this.retryTimer = setTimeout(
        () => this.refresh(),
        jitteredBackoff(this.failures++, { baseMs: 2_000, capMs: 30_000, floorMs: 1_000 }),
      );
      return;
    }
    this.failures = 0;
    this.error.set(null);
    const { patients } = answer.data;
    if (patients) this.names = new Map(patients.map((p: PatientNameLike) => [p.id, displayName(p)]));
    for (const e of answer.data.episodes.edges) this.nameNeeded(e.node.patientId);
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
    this.nameNeeded(event.episode.patientId);
    if ((event.type === 'OPENED' || event.type === 'REALARMED') && event.episode.severity === 'HIGH') {
      this.announce(event);
    }
    this.refresh();
  }

  /**
   * A patient the bar has no name for (the patient set changed): the next question asks for the
   * names again, once for each such patient (one no longer polled has no name to find).
   */
  private nameNeeded(patientId: number): void {
    if (this.names.has(patientId) || this.namesAskedFor.has(patientId)) return;
    this.namesAskedFor.add(patientId);
    this.namesWanted = true;
    this.refresh();
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
