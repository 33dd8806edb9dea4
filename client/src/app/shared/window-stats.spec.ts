import type { Sample } from './sample';
import { windowStats } from './window-stats';

const s = (t: number, v: number[]): Sample => ({ t, v, flags: 0, traceId: '' });

describe('windowStats', () => {
  it('is empty without samples', () => {
    expect(windowStats([])).toEqual([]);
  });

  it('computes min, mean, max and last per sensor', () => {
    const stats = windowStats([s(1, [0, 10, 20, 30, 40, 1023]), s(2, [100, 10, 0, 30, 60, 1])]);
    expect(stats).toHaveLength(6);
    expect(stats[0]).toEqual({ min: 0, mean: 50, max: 100, last: 100 });
    expect(stats[2]).toEqual({ min: 0, mean: 10, max: 20, last: 0 });
    expect(stats[5]).toEqual({ min: 1, mean: 512, max: 1023, last: 1 });
  });
});
