import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { defer, filter, map, retry, timer, type Observable } from 'rxjs';
import {
  PauseReplayGQL,
  ReplayProgressGQL,
  ReplaysGQL,
  ResumeReplayGQL,
  StartReplayGQL,
  StopReplayGQL,
  type ReplayFieldsFragment,
} from '../../graphql/generated';
import { jitteredBackoff } from '../../shared/backoff';
import { QueryLoader, type QueryResultLike } from '../../shared/query-loader';
import type { ReplaySpeed } from './replay-format';

export type Replay = ReplayFieldsFragment;

/**
 * Every replay on the server, live: the first list from `Query.replays`, then each
 * `replayProgress` message (the whole list, about twice a second while one plays), and the
 * answers to this page's own mutations in between, so a button's effect shows at once.
 */
@Injectable()
export class ReplaysStore {
  private readonly listGql = inject(ReplaysGQL);
  private readonly progressGql = inject(ReplayProgressGQL);
  private readonly startGql = inject(StartReplayGQL);
  private readonly pauseGql = inject(PauseReplayGQL);
  private readonly resumeGql = inject(ResumeReplayGQL);
  private readonly stopGql = inject(StopReplayGQL);
  private readonly loader = new QueryLoader();
  private readonly byId = signal<ReadonlyMap<string, Replay>>(new Map());

  /** Newest first. */
  readonly replays = computed(() =>
    [...this.byId().values()].sort(
      (a, b) => b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id),
    ),
  );
  readonly loaded = signal(false);
  /** What the last failed action or load said, for the page's alert. */
  readonly error = signal<string | null>(null);
  /** Ids with a mutation on its way (their buttons wait). */
  readonly busy = signal<ReadonlySet<string>>(new Set());

  constructor() {
    const sub = defer(() => this.progressGql.subscribe({ fetchPolicy: 'no-cache' }))
      .pipe(
        map((result) => {
          if (result.error) throw result.error;
          return result.data?.replayProgress;
        }),
        filter((list) => !!list),
        retry({ delay: (_error, attempt) => timer(jitteredBackoff(attempt)) }),
      )
      .subscribe((list) => this.replaceAll(list));
    inject(DestroyRef).onDestroy(() => {
      sub.unsubscribe();
      this.loader.invalidate();
    });
    void this.load();
  }

  private async load(): Promise<void> {
    const answer = await this.loader.load(() => this.listGql.fetch({ fetchPolicy: 'no-cache' }));
    if (answer === null) return;
    if (!answer.ok) {
      this.error.set(`The replays could not be loaded: ${answer.error}`);
      return;
    }
    // A progress message that came first is as new or newer: only what it did not list is added.
    if (!this.loaded()) {
      const next = new Map(this.byId());
      for (const r of answer.data.replays) if (!next.has(r.id)) next.set(r.id, r);
      this.byId.set(next);
    }
    this.loaded.set(true);
  }

  private replaceAll(list: readonly Replay[]): void {
    this.byId.set(new Map(list.map((r) => [r.id, r])));
    this.loaded.set(true);
  }

  private put(replay: Replay): void {
    const next = new Map(this.byId());
    next.set(replay.id, replay);
    this.byId.set(next);
  }

  /** Starts replaying an upload; the new replay, or null (the error says why). */
  async start(uploadId: string, name: string, speed: ReplaySpeed): Promise<Replay | null> {
    const answer = await new QueryLoader().load(() =>
      this.startGql.mutate({ variables: { uploadId, name, speed } }),
    );
    if (answer === null) return null;
    if (!answer.ok) {
      this.error.set(`The replay did not start: ${answer.error}`);
      return null;
    }
    this.error.set(null);
    this.put(answer.data.startReplay);
    return answer.data.startReplay;
  }

  pause(id: string): Promise<void> {
    return this.act(
      id,
      'pause',
      () => this.pauseGql.mutate({ variables: { id } }),
      (d) => d.pauseReplay,
    );
  }

  /** Resumes a paused replay, or changes a playing one's speed. */
  resume(id: string, speed: ReplaySpeed | null = null): Promise<void> {
    return this.act(
      id,
      'resume',
      () => this.resumeGql.mutate({ variables: { id, speed } }),
      (d) => d.resumeReplay,
    );
  }

  stop(id: string): Promise<void> {
    return this.act(
      id,
      'stop',
      () => this.stopGql.mutate({ variables: { id } }),
      (d) => d.stopReplay,
    );
  }

  private async act<T>(
    id: string,
    what: string,
    mutate: () => Observable<QueryResultLike<T>>,
    pick: (data: T) => Replay,
  ): Promise<void> {
    this.busy.update((s) => new Set(s).add(id));
    const answer = await new QueryLoader().load(mutate);
    this.busy.update((s) => {
      const next = new Set(s);
      next.delete(id);
      return next;
    });
    if (answer === null) return;
    if (!answer.ok) {
      this.error.set(`Could not ${what} the replay: ${answer.error}`);
      return;
    }
    this.error.set(null);
    this.put(pick(answer.data));
  }
}
