import {
  MIN_VIEW_MS,
  axisLabel,
  customRangeProblem,
  historySeries,
  historySummary,
  parseDateTimeInput,
  presetSpan,
  resolutionText,
  spanText,
  toDateTimeInput,
  zoomedOut,
  zoomedSpan,
  withLoneDots,
  type HistoryData,
} from './history-range';

const T0 = Date.UTC(2026, 11, 2, 10, 0, 0);
const MIN = 60_000;

function bucket(start: number, values: [number, number, number][], count = 300) {
  const names = ['L0', 'L1', 'L2', 'R0', 'R1', 'R2'];
  return {
    start: new Date(start).toISOString(),
    count,
    anomalyCount: 0,
    sensors: names.map((name, i) => {
      const [min, mean, max] = values[i % values.length];
      return { name, min, mean, max };
    }),
  };
}

describe('history ranges', () => {
  it('ends a preset now and spans its length', () => {
    expect(presetSpan('24h', T0)).toEqual({ from: T0 - 86_400_000, to: T0 });
    expect(presetSpan('1h', T0)).toEqual({ from: T0 - 3_600_000, to: T0 });
  });

  it('reads and writes datetime-local values in the shown zone', () => {
    expect(parseDateTimeInput('2026-12-02T10:00', true)).toBe(T0);
    expect(parseDateTimeInput('2026-12-02T10:00', false)).toBe(new Date(2026, 11, 2, 10, 0).getTime());
    expect(parseDateTimeInput('yesterday', true)).toBeNull();
    expect(toDateTimeInput(T0 + 59_000, true)).toBe('2026-12-02T10:00');
    expect(parseDateTimeInput(toDateTimeInput(T0, false), false)).toBe(T0);
  });

  it('says what is wrong with a custom range', () => {
    expect(customRangeProblem(null, T0, T0)).toMatch(/both/);
    expect(customRangeProblem(T0, T0 - 1, T0)).toMatch(/after the start/);
    expect(customRangeProblem(T0, T0 + 1000, T0 + 5000)).toMatch(/one minute/);
    expect(customRangeProblem(T0 + MIN, T0 + 3 * MIN, T0)).toMatch(/future/);
    expect(customRangeProblem(T0 - 3 * MIN, T0, T0)).toBeNull();
  });

  it('turns dataZoom percentages into a span of at least a minute, inside the view', () => {
    const view = { from: T0, to: T0 + 100 * MIN };
    expect(zoomedSpan(view, 10, 20)).toEqual({ from: T0 + 10 * MIN, to: T0 + 20 * MIN });
    const tiny = zoomedSpan(view, 99.99, 100);
    expect(tiny.to - tiny.from).toBe(MIN_VIEW_MS);
    expect(tiny.to).toBe(view.to);
  });

  it('zooms out to twice the width, never past the range', () => {
    const range = { from: T0, to: T0 + 100 * MIN };
    expect(zoomedOut({ from: T0 + 40 * MIN, to: T0 + 50 * MIN }, range)).toEqual({
      from: T0 + 35 * MIN,
      to: T0 + 55 * MIN,
    });
    expect(zoomedOut({ from: T0, to: T0 + 10 * MIN }, range)).toEqual({ from: T0, to: T0 + 20 * MIN });
    expect(zoomedOut({ from: T0, to: T0 + 60 * MIN }, range)).toEqual(range);
  });

  it('words resolutions, spans and axis labels', () => {
    expect(resolutionText(0)).toBe('raw readings');
    expect(resolutionText(6000)).toBe('6-second buckets');
    expect(resolutionText(MIN)).toBe('1-minute buckets');
    expect(resolutionText(3_600_000)).toBe('1-hour buckets');
    expect(spanText({ from: T0, to: T0 + 60 * MIN }, true)).toBe('2026-12-02 10:00 – 11:00');
    expect(spanText({ from: T0, to: T0 + 2 * 86_400_000 }, true)).toBe('2026-12-02 10:00 – 2026-12-04 10:00');
    expect(axisLabel(T0, 60 * MIN, true)).toBe('10:00');
    expect(axisLabel(T0, 7 * 86_400_000, true)).toBe('12-02');
  });
});

