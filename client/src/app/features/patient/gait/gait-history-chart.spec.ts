import type { GaitDay, GaitHistoryData } from './gait-days';
import { gaitHistoryOption } from './gait-history-chart';

const gaitDay = (day: string, over: Partial<GaitDay> = {}): GaitDay => ({
  day,
  walkingMinutes: 40,
  steps: 4000,
  bouts: 10,
  cadence: 100,
  stanceSI: 2,
  strideRatio: 1,
  minutesCovered: 600,
  ...over,
});

const history = (days: GaitDay[]): GaitHistoryData => ({
  timeZone: 'UTC',
  days,
  baseline: { days: 14, walkingMinutesPerDay: 55, cadence: 104, stanceSI: 1.5, strideRatio: 1 },
});

export type Option = {
  series: {
    id: string;
    data: { value: number | null; itemStyle?: { decal?: unknown }; symbol?: string }[];
    markLine: { data: { yAxis: number }[]; lineStyle?: { type: string } };
    markArea?: { data: { yAxis: number }[][] };
  }[];
};

describe('gaitHistoryOption', () => {
  it('draws days as bars and lines with dashed baselines, low-data days hatched, missing days as gaps', () => {
    const now = new Date(2026, 11, 3, 13).getTime();
    const option = gaitHistoryOption(
      history([gaitDay('2026-12-01', { minutesCovered: 30 }), gaitDay('2026-12-03', { walkingMinutes: 61 })]),
      3,
      now,
      12,
    ) as unknown as Option;
    const [walk, cadence, si] = option.series;
    expect(walk.data.map((d) => d.value)).toEqual([40, null, 61]);
    expect(walk.data[0].itemStyle?.decal).toBeDefined();
    expect(walk.data[2].itemStyle?.decal).toBeUndefined();
    expect(walk.markLine.data).toEqual([{ yAxis: 55 }]);
    expect(walk.markLine.lineStyle?.type).toBe('dashed');
    expect(cadence.data.map((d) => d.symbol)).toEqual(['emptyCircle', 'circle', 'circle']);
    expect(cadence.markLine.data).toEqual([{ yAxis: 104 }]);
    expect(si.markLine.data).toEqual([{ yAxis: 1.5 }]);
    expect(si.markArea?.data[0][1].yAxis).toBeCloseTo(9.52, 2);
  });
});
