import { DestroyRef, Injectable, Injector, computed, inject, signal } from '@angular/core';
import type { Subscription } from 'rxjs';
import { ConnectionService } from '../../core/connection.service';
import { EpisodeFeed } from '../../core/episode-feed.service';
import {
  AcknowledgeEpisodeGQL,
  AddEpisodeNoteGQL,
  EpisodeReadingsGQL,
  PatientEpisodesGQL,
} from '../../graphql/generated';
import { jitteredBackoff } from '../../shared/backoff';
import { byAttention, isUnacknowledged, type Episode } from '../../shared/episode';
import { QueryLoader } from '../../shared/query-loader';
import { toSample, type Sample } from '../../shared/sample';

/** Episodes per page of the "older" list (unacknowledged ones all come with the first page). */
export const EPISODE_PAGE = 20;
/** Readings an expanded episode lists, newest first; a long episode says how many more it has. */
export const EPISODE_READINGS = 50;
/**
 * The list asks again this often whatever the events say: graphql-ws does not tell when the
 * server has started the subscription, and an episode opening just before it did sends an event
 * nobody receives (the alarm bar's e2e caught one); the list must not miss it until a reconnect.
 */
export const EPISODES_RESYNC_MS = 10_000;

export interface EpisodeReadings {
  readonly id: string;
  readonly samples: readonly Sample[];
  readonly totalCount: number;
  readonly loading: boolean;
  readonly error: string | null;
}

/**
 * One patient's episodes for the list: every unacknowledged one plus the newest of all (older
 * ones a page at a time), kept current by the shared episode feed, unacknowledged first. Also
 * the expanded episode's readings and acknowledging.
 */
@Injectable()
export class EpisodesStore {
  private readonly episodesGql = inject(PatientEpisodesGQL);
  private readonly readingsGql = inject(EpisodeReadingsGQL);
  private readonly acknowledgeGql = inject(AcknowledgeEpisodeGQL);
  /** Asked for when a note is first added: most visits of the page add none. */
  private readonly injector = inject(Injector);
  private readonly feed = inject(EpisodeFeed);
  private readonly connection = inject(ConnectionService);

  private patientId: number | null = null;
  private readonly loader = new QueryLoader();
  private readonly readingsLoader = new QueryLoader();
  private readonly ackLoader = new QueryLoader();
  private readonly noteLoader = new QueryLoader();
  private liveSub: Subscription | null = null;
  private endCursor: string | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;

  private readonly byId = signal<ReadonlyMap<string, Episode>>(new Map());
  readonly loading = signal(true);
  readonly loadingMore = signal(false);
  readonly error = signal<string | null>(null);
  readonly retryAt = signal<number | null>(null);
  readonly hasMore = signal(false);
  /** Every episode of the patient, on all pages. */
  readonly totalCount = signal(0);
  readonly expanded = signal<string | null>(null);
  readonly readings = signal<EpisodeReadings | null>(null);
  /** The episode whose acknowledgement is on its way, and the last one's failure. */
  readonly acknowledging = signal<string | null>(null);
  readonly ackError = signal<{ id: string; message: string } | null>(null);
  /** The episode whose added note is on its way, and the last one's failure. */
  readonly noting = signal<string | null>(null);
  readonly noteError = signal<{ id: string; message: string } | null>(null);

  readonly rows = computed(() => [...this.byId().values()].sort(byAttention));
  readonly unacknowledgedCount = computed(() => this.rows().filter(isUnacknowledged).length);

  constructor() {
    const subs = [
      this.connection.reconnected$.subscribe(() => this.refresh()),
      this.connection.up$.subscribe(() => {
        if (this.retryAt() !== null) this.refresh();
      }),
    ];
    const resync = setInterval(() => {
      if (this.patientId !== null && !this.loading()) void this.fetch(null);
    }, EPISODES_RESYNC_MS);
    inject(DestroyRef).onDestroy(() => {
      subs.forEach((s) => s.unsubscribe());
      clearInterval(resync);
      this.liveSub?.unsubscribe();
      this.cancelRetry();
    });
  }

  episode(id: string): Episode | undefined {
    return this.byId().get(id);
  }

  connect(patientId: number): void {
    this.patientId = patientId;
    this.loader.invalidate();
    this.readingsLoader.invalidate();
    this.liveSub?.unsubscribe();
    this.byId.set(new Map());
    this.endCursor = null;
    this.hasMore.set(false);
    this.totalCount.set(0);
    this.expanded.set(null);
    this.readings.set(null);
    this.ackError.set(null);
    this.noteError.set(null);
    this.error.set(null);
    this.failures = 0;
    this.cancelRetry();
    this.loading.set(true);
    this.liveSub = this.feed.forPatient(patientId).subscribe(({ type, episode }) => {
      if (type === 'OPENED' && !this.byId().has(episode.id)) this.totalCount.update((n) => n + 1);
      this.upsert([episode]);
      // An active episode grows while it is open: its readings follow (UPDATED is at most 1/s).
      if (episode.id === this.expanded()) void this.loadReadings(episode);
    });
    void this.fetch(null);
  }

