import { chooseBucketMs } from './history';

describe('chooseBucketMs', () => {
  it('takes the narrowest ladder width whose aligned buckets fit maxPoints', () => {
    expect(chooseBucketMs(0, 600_000, 1000)).toBe(1000);
    expect(chooseBucketMs(0, 86_400_000, 1000)).toBe(120_000);
    expect(chooseBucketMs(0, 30 * 86_400_000, 1000)).toBe(3_600_000);
    expect(chooseBucketMs(0, 100, 1000, 60_000)).toBe(60_000);
    expect(chooseBucketMs(0, 3650 * 86_400_000, 1000)).toBe(4 * 86_400_000);
  });

  it('never yields more than maxPoints buckets, wherever the range starts', () => {
    for (const maxPoints of [2, 3, 10, 999, 1000]) {
      for (const [from, length] of [
        [1, 600_000],
        [59_999, 86_400_000],
        [1_764_720_000_123, 3_600_000],
        [7, 999],
      ] as const) {
        const to = from + length;
        const b = chooseBucketMs(from, to, maxPoints);
        expect(Math.floor(to / b) - Math.floor(from / b) + 1).toBeLessThanOrEqual(maxPoints);
      }
    }
  });
});
