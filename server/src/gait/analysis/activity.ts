import type { GaitState } from '../gait-summary';
import { LEFT, RIGHT, type GaitSeries } from './gait-series';

/**
 * What the patient is doing at each sample of a series, judged with hindsight (samples on both
 * sides), which is what keeps walking bouts of a few seconds from losing a stride at each end:
 *
 * - WALKING: inside a chain of heel strikes that alternate between the feet, each within
 *   `maxStepGap` of the previous one, padded by half a step at both ends (the bout began, on
 *   average, half a step before its first strike was sampled, and ended half a step after its last).
 * - STANDING: not walking, both feet in contact.
 * - NO_LOAD: not walking, not both feet loaded (sitting, insoles off).
 */

/** Activity codes in GaitSeries.state; the index into ACTIVITY_STATES. */
export const UNKNOWN = 0;
export const NO_LOAD = 1;
export const STANDING = 2;
export const WALKING = 3;
export const ACTIVITY_STATES: readonly GaitState[] = ['UNKNOWN', 'NO_LOAD', 'STANDING', 'WALKING'];

export interface ActivityOptions {
  /** Longest gap between consecutive heel strikes (either foot) within a walk, seconds. @default 1.8 */
  readonly maxStepGap?: number;
  /** Fewest heel strikes of a walking bout (fewer: a shuffle or sensor noise). @default 5 */
  readonly minBoutStrikes?: number;
  /** Least share of consecutive strikes on alternate feet. @default 0.75 */
  readonly minAlternation?: number;
  /**
   * Longest stance of a step, seconds: a foot that lands and stays loaded longer is stopping to
   * stand (the last landing of a walk), not stepping. @default 2
   */
  readonly maxStanceSeconds?: number;
  /** Shortest median step of a walk, seconds (a step a sample apart is a shuffle or noise). @default 0.35 */
  readonly minStepSeconds?: number;
  /**
   * Fewest samples a walk's stances last on average: a stance is 0.5..1 s (2..4 samples), a touch
   * of a sitting patient's foot one sample. @default 1.5
   */
  readonly minStanceSamples?: number;
}

const DEFAULTS: Required<ActivityOptions> = {
  maxStepGap: 1.8,
  minBoutStrikes: 5,
  minAlternation: 0.75,
  maxStanceSeconds: 2,
  minStepSeconds: 0.35,
  minStanceSamples: 1.5,
};

/**
 * Samples the foot (`bit`) landing at sample k stays in contact; -1 when it stays loaded longer
 * than maxStance (standing). A stance cut short by the end of the data or a jump counts as lifting.
 */
function stanceSamples(series: GaitSeries, k: number, bit: number, maxStance: number): number {
  const t0 = series.time[k]!;
  const segment = series.segment[k]!;
  for (let j = k + 1; j < series.length; j++) {
    if (series.segment[j] !== segment) return j - k;
    if (series.time[j]! - t0 > maxStance) return -1;
    if ((series.contact[j]! & bit) === 0) return j - k;
  }
  return series.length - k;
}

/** Cap of the padding at the ends of a bout, seconds (half of a slow step). */
const MAX_PAD = 0.6;

/** Candidate heel strikes of a series: sample index and foot bit, one entry per foot. */
let strikeIndex = new Int32Array(1024);
let strikeFoot = new Uint8Array(1024);
const gaps = new Float64Array(4096);

function collectStrikes(series: GaitSeries): number {
  let m = 0;
  for (let k = 0; k < series.length; k++) {
    const bits = series.strike[k]!;
    if (bits === 0) continue;
    if (m + 2 > strikeIndex.length) {
      const index = new Int32Array(strikeIndex.length * 2);
      const foot = new Uint8Array(strikeFoot.length * 2);
      index.set(strikeIndex);
      foot.set(strikeFoot);
      strikeIndex = index;
      strikeFoot = foot;
    }
    // Both feet at one sample (a sample between two quick steps): left, then right.
    if (bits & LEFT) {
      strikeIndex[m] = k;
      strikeFoot[m++] = LEFT;
    }
    if (bits & RIGHT) {
      strikeIndex[m] = k;
      strikeFoot[m++] = RIGHT;
    }
  }
  return m;
}

