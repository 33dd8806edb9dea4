import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { episode } from '../../../testing/episodes';
import { fail, ok } from '../../../testing/fakes';
import { AlarmSound } from '../../core/alarm-sound';
import { ConnectionService } from '../../core/connection.service';
import { EpisodeFeed, type EpisodeEvent } from '../../core/episode-feed.service';
import { FirstScreen } from '../../core/first-screen';
import { AlarmsGQL } from '../../graphql/generated';
import { ALARMS_MIN_GAP_MS, ALARMS_RESYNC_MS, AlarmsStore } from './alarms.store';

const patients = [
  { id: 1, firstName: 'Janek', lastName: 'Grzegorczyk' },
  { id: 2, firstName: null, lastName: null },
];

/** The server's answer: names only when the store asked for them, as with @include. */
function answer(totalCount: number, episodes = [episode()], names = patients) {
  return ({ variables }: { variables: { withNames: boolean } }) =>
    ok({
      episodes: { totalCount, edges: episodes.map((node) => ({ node })) },
      ...(variables.withNames ? { patients: names } : {}),
    });
}

/** Past the one-question-a-second spacing: the next question goes out. */
async function nextQuestion(): Promise<void> {
  jest.advanceTimersByTime(ALARMS_MIN_GAP_MS);
  await flush();
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('AlarmsStore', () => {
  let events: Subject<EpisodeEvent>;
  let fetch: jest.Mock;
  let beep: jest.Mock;
  /** The first screen is drawn unless a test says otherwise. */
  let firstScreen: { drawn: boolean; whenDrawn: (then: () => void) => void; draw: () => void };

  beforeEach(() => {
    const waiting: (() => void)[] = [];
    firstScreen = {
      drawn: true,
      whenDrawn: (then) => (firstScreen.drawn ? then() : waiting.push(then)),
      draw: () => {
        firstScreen.drawn = true;
        waiting.splice(0).forEach((then) => then());
      },
    };
    jest.useFakeTimers();
    events = new Subject();
    fetch = jest.fn(answer(2, [episode({ id: 'a', patientId: 1 }), episode({ id: 'b', patientId: 2 })]));
    beep = jest.fn();
    TestBed.configureTestingModule({
      providers: [
        AlarmsStore,
        { provide: AlarmsGQL, useValue: { fetch } },
        { provide: EpisodeFeed, useValue: { events$: events } },
        { provide: AlarmSound, useValue: { beep } },
        { provide: FirstScreen, useValue: firstScreen },
      ],
    });
  });

  afterEach(() => jest.useRealTimers());

  it('shows the count and the newest episodes with their patients’ names', async () => {
    const store = TestBed.inject(AlarmsStore);
    await flush();
    expect(store.count()).toBe(2);
    expect(store.newest().map((a) => [a.episode.id, a.patientName])).toEqual([
      ['a', 'Janek Grzegorczyk'],
      ['b', 'Patient 2'],
    ]);
  });

  it('asks its first question once the first screen is drawn, however many events came before', async () => {
    firstScreen.drawn = false;
    const store = TestBed.inject(AlarmsStore);
    events.next({ type: 'OPENED', episode: episode({ id: 'c', patientId: 3 }) });
    jest.advanceTimersByTime(ALARMS_RESYNC_MS);
    await flush();
    expect(fetch).not.toHaveBeenCalled();
    firstScreen.draw();
    await flush();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0][0].variables.withNames).toBe(true);
    expect(store.count()).toBe(2);
  });

  it('asks again when an episode is acknowledged, not for every update', async () => {
    const store = TestBed.inject(AlarmsStore);
    await flush();
    fetch.mockImplementation(answer(1, [episode({ id: 'b', patientId: 2 })]));
    events.next({ type: 'UPDATED', episode: episode({ id: 'a', patientId: 1 }) });
    await nextQuestion();
    expect(fetch).toHaveBeenCalledTimes(1);
    events.next({
      type: 'ACKNOWLEDGED',
      episode: episode({ id: 'a', patientId: 1, status: 'ACTIVE_ACKNOWLEDGED' }),
    });
    await nextQuestion();
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
    fetch.mockImplementationOnce(() => fail('Server unreachable'));
    events.next({ type: 'OPENED', episode: episode({ patientId: 1, severity: 'MEDIUM' }) });
    await nextQuestion();
    expect(store.count()).toBe(2);
    expect(store.error()).toBe('Server unreachable');
    fetch.mockImplementation(answer(3, [episode({ patientId: 1 })]));
    TestBed.inject(ConnectionService).handle({ type: 'connected' });
    await nextQuestion();
    expect(store.error()).toBeNull();
    expect(store.count()).toBe(3);
  });

  it('asks again on its own every few seconds, catching up an event it never received', async () => {
    const store = TestBed.inject(AlarmsStore);
    await flush();
    fetch.mockImplementation(answer(6, [episode({ patientId: 1 })]));
    jest.advanceTimersByTime(ALARMS_RESYNC_MS - 1);
    await flush();
    expect(store.count()).toBe(2);
    jest.advanceTimersByTime(1);
    await flush();
    expect(store.count()).toBe(6);
  });

  it('asks at most once a second however many events come, and answers them all with one question', async () => {
    const store = TestBed.inject(AlarmsStore);
    await flush();
    fetch.mockImplementation(answer(7, [episode({ patientId: 1 })]));
    for (let i = 0; i < 20; i++)
      events.next({ type: 'OPENED', episode: episode({ id: `e${i}`, patientId: 1, severity: 'LOW' }) });
    await flush();
    expect(fetch).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(ALARMS_MIN_GAP_MS - 1);
    await flush();
    expect(fetch).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1);
    await flush();
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(store.count()).toBe(7);
    await nextQuestion();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('waits for the answer on its way before asking again', async () => {
    const pending = new Subject<{ data: unknown }>();
    fetch.mockImplementationOnce(() => pending);
    const store = TestBed.inject(AlarmsStore);
    events.next({ type: 'CLEARED', episode: episode({ patientId: 1 }) });
    await nextQuestion();
    await nextQuestion();
    expect(fetch).toHaveBeenCalledTimes(1);
    pending.next({ data: { episodes: { totalCount: 1, edges: [] }, patients } });
    await flush();
    // The event that came meanwhile is answered by one more question (a second has passed).
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(store.count()).toBe(2);
  });

  it('asks for the names with the first question only, and again when a patient it does not know has an episode', async () => {
    const store = TestBed.inject(AlarmsStore);
    await flush();
    const withNames = () =>
      fetch.mock.calls.map(([o]) => (o as { variables: { withNames: boolean } }).variables.withNames);
    events.next({ type: 'OPENED', episode: episode({ patientId: 2, severity: 'LOW' }) });
    await nextQuestion();
    expect(withNames()).toEqual([true, false]);
    fetch.mockImplementation(
      answer(
        3,
        [episode({ id: 'n', patientId: 3 })],
        [...patients, { id: 3, firstName: 'Ola', lastName: 'Nowak' }],
      ),
    );
    events.next({ type: 'OPENED', episode: episode({ id: 'n', patientId: 3, severity: 'LOW' }) });
    await nextQuestion();
    expect(withNames()).toEqual([true, false, true]);
    expect(store.newest().map((a) => a.patientName)).toEqual(['Ola Nowak']);
    // Known now: no more names.
    events.next({ type: 'CLEARED', episode: episode({ id: 'n', patientId: 3 }) });
    await nextQuestion();
    expect(withNames()).toEqual([true, false, true, false]);
  });

  it('asks for the names once for a patient the server has no name for, not at every event', async () => {
    TestBed.inject(AlarmsStore);
    await flush();
    for (let i = 0; i < 3; i++) {
      events.next({ type: 'OPENED', episode: episode({ id: `g${i}`, patientId: 99, severity: 'LOW' }) });
      await nextQuestion();
    }
    const asked = fetch.mock.calls.map(
      ([o]) => (o as { variables: { withNames: boolean } }).variables.withNames,
    );
    expect(asked.filter(Boolean)).toHaveLength(2);
  });
});
