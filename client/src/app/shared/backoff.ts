/**
 * "Full jitter" exponential backoff: a random wait in [floor, min(cap, base * 2^attempt)], so
 * that many dashboards reconnecting after a server restart do not all knock at once.
 */
export function jitteredBackoff(
  attempt: number,
  { baseMs = 500, capMs = 15_000, floorMs = 250 } = {},
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(floorMs + random() * Math.max(0, ceiling - floorMs));
}
