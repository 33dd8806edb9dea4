import { metricOf, rank, type PatientTotals } from './rankings';

const totals = (over: Partial<PatientTotals> = {}): PatientTotals => ({
  patientId: 1,
  readings: 0,
  flagged: 0,
  leftLoad: 0,
  rightLoad: 0,
  ...over,
});

describe('ranking metrics', () => {
  const from = 1_000_000;
  const to = from + 3_600_000;

  it('counts flagged seconds at the sample period (5 Hz: a reading is 0.2 s)', () => {
    expect(metricOf('FLAGGED_SECONDS', totals({ flagged: 50 }), from, to)).toBe(10);
  });

  it('counts gap seconds up to now, never below 0', () => {
    const now = to + 1;
    expect(metricOf('DATA_GAPS', totals({ readings: 9000 }), from, to, { now })).toBe(1800);
    expect(metricOf('DATA_GAPS', totals({ readings: 20_000 }), from, to, { now })).toBe(0);
    // The future is not a gap: half the range has passed.
    expect(metricOf('DATA_GAPS', totals(), from, to, { now: from + 1_800_000 })).toBe(1800);
  });

  it('measures imbalance as |L - R| / (L + R), 0 without load', () => {
    expect(metricOf('LOAD_IMBALANCE', totals({ leftLoad: 300, rightLoad: 100 }), from, to)).toBe(0.5);
    expect(metricOf('LOAD_IMBALANCE', totals({ leftLoad: 100, rightLoad: 300 }), from, to)).toBe(0.5);
    expect(metricOf('LOAD_IMBALANCE', totals(), from, to)).toBe(0);
  });

  it('ranks highest first, ties by patient id, and keeps the first n', () => {
    const values = [
      { patientId: 3, value: 1, readingCount: 0 },
      { patientId: 2, value: 5, readingCount: 0 },
      { patientId: 1, value: 1, readingCount: 0 },
      { patientId: 4, value: 0, readingCount: 0 },
    ];
    expect(rank(values, 3).map((r) => [r.rank, r.patientId])).toEqual([
      [1, 2],
      [2, 1],
      [3, 3],
    ]);
  });
});
