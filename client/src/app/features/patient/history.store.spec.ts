import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject, type Observable } from 'rxjs';
import { fail, ok } from '../../../testing/fakes';
import { Clock } from '../../core/clock';
import { HistoryExportLinkGQL, PatientHistoryGQL, PatientRangeSummaryGQL } from '../../graphql/generated';
import { HISTORY_POINTS, type HistoryData } from './history-range';
import { HistoryStore, ZOOM_SETTLE_MS } from './history.store';

const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);
const HOUR = 3_600_000;
const iso = (t: number) => new Date(t).toISOString();

function history(buckets = 1): HistoryData {
  return {
    bucketMs: 60_000,
    buckets: Array.from({ length: buckets }, (_, i) => ({
      start: iso(NOW - HOUR + i * 60_000),
      count: 300,
      anomalyCount: 0,
      sensors: [],
    })),
    gaps: [],
  };
}

const summary = {
  stats: { readingCount: 300, coverage: 1, anomalyCount: 0, episodeCount: 1, sensors: [] },
  episodes: {
    totalCount: 1,
    edges: [
      {
        node: {
          id: 'e1',
          kind: 'ANOMALY',
          severity: 'HIGH',
          startedAt: iso(NOW - HOUR / 2),
          endedAt: null,
          lastFlaggedAt: iso(NOW - HOUR / 2),
        },
      },
    ],
  },
};

describe('HistoryStore', () => {
  let historyFetch: jest.Mock<Observable<unknown>, [{ variables: Record<string, unknown> }]>;
  let summaryFetch: jest.Mock;
  let exportMutate: jest.Mock;

  function setup() {
    historyFetch = jest.fn((_options: { variables: Record<string, unknown> }) => ok({ history: history() }));
    summaryFetch = jest.fn(() => ok(summary));
    exportMutate = jest.fn(() =>
      ok({ exportLink: { path: '/export/abc.def', fileName: 'patient-3.csv', expiresAt: iso(NOW) } }),
    );
    TestBed.configureTestingModule({
      providers: [
        HistoryStore,
        { provide: Clock, useValue: { now: signal(NOW) } },
        { provide: PatientHistoryGQL, useValue: { fetch: historyFetch } },
        { provide: PatientRangeSummaryGQL, useValue: { fetch: summaryFetch } },
        { provide: HistoryExportLinkGQL, useValue: { mutate: exportMutate } },
      ],
    });
    return TestBed.inject(HistoryStore);
  }

  const flush = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  afterEach(() => jest.useRealTimers());

  it('asks for the range’s history, statistics and episodes', async () => {
    const store = setup();
    store.choose('1h');
    store.connect(3);
    await flush();
    expect(historyFetch).toHaveBeenLastCalledWith(
      expect.objectContaining({
        variables: { patientId: 3, from: iso(NOW - HOUR), to: iso(NOW), maxPoints: HISTORY_POINTS },
      }),
    );
    expect(summaryFetch).toHaveBeenLastCalledWith(
      expect.objectContaining({ variables: { patientId: 3, from: iso(NOW - HOUR), to: iso(NOW) } }),
    );
    expect(store.history()).toEqual({ loading: false, error: null, data: history() });
    expect(store.episodes().map((e) => e.id)).toEqual(['e1']);
    expect(store.view()).toEqual({ from: NOW - HOUR, to: NOW });
  });

  it('asks again for a new range, and a custom one as given', async () => {
    const store = setup();
    store.connect(3);
    store.choose('7d');
    await flush();
    expect(historyFetch.mock.lastCall![0].variables['from']).toBe(iso(NOW - 7 * 24 * HOUR));
    store.chooseCustom({ from: NOW - 5 * HOUR, to: NOW - 4 * HOUR });
    await flush();
    expect(store.rangeKey()).toBe('custom');
    expect(historyFetch.mock.lastCall![0].variables).toMatchObject({
      from: iso(NOW - 5 * HOUR),
      to: iso(NOW - 4 * HOUR),
    });
  });

  it('asks for finer history once zooming rests, keeping the coarse data on screen meanwhile', async () => {
    jest.useFakeTimers();
    const store = setup();
    store.choose('24h');
    store.connect(3);
    await flush();
    const finer = new Subject<{ data: unknown }>();
    historyFetch.mockImplementation(() => finer);
    const calls = historyFetch.mock.calls.length;
    store.zoomTo({ from: NOW - 3 * HOUR, to: NOW - 2 * HOUR });
    store.zoomTo({ from: NOW - 2.5 * HOUR, to: NOW - 2 * HOUR });
    expect(store.view()).toEqual({ from: NOW - 2.5 * HOUR, to: NOW - 2 * HOUR });
    expect(store.zoomed()).toBe(true);
    jest.advanceTimersByTime(ZOOM_SETTLE_MS - 1);
    expect(historyFetch).toHaveBeenCalledTimes(calls);
    jest.advanceTimersByTime(1);
    // One question for the zoom, for where it came to rest.
    expect(historyFetch).toHaveBeenCalledTimes(calls + 1);
    expect(historyFetch.mock.lastCall![0].variables).toMatchObject({
      from: iso(NOW - 2.5 * HOUR),
      to: iso(NOW - 2 * HOUR),
    });
    expect(store.history()).toMatchObject({ loading: true, data: history() });
    finer.next({ data: { history: history(3) } });
    await flush();
    expect(store.history().data?.buckets).toHaveLength(3);
    // The statistics stay the range's.
    expect(summaryFetch).toHaveBeenCalledTimes(1);
    store.resetZoom();
    expect(store.zoomed()).toBe(false);
  });

  it('drops an answer for a range no longer shown', async () => {
    const store = setup();
    const slow = new Subject<{ data: unknown }>();
    historyFetch.mockImplementationOnce(() => slow);
    store.connect(3);
    store.choose('1h');
    await flush();
    slow.next({ data: { history: history(7) } });
    await flush();
    expect(store.history().data?.buckets).toHaveLength(1);
  });

  it('says why the history could not be loaded', async () => {
    const store = setup();
    historyFetch.mockImplementation(() => fail('The archive is unreachable'));
    store.connect(3);
    await flush();
    expect(store.history()).toEqual({ loading: false, error: 'The archive is unreachable', data: null });
  });

  it('downloads the range’s CSV through the signed link, resolved against the page’s origin', async () => {
    const store = setup();
    const clicked: HTMLAnchorElement[] = [];
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this);
    });
    store.choose('30d');
    store.connect(3);
    await store.download('READINGS');
    expect(exportMutate).toHaveBeenCalledWith({
      variables: { patientId: 3, from: iso(NOW - 30 * 24 * HOUR), to: iso(NOW), kind: 'READINGS' },
    });
    expect(clicked).toHaveLength(1);
    expect(clicked[0].href).toBe(new URL('/export/abc.def', document.baseURI).href);
    expect(clicked[0].download).toBe('patient-3.csv');
    expect(store.exporting()).toBeNull();
    click.mockRestore();
  });

  it('says why a download could not be prepared', async () => {
    const store = setup();
    exportMutate.mockImplementation(() => fail('at most 31 days'));
    store.connect(3);
    await store.download('EPISODES');
    expect(store.exportError()).toBe('at most 31 days');
  });
});
