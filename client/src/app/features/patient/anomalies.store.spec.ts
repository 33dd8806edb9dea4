import { TestBed } from '@angular/core/testing';
import { fail, fakeFeed, ok, reading, sample, settle } from '../../../testing/fakes';
import { ConnectionService } from '../../core/connection.service';
import { LiveFeed } from '../../core/live-feed.service';
import { AnomaliesGQL } from '../../graphql/generated';
import { AnomaliesStore, ANOMALY_FETCH, ANOMALY_ROWS_KEPT } from './anomalies.store';

const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);

describe('AnomaliesStore', () => {
  let live: ReturnType<typeof fakeFeed>;
  let fetch: jest.Mock;
  const all = Array.from({ length: 250 }, (_, i) => T0 - i * 200); // newest first

  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
    live = fakeFeed();
    fetch = jest.fn(({ variables }) => {
      // Older pages are asked for by time: everything at or before `to`, newest first.
      const start = variables.to ? all.findIndex((t) => t <= Date.parse(variables.to)) : 0;
      const page = all.slice(start, start + variables.first);
      return ok({
        anomalies: {
          edges: page.map((t, i) => ({
            cursor: String(start + i + 1),
            node: reading(1, t, [1023, 0, 0, 0, 0, 1023], 0b111111),
          })),
          pageInfo: { hasNextPage: start + page.length < all.length, endCursor: String(start + page.length) },
          totalCount: all.length,
        },
      });
    });
    TestBed.configureTestingModule({
      providers: [
        AnomaliesStore,
        { provide: AnomaliesGQL, useValue: { fetch } },
        { provide: LiveFeed, useValue: live.feed },
      ],
    });
  });

  afterEach(() => jest.useRealTimers());

  it('loads the newest anomalies', async () => {
    const store = TestBed.inject(AnomaliesStore);
    store.connect(1);
    await settle();
    expect(store.rows()).toHaveLength(ANOMALY_FETCH);
    expect(store.rows()[0].t).toBe(T0);
    expect(fetch).toHaveBeenCalledWith(
      expect.objectContaining({ variables: { patientId: 1, first: ANOMALY_FETCH } }),
    );
  });

  it('grows live with flagged readings only, without duplicates', async () => {
    const store = TestBed.inject(AnomaliesStore);
    store.connect(1);
    await settle();
    live.samples.next({ patientId: 1, sample: sample(T0 + 200, [1, 2, 3, 4, 5, 6], 0b10) });
    live.samples.next({ patientId: 1, sample: sample(T0 + 200, [1, 2, 3, 4, 5, 6], 0b10) });
    live.samples.next({ patientId: 1, sample: sample(T0 + 400) });
    expect(store.rows()[0].t).toBe(T0 + 200);
    expect(store.rows()).toHaveLength(ANOMALY_FETCH + 1);
  });

  it('keeps a bounded number of rows through a long shift, the newest', async () => {
    const store = TestBed.inject(AnomaliesStore);
    store.connect(1);
    await settle();
    for (let i = 1; i <= ANOMALY_ROWS_KEPT; i++) {
      live.samples.next({ patientId: 1, sample: sample(T0 + i * 200, [1, 2, 3, 4, 5, 6], 0b1) });
    }
    expect(store.rows()).toHaveLength(ANOMALY_ROWS_KEPT);
    expect(store.rows()[0].t).toBe(T0 + ANOMALY_ROWS_KEPT * 200);
    expect(store.rows().at(-1)?.t).toBe(T0 + 200);
  });

  it('summarises the values during anomalies per foot', async () => {
    const store = TestBed.inject(AnomaliesStore);
    store.connect(1);
    await settle();
    const { left, right, readings } = store.histograms();
    expect(readings).toBe(200);
    expect(left[0].count).toBe(400); // two unloaded left sensors per reading
    expect(left.at(-1)?.count).toBe(200);
    expect(right[0].count).toBe(400);
  });

  describe('when the first page fails (asked while the server was stopping)', () => {
    function failOnce() {
      const answer = fetch.getMockImplementation()!;
      fetch.mockImplementationOnce(() => fail('Internal server error'));
      return answer;
    }

    it('fetches it again as soon as the link comes up, the first connection included', async () => {
      failOnce();
      const store = TestBed.inject(AnomaliesStore);
      store.connect(1);
      await settle();
      expect(store.error()).toBe('Internal server error');
      expect(store.retryAt()).not.toBeNull();
      // The page was opened during the restart: this is the link's first connection, not a
      // "reconnect", and it must still bring the list back.
      TestBed.inject(ConnectionService).handle({ type: 'connected' });
      await settle();
      expect(store.error()).toBeNull();
      expect(store.retryAt()).toBeNull();
      expect(store.rows()).toHaveLength(ANOMALY_FETCH);
    });

    it('fetches it again by itself on a backoff timer meanwhile', async () => {
      failOnce();
      const store = TestBed.inject(AnomaliesStore);
      store.connect(1);
      await settle();
      expect(fetch).toHaveBeenCalledTimes(1);
      const due = store.retryAt()! - Date.now();
      jest.advanceTimersByTime(due);
      await settle();
      expect(fetch).toHaveBeenCalledTimes(2);
      expect(store.error()).toBeNull();
      expect(store.rows()).toHaveLength(ANOMALY_FETCH);
    });
  });
});
