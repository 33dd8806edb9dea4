import { sample } from '../../../testing/fakes';
import { GAP_BREAK_MS, traceSeries } from './trace-chart.component';

describe('traceSeries', () => {
  it('makes three named series per foot', () => {
    const series = traceSeries(
      [sample(0, [1, 2, 3, 4, 5, 6]), sample(200, [7, 8, 9, 10, 11, 12])],
      'right',
      800,
    );
    expect(series.map((s) => s.name)).toEqual(['R0 front inner edge', 'R1 front outer edge', 'R2 heel']);
    expect(series[2].data).toEqual([
      [0, 6],
      [200, 12],
    ]);
  });

  it('downsamples to the pixel budget', () => {
    const samples = Array.from({ length: 3000 }, (_, i) => sample(i * 200, [i % 1024, 0, 0, 0, 0, 0]));
    const [first] = traceSeries(samples, 'left', 500);
    expect(first.data).toHaveLength(500);
  });

  it('breaks the line where readings are missing', () => {
    const series = traceSeries(
      [sample(0), sample(200), sample(200 + GAP_BREAK_MS + 1), sample(1901)],
      'left',
      800,
    );
    expect(series[0].data.map((p) => p[1])).toEqual([500, 500, null, 500, 500]);
  });
});
