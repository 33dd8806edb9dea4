import { replaces, toSummary, type Summary } from './summary';

const base: Summary = {
  patientId: 1,
  status: 'LIVE',
  lastReadingAt: 10_000,
  values: [1, 2, 3, 4, 5, 6],
  anomaly: false,
  flaggedSensors: [],
  leftShare: 0.3,
  openEpisodes: 0,
  unacknowledgedEpisodes: 0,
  attention: null,
  gaitState: 'WALKING',
  cadence: 104,
};

describe('summary', () => {
  it('reads the API form with times as epoch ms', () => {
    const api = {
      ...base,
      lastReadingAt: new Date(10_000).toISOString(),
      values: [1, 2, 3, 4, 5, 6],
      flaggedSensors: [],
    };
    const s = toSummary(api);
    expect(s.lastReadingAt).toBe(10_000);
    expect([s.gaitState, s.cadence]).toEqual(['WALKING', 104]);
    const flagged = { ...api, anomaly: true, flaggedSensors: ['L0', 'R2'] };
    expect(toSummary(flagged).flaggedSensors).toEqual(['L0', 'R2']);
    expect(toSummary({ ...api, lastReadingAt: null, values: null }).lastReadingAt).toBeNull();
  });

  it('lets a summary with an older reading not replace a newer one', () => {
    expect(replaces(base, { ...base, lastReadingAt: 9_800 })).toBe(false);
    expect(replaces(base, { ...base, lastReadingAt: 10_200 })).toBe(true);
  });

  it('takes an episode change that came with the same reading', () => {
    expect(replaces(base, { ...base, unacknowledgedEpisodes: 1, attention: 'HIGH' })).toBe(true);
  });

  it('takes anything over nothing, and never trades a reading for none', () => {
    expect(replaces(undefined, base)).toBe(true);
    expect(replaces({ ...base, lastReadingAt: null }, base)).toBe(true);
    expect(replaces(base, { ...base, lastReadingAt: null })).toBe(false);
  });
});
