import { TestBed } from '@angular/core/testing';
import { of, Subject } from 'rxjs';
import { fail, fakeFeed, ok, reading, sample, settle } from '../../../testing/fakes';
import { ConnectionService } from '../../core/connection.service';
import { LiveFeed } from '../../core/live-feed.service';
import { PatientsGQL } from '../../graphql/generated';
import { OverviewStore } from './overview.store';

const NOW = Date.UTC(2026, 10, 22, 9, 0, 0);

function patient(id: number, overrides: Record<string, unknown> = {}) {
  return {
    id,
    firstName: 'Janek',
    lastName: 'Grzegorczyk',
    birthYear: 1982,
    disabled: false,
    traceName: 'bach',
    status: 'LIVE',
    lastReadingAt: new Date(NOW - 1000).toISOString(),
    anomalyCount: 3,
    latest: reading(id, NOW - 1000),
    ...overrides,
  };
}

describe('OverviewStore', () => {
  let fetch: jest.Mock;
  let live: ReturnType<typeof fakeFeed>;

  beforeEach(() => {
    jest.useFakeTimers({ now: NOW });
    live = fakeFeed();
    fetch = jest.fn(() => ok({ patients: [patient(2, { firstName: null, lastName: null }), patient(1)] }));
    TestBed.configureTestingModule({
      providers: [
        OverviewStore,
        { provide: PatientsGQL, useValue: { fetch } },
        { provide: LiveFeed, useValue: live.feed },
      ],
    });
    TestBed.inject(ConnectionService).handle({ type: 'connected' }, NOW);
  });

  afterEach(() => jest.useRealTimers());

  it('lists patients in id order with their newest reading and hourly anomaly count', async () => {
    const store = TestBed.inject(OverviewStore);
    await settle();
    const cards = store.cards();
    expect(cards.map((c) => c.name)).toEqual(['Janek Grzegorczyk', 'Patient 2']);
    expect(cards[0]).toMatchObject({ age: 44, anomaliesLastHour: 3, lastReadingAt: NOW - 1000 });
    expect(cards[0].status.kind).toBe('live');
    expect(fetch.mock.calls[0][0].variables.since).toBe(new Date(NOW - 3_600_000).toISOString());
    expect(store.loading()).toBe(false);
  });

  it('applies live readings once per frame and counts live anomalies', async () => {
    const store = TestBed.inject(OverviewStore);
    await settle();
    live.samples.next({ patientId: 1, sample: sample(NOW + 200, [1, 2, 3, 4, 5, 6]) });
    live.samples.next({ patientId: 1, sample: sample(NOW + 400, [9, 9, 9, 9, 9, 9], 0b111111) });
    expect(store.cards()[0].sample?.t).toBe(NOW - 1000);
    await settle();
    const card = store.cards()[0];
    expect(card.sample?.v).toEqual([9, 9, 9, 9, 9, 9]);
    expect(card.anomaliesLastHour).toBe(4);
    expect(card.anomalyNow).toBe(true);
  });

  it('turns stale when live readings stop and not-live when the link drops', async () => {
    const store = TestBed.inject(OverviewStore);
    await settle();
    jest.advanceTimersByTime(7000);
    expect(store.cards()[0].status.kind).toBe('stale');
    TestBed.inject(ConnectionService).handle({ type: 'closed' });
    expect(store.cards()[0].status.kind).toBe('disconnected');
  });

  it('keeps the last list and reports an error when a refresh fails', async () => {
    const store = TestBed.inject(OverviewStore);
    await settle();
    fetch.mockReturnValueOnce(fail('Server unreachable'));
    await store.refresh();
    expect(store.error()).toBe('Server unreachable');
    expect(store.cards()).toHaveLength(2);
    fetch.mockReturnValueOnce(of({ data: undefined, error: new Error('bad') }));
    await store.refresh();
    expect(store.error()).toBe('bad');
  });

  it('keeps the newest list when an older refresh answers late', async () => {
    const store = TestBed.inject(OverviewStore);
    await settle();
    const slow = new Subject<{ data: unknown }>();
    fetch.mockReturnValueOnce(slow);
    const older = store.refresh();
    fetch.mockReturnValueOnce(ok({ patients: [patient(1), patient(2), patient(3)] }));
    await store.refresh();
    slow.next({ data: { patients: [patient(1)] } });
    await older;
    expect(store.cards().map((c) => c.id)).toEqual([1, 2, 3]);
  });
});
