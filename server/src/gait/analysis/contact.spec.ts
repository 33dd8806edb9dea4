import { DEFAULT_CONTACT, footLoad, nextContact } from './contact';
import { footLevels } from './foot-levels';
import { SensorRanges } from './sensor-range';

describe('contact', () => {
  it('holds contact between the thresholds (hysteresis)', () => {
    const t = { on: 0.5, off: 0.3 };
    const loads = [0.1, 0.4, 0.6, 0.4, 0.35, 0.2, 0.4, 0.55];
    let state = false;
    const states = loads.map((l) => (state = nextContact(state, l, t)));
    expect(states).toEqual([false, false, true, true, true, false, false, true]);
  });

  it("is the mean of the foot's three normalised sensors", () => {
    const ranges = new SensorRanges();
    const values = Uint16Array.from([1023, 0, 0, 0, 0, 1023]);
    expect(footLoad(ranges, values, 0, 0)).toBeCloseTo(1 / 3, 9);
    expect(footLoad(ranges, values, 0, 1)).toBeCloseTo(1 / 3, 9);
  });
});

describe('footLevels', () => {
  it('keeps the clean thresholds above the floor for a foot that unloads in swing', () => {
    const loads = Float32Array.from({ length: 200 }, (_, k) => (k % 4 < 2 ? 0.9 : 0.005));
    const levels = footLevels(loads, 0, loads.length, DEFAULT_CONTACT);
    expect(levels.edge).toBeLessThan(0.03);
    expect(levels.core.on).toBeGreaterThan(0.4);
  });

  it('splits a foot that never unloads at the midpoint of its two levels', () => {
    // Swing at 0.3 (the insole pressed in the shoe), stance at 1.
    const loads = Float32Array.from({ length: 200 }, (_, k) => (k % 4 < 2 ? 1 : 0.3 + 0.05 * (k % 3)));
    const { core, edge } = footLevels(loads, 0, loads.length, DEFAULT_CONTACT);
    expect(core.on).toBeGreaterThan(0.6);
    expect(core.off).toBeGreaterThan(0.4);
    expect(edge).toBeGreaterThan(0.3);
  });

  it('has no midpoint for a foot with one level (standing, sitting)', () => {
    const loads = Float32Array.from({ length: 200 }, (_, k) => 0.8 + 0.05 * Math.sin(k / 5));
    const { core } = footLevels(loads, 0, loads.length, DEFAULT_CONTACT);
    expect(core.on).toBeLessThan(0.8);
  });
});
