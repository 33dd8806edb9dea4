import type { ContactInterval, FootFigures, GaitBout, GaitSymmetry, RegionShares } from '../gait-summary';
import { ACTIVITY_STATES, NO_LOAD, STANDING, WALKING } from './activity';
import { LEFT, RIGHT, type GaitSeries } from './gait-series';
import { regularityOf } from './regularity';
import { footStrides, type FootStrides } from './strides';
import { symmetryOf } from './symmetry';

/**
 * The figures of one stretch of a classified series (series indices from..to-1): a live window
 * (30 s, 5 min) or a minute of the archive. Shares are fractions of the stretch's walking samples,
 * never per-stride figures: a stance of 0.6 s is two or three samples, so a per-stride share would
 * be quantised to thirds, while a share of hundreds of samples whose phases fall anywhere in the
 * cycle is not.
 */
export interface SpanFigures {
  readonly samples: number;
  readonly steps: number;
  readonly walkingSeconds: number;
  readonly standingSeconds: number;
  readonly noLoadSeconds: number;
  /** Seconds of recording clock covered by samples (gaps and jumps not). */
  readonly coveredSeconds: number;
  readonly strides: number;
  readonly cadence: number | null;
  readonly strideSeconds: FootFigures;
  readonly stanceShare: FootFigures;
  readonly singleSupportShare: number | null;
  readonly doubleSupportShare: number | null;
  readonly symmetry: GaitSymmetry;
  readonly regularity: number | null;
  readonly regions: { readonly left: RegionShares; readonly right: RegionShares };
}

export interface SpanOptions {
  /** Fewest walking samples for shares and loads. @default 10 */
  readonly minWalkingSamples?: number;
  /** Fewest strides of a foot for its stride time. @default 2 */
  readonly minStrides?: number;
  /** Fewest strides of both feet for a cadence. @default 3 */
  readonly minCadenceStrides?: number;
  /** Symmetry may be flagged: a long window with at least this much walking (s). Infinity: never. */
  readonly flagAfterWalkingSeconds: number;
}

const leftStrides: FootStrides = { span: 0, count: 0 };
const rightStrides: FootStrides = { span: 0, count: 0 };

/** Sensor bits of each region of a foot: front inner (forefoot), front outer (outer edge), heel. */
function regionShares(counts: readonly number[]): RegionShares {
  const [forefoot, outer, heel] = counts as [number, number, number];
  const total = forefoot + outer + heel;
  if (total === 0) return { heel: null, forefoot: null, outerEdge: null };
  return { heel: heel / total, forefoot: forefoot / total, outerEdge: outer / total };
}

