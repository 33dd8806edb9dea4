import {
  SI_BAND,
  calendar,
  historySummary,
  isLowData,
  rangeStart,
  shortDay,
  type GaitDay,
} from './gait-days';

const day = (key: string, over: Partial<GaitDay> = {}): GaitDay => ({
  day: key,
  walkingMinutes: 40,
  steps: 4000,
  bouts: 10,
  cadence: 100,
  stanceSI: 2,
  strideRatio: 1,
  minutesCovered: 600,
  ...over,
});

const NOW = new Date(2026, 11, 3, 13, 0).getTime();

describe('gait-days', () => {
  it('starts a range at the local midnight days − 1 before today', () => {
    expect(rangeStart(NOW, 14)).toBe(new Date(2026, 10, 20).getTime());
    expect(rangeStart(NOW, 1)).toBe(new Date(2026, 11, 3).getTime());
  });

  it('lays every day of the range out, missing ones as null', () => {
    const days = calendar(NOW, 3, [day('2026-12-01'), day('2026-12-03')]);
    expect(days.map((d) => [d.day, d.figures !== null])).toEqual([
      ['2026-12-01', true],
      ['2026-12-02', false],
      ['2026-12-03', true],
    ]);
  });

  it('marks days with few minutes covered as low data', () => {
    expect(isLowData(day('2026-12-01', { minutesCovered: 30 }))).toBe(true);
    expect(isLowData(day('2026-12-01'))).toBe(false);
    expect(isLowData(null)).toBe(true);
  });

  it('puts the SI band at the edges of the 0.9–1.1 ratio band', () => {
    expect(SI_BAND.high).toBeCloseTo(9.52, 2);
    expect(SI_BAND.low).toBeCloseTo(-10.53, 2);
  });

  it('says the range in words beside the baseline', () => {
    const data = {
      timeZone: 'UTC',
      days: [
        day('2026-12-02', { walkingMinutes: 30 }),
        day('2026-12-03', { walkingMinutes: 50, minutesCovered: 20 }),
      ],
      baseline: { days: 14, walkingMinutesPerDay: 55, cadence: 104, stanceSI: 1.5, strideRatio: 1 },
    };
    expect(historySummary(data, 14, NOW)).toBe(
      'Gait over the last 14 days, 2 with figures; walking 40 minutes a day on average (baseline 55); median cadence 100 steps per minute (baseline 104); stance SI 2.0 percent (baseline 1.5); 1 day with little data',
    );
    expect(shortDay('2026-12-03')).toBe('3 Dec');
  });
});
