import { Injectable, inject } from '@angular/core';
import { defer, filter, map, retry, share, timer, type Observable } from 'rxjs';
import { EpisodeEventsGQL, type EpisodeEventType } from '../graphql/generated';
import { jitteredBackoff } from '../shared/backoff';
import type { Episode } from '../shared/episode';

export interface EpisodeEvent {
  readonly type: EpisodeEventType;
  readonly episode: Episode;
}

/**
 * One subscription to every patient's episode events, shared by the alarm bar and the patient
 * page (as LiveFeed is for readings): the alarm bar is on every page, so the patient page's list
 * costs no second subscription. graphql-ws resubscribes after a reconnect by itself; events
 * missed while the link was down are caught up by the stores re-querying on reconnect.
 */
@Injectable({ providedIn: 'root' })
export class EpisodeFeed {
  private readonly gql = inject(EpisodeEventsGQL);

  readonly events$: Observable<EpisodeEvent> = defer(() =>
    this.gql.subscribe({ variables: { patientIds: null }, fetchPolicy: 'no-cache' }),
  ).pipe(
    map((result) => {
      if (result.error) throw result.error;
      return result.data?.episodes;
    }),
    filter((event) => !!event),
    retry({ delay: (_error, attempt) => timer(jitteredBackoff(attempt)) }),
    share(),
  );

  forPatient(patientId: number): Observable<EpisodeEvent> {
    return this.events$.pipe(filter((event) => event.episode.patientId === patientId));
  }
}
