import { ratio, robinsonSI, symmetryOf } from './symmetry';

describe('symmetry', () => {
  it("computes Robinson's SI in percent and the L/R ratio", () => {
    expect(robinsonSI(0.64, 0.544)).toBeCloseTo((200 * 0.096) / 1.184, 9);
    expect(robinsonSI(0.6, 0.6)).toBe(0);
    expect(ratio(0.64, 0.544)).toBeCloseTo(1.17647, 4);
    expect(robinsonSI(null, 0.5)).toBeNull();
    expect(ratio(0.5, 0)).toBeNull();
  });

  const pairs = (stanceRight: number, loadRight: number) => ({
    stance: { left: 0.62, right: stanceRight },
    stride: { left: 1.1, right: 1.1 },
    load: { left: 0.7, right: loadRight },
  });

  it('flags a stance ratio outside 0.9..1.1 only when the window may flag', () => {
    expect(symmetryOf(pairs(0.53, 0.7), true).flagged).toBe(true);
    expect(symmetryOf(pairs(0.53, 0.7), false).flagged).toBe(false);
    expect(symmetryOf(pairs(0.6, 0.7), true).flagged).toBe(false);
  });

  it('reports but does not flag the load ratio (sensor gains move it as much as a lighter foot)', () => {
    const s = symmetryOf(pairs(0.62, 0.5), true);
    expect(s.loadRatio).toBeCloseTo(1.4, 9);
    expect(s.flagged).toBe(false);
  });
});
