import type { ContactThresholds } from './contact';

/**
 * Contact thresholds fitted to one foot's own load levels. In the simulator, and for patients 1 and
 * 2 of the captures, a foot in swing unloads to its floor; for patients 4, 5 and 6 it never does (a
 * swinging foot reads 0.2..0.4 of its range, the insole pressed in the shoe), and patient 2's outer
 * edge keeps 100..500 in swing. A fixed threshold near the floor then sees a foot that never
 * lifts. So contact is found in two steps:
 *
 * - core: the foot load rises above the midpoint between its low and high levels (10th and 90th
 *   percentile) and stays until it falls to 30% of the way up, which any walk with two load levels
 *   passes;
 * - edges: a core contact is extended to the samples next to it that are still above the swing
 *   level (the median of the low samples) by the `clean` margin, so a stance keeps its first
 *   moment (the heel alone) and its last (the toe alone), which are well below the midpoint: without
 *   them a stance share would come out several points short.
 *
 * A foot without two levels (standing all the time, sitting) has no midpoint: then the clean
 * thresholds above its low level decide alone.
 */
export interface FootLevels {
  /** Hysteresis of the core contact. */
  readonly core: ContactThresholds;
  /** A sample next to a contact is in it while its load is above this. */
  readonly edge: number;
}

const LOW_QUANTILE = 0.1;
const HIGH_QUANTILE = 0.9;
/** Two levels at least this far apart make a walk's loads (a standing sway is less). */
const MIN_LEVELS_APART = 0.25;
/** Contact starts this far above the midpoint (a share of high - low)... */
const BAND = 0.08;
/**
 * ...and ends below this share of the way from low to high: well under the midpoint, because a
 * stance dips when its load passes from the heel to the front (one sensor of three loaded), and a
 * dip must not split it into two steps.
 */
const RELEASE = 0.3;
/** The swing level: this quantile of the loads below the midpoint. */
const SWING_QUANTILE = 0.5;
const BINS = 100;
const histogram = new Uint32Array(BINS);

/** Quantile q of the histogram's bins 0..limit-1 holding `count` values. */
function quantile(count: number, q: number, limit = BINS): number {
  const target = q * count;
  let seen = 0;
  for (let b = 0; b < limit; b++) {
    seen += histogram[b]!;
    if (seen > target) return (b + 0.5) / BINS;
  }
  return limit / BINS;
}

/** Levels of a foot whose loads (0..1) are loads[from..to-1]; fewer than 20 samples: `clean` as is. */
export function footLevels(
  loads: Float32Array,
  from: number,
  to: number,
  clean: ContactThresholds,
): FootLevels {
  const count = to - from;
  if (count < 20) return { core: clean, edge: clean.off };
  histogram.fill(0);
  for (let k = from; k < to; k++) {
    const b = (loads[k]! * BINS) | 0;
    histogram[b < 0 ? 0 : b >= BINS ? BINS - 1 : b]!++;
  }
  const low = quantile(count, LOW_QUANTILE);
  const high = quantile(count, HIGH_QUANTILE);
  if (high - low < MIN_LEVELS_APART) {
    const core = { on: low + clean.on, off: low + clean.off };
    return { core, edge: core.off };
  }
  const mid = (low + high) / 2;
  const midBin = Math.min(BINS, Math.floor(mid * BINS));
  let below = 0;
  for (let b = 0; b < midBin; b++) below += histogram[b]!;
  const swing = below > 0 ? quantile(below, SWING_QUANTILE, midBin) : low;
  return {
    core: { on: mid + BAND * (high - low), off: low + RELEASE * (high - low) },
    edge: Math.min(swing + clean.off, mid),
  };
}
