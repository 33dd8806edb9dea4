import { WALKING } from './activity';
import { GaitSeries } from './gait-series';
import { regularityOf } from './regularity';

function walkingSeries(load: (t: number) => number, n = 200, spacing = 0.283): GaitSeries {
  const s = new GaitSeries();
  s.time = Float64Array.from({ length: n }, (_, k) => k * spacing);
  s.loadLeft = Float32Array.from(s.time, load);
  s.state = new Uint8Array(n).fill(WALKING);
  s.segment = new Int32Array(n);
  s.covered = new Uint8Array(n).fill(1);
  s.length = n;
  return s;
}

describe('regularityOf', () => {
  const stride = 1.11;
  const cycle = (t: number): number => 0.5 + 0.5 * Math.sin((2 * Math.PI * t) / stride);

  it('is near 1 for strides alike, although a stride is no whole number of samples', () => {
    const s = walkingSeries(cycle);
    expect(regularityOf(s, s.loadLeft, 0, s.length, stride)!).toBeGreaterThan(0.9);
  });

  it('drops for irregular strides', () => {
    // The same loads, each stride's phase jittered by a pseudo-random amount.
    const jitter = (t: number): number => cycle(t + 0.55 * Math.sin(Math.floor(t / stride) * 12.9898) ** 2);
    const s = walkingSeries(jitter);
    const regular = walkingSeries(cycle);
    expect(regularityOf(s, s.loadLeft, 0, s.length, stride)!).toBeLessThan(
      regularityOf(regular, regular.loadLeft, 0, regular.length, stride)! - 0.2,
    );
  });

  it('says nothing with too few walking samples', () => {
    const s = walkingSeries(cycle, 15);
    expect(regularityOf(s, s.loadLeft, 0, s.length, stride)).toBeNull();
  });
});
