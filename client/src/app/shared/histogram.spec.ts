import { histogram } from './histogram';

describe('histogram', () => {
  it('bins the 10-bit range evenly, saturated values in the last bin', () => {
    const bins = histogram([0, 63, 64, 1023, 1023, 500], 16);
    expect(bins).toHaveLength(16);
    expect(bins[0]).toEqual({ from: 0, to: 63, count: 2 });
    expect(bins[1].count).toBe(1);
    expect(bins[15]).toEqual({ from: 960, to: 1023, count: 2 });
    expect(bins.reduce((n, b) => n + b.count, 0)).toBe(6);
  });
});
