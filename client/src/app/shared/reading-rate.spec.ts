import { capacityFor, HISTORY_MS, readingsFor } from './reading-rate';

describe('reading rate', () => {
  it('asks for a whole window of readings with a margin, never more than one query returns', () => {
    expect(readingsFor(30_000)).toBe(175); // 150 at 5 Hz, and 25 more
    expect(readingsFor(60_000)).toBe(325);
    expect(readingsFor(HISTORY_MS)).toBe(3000);
    expect(readingsFor(2 * HISTORY_MS)).toBe(3000);
  });

  it('holds twice the nominal rate, bounded for the longest window', () => {
    expect(capacityFor(60_000)).toBe(610);
    expect(capacityFor(HISTORY_MS)).toBe(6000);
  });
});
