import { DEFAULT_CONTACT, footLoad, nextContact, type ContactThresholds } from './contact';
import { SENSORS } from './recording-clock';
import type { SampleRing } from './sample-ring';
import type { SensorRanges } from './sensor-range';

/**
 * A stretch of a patient's samples unpacked for analysis: per sample its time, foot loads, contact
 * per foot, heel strikes and region loading, all from the ranges known now (so the start of a
 * window is judged with the same floors as its end). Filled from the ring buffer for each summary;
 * its arrays are shared by all trackers (analysis is synchronous), so a thousand patients do not
 * each carry them.
 */

/** Bits of `contact` and `strike`. */
export const LEFT = 1;
export const RIGHT = 2;
/** A sensor counts as loaded for the region shares at this normalised value. */
export const REGION_LOADED = 0.3;
/** Gaps between samples longer than this (s) are not covered by either (an outage, a skip). */
export const MAX_COVERED_GAP = 2;

export class GaitSeries {
  length = 0;
  /** Continuous clock, seconds (see SampleRing). */
  time = new Float64Array(0);
  at = new Float64Array(0);
  /** Foot load 0..1 per foot. */
  loadLeft = new Float32Array(0);
  loadRight = new Float32Array(0);
  contact = new Uint8Array(0);
  strike = new Uint8Array(0);
  /** Bit s: sensor s loaded (REGION_LOADED). */
  regions = new Uint8Array(0);
  /** Segment number, counted from the series' start. */
  segment = new Int32Array(0);
  /** Seconds of recording this sample stands for: the gap to the previous one when covered. */
  duration = new Float64Array(0);
  /** 1 when `duration` is a measured (covered) gap. */
  covered = new Uint8Array(0);
  /** Activity per sample (ActivityCode), filled by classifyActivity. */
  state = new Uint8Array(0);
  /** Walking chain of the sample's heel strike (-1: none or not walking), filled by classifyActivity. */
  chain = new Int32Array(0);
  /** Bits of the strikes that are steps of a walking chain (LEFT, RIGHT), filled by classifyActivity. */
  steps = new Uint8Array(0);

  private ensure(n: number): void {
    if (this.time.length >= n) return;
    const size = Math.max(n, this.time.length * 2, 256);
    this.time = new Float64Array(size);
    this.at = new Float64Array(size);
    this.loadLeft = new Float32Array(size);
    this.loadRight = new Float32Array(size);
    this.contact = new Uint8Array(size);
    this.strike = new Uint8Array(size);
    this.regions = new Uint8Array(size);
    this.segment = new Int32Array(size);
    this.duration = new Float64Array(size);
    this.covered = new Uint8Array(size);
    this.state = new Uint8Array(size);
    this.chain = new Int32Array(size);
    this.steps = new Uint8Array(size);
  }

  /** Unpacks the ring's held samples from..length-1 (0 = oldest held). */
  fill(
    ring: SampleRing,
    ranges: SensorRanges,
    from: number,
    thresholds: ContactThresholds = DEFAULT_CONTACT,
  ): void {
    const n = ring.length - from;
    this.ensure(n);
    this.length = n;
    let left = false;
    let right = false;
    let segment = -1;
    let coveredSum = 0;
    let coveredCount = 0;
    for (let k = 0; k < n; k++) {
      const slot = ring.slot(from + k);
      const offset = slot * SENSORS;
      const t = ring.clock[slot]!;
      this.time[k] = t;
      this.at[k] = ring.at[slot]!;
      const l = footLoad(ranges, ring.values, offset, 0);
      const r = footLoad(ranges, ring.values, offset, 1);
      this.loadLeft[k] = l;
      this.loadRight[k] = r;
      const starts = k === 0 || ring.segmentStart[slot] === 1;
      let strikes = 0;
      if (starts) {
        segment++;
        // No history to hold a state: the midpoint decides, and no onset is a heel strike.
        const mid = (thresholds.on + thresholds.off) / 2;
        left = l > mid;
        right = r > mid;
      } else {
        const wasLeft = left;
        const wasRight = right;
        left = nextContact(left, l, thresholds);
        right = nextContact(right, r, thresholds);
        if (left && !wasLeft) strikes |= LEFT;
        if (right && !wasRight) strikes |= RIGHT;
      }
      this.segment[k] = segment;
      this.contact[k] = (left ? LEFT : 0) | (right ? RIGHT : 0);
      this.strike[k] = strikes;
      let bits = 0;
      for (let s = 0; s < SENSORS; s++)
        if (ranges.normalise(s, ring.values[offset + s]!) >= REGION_LOADED) bits |= 1 << s;
      this.regions[k] = bits;
      const gap = k === 0 ? Number.NaN : t - this.time[k - 1]!;
      const isCovered = !starts && gap >= 0 && gap <= MAX_COVERED_GAP;
      this.covered[k] = isCovered ? 1 : 0;
      this.duration[k] = isCovered ? gap : 0;
      if (isCovered) {
        coveredSum += gap;
        coveredCount++;
      }
      this.state[k] = 0;
      this.chain[k] = -1;
      this.steps[k] = 0;
    }
    // An uncovered sample still stands for one typical sample interval of walking or standing.
    const typical = coveredCount > 0 ? coveredSum / coveredCount : 1 / 3.56;
    for (let k = 0; k < n; k++) if (this.covered[k] === 0) this.duration[k] = typical;
  }
}

/** The one series all trackers analyse into (analysis is synchronous, one patient at a time). */
export const sharedSeries = new GaitSeries();
