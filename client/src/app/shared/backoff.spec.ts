import { jitteredBackoff } from './backoff';

describe('jitteredBackoff', () => {
  it('grows exponentially up to the cap', () => {
    expect(jitteredBackoff(0, {}, () => 1)).toBe(500);
    expect(jitteredBackoff(3, {}, () => 1)).toBe(4000);
    expect(jitteredBackoff(30, {}, () => 1)).toBe(15_000);
  });

  it('never waits less than the floor', () => {
    expect(jitteredBackoff(5, {}, () => 0)).toBe(250);
  });

  it('spreads waits randomly', () => {
    const waits = new Set(Array.from({ length: 20 }, () => jitteredBackoff(4)));
    expect(waits.size).toBeGreaterThan(5);
  });
});
