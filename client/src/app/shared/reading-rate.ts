/**
 * How fast readings come, and every figure the dashboard derives from it. They live together so
 * that one idea has one number: the silence that counts as a hole is the same whether the live
 * store asks the server to fill it, the traces break the line across it or an anomaly episode
 * ends at it; buffers and backfills are sized from the rate they are meant to hold.
 */

/**
 * The monitor makes a fresh reading about every 200 ms (5 Hz), and the server polls each patient
 * at that period (its REQUEST_DELAY_MS).
 */
export const READING_INTERVAL_MS = 200;

/**
 * A silence longer than this between two consecutive readings is a hole: five readings missing.
 * A poll that answers late still lands within an interval or two, so a shorter threshold would
 * fetch holes that are not there; a longer one would draw a second of missing data as a straight
 * line. One value for fetching, breaking the line and ending an episode, so a break on screen is
 * exactly a hole the store was asked about and could not fill.
 */
export const GAP_MS = 5 * READING_INTERVAL_MS;

/**
 * A reading older than this is not live any more (some 25 readings missed): the same as the
 * server's STALE_AFTER_MS default, so the dashboard and the API call a patient stale together.
 * Also how long an anomaly counts as "now" on the overview.
 */
export const STALE_AFTER_MS = 5_000;

/**
 * The most readings one `readings` query returns (the server's MAX_READINGS): ten minutes at
 * 5 Hz, which is also all the history the server keeps (MAX_SEC 600).
 */
export const READINGS_CAP = 3000;

/** The longest window worth offering: what the server keeps, and one query fills. */
export const HISTORY_MS = READINGS_CAP * READING_INTERVAL_MS;

/**
 * Room to hold a window: twice the nominal rate (a burst after a reconnect, a monitor running
 * fast) plus a few, bounded by twice what one query returns.
 */
export function capacityFor(windowMs: number): number {
  return Math.min(2 * READINGS_CAP, Math.ceil(windowMs / (READING_INTERVAL_MS / 2)) + 10);
}

/**
 * How many readings to ask for to fill a window: the nominal count plus five seconds' worth for
 * a rate a little above 5 Hz, at most what one query returns.
 */
export function readingsFor(windowMs: number): number {
  return Math.min(READINGS_CAP, Math.ceil(windowMs / READING_INTERVAL_MS) + 25);
}
