import { SensorRanges } from './sensor-range';

function feed(ranges: SensorRanges, n: number, value: (i: number, s: number) => number): void {
  const values = new Uint16Array(6);
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < 6; s++) values[s] = value(i, s);
    ranges.add(values, 0);
  }
}

describe('SensorRanges', () => {
  it("learns each sensor's floor and, for one that never saturates, its own ceiling", () => {
    const ranges = new SensorRanges();
    // Sensor s rests at 10 + 15 s; loaded half the time, sensor 4 only up to ~600.
    feed(ranges, 600, (i, s) => (i % 2 === 0 ? 10 + 15 * s + (i % 3) : s === 4 ? 550 + (i % 50) : 1023));
    ranges.refresh();
    for (let s = 0; s < 6; s++) expect(Math.abs(ranges.floor[s]! - (10 + 15 * s))).toBeLessThanOrEqual(4);
    expect(ranges.ceiling[0]).toBe(1023);
    expect(ranges.ceiling[4]).toBeGreaterThan(550);
    expect(ranges.ceiling[4]).toBeLessThan(610);
    expect(ranges.normalise(4, 600)).toBeGreaterThan(0.95);
    expect(ranges.normalise(0, 10)).toBe(0);
  });

  it('caps the floor for a patient who never unloads a sensor, and keeps a minimum span', () => {
    const ranges = new SensorRanges({ maxFloor: 150, minSpan: 300 });
    feed(ranges, 300, () => 700);
    ranges.refresh();
    expect(ranges.floor[0]).toBe(150);
    expect(ranges.ceiling[0]! - ranges.floor[0]!).toBeGreaterThanOrEqual(300);
  });

  it('forgets removed samples: ranges follow the samples held', () => {
    const ranges = new SensorRanges();
    const low = new Uint16Array(6).fill(80);
    const high = new Uint16Array(6).fill(1023);
    for (let i = 0; i < 100; i++) ranges.add(i % 2 ? low : high, 0);
    ranges.refresh();
    expect(Math.abs(ranges.floor[0]! - 80)).toBeLessThanOrEqual(2);
    const lower = new Uint16Array(6).fill(20);
    for (let i = 0; i < 100; i++) {
      ranges.remove(i % 2 ? low : high, 0);
      ranges.add(i % 2 ? lower : high, 0);
    }
    ranges.refresh();
    expect(Math.abs(ranges.floor[0]! - 20)).toBeLessThanOrEqual(2);
  });
});
