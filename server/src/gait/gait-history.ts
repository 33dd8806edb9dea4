import type { Archive } from '../archive/open-archive';
import type { GaitDay, GaitRange } from '../archive/gait-minutes';
import { ArchiveQueryError } from '../archive/range-sources';
import { ArchiveOffError, checkOrder } from '../history/history-queries';

/** Days before a range that make a patient's own baseline. */
export const BASELINE_DAYS = 14;
const DAY_MS = 86_400_000;
/** The longest range gaitHistory sums (days are cheap; the bound keeps a query from scanning years). */
export const MAX_GAIT_HISTORY_DAYS = 400;

/** A patient's usual gait: the days before the range, so a trend is read against the person, not a norm. */
export interface GaitBaseline {
  /** Days with gait figures in the baseline period. */
  readonly days: number;
  /** Mean over those days. */
  readonly walkingMinutesPerDay: number | null;
  /** Medians of the daily medians. */
  readonly cadence: number | null;
  readonly stanceSI: number | null;
  readonly strideRatio: number | null;
}

export interface GaitHistory {
  readonly timeZone: string;
  readonly days: readonly GaitDay[];
  readonly baseline: GaitBaseline;
}

/** An IANA time zone the runtime knows, or an ArchiveQueryError naming it. */
export function checkTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new ArchiveQueryError(
      `expected 'timeZone' to be an IANA time zone such as Europe/Warsaw, got "${timeZone}"`,
    );
  }
}

function median(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (known.length === 0) return null;
  const mid = known.length >> 1;
  return known.length % 2 === 1 ? known[mid]! : (known[mid - 1]! + known[mid]!) / 2;
}

export function baselineOf(days: readonly GaitDay[]): GaitBaseline {
  return {
    days: days.length,
    walkingMinutesPerDay:
      days.length === 0 ? null : days.reduce((n, d) => n + d.walkingMinutes, 0) / days.length,
    cadence: median(days.map((d) => d.cadence)),
    stanceSI: median(days.map((d) => d.stanceSI)),
    strideRatio: median(days.map((d) => d.strideRatio)),
  };
}

/**
 * Daily walking minutes, bouts, median cadence and symmetry of a patient over [from, to) in
 * `timeZone`, with the baseline of the BASELINE_DAYS before `from`. The days come from the gait
 * minutes the archive holds; today's minutes arrive as they finish.
 */
export async function gaitHistory(
  archive: Archive | undefined,
  patientId: number,
  from: number,
  to: number,
  timeZone: string,
): Promise<GaitHistory> {
  checkOrder(from, to);
  checkTimeZone(timeZone);
  if (to - from > MAX_GAIT_HISTORY_DAYS * DAY_MS) {
    throw new ArchiveQueryError(`a gait history spans at most ${MAX_GAIT_HISTORY_DAYS} days`);
  }
  if (archive === undefined) {
    throw new ArchiveOffError('gait history is kept in the archive, which is off (ARCHIVE=off)');
  }
  const [days, before] = await Promise.all([
    archive.gaitDays(patientId, from, to, timeZone),
    archive.gaitDays(patientId, from - BASELINE_DAYS * DAY_MS, from, timeZone),
  ]);
  return { timeZone, days, baseline: baselineOf(before) };
}

/**
 * A patient's gait over any range [from, to) from the archive's gait minutes (the live windows are
 * Query.gait): walking, standing and no-load minutes, steps, bouts, median cadence and symmetry.
 */
export async function gaitOverRange(
  archive: Archive | undefined,
  patientId: number,
  from: number,
  to: number,
): Promise<GaitRange> {
  checkOrder(from, to);
  if (to - from > MAX_GAIT_HISTORY_DAYS * DAY_MS) {
    throw new ArchiveQueryError(`a gait range spans at most ${MAX_GAIT_HISTORY_DAYS} days`);
  }
  if (archive === undefined) {
    throw new ArchiveOffError('gait over a range is kept in the archive, which is off (ARCHIVE=off)');
  }
  return archive.gaitRange(patientId, from, to);
}
