import { Injectable, inject } from '@angular/core';
import { defer, filter, map, retry, share, timer, type Observable } from 'rxjs';
import { LiveReadingsGQL } from '../graphql/generated';
import { jitteredBackoff } from '../shared/backoff';
import { toSample, type Sample } from '../shared/sample';

export interface LiveSample {
  readonly patientId: number;
  readonly sample: Sample;
}

/**
 * One subscription to every patient's readings, shared by all views (six patients at 5 Hz is
 * about 30 small messages a second). graphql-ws resubscribes by itself after a reconnect; the
 * rxjs retry only guards against the subscription itself failing.
 */
@Injectable({ providedIn: 'root' })
export class LiveFeed {
  private readonly gql = inject(LiveReadingsGQL);

  readonly samples$: Observable<LiveSample> = defer(() =>
    this.gql.subscribe({ variables: { patientIds: null }, fetchPolicy: 'no-cache' }),
  ).pipe(
    map((result) => {
      if (result.error) throw result.error;
      return result.data?.readings;
    }),
    filter((reading) => !!reading),
    map((reading) => ({ patientId: reading.patientId, sample: toSample(reading) })),
    retry({ delay: (_error, attempt) => timer(jitteredBackoff(attempt)) }),
    share(),
  );

  forPatient(patientId: number): Observable<Sample> {
    return this.samples$.pipe(
      filter((live) => live.patientId === patientId),
      map((live) => live.sample),
    );
  }
}
