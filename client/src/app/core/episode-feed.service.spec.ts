import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { episode } from '../../testing/episodes';
import { EpisodeEventsGQL } from '../graphql/generated';
import { EpisodeFeed } from './episode-feed.service';

describe('EpisodeFeed', () => {
  it('shares one subscription and filters events by patient', () => {
    const results = new Subject<{ data?: unknown; error?: unknown }>();
    const subscribe = jest.fn(() => results);
    TestBed.configureTestingModule({ providers: [{ provide: EpisodeEventsGQL, useValue: { subscribe } }] });
    const feed = TestBed.inject(EpisodeFeed);
    const all: string[] = [];
    const two: string[] = [];
    const subs = [
      feed.events$.subscribe((e) => all.push(e.episode.id)),
      feed.forPatient(2).subscribe((e) => two.push(`${e.type}:${e.episode.id}`)),
    ];
    results.next({ data: { episodes: { type: 'OPENED', episode: episode({ id: 'a', patientId: 1 }) } } });
    results.next({ data: undefined });
    results.next({ data: { episodes: { type: 'CLEARED', episode: episode({ id: 'b', patientId: 2 }) } } });
    expect(all).toEqual(['a', 'b']);
    expect(two).toEqual(['CLEARED:b']);
    expect(subscribe).toHaveBeenCalledTimes(1);
    subs.forEach((s) => s.unsubscribe());
  });
});
