import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { of, Subject } from 'rxjs';
import { fail, ok, settle } from '../../../testing/fakes';
import { ConnectionService } from '../../core/connection.service';
import { OverviewAnomalyCountsGQL, OverviewPatientsGQL } from '../../graphql/generated';
import { OverviewFeed } from './overview-feed';
import { OverviewStore, flagBits } from './overview.store';
import type { Summary } from './summary';

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
    ...overrides,
  };
}

function summary(patientId: number, overrides: Partial<Summary> = {}): Summary {
  return {
    patientId,
    status: 'LIVE',
    lastReadingAt: NOW - 200,
    values: [1, 2, 3, 4, 5, 6],
    anomaly: false,
    flaggedSensors: [],
    leftShare: 0.25,
    openEpisodes: 0,
    unacknowledgedEpisodes: 0,
    attention: null,
    gaitState: null,
    cadence: null,
    ...overrides,
  };
}

/** The list, the snapshot and the counts answered: a few more turns than `settle`. */
async function settled(): Promise<void> {
  await settle();
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('OverviewStore', () => {
  let fetch: jest.Mock;
  let fetchCounts: jest.Mock;
  let loadSnapshot: jest.Mock;
  const summaries = signal<ReadonlyMap<number, Summary>>(new Map());
  const offset = signal(0);

  beforeEach(() => {
    jest.useFakeTimers({ now: NOW });
    summaries.set(new Map());
    offset.set(0);
    fetch = jest.fn(() => ok({ patients: [patient(2, { firstName: null, lastName: null }), patient(1)] }));
    fetchCounts = jest.fn(() => ok({ patients: [{ id: 1, anomalyCount: 3 }] }));
    loadSnapshot = jest.fn(() => Promise.resolve());
    TestBed.configureTestingModule({
      providers: [
        OverviewStore,
        { provide: OverviewPatientsGQL, useValue: { fetch } },
        { provide: OverviewAnomalyCountsGQL, useValue: { fetch: fetchCounts } },
        {
          provide: OverviewFeed,
          useValue: {
            summaries,
            clockOffsetMs: offset,
            behindMs: signal(0),
            error: signal(null),
            loadSnapshot,
          },
        },
      ],
    });
    TestBed.inject(ConnectionService).handle({ type: 'connected' }, NOW);
  });

  afterEach(() => jest.useRealTimers());

  it('lists the patients in id order from the list, before the feed has said anything', async () => {
    const store = TestBed.inject(OverviewStore);
    await settled();
    const [first, second] = store.patients();
    expect([first.name, second.name]).toEqual(['Janek Grzegorczyk', 'Patient 2']);
    expect(first).toMatchObject({ age: 44, anomaliesLastHour: 3, lastReadingAt: NOW - 1000, priority: 3 });
    expect(first.status.kind).toBe('live');
    // A patient the counts do not name has none counted yet.
    expect(second.anomaliesLastHour).toBeNull();
    // The last hour, from when the counts were asked (after the list: the fake clock moved on).
    const since = Date.parse(fetchCounts.mock.calls[0][0].variables.since);
    expect(Date.now() - since).toBe(3_600_000);
  });

  it('asks the anomaly counts only after the list and the live snapshot are in', async () => {
    let snapshotDone = (): void => undefined;
    loadSnapshot.mockImplementation(() => new Promise<void>((r) => (snapshotDone = r)));
    const store = TestBed.inject(OverviewStore);
    await settle();
    expect(store.loaded()).toBe(true);
    expect(store.patients()[0].anomaliesLastHour).toBeNull();
    expect(fetchCounts).not.toHaveBeenCalled();
    snapshotDone();
    await settled();
    expect(fetchCounts).toHaveBeenCalledTimes(1);
    expect(store.patients()[0].anomaliesLastHour).toBe(3);
  });

  it('keeps the last counts when asking for them again fails', async () => {
    const store = TestBed.inject(OverviewStore);
    await settle();
    fetchCounts.mockImplementation(() => fail('boom'));
    await store.refresh();
    expect(store.patients()[0].anomaliesLastHour).toBe(3);
    expect(store.error()).toBeNull();
  });

  it('asks for the live snapshot once the list is there, and again only after it failed', async () => {
    const store = TestBed.inject(OverviewStore);
    expect(loadSnapshot).not.toHaveBeenCalled();
    await settle();
    expect(loadSnapshot).toHaveBeenCalledTimes(1);
    await store.refresh();
    expect(loadSnapshot).toHaveBeenCalledTimes(1);
  });

  it('takes the live part from the feed: values, episodes and the triage class', async () => {
    const store = TestBed.inject(OverviewStore);
    await settle();
    summaries.set(
      new Map([[1, summary(1, { anomaly: true, unacknowledgedEpisodes: 1, attention: 'HIGH' })]]),
    );
    const p = store.patients()[0];
    expect(p.sample?.v).toEqual([1, 2, 3, 4, 5, 6]);
    expect(p).toMatchObject({ leftShare: 0.25, anomalyNow: true, priority: 0, lastReadingAt: NOW - 200 });
  });

  it('says which sensors are flagged now, in words and on the feet drawing', async () => {
    const store = TestBed.inject(OverviewStore);
    await settle();
    summaries.set(new Map([[1, summary(1, { anomaly: true, flaggedSensors: ['L0', 'R1'] })]]));
    const p = store.patients()[0];
    expect(p.flaggedSensors).toEqual(['L0', 'R1']);
    // Bit i is sensor i: L0 is 0, R1 is 4.
    expect(p.sample?.flags).toBe(0b010001);
    // An old reading's flags are not "now".
    jest.advanceTimersByTime(7000);
    expect(store.patients()[0]).toMatchObject({ anomalyNow: false, flaggedSensors: [] });
  });

  it('reads sensor names as flag bits, ignoring names it does not know', () => {
    expect(flagBits([])).toBe(0);
    expect(flagBits(['L0', 'L1', 'L2', 'R0', 'R1', 'R2'])).toBe(0b111111);
    expect(flagBits(['R2', 'X9'])).toBe(0b100000);
  });

  it('corrects reading times by the clock offset, so a skewed browser clock still shows live as live', async () => {
    const store = TestBed.inject(OverviewStore);
    await settle();
    // The server's clock runs 20 s behind the browser's.
    summaries.set(new Map([[1, summary(1, { lastReadingAt: NOW - 20_200 })]]));
    expect(store.patients()[0].status.kind).toBe('stale');
    offset.set(20_000);
    expect(store.patients()[0]).toMatchObject({ lastReadingAt: NOW - 200, status: { kind: 'live' } });
  });

  it('shows an old reading as stale, and nothing as live once the link drops', async () => {
    const store = TestBed.inject(OverviewStore);
    await settle();
    summaries.set(new Map([[1, summary(1, { anomaly: true })]]));
    jest.advanceTimersByTime(7000);
    expect(store.patients()[0].status.kind).toBe('stale');
    expect(store.patients()[0].anomalyNow).toBe(false);
    TestBed.inject(ConnectionService).handle({ type: 'closed' });
    expect(store.patients()[0].status.kind).toBe('disconnected');
    // Sorting goes by the server's status: a lost link reorders nothing.
    expect(store.patients()[0].priority).toBe(3);
  });

  it('keeps the last list and reports an error when a refresh fails', async () => {
    const store = TestBed.inject(OverviewStore);
    await settle();
    fetch.mockReturnValueOnce(fail('Server unreachable'));
    await store.refresh();
    expect(store.error()).toBe('Server unreachable');
    expect(store.patients()).toHaveLength(2);
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
    expect(store.patients().map((c) => c.id)).toEqual([1, 2, 3]);
  });
});
