import { TestBed } from '@angular/core/testing';
import { Subject, of } from 'rxjs';
import { fakeFrames } from '../../../../testing/fakes';
import { GaitDaysGQL, GaitLiveGQL, GaitWindowLiveGQL } from '../../../graphql/generated';
import { FrameQueue } from '../../../shared/frame-queue';
import {
  GAIT_FRAMES,
  GaitLiveStore,
  STEPS_REFRESH_MS,
  mergeContacts,
  type GaitContact,
} from './gait-live.store';
import { codedError, liveSummary, windowSummary } from './testing';

const contact = (foot: 'LEFT' | 'RIGHT', from: number, to: number): GaitContact => ({
  foot,
  from: new Date(from).toISOString(),
  to: new Date(to).toISOString(),
});

const day = (steps: number, walkingMinutes: number) => ({
  day: '2026-12-03',
  walkingMinutes,
  steps,
  bouts: 3,
  cadence: 100,
  stanceSI: 2,
  strideRatio: 1,
  minutesCovered: 300,
});

const history = (...days: ReturnType<typeof day>[]) => ({
  data: {
    gaitHistory: {
      timeZone: 'Europe/Warsaw',
      days,
      baseline: { days: 0, walkingMinutesPerDay: null, cadence: null, stanceSI: null, strideRatio: null },
    },
  },
});

describe('mergeContacts', () => {
  it('keeps older contacts inside the span and takes the newest summary from its first contact on', () => {
    const held = [
      contact('LEFT', 1_000, 1_500),
      contact('LEFT', 20_000, 20_700),
      contact('RIGHT', 25_000, 25_400),
    ];
    const incoming = [contact('RIGHT', 25_000, 25_800), contact('LEFT', 26_000, 26_500)];
    const merged = mergeContacts(held, incoming, 40_000);
    expect(merged).toEqual([contact('LEFT', 20_000, 20_700), ...incoming]);
  });
});

describe('GaitLiveStore', () => {
  let live: Subject<{ data?: unknown; error?: unknown }>;
  let windowed: Subject<{ data?: unknown; error?: unknown }>;
  let liveSubscribe: jest.Mock;
  let fetch: jest.Mock;
  let frames: ReturnType<typeof fakeFrames>;

  function setup(days: () => unknown = () => of(history(day(1200, 14), day(34, 1)))) {
    live = new Subject();
    windowed = new Subject();
    liveSubscribe = jest.fn(() => live);
    fetch = jest.fn(days);
    frames = fakeFrames();
    TestBed.configureTestingModule({
      providers: [
        GaitLiveStore,
        { provide: GaitLiveGQL, useValue: { subscribe: liveSubscribe } },
        { provide: GaitWindowLiveGQL, useValue: { subscribe: jest.fn(() => windowed) } },
        { provide: GaitDaysGQL, useValue: { fetch } },
        { provide: GAIT_FRAMES, useValue: new FrameQueue(frames.raf, frames.caf) },
      ],
    });
    return TestBed.inject(GaitLiveStore);
  }

  afterEach(() => jest.useRealTimers());

  it('subscribes to both windows and applies their figures on the next frame', () => {
    const store = setup();
    store.connect(2);
    expect(liveSubscribe.mock.calls[0][0].variables).toEqual({ patientId: 2, window: 'THIRTY_SECONDS' });
    live.next({ data: { gait: liveSummary() } });
    windowed.next({ data: { gait: windowSummary({ steps: 400 }) } });
    expect(store.live()).toBeNull();
    expect(store.state().kind).toBe('loading');
    frames.frame();
    expect(store.live()?.cadence).toBe(104.2);
    expect(store.window()?.steps).toBe(400);
    expect(store.contacts()).toHaveLength(2);
    expect(store.ribbonEnd()).toBe(100_000);
    expect(store.state().kind).toBe('live');
  });

  it('renders once per frame however many summaries arrive', () => {
    const store = setup();
    store.connect(2);
    live.next({ data: { gait: liveSummary({ cadence: 90 }) } });
    live.next({ data: { gait: liveSummary({ cadence: 95 }) } });
    frames.frame();
    expect(store.live()?.cadence).toBe(95);
  });

  it('says calmly that gait is off, without retrying', () => {
    const store = setup();
    store.connect(2);
    live.next({ error: codedError('FEATURE_OFF', 'Gait analysis is off on this server (GAIT=off).') });
    expect(store.state()).toEqual({ kind: 'off' });
    expect(liveSubscribe).toHaveBeenCalledTimes(1);
  });

  it('retries another failure with backoff, saying so meanwhile', () => {
    jest.useFakeTimers();
    const store = setup();
    store.connect(2);
    live.next({ error: new Error('Socket closed') });
    expect(store.state()).toEqual({ kind: 'error', message: 'Socket closed' });
    jest.advanceTimersByTime(20_000);
    expect(liveSubscribe).toHaveBeenCalledTimes(2);
    live.next({ data: { gait: liveSummary() } });
    frames.frame();
    expect(store.state().kind).toBe('live');
  });

  it('counts the steps of the local day so far and asks again every minute', async () => {
    jest.useFakeTimers({ now: new Date(2026, 11, 3, 13, 30).getTime() });
    const store = setup();
    store.connect(2);
    await Promise.resolve();
    await Promise.resolve();
    const { variables } = fetch.mock.calls[0][0];
    expect(Date.parse(variables.from)).toBe(new Date(2026, 11, 3).getTime());
    expect(Date.parse(variables.to)).toBe(new Date(2026, 11, 3, 13, 30).getTime());
    expect(variables.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(store.stepsToday()).toMatchObject({ kind: 'ok', steps: 1234, walkingMinutes: 15 });
    jest.advanceTimersByTime(STEPS_REFRESH_MS);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('says the archive is off when steps today cannot be counted', async () => {
    const store = setup(() =>
      of({ data: undefined, error: codedError('ARCHIVE_UNAVAILABLE', 'archive off') }),
    );
    store.connect(2);
    await Promise.resolve();
    await Promise.resolve();
    expect(store.stepsToday()).toEqual({ kind: 'unavailable', message: 'archive off' });
  });

  it('starts over for another patient', () => {
    const store = setup();
    store.connect(2);
    live.next({ data: { gait: liveSummary() } });
    frames.frame();
    store.connect(3);
    expect(store.live()).toBeNull();
    expect(store.contacts()).toEqual([]);
    expect(liveSubscribe.mock.calls[1][0].variables.patientId).toBe(3);
  });
});
