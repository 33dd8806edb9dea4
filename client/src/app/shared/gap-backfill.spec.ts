import { findGaps, gapToBackfill } from './gap-backfill';

describe('gapToBackfill', () => {
  it('fetches from the newest reading held', () => {
    expect(gapToBackfill(9_000, 20_000, 60_000)).toEqual({ from: 9_000, to: 20_000 });
  });

  it('fetches the whole window when empty or when the hole is longer', () => {
    expect(gapToBackfill(undefined, 100_000, 60_000)).toEqual({ from: 40_000, to: 100_000 });
    expect(gapToBackfill(1_000, 100_000, 60_000)).toEqual({ from: 40_000, to: 100_000 });
  });
});

describe('findGaps', () => {
  it('finds holes longer than the threshold', () => {
    expect(findGaps([0, 200, 400, 3000, 3200, 3400, 9000], 1000)).toEqual([
      { from: 400, to: 3000 },
      { from: 3400, to: 9000 },
    ]);
    expect(findGaps([0, 200], 1000)).toEqual([]);
    expect(findGaps([], 1000)).toEqual([]);
  });
});
