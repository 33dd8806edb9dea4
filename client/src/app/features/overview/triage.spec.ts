import { view } from './testing';
import { arrange, comparator, fold, matcher, needsAttention, priorityOf, type PatientFilter } from './triage';

const ALL: PatientFilter = { query: '', statuses: [], disabled: 'any', openEpisode: false };
const NOW = 1_000_000;

describe('triage', () => {
  it('ranks unacknowledged HIGH, other unacknowledged, failing or stale, then the rest', () => {
    expect(priorityOf({ attention: 'HIGH', unacknowledgedEpisodes: 1, serverStatus: 'LIVE' })).toBe(0);
    expect(priorityOf({ attention: 'LOW', unacknowledgedEpisodes: 2, serverStatus: 'FAILING' })).toBe(1);
    expect(priorityOf({ attention: null, unacknowledgedEpisodes: 0, serverStatus: 'FAILING' })).toBe(2);
    expect(priorityOf({ attention: null, unacknowledgedEpisodes: 0, serverStatus: 'STALE' })).toBe(2);
    expect(priorityOf({ attention: null, unacknowledgedEpisodes: 0, serverStatus: 'UNKNOWN' })).toBe(3);
    expect(needsAttention(view(1, { unacknowledgedEpisodes: 1 }))).toBe(true);
    expect(needsAttention(view(1, { serverStatus: 'STALE' }))).toBe(false);
  });

  it('orders by class, then surname, first name and id', () => {
    const patients = [
      view(1, { firstName: 'Anna', lastName: 'Zielińska' }),
      view(2, { firstName: 'Adam', lastName: 'Nowak', serverStatus: 'STALE' }),
      view(3, { firstName: 'Zofia', lastName: 'Kowalska', unacknowledgedEpisodes: 1, attention: 'LOW' }),
      view(4, { firstName: 'Anna', lastName: 'Łukasik', unacknowledgedEpisodes: 1, attention: 'HIGH' }),
      view(5, { firstName: 'Anna', lastName: 'Kowalska' }),
      view(6, { firstName: 'Anna', lastName: 'Kowalska' }),
    ];
    expect(arrange(patients, ALL, 'triage', NOW).map((p) => p.id)).toEqual([4, 3, 2, 5, 6, 1]);
    expect(arrange(patients, ALL, 'name', NOW).map((p) => p.id)).toEqual([5, 6, 3, 4, 2, 1]);
  });

  it('keeps a patient in place when only its values change (stable while read)', () => {
    const before = [view(1, { lastName: 'B' }), view(2, { lastName: 'A' }), view(3, { lastName: 'C' })];
    const after = before.map((p) => ({ ...p, leftShare: Math.random(), lastReadingAt: NOW - p.id }));
    const order = (list: typeof before) => arrange(list, ALL, 'triage', NOW).map((p) => p.id);
    expect(order(after)).toEqual(order(before));
    const alarmed = after.map((p) => (p.id === 3 ? { ...p, priority: 0 as const } : p));
    expect(order(alarmed)).toEqual([3, 2, 1]);
  });

  it('sorts by id, by anomalies and by silence, live patients kept together by name', () => {
    const patients = [
      view(3, { lastName: 'C', anomaliesLastHour: 1, lastReadingAt: NOW - 100 }),
      view(1, { lastName: 'B', anomaliesLastHour: 9, lastReadingAt: NOW - 60_000 }),
      view(2, { lastName: 'A', anomaliesLastHour: 1, lastReadingAt: NOW - 300 }),
      view(4, { lastName: 'D', lastReadingAt: null }),
    ];
    const ids = (sort: Parameters<typeof comparator>[0]) =>
      [...patients].sort(comparator(sort, NOW)).map((p) => p.id);
    expect(ids('id')).toEqual([1, 2, 3, 4]);
    expect(ids('anomalies')).toEqual([1, 2, 3, 4]);
    expect(ids('last-reading')).toEqual([4, 1, 2, 3]);
  });

  it('sorts patients not counted yet after those counted, even with no anomaly', () => {
    const patients = [
      view(1, { lastName: 'A', anomaliesLastHour: null }),
      view(2, { lastName: 'B', anomaliesLastHour: 0 }),
      view(3, { lastName: 'C', anomaliesLastHour: 2 }),
    ];
    expect([...patients].sort(comparator('anomalies', NOW)).map((p) => p.id)).toEqual([3, 2, 1]);
  });

  it('finds by surname without diacritics, by either name order, and by id', () => {
    const patients = [
      view(12, { firstName: 'Łukasz', lastName: 'Wiśniewski' }),
      view(2, { firstName: 'Anna', lastName: 'Kowalska' }),
      view(120, { firstName: 'Anna', lastName: 'Nowak' }),
    ];
    const find = (query: string) => patients.filter(matcher({ ...ALL, query })).map((p) => p.id);
    expect(find('wisniewski')).toEqual([12]);
    expect(find('lukasz')).toEqual([12]);
    expect(find('kowalska anna')).toEqual([2]);
    expect(find('12')).toEqual([12]);
    expect(find('#2')).toEqual([2]);
    expect(find('')).toEqual([12, 2, 120]);
    expect(fold('Żaneta')).toBe('zaneta');
  });

  it('filters by status, disabled and an open episode', () => {
    const patients = [
      view(1, { serverStatus: 'STALE', disabled: true }),
      view(2, { serverStatus: 'FAILING', openEpisodes: 1 }),
      view(3, { serverStatus: 'UNKNOWN' }),
      view(4),
    ];
    const ids = (f: Partial<PatientFilter>) => patients.filter(matcher({ ...ALL, ...f })).map((p) => p.id);
    expect(ids({ statuses: ['stale', 'failing'] })).toEqual([1, 2]);
    expect(ids({ statuses: ['waiting'] })).toEqual([3]);
    expect(ids({ disabled: 'yes' })).toEqual([1]);
    expect(ids({ disabled: 'no' })).toEqual([2, 3, 4]);
    expect(ids({ openEpisode: true })).toEqual([2]);
  });
});