export function analyseSpan(series: GaitSeries, from: number, to: number, options: SpanOptions): SpanFigures {
  const minWalking = options.minWalkingSamples ?? 10;
  const minStrides = options.minStrides ?? 2;
  const minCadence = options.minCadenceStrides ?? 3;
  let steps = 0;
  let walking = 0;
  let walkingSeconds = 0;
  let standingSeconds = 0;
  let noLoadSeconds = 0;
  let covered = 0;
  let stanceLeft = 0;
  let stanceRight = 0;
  let double = 0;
  let loadLeft = 0;
  let loadRight = 0;
  const regionCounts = [0, 0, 0, 0, 0, 0];
  for (let k = from; k < to; k++) {
    const d = series.duration[k]!;
    if (series.covered[k] === 1) covered += d;
    const state = series.state[k]!;
    if (state === STANDING) standingSeconds += d;
    else if (state === NO_LOAD) noLoadSeconds += d;
    if (state !== WALKING) continue;
    walking++;
    walkingSeconds += d;
    const strike = series.steps[k]!;
    if (strike & LEFT) steps++;
    if (strike & RIGHT) steps++;
    const contact = series.contact[k]!;
    const regions = series.regions[k]!;
    if (contact & LEFT) {
      stanceLeft++;
      loadLeft += series.loadLeft[k]!;
      for (let s = 0; s < 3; s++) if (regions & (1 << s)) regionCounts[s]!++;
    }
    if (contact & RIGHT) {
      stanceRight++;
      loadRight += series.loadRight[k]!;
      for (let s = 3; s < 6; s++) if (regions & (1 << s)) regionCounts[s]!++;
    }
    if (contact === (LEFT | RIGHT)) double++;
  }
  footStrides(series, LEFT, from, to, leftStrides);
  footStrides(series, RIGHT, from, to, rightStrides);
  const strideLeft = leftStrides.count >= minStrides ? leftStrides.span / leftStrides.count : null;
  const strideRight = rightStrides.count >= minStrides ? rightStrides.span / rightStrides.count : null;
  const strides = leftStrides.count + rightStrides.count;
  const span = leftStrides.span + rightStrides.span;
  // Two steps a stride: one of each foot.
  const cadence = strides >= minCadence && span > 0 ? (120 * strides) / span : null;
  const enough = walking >= minWalking;
  const share = (count: number): number | null => (enough ? count / walking : null);
  const stance = { left: share(stanceLeft), right: share(stanceRight) };
  const load = {
    left: enough && stanceLeft > 0 ? loadLeft / stanceLeft : null,
    right: enough && stanceRight > 0 ? loadRight / stanceRight : null,
  };
  const stride = { left: strideLeft, right: strideRight };
  let regularity: number | null = null;
  const rl = strideLeft === null ? null : regularityOf(series, series.loadLeft, from, to, strideLeft);
  const rr = strideRight === null ? null : regularityOf(series, series.loadRight, from, to, strideRight);
  if (rl !== null && rr !== null) regularity = (rl + rr) / 2;
  else regularity = rl ?? rr;
  return {
    samples: to - from,
    steps,
    walkingSeconds,
    standingSeconds,
    noLoadSeconds,
    coveredSeconds: covered,
    strides,
    cadence,
    strideSeconds: stride,
    stanceShare: stance,
    singleSupportShare: share(stanceLeft + stanceRight - 2 * double),
    doubleSupportShare: share(double),
    symmetry: symmetryOf({ stance, stride, load }, walkingSeconds >= options.flagAfterWalkingSeconds),
    regularity,
    regions: {
      left: regionShares(regionCounts.slice(0, 3)),
      right: regionShares(regionCounts.slice(3, 6)),
    },
  };
}

/** Runs of one state over from..to-1, on the receive-time axis. */
export function boutsOf(series: GaitSeries, from: number, to: number): GaitBout[] {
  const bouts: GaitBout[] = [];
  let start = from;
  let seconds = 0;
  for (let k = from; k < to; k++) {
    seconds += series.duration[k]!;
    if (k + 1 === to || series.state[k + 1] !== series.state[k]) {
      bouts.push({
        state: ACTIVITY_STATES[series.state[k]!]!,
        fromAt: series.at[start]!,
        toAt: series.at[k]!,
        seconds,
      });
      start = k + 1;
      seconds = 0;
    }
  }
  return bouts;
}

/** Walking bouts that start within from..to-1 (a bout running on from before `from` is not counted). */
export function walkingBoutsStarted(series: GaitSeries, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++)
    if (series.state[k] === WALKING && (k === 0 || series.state[k - 1] !== WALKING)) count++;
  return count;
}

/** Contact intervals of both feet over from..to-1, oldest first. */
export function contactsOf(series: GaitSeries, from: number, to: number): ContactInterval[] {
  const out: ContactInterval[] = [];
  for (const [bit, foot] of [
    [LEFT, 'LEFT'],
    [RIGHT, 'RIGHT'],
  ] as const) {
    let start = -1;
    for (let k = from; k <= to; k++) {
      const on =
        k < to &&
        (series.contact[k]! & bit) !== 0 &&
        (start < 0 || series.segment[k] === series.segment[start]);
      if (on && start < 0) start = k;
      if (!on && start >= 0) {
        out.push({ foot, fromAt: series.at[start]!, toAt: series.at[k - 1]! });
        start = k < to && (series.contact[k]! & bit) !== 0 ? k : -1;
      }
    }
  }
  return out.sort((a, b) => a.fromAt - b.fromAt);
}
