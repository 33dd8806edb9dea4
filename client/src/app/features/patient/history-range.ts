import type { PatientHistoryQuery } from '../../graphql/generated';
import { GAP_MS } from '../../shared/reading-rate';
import { sensorsOf, type FootSide } from '../../shared/sample';
import { formatDateTime, formatTime } from '../../shared/time-format';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type RangeKey = '1h' | '24h' | '7d' | '30d' | 'custom';

export interface TimeSpan {
  readonly from: number;
  readonly to: number;
}

/** The ranges ending now that the picker offers, then "Custom". */
export const RANGE_PRESETS: readonly { key: Exclude<RangeKey, 'custom'>; label: string; ms: number }[] = [
  { key: '1h', label: '1 h', ms: HOUR },
  { key: '24h', label: '24 h', ms: DAY },
  { key: '7d', label: '7 d', ms: 7 * DAY },
  { key: '30d', label: '30 d', ms: 30 * DAY },
];

/** The longest range one CSV export may cover (the server's limit). */
export const EXPORT_MAX_MS = 31 * DAY;
/** Zooming stops here: at 5 Hz a minute is 300 raw readings, each one visible. */
export const MIN_VIEW_MS = MINUTE;
/** Buckets asked of `history` per view: about one per two pixels of a wide chart. */
export const HISTORY_POINTS = 600;

export function presetSpan(key: Exclude<RangeKey, 'custom'>, now: number): TimeSpan {
  const ms = RANGE_PRESETS.find((p) => p.key === key)!.ms;
  return { from: now - ms, to: now };
}

/** A `datetime-local` value (YYYY-MM-DDTHH:mm) as epoch ms, read in the shown zone; null if invalid. */
export function parseDateTimeInput(value: string, utc: boolean): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((part) => Number(part ?? 0));
  const t = utc ? Date.UTC(y, mo - 1, d, h, mi, s) : new Date(y, mo - 1, d, h, mi, s).getTime();
  return Number.isFinite(t) ? t : null;
}

/** Epoch ms as a `datetime-local` value in the shown zone, to the minute. */
export function toDateTimeInput(t: number, utc: boolean): string {
  return formatDateTime(t, utc).slice(0, 16).replace(' ', 'T');
}

/** Why a custom range cannot be shown, or null when it can. */
export function customRangeProblem(from: number | null, to: number | null, now: number): string | null {
  if (from === null || to === null) return 'Enter both a start and an end.';
  if (to <= from) return 'The end must be after the start.';
  if (to - from < MIN_VIEW_MS) return 'Choose at least one minute.';
  if (from > now) return 'The start is in the future.';
  return null;
}

/** Part of a span by ECharts' dataZoom percentages, kept at least MIN_VIEW_MS wide. */
export function zoomedSpan(span: TimeSpan, startPercent: number, endPercent: number): TimeSpan {
  const width = span.to - span.from;
  let from = span.from + (width * Math.max(0, Math.min(100, startPercent))) / 100;
  let to = span.from + (width * Math.max(0, Math.min(100, endPercent))) / 100;
  if (to - from < MIN_VIEW_MS) {
    const centre = (from + to) / 2;
    from = Math.max(span.from, centre - MIN_VIEW_MS / 2);
    to = Math.min(span.to, from + MIN_VIEW_MS);
    from = Math.max(span.from, to - MIN_VIEW_MS);
  }
  return { from: Math.round(from), to: Math.round(to) };
}

/** Twice as wide around its centre, within `limit`. */
export function zoomedOut(view: TimeSpan, limit: TimeSpan): TimeSpan {
  const width = (view.to - view.from) * 2;
  if (width >= limit.to - limit.from) return limit;
  let from = (view.from + view.to) / 2 - width / 2;
  from = Math.max(limit.from, Math.min(from, limit.to - width));
  return { from: Math.round(from), to: Math.round(from + width) };
}

/** Half as wide around its centre, at least MIN_VIEW_MS. */
export function zoomedIn(view: TimeSpan): TimeSpan {
  return zoomedSpan(view, 25, 75);
}

export type HistoryData = PatientHistoryQuery['history'];

export type Point = [number, number | null];

export interface SensorHistory {
  readonly id: number;
  readonly name: string;
  readonly label: string;
  /** Mean per bucket (each raw reading's value when raw). */
  readonly mean: Point[];
  /** The band's lower edge (min) and its height (max − min): stacked, they draw min..max. */
  readonly low: Point[];
  readonly spread: Point[];
}

/** Where a bucket is drawn: its middle (a raw reading: its own time). */
export function bucketTime(startIso: string, bucketMs: number): number {
  return Date.parse(startIso) + bucketMs / 2;
}

/**
 * The three sensors of a foot as chart series: mean, and the min..max band, with a null point
 * (a break) wherever readings are missing: between two buckets that are not neighbours, between
 * raw readings more than GAP_MS apart, and inside every gap the server reports. So no line and
 * no band is ever drawn across a stretch without data.
 */
