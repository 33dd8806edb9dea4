import { backoffDelay, nextTick } from './schedule';

describe('nextTick', () => {
  it('waits for the anchor before the first tick', () => {
    expect(nextTick(1000, 200, 900)).toBe(1000);
  });

  it('keeps ticks on the anchor grid whatever the request took', () => {
    expect(nextTick(1000, 200, 1000)).toBe(1200);
    expect(nextTick(1000, 200, 1050)).toBe(1200);
    expect(nextTick(1000, 200, 1199)).toBe(1200);
    expect(nextTick(1000, 200, 1200)).toBe(1400);
  });

  it('skips missed ticks after a slow request instead of bursting', () => {
    // A request that took 3.5 periods: the next tick is the first one still ahead, not the 3 missed.
    expect(nextTick(1000, 200, 1700)).toBe(1800);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially up to the cap', () => {
    const top = () => 1; // the jitter's upper end
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => backoffDelay(n, 100, 5000, top))).toEqual([
      100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000,
    ]);
  });

  it('jitters below the ceiling but never under the base', () => {
    expect(backoffDelay(5, 100, 5000, () => 0.5)).toBe(800);
    expect(backoffDelay(5, 100, 5000, () => 0)).toBe(100);
  });

  it('does not overflow for very long outages', () => {
    expect(backoffDelay(10_000, 100, 30_000, () => 1)).toBe(30_000);
  });
});
