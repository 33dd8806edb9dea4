import type { GaitDaysQuery } from '../../../graphql/generated';

export type GaitHistoryData = GaitDaysQuery['gaitHistory'];
export type GaitDay = GaitHistoryData['days'][number];

/** A day with fewer minutes of gait figures than this is marked as low data (not low walking). */
export const LOW_DATA_MINUTES = 120;

/** Ranges the history offers, in days ending today. */
export const GAIT_RANGES = [14, 30] as const;
export type GaitRange = (typeof GAIT_RANGES)[number];

/** Stance SI (percent) at the edges of the 0.9–1.1 ratio band: SI = 200 (r − 1) / (r + 1). */
export const SI_BAND = { low: (200 * (0.9 - 1)) / 1.9, high: (200 * (1.1 - 1)) / 2.1 } as const;

/** YYYY-MM-DD of a local date. */
export function dayKey(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The local midnight `days - 1` days before today's: the start of a range of `days` ending today. */
export function rangeStart(now: number, days: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - (days - 1));
  return d.getTime();
}

/** Every local day of the range, oldest first, each with its figures or null (no figures at all). */
export function calendar(
  now: number,
  days: number,
  figures: readonly GaitDay[],
): { day: string; figures: GaitDay | null }[] {
  const byDay = new Map(figures.map((f) => [f.day, f]));
  const d = new Date(rangeStart(now, days));
  const out: { day: string; figures: GaitDay | null }[] = [];
  for (let i = 0; i < days; i++) {
    const key = dayKey(d);
    out.push({ day: key, figures: byDay.get(key) ?? null });
    d.setDate(d.getDate() + 1);
  }
  return out;
}

export function isLowData(day: GaitDay | null): boolean {
  return day === null || day.minutesCovered < LOW_DATA_MINUTES;
}

/** "3 Dec" from "2026-12-03". */
export function shortDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d).toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The range's figures in words, for the chart's aria-label. */
export function historySummary(data: GaitHistoryData, days: number, now: number): string {
  const known = data.days;
  if (known.length === 0) return `Gait over the last ${days} days: no gait figures yet`;
  const walk = mean(known.map((d) => d.walkingMinutes));
  const cadence = mean(known.flatMap((d) => (d.cadence === null ? [] : [d.cadence])));
  const si = mean(known.flatMap((d) => (d.stanceSI === null ? [] : [d.stanceSI])));
  const b = data.baseline;
  const low = calendar(now, days, known).filter((d) => d.figures !== null && isLowData(d.figures)).length;
  const base = (v: number | null, digits = 0) =>
    v === null ? 'no baseline' : `baseline ${v.toFixed(digits)}`;
  return [
    `Gait over the last ${days} days, ${known.length} with figures`,
    `walking ${walk?.toFixed(0)} minutes a day on average (${base(b.walkingMinutesPerDay)})`,
    cadence === null
      ? 'no cadence'
      : `median cadence ${cadence.toFixed(0)} steps per minute (${base(b.cadence)})`,
    si === null ? 'no stance symmetry' : `stance SI ${si.toFixed(1)} percent (${base(b.stanceSI, 1)})`,
    `${low} day${low === 1 ? '' : 's'} with little data`,
  ].join('; ');
}
