/** The time range to fetch from `readings` to fill a hole in a live buffer. */
export interface GapRange {
  readonly from: number;
  readonly to: number;
}

/**
 * After a reconnect, the readings missed are those after the newest one held. A buffer that is
 * empty, or a hole longer than the window, is refilled for the whole window.
 */
export function gapToBackfill(newestHeld: number | undefined, now: number, windowMs: number): GapRange {
  const windowStart = now - windowMs;
  const from = newestHeld === undefined ? windowStart : Math.max(windowStart, newestHeld);
  return { from, to: now };
}

/** Holes longer than `minGapMs` between consecutive timestamps (sorted), oldest first. */
export function findGaps(times: readonly number[], minGapMs: number): GapRange[] {
  const gaps: GapRange[] = [];
  for (let i = 1; i < times.length; i++) {
    if (times[i] - times[i - 1] > minGapMs) gaps.push({ from: times[i - 1], to: times[i] });
  }
  return gaps;
}