/** Median gap between consecutive strikes a..b-1. */
function medianGap(series: GaitSeries, a: number, b: number): number {
  const n = Math.min(b - a - 1, gaps.length);
  for (let i = 0; i < n; i++)
    gaps[i] = series.time[strikeIndex[a + i + 1]!]! - series.time[strikeIndex[a + i]!]!;
  const view = gaps.subarray(0, n).sort();
  return n % 2 === 1 ? view[(n - 1) / 2]! : (view[n / 2 - 1]! + view[n / 2]!) / 2;
}

/**
 * Fills series.state for every sample, series.steps and series.chain for the heel strikes of
 * walking bouts; returns the number of walking bouts.
 */
export function classifyActivity(series: GaitSeries, options: ActivityOptions = {}): number {
  const { maxStepGap, minBoutStrikes, minAlternation, maxStanceSeconds, minStepSeconds, minStanceSamples } = {
    ...DEFAULTS,
    ...options,
  };
  const n = series.length;
  for (let k = 0; k < n; k++) {
    series.state[k] = series.contact[k] === (LEFT | RIGHT) ? STANDING : NO_LOAD;
    series.chain[k] = -1;
    series.steps[k] = 0;
  }
  const m = collectStrikes(series);
  const time = series.time;
  const gapOf = (i: number): number => time[strikeIndex[i + 1]!]! - time[strikeIndex[i]!]!;
  let bouts = 0;
  let a = 0;
  while (a < m) {
    // A chain: strikes in one segment, each within maxStepGap of the previous.
    let b = a + 1;
    while (
      b < m &&
      series.segment[strikeIndex[b]!] === series.segment[strikeIndex[a]!] &&
      gapOf(b - 1) <= maxStepGap
    )
      b++;
    const open = b === m;
    let from = a;
    let to = b;
    a = b;
    // A walk's last step lands and stays (the patient stops); a landing after it is the other foot
    // joining to stand, not a step: the first strike that stays ends the chain.
    let stanceSum = 0;
    let lifted = 0;
    for (let i = from; i < to; i++) {
      const stance = stanceSamples(series, strikeIndex[i]!, strikeFoot[i]!, maxStanceSeconds);
      if (stance < 0) {
        to = i + 1;
        break;
      }
      stanceSum += stance;
      lifted++;
    }
    if (to - from < minBoutStrikes) continue;
    // Ends that are not steps (a touch before a walk, a shuffle after it): the same foot twice, or a
    // gap far from the walk's own step, are trimmed off.
    const step = medianGap(series, from, to);
    // The landing that stays is not in stanceSum: the mean is over the strikes that lifted.
    if (step < minStepSeconds || stanceSum < minStanceSamples * lifted) continue;
    const odd = (i: number): boolean =>
      strikeFoot[i] === strikeFoot[i + 1] || gapOf(i) < 0.5 * step || gapOf(i) > 1.6 * step;
    while (to - from >= 2 && odd(from)) from++;
    while (to - from >= 2 && odd(to - 2)) to--;
    let lefts = 0;
    let alternations = 0;
    for (let i = from; i < to; i++) {
      if (strikeFoot[i] === LEFT) lefts++;
      if (i + 1 < to && strikeFoot[i] !== strikeFoot[i + 1]) alternations++;
    }
    const count = to - from;
    const rights = count - lefts;
    if (count < minBoutStrikes || lefts < 2 || rights < 2 || alternations < minAlternation * (count - 1))
      continue;
    const id = bouts++;
    const first = strikeIndex[from]!;
    const last = strikeIndex[to - 1]!;
    const t0 = time[first]!;
    const t1 = time[last]!;
    const pad = Math.min(MAX_PAD, (t1 - t0) / (count - 1) / 2);
    const segment = series.segment[first]!;
    let k = first;
    while (k > 0 && series.segment[k - 1] === segment && time[k - 1]! >= t0 - pad) k--;
    // A walk still going at the end of the data: walking until now unless a step is overdue.
    const stillGoing = open && to === b && time[n - 1]! - t1 <= maxStepGap;
    const end = stillGoing ? Number.POSITIVE_INFINITY : t1 + pad;
    for (; k < n && series.segment[k] === segment && time[k]! <= end; k++) series.state[k] = WALKING;
    for (let i = from; i < to; i++) {
      series.steps[strikeIndex[i]!] |= strikeFoot[i]!;
      series.chain[strikeIndex[i]!] = id;
    }
  }
  return bouts;
}
