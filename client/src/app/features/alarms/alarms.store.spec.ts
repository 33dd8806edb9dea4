import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { episode } from '../../../testing/episodes';
import { fail, ok } from '../../../testing/fakes';
import { AlarmSound } from '../../core/alarm-sound';
import { ConnectionService } from '../../core/connection.service';
import { EpisodeFeed, type EpisodeEvent } from '../../core/episode-feed.service';
import { AlarmsGQL } from '../../graphql/generated';
import { ALARMS_RESYNC_MS, AlarmsStore } from './alarms.store';

const patients = [
  { id: 1, firstName: 'Janek', lastName: 'Grzegorczyk' },
  { id: 2, firstName: null, lastName: null },
];

function answer(totalCount: number, episodes = [episode()]) {
  return ok({ episodes: { totalCount, edges: episodes.map((node) => ({ node })) }, patients });
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('AlarmsStore', () => {
  let events: Subject<EpisodeEvent>;
  let fetch: jest.Mock;
  let beep: jest.Mock;

  beforeEach(() => {
    events = new Subject();
    fetch = jest.fn(() =>
      answer(2, [episode({ id: 'a', patientId: 1 }), episode({ id: 'b', patientId: 2 })]),
    );
    beep = jest.fn();
    TestBed.configureTestingModule({
      providers: [
        AlarmsStore,
        { provide: AlarmsGQL, useValue: { fetch } },
        { provide: EpisodeFeed, useValue: { events$: events } },
        { provide: AlarmSound, useValue: { beep } },
      ],
    });
  });

  it('shows the count and the newest episodes with their patients’ names', async () => {
    const store = TestBed.inject(AlarmsStore);
    await flush();
    expect(store.count()).toBe(2);
    expect(store.newest().map((a) => [a.episode.id, a.patientName])).toEqual([
      ['a', 'Janek Grzegorczyk'],
      ['b', 'Patient 2'],
    ]);
  });

  it('asks again when an episode is acknowledged, not for every update', async () => {
    const store = TestBed.inject(AlarmsStore);
    await flush();
    fetch.mockReturnValue(answer(1, [episode({ id: 'b', patientId: 2 })]));
    events.next({ type: 'UPDATED', episode: episode({ id: 'a' }) });
    await flush();
    expect(fetch).toHaveBeenCalledTimes(1);
    events.next({ type: 'ACKNOWLEDGED', episode: episode({ id: 'a', status: 'ACTIVE_ACKNOWLEDGED' }) });
    await flush();
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(store.count()).toBe(1);
  });

  it('announces a new HIGH episode with the patient’s name and beeps; a LOW one quietly counts', async () => {
    const store = TestBed.inject(AlarmsStore);
    await flush();
    events.next({
      type: 'OPENED',
      episode: episode({ id: 'c', patientId: 1, severity: 'LOW', kind: 'SPIKE' }),
    });
    await flush();
    expect(store.announcement()).toBe('');
    expect(beep).not.toHaveBeenCalled();
    events.next({ type: 'OPENED', episode: episode({ id: 'd', patientId: 1, sensors: ['L0', 'R1'] }) });
    await flush();
    expect(store.announcement()).toMatch(
      /^New high alarm: Anomaly for Janek Grzegorczyk, sensors L0 R1, at \d\d:\d\d:\d\d\.$/,
    );
    expect(beep).toHaveBeenCalledTimes(1);
    events.next({ type: 'REALARMED', episode: episode({ id: 'a', patientId: 2, sensors: [] }) });
    expect(store.announcement()).toMatch(/^Still active, alarming again: Anomaly for Patient 2, at /);
  });

  it('keeps the last count through a failed query and asks again when the link is back', async () => {
    const store = TestBed.inject(AlarmsStore);
    await flush();
    fetch.mockReturnValueOnce(fail('Server unreachable'));
    events.next({ type: 'OPENED', episode: episode({ severity: 'MEDIUM' }) });
    await flush();
    expect(store.count()).toBe(2);
    expect(store.error()).toBe('Server unreachable');
    fetch.mockReturnValue(answer(3));
    TestBed.inject(ConnectionService).handle({ type: 'connected' });
    await flush();
    expect(store.error()).toBeNull();
    expect(store.count()).toBe(3);
  });

  it('asks again on its own every few seconds, catching up an event it never received', async () => {
    jest.useFakeTimers();
    try {
      const store = TestBed.inject(AlarmsStore);
      await flush();
      fetch.mockReturnValue(answer(6));
      jest.advanceTimersByTime(ALARMS_RESYNC_MS - 1);
      await flush();
      expect(store.count()).toBe(2);
      jest.advanceTimersByTime(1);
      await flush();
      expect(store.count()).toBe(6);
    } finally {
      jest.useRealTimers();
    }
  });
});
