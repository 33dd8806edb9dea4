import type { GaitState } from '../gait-summary';
import { DEFAULT_CONTACT, footLoad, nextContact, type ContactThresholds } from './contact';
import type { SensorRanges } from './sensor-range';

/**
 * The live figures of the ward overview, kept as samples arrive so reading them is O(1) for a
 * thousand patients: contact per foot with the ranges known at the time, and the last heel strikes
 * in a small ring. Causal (no hindsight), so a walk shows as WALKING a few steps after it starts;
 * the summaries (gait-window.ts) judge the same samples with hindsight.
 */

/** Heel strikes kept: 30 s of the fastest walking (2 strikes a second per foot) fits. */
const STRIKES = 128;

export interface LiveGaitOptions {
  readonly contact?: ContactThresholds;
  /** Strikes of both feet within this many seconds make WALKING now. @default 4 */
  readonly walkingSeconds?: number;
  /** Longest gap between strikes of alternate feet within a walk, seconds. @default 1.8 */
  readonly maxStepGap?: number;
  /** Seconds of recording clock the live cadence covers. @default 30 */
  readonly cadenceSeconds?: number;
}

export class LiveGait {
  private thresholds: ContactThresholds;
  private thresholdsRight: ContactThresholds;
  private readonly walkingSeconds: number;
  private readonly maxStepGap: number;
  private readonly cadenceSeconds: number;
  private left = false;
  private right = false;
  private now = Number.NaN;
  private segment = 0;
  private readonly strikeTime = new Float64Array(STRIKES);
  private readonly strikeFoot = new Uint8Array(STRIKES);
  private readonly strikeSegment = new Int32Array(STRIKES);
  /** Samples the strike's stance lasted; 0 while it lasts. */
  private readonly strikeStance = new Uint8Array(STRIKES);
  /** Per foot: the strike counter of its open stance (-1: none) and its samples so far. */
  private readonly openStrike = new Float64Array([-1, -1]);
  private readonly openSamples = new Float64Array(2);
  private strikes = 0;
  private readonly lastOf = new Float64Array(2);

  constructor(options: LiveGaitOptions = {}) {
    this.thresholds = options.contact ?? DEFAULT_CONTACT;
    this.thresholdsRight = this.thresholds;
    this.walkingSeconds = options.walkingSeconds ?? 4;
    this.maxStepGap = options.maxStepGap ?? 1.8;
    this.cadenceSeconds = options.cadenceSeconds ?? 30;
  }

  /** Thresholds fitted to each foot's recent loads (the tracker refits them now and then). */
  setThresholds(left: ContactThresholds, right: ContactThresholds): void {
    this.thresholds = left;
    this.thresholdsRight = right;
  }

  add(ranges: SensorRanges, clock: number, values: Uint16Array, offset: number, segmentStart: boolean): void {
    const l = footLoad(ranges, values, offset, 0);
    const r = footLoad(ranges, values, offset, 1);
    this.now = clock;
    if (segmentStart) {
      this.segment++;
      this.openStrike[0] = -1;
      this.openStrike[1] = -1;
      this.left = l > (this.thresholds.on + this.thresholds.off) / 2;
      this.right = r > (this.thresholdsRight.on + this.thresholdsRight.off) / 2;
      return;
    }
    const wasLeft = this.left;
    const wasRight = this.right;
    this.left = nextContact(wasLeft, l, this.thresholds);
    this.right = nextContact(wasRight, r, this.thresholdsRight);
    this.follow(0, wasLeft, this.left, clock);
    this.follow(1, wasRight, this.right, clock);
  }

  /** Strikes at onsets; a stance's length is written to its strike at toe-off. */
  private follow(foot: number, was: boolean, now: boolean, clock: number): void {
    if (now && !was) {
      this.openStrike[foot] = this.strikes;
      this.openSamples[foot] = 1;
      this.strike(clock, foot);
    } else if (now) this.openSamples[foot]!++;
    else if (was && this.openStrike[foot]! >= 0) {
      const n = this.openStrike[foot]!;
      if (this.strikes - n <= STRIKES)
        this.strikeStance[n % STRIKES] = Math.min(255, this.openSamples[foot]!);
      this.openStrike[foot] = -1;
    }
  }

  private strike(clock: number, foot: number): void {
    const slot = this.strikes % STRIKES;
    this.strikeTime[slot] = clock;
    this.strikeFoot[slot] = foot;
    this.strikeSegment[slot] = this.segment;
    this.strikeStance[slot] = 0;
    this.strikes++;
  }

  /**
   * State now: WALKING when the last few seconds hold strikes of both feet, alternating, with
   * stances of walking length (a sitting patient's touches last a sample); else the feet's load.
   */
  state(): GaitState {
    let lefts = 0;
    let rights = 0;
    let alternations = 0;
    let stanceSamples = 0;
    let stances = 0;
    let previousFoot = -1;
    const held = Math.min(this.strikes, STRIKES);
    for (let i = 1; i <= held; i++) {
      const slot = (this.strikes - i) % STRIKES;
      if (
        this.strikeSegment[slot] !== this.segment ||
        this.now - this.strikeTime[slot]! > this.walkingSeconds
      )
        break;
      const foot = this.strikeFoot[slot]!;
      if (foot === 0) lefts++;
      else rights++;
      if (previousFoot >= 0 && foot !== previousFoot) alternations++;
      previousFoot = foot;
      if (this.strikeStance[slot]! > 0) {
        stanceSamples += this.strikeStance[slot]!;
        stances++;
      }
    }
    const last = (this.strikes - 1) % STRIKES;
    const recent = held > 0 && this.now - this.strikeTime[last]! <= this.maxStepGap;
    const steps = lefts + rights;
    const walking =
      recent &&
      lefts >= 1 &&
      rights >= 1 &&
      steps >= 3 &&
      alternations >= steps - 2 &&
      stances > 0 &&
      stanceSamples >= 1.5 * stances;
    if (walking) return 'WALKING';
    return this.left && this.right ? 'STANDING' : 'NO_LOAD';
  }

  /**
   * Steps per minute over the last cadenceSeconds: per-foot strides (strike to the same foot's next
   * strike) whose strike followed one of the other foot within a step, so shuffles and noise do not
   * count; null below 3 strides.
   */
  cadence(): number | null {
    const held = Math.min(this.strikes, STRIKES);
    // Last strike (counter, not slot) per foot.
    const lastOf = this.lastOf;
    lastOf[0] = -1;
    lastOf[1] = -1;
    let span = 0;
    let count = 0;
    let previousFoot = -1;
    let previousTime = Number.NaN;
    let previousSegment = -1;
    const oldest = this.strikes - held;
    for (let n = oldest; n < this.strikes; n++) {
      const slot = n % STRIKES;
      const t = this.strikeTime[slot]!;
      const foot = this.strikeFoot[slot]!;
      const segment = this.strikeSegment[slot]!;
      if (this.now - t > this.cadenceSeconds) continue;
      const alternates =
        previousFoot >= 0 &&
        previousFoot !== foot &&
        segment === previousSegment &&
        t - previousTime <= this.maxStepGap;
      const before = lastOf[foot]!;
      if (alternates && before >= 0) {
        const beforeSlot = before % STRIKES;
        const stride = t - this.strikeTime[beforeSlot]!;
        if (this.strikeSegment[beforeSlot] === segment && stride >= 0.5 && stride <= 2.5) {
          span += stride;
          count++;
        }
      }
      lastOf[foot] = n;
      previousFoot = foot;
      previousTime = t;
      previousSegment = segment;
    }
    return count >= 3 ? (120 * count) / span : null;
  }
}