export function historySeries(history: HistoryData, foot: FootSide): SensorHistory[] {
  const step = history.bucketMs > 0 ? history.bucketMs : GAP_MS;
  const times = history.buckets.map((b) => bucketTime(b.start, history.bucketMs));
  const gaps = history.gaps.map((g) => ({ from: Date.parse(g.from), to: Date.parse(g.to) }));
  // Indices before which the line breaks, and where the break is drawn.
  const breaks = new Map<number, number>();
  for (let i = 1; i < times.length; i++) {
    const previous = Date.parse(history.buckets[i - 1].start);
    const start = Date.parse(history.buckets[i].start);
    const apart = history.bucketMs > 0 ? start - previous > step : times[i] - times[i - 1] > step;
    const gapBetween = gaps.some((g) => g.from < times[i] && g.to > times[i - 1]);
    if (apart || gapBetween) breaks.set(i, (times[i - 1] + times[i]) / 2);
  }
  return sensorsOf(foot).map((sensor) => {
    const mean: Point[] = [];
    const low: Point[] = [];
    const spread: Point[] = [];
    history.buckets.forEach((bucket, i) => {
      const at = breaks.get(i);
      if (at !== undefined) {
        mean.push([at, null]);
        low.push([at, null]);
        spread.push([at, null]);
      }
      const s = bucket.sensors.find((x) => x.name === sensor.name);
      const t = times[i];
      mean.push([t, s ? round1(s.mean) : null]);
      low.push([t, s ? s.min : null]);
      spread.push([t, s ? s.max - s.min : null]);
    });
    return { id: sensor.id, name: sensor.name, label: sensor.label, mean, low, spread };
  });
}

/** A point drawn as a dot: too few neighbours to make a visible line. */
export interface LonePoint {
  readonly value: Point;
  readonly symbol: 'circle';
  readonly symbolSize: number;
}

/**
 * Points in a run of fewer than three between breaks become dots: a line of one point draws
 * nothing, and one of two is a speck in a long range (an hour of data in a week).
 */
export function withLoneDots(points: readonly Point[]): (Point | LonePoint)[] {
  const out: (Point | LonePoint)[] = [...points];
  let start = 0;
  for (let i = 0; i <= points.length; i++) {
    if (i < points.length && points[i][1] !== null) continue;
    if (i - start > 0 && i - start < 3) {
      for (let j = start; j < i; j++) out[j] = { value: points[j], symbol: 'circle', symbolSize: 5 };
    }
    start = i + 1;
  }
  return out;
}

/** "1-minute buckets", "raw readings", "6-second buckets". */
export function resolutionText(bucketMs: number): string {
  if (bucketMs <= 0) return 'raw readings';
  if (bucketMs % DAY === 0) return `${bucketMs / DAY}-day buckets`;
  if (bucketMs % HOUR === 0) return `${bucketMs / HOUR}-hour buckets`;
  if (bucketMs % MINUTE === 0) return `${bucketMs / MINUTE}-minute buckets`;
  return `${Math.round(bucketMs / 100) / 10}-second buckets`;
}

/** "2026-12-02 10:00" (or with seconds, under ten minutes). */
export function spanText(span: TimeSpan, utc: boolean): string {
  const short = span.to - span.from < 10 * MINUTE;
  const f = (t: number) => (short ? formatDateTime(t, utc) : formatDateTime(t, utc).slice(0, 16));
  const from = f(span.from);
  const to = f(span.to);
  // Same day: the end without its date.
  return from.slice(0, 10) === to.slice(0, 10) ? `${from} – ${to.slice(11)}` : `${from} – ${to}`;
}

/** Axis labels: times within a day, dates with times beyond. */
export function axisLabel(t: number, width: number, utc: boolean): string {
  if (width <= DAY) return width < 10 * MINUTE ? formatTime(t, utc) : formatTime(t, utc).slice(0, 5);
  const dt = formatDateTime(t, utc);
  return width <= 3 * DAY ? `${dt.slice(5, 10)} ${dt.slice(11, 16)}` : dt.slice(5, 10);
}

/**
 * What the chart of one foot shows, in words for a screen reader (and the e2e): how many
 * readings, when the first and the last are, each sensor's range and average, gaps and episodes.
 */
export function historySummary(
  history: HistoryData,
  foot: FootSide,
  view: TimeSpan,
  episodes: number,
  utc: boolean,
): string {
  const side = foot === 'left' ? 'left' : 'right';
  const head = `Pressure history of the ${side} foot, ${spanText(view, utc)}`;
  if (history.buckets.length === 0) return `${head}: no readings in this range`;
  const readings = history.buckets.reduce((n, b) => n + b.count, 0);
  const first = Date.parse(history.buckets[0].start);
  const lastBucket = history.buckets[history.buckets.length - 1];
  const last = Math.min(Date.parse(lastBucket.start) + history.bucketMs, view.to);
  const sensors = sensorsOf(foot).map((sensor) => {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let count = 0;
    for (const b of history.buckets) {
      const s = b.sensors.find((x) => x.name === sensor.name);
      if (!s) continue;
      min = Math.min(min, s.min);
      max = Math.max(max, s.max);
      sum += s.mean * b.count;
      count += b.count;
    }
    return count === 0
      ? `${sensor.label} no values`
      : `${sensor.label} ${Math.round(min)} to ${Math.round(max)}, mean ${Math.round(sum / count)}`;
  });
  const gaps = history.gaps.length;
  return (
    `${head}: ${readings} readings (${resolutionText(history.bucketMs)}) ` +
    `from ${formatDateTime(first, utc)} to ${formatDateTime(last, utc)}; ` +
    `${sensors.join('; ')}; ${gaps} gap${gaps === 1 ? '' : 's'} without data; ` +
    `${episodes} episode${episodes === 1 ? '' : 's'} marked`
  );
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
