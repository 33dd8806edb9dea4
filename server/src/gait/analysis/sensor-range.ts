import { SENSORS } from './recording-clock';

/**
 * Per-sensor floor and ceiling, learned from the patient's own samples: floors vary 4..95 between
 * patients and sensors, loaded sensors pin at 1023, and some never saturate at all (R1 of patients
 * 1 and 6), so a fixed scale would make one foot look lighter than the other. A sensor's value is
 * normalised to 0 at its floor and 1 at its ceiling.
 *
 * Learned from a histogram of the samples the tracker holds (added as they arrive, removed as the
 * ring buffer forgets them), so the ranges follow the last minutes and a replay of the same samples
 * learns the same ranges. Recomputing percentiles scans the histogram, so it is done every
 * REFRESH_EVERY samples, not per sample.
 */

/** Histogram bins of 4 values each (10-bit values): fine enough for a floor, and 3 KiB a patient. */
const BIN_SHIFT = 2;
const BINS = 1024 >> BIN_SHIFT;

export interface SensorRangeOptions {
  /**
   * The largest believable floor: a patient who stands all the time never shows an unloaded sensor,
   * and the lowest values seen are then loads. The captures' floors are 4..95. @default 150
   */
  readonly maxFloor?: number;
  /** The ceiling is at least this far above the floor, so noise never normalises to a load. @default 300 */
  readonly minSpan?: number;
}

/** Share of a sensor's values below its floor (the floor is a low percentile: robust to outliers). */
const FLOOR_QUANTILE = 0.02;
/** The ceiling: this quantile of the values clearly above the floor (the sensor's loaded level). */
const CEILING_QUANTILE = 0.9;
/** "Clearly above the floor", counts. */
const LOADED_MARGIN = 100;
/** Loaded values needed before a ceiling is learned; until then the ceiling is 1023. */
const MIN_LOADED = 20;
const REFRESH_EVERY = 64;
/** Early on, ranges are refreshed more often (every 8 samples for the first 256). */
const EARLY_SAMPLES = 256;

export class SensorRanges {
  private readonly histogram = new Uint16Array(SENSORS * BINS);
  private samples = 0;
  private sinceRefresh = 0;
  /** Per sensor. Read them directly on hot paths. */
  readonly floor = new Float64Array(SENSORS);
  readonly ceiling = new Float64Array(SENSORS).fill(1023);
  /** 1 / (ceiling - floor) per sensor. */
  readonly inverseSpan = new Float64Array(SENSORS);
  private readonly maxFloor: number;
  private readonly minSpan: number;
  /** Samples added since the tracker started (not only those still held): how well ranges are known. */
  private learned = 0;

  constructor(options: SensorRangeOptions = {}) {
    this.maxFloor = options.maxFloor ?? 150;
    this.minSpan = options.minSpan ?? 300;
    for (let s = 0; s < SENSORS; s++) this.inverseSpan[s] = 1 / (this.ceiling[s]! - this.floor[s]!);
  }

  /** Samples seen in all, for confidence. */
  get learnedSamples(): number {
    return this.learned;
  }

  add(values: Uint16Array, offset: number): void {
    for (let s = 0; s < SENSORS; s++) this.histogram[s * BINS + (values[offset + s]! >> BIN_SHIFT)]!++;
    this.samples++;
    this.learned++;
    this.sinceRefresh++;
    if (this.sinceRefresh >= (this.learned <= EARLY_SAMPLES ? 8 : REFRESH_EVERY)) this.refresh();
  }

  /** Forgets a sample the ring buffer dropped (it was added before). */
  remove(values: Uint16Array, offset: number): void {
    for (let s = 0; s < SENSORS; s++) this.histogram[s * BINS + (values[offset + s]! >> BIN_SHIFT)]!--;
    this.samples--;
  }

  /** Normalised value of sensor `s`: 0 at the floor, 1 at the ceiling, clamped. */
  normalise(s: number, value: number): number {
    const n = (value - this.floor[s]!) * this.inverseSpan[s]!;
    return n < 0 ? 0 : n > 1 ? 1 : n;
  }

  refresh(): void {
    this.sinceRefresh = 0;
    if (this.samples === 0) return;
    for (let s = 0; s < SENSORS; s++) {
      const base = s * BINS;
      const floorBin = this.quantileBin(base, 0, this.samples, FLOOR_QUANTILE);
      const floor = Math.min((floorBin << BIN_SHIFT) + 2, this.maxFloor);
      const loadedFrom = Math.min(BINS - 1, (floor + LOADED_MARGIN) >> BIN_SHIFT);
      let loaded = 0;
      for (let b = loadedFrom; b < BINS; b++) loaded += this.histogram[base + b]!;
      let ceiling = 1023;
      if (loaded >= MIN_LOADED) {
        const bin = this.quantileBin(base, loadedFrom, loaded, CEILING_QUANTILE);
        // The top bin holds 1020..1023: a saturating sensor's ceiling is the saturation itself.
        ceiling = bin === BINS - 1 ? 1023 : (bin << BIN_SHIFT) + 2;
      }
      ceiling = Math.min(1023, Math.max(ceiling, floor + this.minSpan));
      this.floor[s] = floor;
      this.ceiling[s] = ceiling;
      this.inverseSpan[s] = 1 / (ceiling - floor);
    }
  }

  /** The bin holding quantile q of the `count` values in bins from..BINS-1 of one sensor. */
  private quantileBin(base: number, from: number, count: number, q: number): number {
    const target = q * count;
    let seen = 0;
    for (let b = from; b < BINS; b++) {
      seen += this.histogram[base + b]!;
      if (seen > target) return b;
    }
    return BINS - 1;
  }
}
