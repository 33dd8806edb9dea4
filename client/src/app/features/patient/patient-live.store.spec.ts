import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { fakeFeed, ok, reading, sample, settle } from '../../../testing/fakes';
import { ConnectionService } from '../../core/connection.service';
import { LiveFeed } from '../../core/live-feed.service';
import { ReadingsGQL } from '../../graphql/generated';
import { PatientLiveStore, viewIntervalFor } from './patient-live.store';

const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);
const range = (from: number, to: number, step = 200) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe('PatientLiveStore', () => {
  let fetch: jest.Mock;
  let live: ReturnType<typeof fakeFeed>;
  /** The store's answer: readings of patient 1 in [from, to]. */
  let stored: number[];

  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
    live = fakeFeed();
    stored = range(T0 - 60_000, T0);
    fetch = jest.fn(({ variables }) => {
      const from = variables.from ? Date.parse(variables.from) : -Infinity;
      const to = variables.to ? Date.parse(variables.to) : Infinity;
      const hits = stored.filter((t) => t >= from && t <= to).slice(-(variables.last ?? 3000));
      return ok({ readings: hits.map((t) => reading(variables.patientId, t)) });
    });
    TestBed.configureTestingModule({
      providers: [
        PatientLiveStore,
        { provide: ReadingsGQL, useValue: { fetch } },
        { provide: LiveFeed, useValue: live.feed },
      ],
    });
  });

  afterEach(() => jest.useRealTimers());

  it('paces redraws by the window', () => {
    expect(viewIntervalFor(600_000)).toBe(1200);
    expect(viewIntervalFor(30_000)).toBe(60);
  });

  it('backfills the window, then appends live readings once per frame', async () => {
    const store = TestBed.inject(PatientLiveStore);
    store.connect(1);
    await settle();
    expect(store.loading()).toBe(false);
    expect(store.view()).toHaveLength(301);
    expect(store.latest()?.t).toBe(T0);
    live.samples.next({ patientId: 1, sample: sample(T0 + 200, [1023, 1023, 1023, 20, 20, 20]) });
    live.samples.next({ patientId: 2, sample: sample(T0 + 200) });
    await settle();
    expect(store.latest()?.v[0]).toBe(1023); // the feet at once
    jest.advanceTimersByTime(100); // the traces at most once per two pixels of movement (120 ms for 1 min)
    expect(store.view()).toHaveLength(301); // the oldest dropped out of the 60 s window
    expect(store.trails().left).toHaveLength(1);
    expect(store.trails().right).toHaveLength(0); // right foot in the air
    expect(store.stats()[0].last).toBe(1023);
  });

  it('fills the hole left by a reconnect from the newest reading held', async () => {
    const store = TestBed.inject(PatientLiveStore);
    store.connect(1);
    await settle();
    // The link drops for 10 s; the server kept storing readings.
    stored = range(T0 - 60_000, T0 + 10_000);
    jest.setSystemTime(T0 + 10_000);
    TestBed.inject(ConnectionService).handle({ type: 'connected' });
    TestBed.inject(ConnectionService).handle({ type: 'closed' });
    TestBed.inject(ConnectionService).handle({ type: 'connected' });
    await settle();
    const lastCall = fetch.mock.calls.at(-1)[0].variables;
    expect(lastCall.from).toBe(new Date(T0).toISOString());
    const times = store.view().map((s) => s.t);
    expect(times.at(-1)).toBe(T0 + 10_000);
    expect(Math.max(...times.slice(1).map((t, i) => t - times[i]))).toBe(200);
  });

  it('asks for the readings missed between the backfill and the first live reading', async () => {
    const store = TestBed.inject(PatientLiveStore);
    store.connect(1);
    await settle();
    stored = range(T0 - 60_000, T0 + 3000);
    live.samples.next({ patientId: 1, sample: sample(T0 + 3000) });
    await settle();
    const times = store.view().map((s) => s.t);
    expect(times.filter((t) => t > T0 && t < T0 + 3000)).toHaveLength(14);
  });

  it('freezes the traces while paused, not the feet', async () => {
    const store = TestBed.inject(PatientLiveStore);
    store.connect(1);
    await settle();
    store.togglePause();
    live.samples.next({ patientId: 1, sample: sample(T0 + 200) });
    await settle();
    expect(store.view().at(-1)?.t).toBe(T0);
    expect(store.latest()?.t).toBe(T0 + 200);
    store.togglePause();
    expect(store.view().at(-1)?.t).toBe(T0 + 200);
  });

  it('narrows and widens the window, fetching more when widened', async () => {
    const store = TestBed.inject(PatientLiveStore);
    store.connect(1);
    await settle();
    store.setWindow(30_000);
    expect(store.view()).toHaveLength(151);
    stored = range(T0 - 300_000, T0);
    store.setWindow(300_000);
    await settle();
    expect(store.view()).toHaveLength(1501);
    expect(store.range()).toEqual({ from: T0 - 300_000, to: T0 });
  });

  it('loads the readings around an anomaly for review', async () => {
    const store = TestBed.inject(PatientLiveStore);
    store.connect(1);
    await settle();
    const at = T0 - 20_000;
    const review = store.showReview(at);
    expect(store.review()?.loading).toBe(true);
    await review;
    expect(store.review()?.samples).toHaveLength(51);
    store.closeReview();
    expect(store.review()).toBeNull();
  });

  it('drops the readings of a review closed, or replaced by another, before they arrived', async () => {
    const store = TestBed.inject(PatientLiveStore);
    store.connect(1);
    await settle();
    const late = new Subject<{ data: unknown }>();
    fetch.mockReturnValueOnce(late);
    const closed = store.showReview(T0 - 20_000);
    store.closeReview();
    late.next({ data: { readings: [reading(1, T0 - 20_000)] } });
    await closed;
    expect(store.review()).toBeNull();

    const replaced = new Subject<{ data: unknown }>();
    fetch.mockReturnValueOnce(replaced);
    const first = store.showReview(T0 - 30_000);
    await store.showReview(T0 - 10_000);
    replaced.next({ data: { readings: [] } });
    await first;
    expect(store.review()?.at).toBe(T0 - 10_000);
    expect(store.review()?.samples).toHaveLength(51);
  });

  it('reports a failed backfill', async () => {
    fetch.mockReturnValueOnce(new Subject().asObservable());
    fetch.mockImplementationOnce(() => {
      throw new Error('boom');
    });
    const store = TestBed.inject(PatientLiveStore);
    store.connect(1);
    store.connect(1);
    await settle();
    expect(store.error()).toBe('boom');
    expect(store.loading()).toBe(false);
  });
});
