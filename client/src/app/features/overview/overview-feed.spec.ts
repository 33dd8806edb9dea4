import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { fail, ok, settle } from '../../../testing/fakes';
import { ConnectionService } from '../../core/connection.service';
import {
  OverviewSummariesGQL,
  OverviewSummaryFeedGQL,
  type PatientSummaryFieldsFragment,
} from '../../graphql/generated';
import { OverviewFeed } from './overview-feed';

const NOW = Date.UTC(2026, 10, 22, 9, 0, 0);

function summary(
  patientId: number,
  at: number | null,
  overrides: Partial<PatientSummaryFieldsFragment> = {},
) {
  return {
    patientId,
    status: 'LIVE' as const,
    lastReadingAt: at === null ? null : new Date(at).toISOString(),
    values: [1, 2, 3, 4, 5, 6],
    anomaly: false,
    leftShare: 0.5,
    openEpisodes: 0,
    unacknowledgedEpisodes: 0,
    attention: null,
    ...overrides,
  };
}

describe('OverviewFeed', () => {
  let batches: Subject<{ data: unknown }>;
  let fetch: jest.Mock;

  const batch = (sentAt: number, ...summaries: ReturnType<typeof summary>[]) =>
    batches.next({ data: { patientSummaries: { at: new Date(sentAt).toISOString(), summaries } } });

  beforeEach(() => {
    jest.useFakeTimers({ now: NOW });
    batches = new Subject();
    fetch = jest.fn(() => ok({ patientSummaries: [summary(1, NOW - 1000), summary(2, NOW - 1000)] }));
    TestBed.configureTestingModule({
      providers: [
        OverviewFeed,
        { provide: OverviewSummaryFeedGQL, useValue: { subscribe: () => batches } },
        { provide: OverviewSummariesGQL, useValue: { fetch } },
      ],
    });
  });

  afterEach(() => jest.useRealTimers());

  it('subscribes, then fills in from the snapshot', async () => {
    const feed = TestBed.inject(OverviewFeed);
    void feed.loadSnapshot();
    expect(feed.loaded()).toBe(false);
    await settle();
    expect(feed.loaded()).toBe(true);
    expect([...feed.summaries().keys()]).toEqual([1, 2]);
  });

  it('applies any number of batches once per animation frame', async () => {
    const feed = TestBed.inject(OverviewFeed);
    void feed.loadSnapshot();
    await settle();
    const first = feed.summaries();
    batch(NOW, summary(1, NOW - 200));
    batch(NOW + 5, summary(1, NOW), summary(2, NOW));
    // Nothing until the frame: a render per batch is what made 200 patients run at 3 fps.
    expect(feed.summaries()).toBe(first);
    jest.advanceTimersByTime(20);
    const next = feed.summaries();
    expect(next).not.toBe(first);
    expect(next.get(1)?.lastReadingAt).toBe(NOW);
    expect(next.get(2)?.lastReadingAt).toBe(NOW);
  });

  it('keeps a batch newer than the snapshot that answered after it, and drops an older one', async () => {
    const slow = new Subject<{ data: unknown }>();
    fetch.mockReturnValueOnce(slow);
    const feed = TestBed.inject(OverviewFeed);
    void feed.loadSnapshot();
    batch(NOW, summary(1, NOW, { unacknowledgedEpisodes: 1, attention: 'HIGH' }), summary(2, NOW - 3000));
    jest.advanceTimersByTime(20);
    slow.next({ data: { patientSummaries: [summary(1, NOW - 500), summary(2, NOW - 1000)] } });
    await settle();
    expect(feed.summaries().get(1)).toMatchObject({ lastReadingAt: NOW, attention: 'HIGH' });
    expect(feed.summaries().get(2)?.lastReadingAt).toBe(NOW - 1000);
  });

  it('says how far behind the browser is, beyond the clock offset', async () => {
    const feed = TestBed.inject(OverviewFeed);
    void feed.loadSnapshot();
    await settle();
    // The server's clock is 2 s behind the browser's: applied 2 s "late", yet not behind.
    batch(Date.now() - 2000, summary(1, NOW - 1900));
    jest.advanceTimersByTime(20);
    expect(feed.clockOffsetMs()).toBeGreaterThanOrEqual(2000);
    expect(feed.behindMs()).toBe(0);
    // Then a batch that waited 3 s in a busy browser.
    batch(Date.now() - 5000, summary(1, NOW));
    jest.advanceTimersByTime(20);
    expect(feed.behindMs()).toBeGreaterThanOrEqual(2990);
  });

  it('asks for the snapshot again after a reconnect, and reports a failed one', async () => {
    const feed = TestBed.inject(OverviewFeed);
    void feed.loadSnapshot();
    await settle();
    const connection = TestBed.inject(ConnectionService);
    connection.handle({ type: 'connected' });
    connection.handle({ type: 'closed' });
    fetch.mockReturnValueOnce(fail('Server unreachable'));
    connection.handle({ type: 'connected' });
    await settle();
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(feed.error()).toBe('Server unreachable');
    // What it had stays on screen.
    expect(feed.summaries().size).toBe(2);
  });
});