describe('historySeries', () => {
  it('draws each sensor of the foot as a mean and a min..max band at the buckets’ middles', () => {
    const history: HistoryData = {
      bucketMs: MIN,
      buckets: [bucket(T0, [[10, 20.04, 40]]), bucket(T0 + MIN, [[5, 50, 900]])],
      gaps: [],
    };
    const [l0, l1, l2] = historySeries(history, 'left');
    expect([l0.name, l1.name, l2.name]).toEqual(['L0', 'L1', 'L2']);
    expect(l0.mean).toEqual([
      [T0 + MIN / 2, 20],
      [T0 + 1.5 * MIN, 50],
    ]);
    expect(l0.low.map((p) => p[1])).toEqual([10, 5]);
    expect(l0.spread.map((p) => p[1])).toEqual([30, 895]);
    expect(historySeries(history, 'right')[0].name).toBe('R0');
  });

  it('breaks every line and band across missing buckets and reported gaps, never across data', () => {
    const history: HistoryData = {
      bucketMs: MIN,
      buckets: [bucket(T0, [[1, 2, 3]]), bucket(T0 + MIN, [[1, 2, 3]]), bucket(T0 + 5 * MIN, [[1, 2, 3]])],
      gaps: [{ from: new Date(T0 + 2 * MIN).toISOString(), to: new Date(T0 + 5 * MIN).toISOString() }],
    };
    const [l0] = historySeries(history, 'left');
    expect(l0.mean.map((p) => p[1])).toEqual([2, 2, null, 2]);
    expect(l0.low.map((p) => p[1])).toEqual([1, 1, null, 1]);
    expect(l0.spread.map((p) => p[1])).toEqual([2, 2, null, 2]);
    // The break lies between the two readings around the hole.
    expect(l0.mean[2][0]).toBeGreaterThan(T0 + 1.5 * MIN);
    expect(l0.mean[2][0]).toBeLessThan(T0 + 5.5 * MIN);
  });

  it('breaks raw readings more than five seconds apart', () => {
    const history: HistoryData = {
      bucketMs: 0,
      buckets: [
        bucket(T0, [[7, 7, 7]], 1),
        bucket(T0 + 200, [[8, 8, 8]], 1),
        bucket(T0 + 9000, [[9, 9, 9]], 1),
      ],
      gaps: [],
    };
    expect(historySeries(history, 'left')[0].mean).toEqual([
      [T0, 7],
      [T0 + 200, 8],
      [T0 + 4600, null],
      [T0 + 9000, 9],
    ]);
  });
});

describe('withLoneDots', () => {
  it('makes dots of runs too short to draw a visible line, and leaves the rest', () => {
    const dot = (t: number, v: number) => ({ value: [t, v], symbol: 'circle', symbolSize: 5 });
    expect(
      withLoneDots([
        [0, 5],
        [1, null],
        [2, 6],
        [3, 7],
        [4, null],
        [5, 8],
        [6, 8],
        [7, 8],
      ]),
    ).toEqual([dot(0, 5), [1, null], dot(2, 6), dot(3, 7), [4, null], [5, 8], [6, 8], [7, 8]]);
  });
});

describe('historySummary', () => {
  it('says how many readings, from when to when, each sensor’s range and mean, gaps and episodes', () => {
    const history: HistoryData = {
      bucketMs: MIN,
      buckets: [bucket(T0, [[10, 20, 40]], 100), bucket(T0 + MIN, [[5, 50, 900]], 300)],
      gaps: [{ from: new Date(T0 + 2 * MIN).toISOString(), to: new Date(T0 + 3 * MIN).toISOString() }],
    };
    const text = historySummary(history, 'left', { from: T0, to: T0 + 60 * MIN }, 2, true);
    expect(text).toBe(
      'Pressure history of the left foot, 2026-12-02 10:00 – 11:00: 400 readings (1-minute buckets) ' +
        'from 2026-12-02 10:00:00 to 2026-12-02 10:02:00; front inner edge 5 to 900, mean 43; ' +
        'front outer edge 5 to 900, mean 43; heel 5 to 900, mean 43; 1 gap without data; 2 episodes marked',
    );
    expect(
      historySummary({ bucketMs: 0, buckets: [], gaps: [] }, 'right', { from: T0, to: T0 + MIN }, 0, true),
    ).toMatch(/right foot.*: no readings in this range$/);
  });
});
