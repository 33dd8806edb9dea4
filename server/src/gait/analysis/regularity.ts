import { WALKING } from './activity';
import type { GaitSeries } from './gait-series';

/**
 * Regularity: the autocorrelation of one foot's load at its stride lag, over the walking samples
 * of a window. Samples are ~0.28 s apart and a stride is not a whole number of them, so the load one
 * stride later is interpolated between the two samples around it (on the recording clock), within
 * the same segment and the same walk. 1 = every stride alike; noise and irregular steps lower it.
 */

/** Fewest pairs for a correlation worth reporting. */
const MIN_PAIRS = 20;

export function regularityOf(
  series: GaitSeries,
  load: Float32Array,
  from: number,
  to: number,
  lag: number,
): number | null {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  let j = from;
  for (let i = from; i < to; i++) {
    if (series.state[i] !== WALKING) continue;
    const target = series.time[i]! + lag;
    if (j < i) j = i;
    while (j + 1 < to && series.time[j + 1]! < target) j++;
    // j..j+1 brackets the target: both walking, in i's segment, no uncovered gap between.
    if (j + 1 >= to || series.time[j]! > target) continue;
    const a = j;
    const b = j + 1;
    if (series.state[a] !== WALKING || series.state[b] !== WALKING) continue;
    if (series.segment[a] !== series.segment[i] || series.segment[b] !== series.segment[i]) continue;
    if (series.covered[b] === 0) continue;
    const ta = series.time[a]!;
    const w = (target - ta) / (series.time[b]! - ta);
    const x = load[i]!;
    const y = load[a]! + w * (load[b]! - load[a]!);
    n++;
    sx += x;
    sy += y;
    sxx += x * x;
    syy += y * y;
    sxy += x * y;
  }
  if (n < MIN_PAIRS) return null;
  const cov = sxy - (sx * sy) / n;
  const vx = sxx - (sx * sx) / n;
  const vy = syy - (sy * sy) / n;
  if (!(vx > 0 && vy > 0)) return null;
  const r = cov / Math.sqrt(vx * vy);
  return r < 0 ? 0 : r > 1 ? 1 : r;
}
