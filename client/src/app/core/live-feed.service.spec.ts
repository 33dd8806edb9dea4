import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { LiveReadingsGQL } from '../graphql/generated';
import { LiveFeed } from './live-feed.service';

describe('LiveFeed', () => {
  it('turns subscription results into samples and filters by patient', () => {
    const results = new Subject<{ data?: unknown; error?: unknown }>();
    const subscribe = jest.fn(() => results);
    TestBed.configureTestingModule({ providers: [{ provide: LiveReadingsGQL, useValue: { subscribe } }] });
    const feed = TestBed.inject(LiveFeed);
    const seen: number[] = [];
    const sub = feed.forPatient(2).subscribe((s) => seen.push(s.v[0]));
    const reading = (patientId: number, value: number) => ({
      data: {
        readings: {
          patientId,
          at: new Date(1000 + value).toISOString(),
          traceId: '1',
          anomaly: false,
          sensors: [{ id: 0, value, anomaly: false }],
        },
      },
    });
    results.next(reading(1, 10));
    results.next(reading(2, 20));
    results.next({ data: undefined });
    results.next(reading(2, 30));
    expect(seen).toEqual([20, 30]);
    expect(subscribe).toHaveBeenCalledTimes(1);
    sub.unsubscribe();
  });
});
