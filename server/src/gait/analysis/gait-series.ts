import { DEFAULT_CONTACT, footLoad, nextContact, type ContactThresholds } from './contact';
import { footLevels, type FootLevels } from './foot-levels';
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

  /** Contact levels used for the last fill, per foot (see foot-levels.ts). */
  levelsLeft: FootLevels = { core: DEFAULT_CONTACT, edge: DEFAULT_CONTACT.off };
  levelsRight: FootLevels = { core: DEFAULT_CONTACT, edge: DEFAULT_CONTACT.off };

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
    let segment = -1;
    let coveredSum = 0;
    let coveredCount = 0;
    for (let k = 0; k < n; k++) {
      const slot = ring.slot(from + k);
      const offset = slot * SENSORS;
      const t = ring.clock[slot]!;
      this.time[k] = t;
      this.at[k] = ring.at[slot]!;
      this.loadLeft[k] = footLoad(ranges, ring.values, offset, 0);
      this.loadRight[k] = footLoad(ranges, ring.values, offset, 1);
      const starts = k === 0 || ring.segmentStart[slot] === 1;
      if (starts) segment++;
      this.segment[k] = segment;
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
    this.levelsLeft = footLevels(this.loadLeft, 0, n, thresholds);
    this.levelsRight = footLevels(this.loadRight, 0, n, thresholds);
    this.detectContacts();
  }

  /** Contact per foot (core, then edges), heel strikes at contact onsets (not at a segment's start). */
  private detectContacts(): void {
    const n = this.length;
    for (let k = 0; k < n; k++) this.contact[k] = 0;
    this.footContact(this.loadLeft, LEFT, this.levelsLeft);
    this.footContact(this.loadRight, RIGHT, this.levelsRight);
    for (let k = 0; k < n; k++) {
      const newSegment = k === 0 || this.segment[k] !== this.segment[k - 1];
      this.strike[k] = newSegment ? 0 : this.contact[k]! & ~this.contact[k - 1]!;
    }
  }

  private footContact(load: Float32Array, bit: number, levels: FootLevels): void {
    const n = this.length;
    const contact = this.contact;
    let on = false;
    for (let k = 0; k < n; k++) {
      const l = load[k]!;
      if (k === 0 || this.segment[k] !== this.segment[k - 1]) on = l > (levels.core.on + levels.core.off) / 2;
      else on = nextContact(on, l, levels.core);
      if (on) contact[k]! |= bit;
    }
    // Edges: grow each contact over the neighbouring samples still above the swing level, but never
    // over the last unloaded sample between two contacts of the foot (that would merge two steps).
    const free = (j: number, k: number): boolean =>
      j >= 0 &&
      j < n &&
      this.segment[j] === this.segment[k] &&
      (contact[j]! & bit) === 0 &&
      load[j]! > levels.edge;
    const held = (j: number): boolean => j >= 0 && j < n && (contact[j]! & bit) !== 0;
    for (let k = 1; k < n; k++) {
      if (!held(k) || held(k - 1)) continue;
      for (let j = k - 1; free(j, k) && !held(j - 1); j--) contact[j]! |= bit;
    }
    for (let k = n - 2; k >= 0; k--) {
      if (!held(k) || held(k + 1)) continue;
      for (let j = k + 1; free(j, k) && !held(j + 1); j++) contact[j]! |= bit;
    }
  }
}

/** The one series all trackers analyse into (analysis is synchronous, one patient at a time). */
export const sharedSeries = new GaitSeries();
