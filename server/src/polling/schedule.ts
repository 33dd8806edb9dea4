/**
 * Fixed-rate scheduling without drift: ticks sit at `anchor + k * period`. After a slow request
 * the loop waits for the next tick still ahead instead of firing the missed ones back to back, so
 * a late tick never causes a burst against the API.
 */
export function nextTick(anchor: number, period: number, now: number): number {
  if (now < anchor) return anchor;
  return anchor + (Math.floor((now - anchor) / period) + 1) * period;
}

/**
 * Capped exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And
 * Jitter"): spreads retries of many failing patients instead of synchronising them.
 * @param failures consecutive failures so far, >= 1
 */
export function backoffDelay(
  failures: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.max(baseMs, Math.round(ceiling * random()));
}
