import type { GaitSymmetry } from '../gait-summary';

/**
 * Left/right symmetry: Robinson's symmetry index SI = 200 (L - R) / (L + R) percent (0 symmetric)
 * and the symmetry ratio L / R, whose normal band is 0.9..1.1.
 */

export const NORMAL_BAND = { low: 0.9, high: 1.1 } as const;

export function robinsonSI(left: number | null, right: number | null): number | null {
  if (left === null || right === null || !(left + right > 0)) return null;
  return (200 * (left - right)) / (left + right);
}

export function ratio(left: number | null, right: number | null): number | null {
  if (left === null || right === null || !(right > 0)) return null;
  return left / right;
}

export function outsideBand(value: number | null): boolean {
  return value !== null && (value < NORMAL_BAND.low || value > NORMAL_BAND.high);
}

export interface FootPairs {
  readonly stance: { readonly left: number | null; readonly right: number | null };
  readonly stride: { readonly left: number | null; readonly right: number | null };
  readonly load: { readonly left: number | null; readonly right: number | null };
}

/**
 * Symmetry of stance share, stride time and normalised stance load; the flag on stance and stride
 * (see below). `mayFlag`: the window holds
 * enough walking for a clinical flag (minutes of it; a 30-second window's dozen strides say too
 * little, and a flag there would blink on and off).
 */
export function symmetryOf(pairs: FootPairs, mayFlag: boolean): GaitSymmetry {
  const stanceRatio = ratio(pairs.stance.left, pairs.stance.right);
  const strideRatio = ratio(pairs.stride.left, pairs.stride.right);
  const loadRatio = ratio(pairs.load.left, pairs.load.right);
  return {
    stanceSI: robinsonSI(pairs.stance.left, pairs.stance.right),
    loadSI: robinsonSI(pairs.load.left, pairs.load.right),
    strideRatio,
    stanceRatio,
    loadRatio,
    // Timing only: the load ratio compares per-sensor normalised loads, and a sensor that never
    // saturates (R1 of patients 1 and 6) shifts it as much as a lighter foot does (a symmetric
    // walk on such an insole reads 1.16), so it is reported but raises no flag.
    flagged: mayFlag && (outsideBand(stanceRatio) || outsideBand(strideRatio)),
  };
}
