import { GaitSeries, LEFT } from './gait-series';
import { footStrides } from './strides';

function strikes(times: readonly number[], chains: readonly number[]): GaitSeries {
  const s = new GaitSeries();
  const n = times.length;
  s.time = Float64Array.from(times);
  s.steps = new Uint8Array(n).fill(LEFT);
  s.chain = Int32Array.from(chains);
  s.length = n;
  return s;
}

describe('footStrides', () => {
  it('sums first-to-last spans of a walk: quantised strikes average out', () => {
    // A 1.11 s stride sampled every 0.283 s: strikes land up to a sample late.
    const times = Array.from({ length: 21 }, (_, i) => Math.ceil((i * 1.11) / 0.283) * 0.283);
    const out = footStrides(strikes(times, new Array(21).fill(0)), LEFT, 0, 21, { span: 0, count: 0 });
    expect(out.count).toBe(20);
    expect(Math.abs(out.span / out.count - 1.11)).toBeLessThan(0.015);
  });

  it('does not count a stride across two walks, nor a missed or split strike', () => {
    const times = [0, 1, 2, 3, 10, 11, 12, 14, 15, 15.5, 16];
    const chains = [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1];
    const out = footStrides(strikes(times, chains), LEFT, 0, times.length, { span: 0, count: 0 });
    // 0-1-2-3 (3 strides), 10-11-12 (2), 12-14 (missed strike: 2 s), 14-15 (1), 15-15.5-16 (split).
    expect(out.count).toBe(6);
    expect(out.span).toBeCloseTo(6, 9);
  });
});
