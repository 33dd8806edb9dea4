import { lttb, lttbIndices } from './lttb';

describe('LTTB', () => {
  it('returns everything when there are fewer points than the threshold', () => {
    expect(lttbIndices([1, 2, 3], [1, 2, 3], 10)).toEqual([0, 1, 2]);
    expect(lttbIndices([1, 2, 3, 4], [1, 2, 3, 4], 2)).toEqual([0, 1, 2, 3]);
  });

  it('keeps the first and last points and exactly `threshold` points', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    const ys = xs.map((x) => Math.sin(x / 20) * 500);
    const kept = lttbIndices(xs, ys, 100);
    expect(kept).toHaveLength(100);
    expect(kept[0]).toBe(0);
    expect(kept[99]).toBe(999);
    expect([...kept].sort((a, b) => a - b)).toEqual(kept);
  });

  it('keeps a lone spike that uniform decimation would lose', () => {
    const points = Array.from({ length: 500 }, (_, i) => [i, i === 251 ? 1023 : 10] as [number, number]);
    const down = lttb(points, 50);
    expect(down).toContainEqual([251, 1023]);
  });
});