  /** The newest episodes again (after a reconnect, or "Try now"), keeping older pages loaded. */
  refresh(): void {
    if (this.patientId === null) return;
    this.cancelRetry();
    void this.fetch(null);
  }

  loadOlder(): Promise<void> {
    return this.fetch(this.endCursor);
  }

  /** Expands an episode (and loads its readings), or collapses it when it is the expanded one. */
  toggle(id: string): boolean {
    if (this.expanded() === id) {
      this.collapse();
      return false;
    }
    const episode = this.byId().get(id);
    if (!episode) return false;
    this.expanded.set(id);
    this.readings.set({ id, samples: [], totalCount: 0, loading: true, error: null });
    void this.loadReadings(episode);
    return true;
  }

  collapse(): void {
    this.readingsLoader.invalidate();
    this.expanded.set(null);
    this.readings.set(null);
  }

  /** Records that staff have seen the episode; true when the server took it. */
  async acknowledge(id: string, note: string): Promise<boolean> {
    const text = note.trim();
    this.acknowledging.set(id);
    this.ackError.set(null);
    const answer = await this.ackLoader.load(() =>
      this.acknowledgeGql.mutate({ variables: { id, note: text === '' ? null : text } }),
    );
    this.acknowledging.set(null);
    if (answer === null) return false;
    if (!answer.ok) {
      // ALREADY_ACKNOWLEDGED names who did it; the list then shows their acknowledgement.
      this.ackError.set({ id, message: answer.error });
      this.refresh();
      return false;
    }
    this.upsert([answer.data.acknowledgeEpisode]);
    return true;
  }

  /** Adds a note to an episode (acknowledged or not: notes can be added later); true when taken. */
  async addNote(id: string, note: string): Promise<boolean> {
    const text = note.trim();
    if (text === '') return false;
    this.noting.set(id);
    this.noteError.set(null);
    const gql = this.injector.get(AddEpisodeNoteGQL);
    const answer = await this.noteLoader.load(() => gql.mutate({ variables: { id, text } }));
    this.noting.set(null);
    if (answer === null) return false;
    if (!answer.ok) {
      this.noteError.set({ id, message: answer.error });
      return false;
    }
    this.upsert([answer.data.addEpisodeNote]);
    return true;
  }

  private upsert(episodes: readonly Episode[]): void {
    const next = new Map(this.byId());
    for (const episode of episodes) next.set(episode.id, episode);
    this.byId.set(next);
  }

  /** The newest page (cursor null) with every unacknowledged episode, or an older page. */
  private async fetch(after: string | null): Promise<void> {
    const patientId = this.patientId;
    if (patientId === null) return;
    const older = after !== null;
    if (older) this.loadingMore.set(true);
    const answer = await this.loader.load(() =>
      this.episodesGql.fetch({
        variables: { patientId, first: EPISODE_PAGE, after },
        fetchPolicy: 'no-cache',
      }),
    );
    if (answer === null) return;
    this.loading.set(false);
    this.loadingMore.set(false);
    if (!answer.ok) {
      this.error.set(answer.error);
      if (!older) this.scheduleRetry();
      return;
    }
    const { unacknowledged, recent } = answer.data;
    this.upsert([...unacknowledged.edges, ...recent.edges].map((e) => e.node));
    this.totalCount.set(recent.totalCount);
    // A refresh of the newest page must not forget how far staff had paged back.
    if (older || this.endCursor === null) {
      this.endCursor = recent.pageInfo.endCursor;
      this.hasMore.set(recent.pageInfo.hasNextPage);
    }
    this.error.set(null);
    this.failures = 0;
  }

  private async loadReadings(episode: Episode): Promise<void> {
    const patientId = this.patientId;
    if (patientId === null) return;
    const answer = await this.readingsLoader.load(() =>
      this.readingsGql.fetch({
        variables: { patientId, startedAt: episode.startedAt, first: EPISODE_READINGS },
        fetchPolicy: 'no-cache',
      }),
    );
    if (answer === null || this.expanded() !== episode.id) return;
    if (!answer.ok) {
      this.readings.update((r) => ({
        id: episode.id,
        samples: r?.samples ?? [],
        totalCount: r?.totalCount ?? 0,
        loading: false,
        error: answer.error,
      }));
      return;
    }
    const found = answer.data.episodes.edges.find((e) => e.node.id === episode.id)?.node;
    this.readings.set({
      id: episode.id,
      samples: found ? found.readings.edges.map((e) => toSample(e.node)) : [],
      totalCount: found?.readings.totalCount ?? 0,
      loading: false,
      error: null,
    });
  }

  private scheduleRetry(): void {
    this.cancelRetry();
    const delay = jitteredBackoff(this.failures++, { baseMs: 2_000, capMs: 30_000, floorMs: 1_000 });
    this.retryAt.set(Date.now() + delay);
    this.retryTimer = setTimeout(() => this.refresh(), delay);
  }

  private cancelRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryAt.set(null);
  }
}
