import { sensorName, type Reading } from '../../readings/reading';
import {
  EPISODE_KINDS,
  episodeId,
  type EpisodeChange,
  type EpisodeCore,
  type EpisodeKind,
  type Severity,
} from '../episode';
import { BASELINE_SLOT_MS, type DetectorConfig } from './detector-config';

/** The sensors followed: ids 0..5, the API's L0 L1 L2 R0 R1 R2. Other ids are not the API's and are ignored. */
export const SENSOR_COUNT = 6;

const SENSOR_NAMES: readonly string[] = Array.from({ length: SENSOR_COUNT }, (_, id) =>
  sensorName({ id, value: 0, anomaly: false }),
);

/**
 * The names of every set of sensors, in sensor order, built once: an episode keeps its sensors as a
 * bit mask (bit `id`) and every change shares one frozen list instead of building its own.
 */
const NAMES_BY_MASK: readonly (readonly string[])[] = Array.from({ length: 1 << SENSOR_COUNT }, (_, mask) =>
  Object.freeze(SENSOR_NAMES.filter((_name, id) => (mask & (1 << id)) !== 0)),
);

/** A baseline of fewer values than this is no baseline (the first readings, or just after a gap). */
const MIN_BASELINE_VALUES = 3;

/** Returned when a reading or tick changed nothing: most of them, so no array is made for them. */
const NO_CHANGES: EpisodeChange[] = [];
Object.freeze(NO_CHANGES);

/** An open episode as the state keeps it (sensors as a bit mask: bit `id`). */
export interface OpenEpisodeState {
  readonly kind: EpisodeKind;
  readonly severity: Severity;
  readonly startedAt: number;
  readonly lastFlaggedAt: number;
  readonly readingCount: number;
  readonly sensorMask: number;
  readonly peak: number | null;
  /** `at` of the first reading of the current absence of the condition; null while it holds. */
  readonly clearSince: number | null;
}

/** A run of flagged readings that has not yet spanned `flags.pendingMs`. */
export interface FlagRunState {
  readonly startedAt: number;
  readonly count: number;
  readonly sensorMask: number;
  readonly peak: number;
}

/** One sensor's runs: stuck within the flatline band, and outside the allowed range. */
export interface SensorRunState {
  /** `since`/`count`: the run's clock (restarted by a gap the length of flatline.forMs); `qualified`: it spanned forMs. */
  readonly flat: {
    readonly min: number;
    readonly max: number;
    readonly since: number;
    readonly count: number;
    readonly qualified: boolean;
  } | null;
  readonly outOfRange: {
    readonly since: number;
    readonly count: number;
    readonly extreme: number;
    readonly qualified: boolean;
  } | null;
}

/** A PatientTracker's state as plain JSON: restoring it continues open episodes instead of opening duplicates. */
export interface TrackerState {
  readonly version: 1;
  readonly patientId: number;
  readonly lastReadingAt: number | null;
  readonly firstTickAt: number | null;
  readonly episodes: readonly OpenEpisodeState[];
  readonly flagRun: FlagRunState | null;
  /** Indexed by sensor id. */
  readonly sensors: readonly SensorRunState[];
  /** The spike baseline window, oldest first: each reading's `at` and its values by sensor id (null: absent). */
  readonly baseline: readonly { readonly at: number; readonly values: readonly (number | null)[] }[];
}

/** True when `x` looks like a state this version can restore (the store hands states back as `unknown`). */
export function isTrackerState(x: unknown): x is TrackerState {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Partial<Record<keyof TrackerState, unknown>>;
  return (
    s.version === 1 &&
    Number.isInteger(s.patientId) &&
    (s.lastReadingAt === null || typeof s.lastReadingAt === 'number') &&
    (s.firstTickAt === null || typeof s.firstTickAt === 'number') &&
    Array.isArray(s.episodes) &&
    s.episodes.every(
      (e: unknown) =>
        typeof e === 'object' &&
        e !== null &&
        EPISODE_KINDS.includes((e as OpenEpisodeState).kind) &&
        typeof (e as OpenEpisodeState).startedAt === 'number',
    ) &&
    (s.flagRun === null || typeof s.flagRun === 'object') &&
    Array.isArray(s.sensors) &&
    s.sensors.length === SENSOR_COUNT &&
    s.sensors.every((e: unknown) => typeof e === 'object' && e !== null) &&
    Array.isArray(s.baseline)
  );
}

/** An episode's fields, updated in place: a reading that continues an episode allocates only its change. */
interface Slot {
  open: boolean;
  id: string;
  severity: Severity;
  startedAt: number;
  lastFlaggedAt: number;
  readingCount: number;
  mask: number;
  peak: number | null;
  /** `at` of the first reading of the current absence; NaN while the condition holds. */
  clearSince: number;
}

function emptySlot(): Slot {
  return {
    open: false,
    id: '',
    severity: 'LOW',
    startedAt: 0,
    lastFlaggedAt: 0,
    readingCount: 0,
    mask: 0,
    peak: null,
    clearSince: NaN,
  };
}

const nullIfNaN = (v: number): number | null => (Number.isNaN(v) ? null : v);
const nanIfNull = (v: number | null | undefined): number => (v === null || v === undefined ? NaN : v);

/**
 * One patient's detectors, as pure logic: readings and ticks in, episode changes out, no I/O and no
 * clock of its own. Per (patient, kind) at most one episode is active; a sensor that meets the same
 * condition while it is active joins it.
 *
 * Time is only what the readings say: an episode clears only when readings span the clear period
 * without meeting its condition, and a gap in the data at least as long as a period (pending, clear,
 * flatline/out-of-range duration) never completes that period by itself: the period restarts at the
 * first reading after the gap. Readings at or before the last one seen are ignored (a replay after a
 * restore, or out of order).
 *
 * Runs on every stored reading: per reading it allocates nothing unless an episode changes (the
 * change and its EpisodeCore are the output); the spike baseline is a fixed ring of typed arrays.
 */
export class PatientTracker {
  private readonly slots: Record<EpisodeKind, Slot> = {
    ANOMALY: emptySlot(),
    SPIKE: emptySlot(),
    DROP: emptySlot(),
    FLATLINE: emptySlot(),
    NO_DATA: emptySlot(),
    OUT_OF_RANGE: emptySlot(),
  };
  private out: EpisodeChange[] | null = null;
  private transientCount = 0;
  private lastReadingAt = NaN;
  private firstTickAt = NaN;

  /** This reading's values by sensor id (NaN: absent), its flagged sensors and their highest value. */
  private readonly current = new Float64Array(SENSOR_COUNT);
  private flagMask = 0;
  private flagPeak = 0;

  /** The pending run of flagged readings (ANOMALY not yet open); count 0: none. */
  private runSince = 0;
  private runCount = 0;
  private runMask = 0;
  private runPeak = 0;

  /** Flatline runs per sensor: alive (a loaded, unsaturated value within band), range, clock, qualified. */
  private readonly flatAlive = new Uint8Array(SENSOR_COUNT);
  private readonly flatQualified = new Uint8Array(SENSOR_COUNT);
  private readonly flatMin = new Float64Array(SENSOR_COUNT);
  private readonly flatMax = new Float64Array(SENSOR_COUNT);
  private readonly flatSince = new Float64Array(SENSOR_COUNT);
  private readonly flatCount = new Float64Array(SENSOR_COUNT);

  /** Out-of-range runs per sensor: since (NaN: in range), readings, most extreme value, qualified. */
  private readonly oorSince = new Float64Array(SENSOR_COUNT).fill(NaN);
  private readonly oorQualified = new Uint8Array(SENSOR_COUNT);
  private readonly oorCount = new Float64Array(SENSOR_COUNT);
  private readonly oorExtreme = new Float64Array(SENSOR_COUNT);

  /**
   * The spike baseline: the last readings' times and values (sensor-major per slot), newest at
   * head - 1. Sized for one reading per BASELINE_SLOT_MS over the window; at a faster rate it holds
   * only the newest readings, so the window covers less time than baselineMs.
   */
  private readonly ringCapacity: number;
  private readonly ringAt: Float64Array;
  private readonly ringValues: Float64Array;
  private ringHead = 0;
  private ringSize = 0;
  /** Scratch for the median: sorted in place, so no array per reading. */
  private readonly scratch: Float64Array;

  constructor(
    readonly patientId: number,
    private readonly config: DetectorConfig,
    state?: TrackerState,
  ) {
    this.ringCapacity = Math.ceil(config.spike.baselineMs / BASELINE_SLOT_MS) + 1;
    this.ringAt = new Float64Array(this.ringCapacity);
    this.ringValues = new Float64Array(this.ringCapacity * SENSOR_COUNT);
    this.scratch = new Float64Array(this.ringCapacity);
    if (state !== undefined) this.restore(state);
  }

  /** Transient blips (flag runs shorter than pendingMs) seen since construction. */
  get transients(): number {
    return this.transientCount;
  }

  /** Feed readings of this patient in order of `at`; returns the changes they caused, in order. */
  observe(reading: Reading): EpisodeChange[] {
    if (reading.patientId !== this.patientId) {
      throw new Error(`tracker of patient ${this.patientId} fed a reading of patient ${reading.patientId}`);
    }
    const at = reading.at;
    const previous = this.lastReadingAt;
    if (at <= previous) return NO_CHANGES;
    // The time since the previous reading: the gap rule compares it with each period.
    const gap = Number.isNaN(previous) ? 0 : at - previous;
    this.load(reading);

    const noData = this.slots.NO_DATA;
    if (noData.open) this.close('NO_DATA', noData, at);
    this.observeFlags(at, gap);
    this.observeJumps(at, gap);
    this.observeFlatline(at, gap);
    this.observeOutOfRange(at, gap);

    this.lastReadingAt = at;
    return this.flush();
  }

  /**
   * Time passing with no reading: opens NO_DATA once `now - lastReadingAt` (or, never having had
   * one, now - the first tick's time) exceeds noData.afterMs while `monitored`; a later reading
   * clears it (that reading's `at` is endedAt). Never clears any other episode: a gap in the data
   * is not evidence that a condition ended. The episode starts when the data stopped (the last
   * reading's `at`), so the same outage gets the same id whoever detects it.
   */
  tick(now: number, monitored: boolean): EpisodeChange[] {
    if (Number.isNaN(this.firstTickAt)) this.firstTickAt = now;
    const slot = this.slots.NO_DATA;
    if (!monitored || slot.open || !this.config.enabled.NO_DATA) return NO_CHANGES;
    const since = Number.isNaN(this.lastReadingAt) ? this.firstTickAt : this.lastReadingAt;
    if (!(now - since > this.config.noData.afterMs)) return NO_CHANGES;
    this.open('NO_DATA', slot, since, since, 0, 0, null);
    return this.flush();
  }

  /** JSON-serialisable snapshot (plain objects/arrays/numbers/strings/null only). */
  state(): TrackerState {
    return {
      version: 1,
      patientId: this.patientId,
      lastReadingAt: nullIfNaN(this.lastReadingAt),
      firstTickAt: nullIfNaN(this.firstTickAt),
      episodes: this.episodeStates(),
      flagRun:
        this.runCount > 0
          ? { startedAt: this.runSince, count: this.runCount, sensorMask: this.runMask, peak: this.runPeak }
          : null,
      sensors: this.sensorStates(),
      baseline: this.baselineState(),
    };
  }

  private episodeStates(): OpenEpisodeState[] {
    const episodes: OpenEpisodeState[] = [];
    for (const kind of EPISODE_KINDS) {
      const s = this.slots[kind];
      if (!s.open) continue;
      episodes.push({
        kind,
        severity: s.severity,
        startedAt: s.startedAt,
        lastFlaggedAt: s.lastFlaggedAt,
        readingCount: s.readingCount,
        sensorMask: s.mask,
        peak: s.peak,
        clearSince: nullIfNaN(s.clearSince),
      });
    }
    return episodes;
  }

  private sensorStates(): SensorRunState[] {
    const sensors: SensorRunState[] = [];
    for (let i = 0; i < SENSOR_COUNT; i++) {
      sensors.push({
        flat:
          this.flatAlive[i] === 1
            ? {
                min: this.flatMin[i]!,
                max: this.flatMax[i]!,
                since: this.flatSince[i]!,
                count: this.flatCount[i]!,
                qualified: this.flatQualified[i] === 1,
              }
            : null,
        outOfRange: Number.isNaN(this.oorSince[i])
          ? null
          : {
              since: this.oorSince[i]!,
              count: this.oorCount[i]!,
              extreme: this.oorExtreme[i]!,
              qualified: this.oorQualified[i] === 1,
            },
      });
    }
    return sensors;
  }

  private baselineState(): { at: number; values: (number | null)[] }[] {
    const baseline: { at: number; values: (number | null)[] }[] = [];
    for (let k = this.ringSize - 1; k >= 0; k--) {
      const slot = this.ringSlot(k);
      // Values too old for the next reading's window are of no use to a restored tracker.
      if (this.lastReadingAt - this.ringAt[slot]! > this.config.spike.baselineMs) continue;
      const values: (number | null)[] = [];
      for (let i = 0; i < SENSOR_COUNT; i++)
        values.push(nullIfNaN(this.ringValues[slot * SENSOR_COUNT + i]!));
      baseline.push({ at: this.ringAt[slot]!, values });
    }
    return baseline;
  }

  /** The active episodes, oldest first. */
  openEpisodes(): EpisodeCore[] {
    const open: EpisodeCore[] = [];
    for (const kind of EPISODE_KINDS) {
      const s = this.slots[kind];
      if (s.open) open.push(this.core(kind, s, null));
    }
    return open.sort((a, b) => a.startedAt - b.startedAt);
  }

  // --- one reading, kind by kind -------------------------------------------------------------

  private load(reading: Reading): void {
    const current = this.current;
    current.fill(NaN);
    let flagMask = 0;
    let flagPeak = -Infinity;
    const sensors = reading.sensors;
    for (let i = 0; i < sensors.length; i++) {
      const s = sensors[i]!;
      const id = s.id;
      if (!(id >= 0 && id < SENSOR_COUNT && Number.isInteger(id))) continue;
      current[id] = s.value;
      if (s.anomaly) {
        flagMask |= 1 << id;
        if (s.value > flagPeak) flagPeak = s.value;
      }
    }
    this.flagMask = flagMask;
    this.flagPeak = flagPeak;
  }

  /**
   * ANOMALY: the API's flags, debounced. A run of flagged readings becomes an episode once it spans
   * pendingMs, starting at its first reading; an unflagged reading ends a shorter run (a transient).
   */
  private observeFlags(at: number, gap: number): void {
    const slot = this.slots.ANOMALY;
    const flagged = this.flagMask !== 0 && this.config.enabled.ANOMALY;
    if (slot.open) {
      if (flagged) this.meet('ANOMALY', slot, at, this.flagMask, this.flagPeak);
      else this.absent('ANOMALY', slot, at, gap);
      return;
    }
    if (!flagged) {
      if (this.runCount > 0) {
        this.transientCount++;
        this.runCount = 0;
      }
      return;
    }
    const pendingMs = this.config.flags.pendingMs;
    // A gap as long as the pending period would complete it with no readings to show for it: the
    // run starts again here (the part before the gap, of unknown length, is not a transient either).
    if (this.runCount === 0 || gap >= pendingMs) {
      this.runSince = at;
      this.runCount = 0;
      this.runMask = 0;
      this.runPeak = -Infinity;
    }
    this.runCount++;
    this.runMask |= this.flagMask;
    if (this.flagPeak > this.runPeak) this.runPeak = this.flagPeak;
    if (at - this.runSince >= pendingMs) {
      this.open('ANOMALY', slot, this.runSince, at, this.runCount, this.runMask, this.runPeak);
      this.runCount = 0;
    }
  }

  /** SPIKE and DROP: a jump from a steady, mid-range baseline; instantaneous, so each opens at its reading. */
  private observeJumps(at: number, gap: number): void {
    const spikeOn = this.config.enabled.SPIKE;
    const dropOn = this.config.enabled.DROP;
    let upMask = 0;
    let up = 0;
    let downMask = 0;
    let down = 0;
    if (spikeOn || dropOn) {
      const delta = this.config.spike.delta;
      for (let i = 0; i < SENSOR_COUNT; i++) {
        const v = this.current[i]!;
        if (Number.isNaN(v)) continue;
        const jump = this.jump(i, v, at);
        if (spikeOn && jump > delta) {
          upMask |= 1 << i;
          if (jump > up) up = jump;
        } else if (dropOn && -jump > delta) {
          downMask |= 1 << i;
          if (-jump > down) down = -jump;
        }
      }
      // After the verdicts: the window a reading is judged against never holds the reading itself.
      this.pushBaseline(at);
    }
    this.verdict('SPIKE', this.slots.SPIKE, at, gap, upMask, up, at, 1);
    this.verdict('DROP', this.slots.DROP, at, gap, downMask, down, at, 1);
  }

  /**
   * The jump of sensor `i` to `v` from its baseline, or 0 when there is no baseline to jump from:
   * too few values in the window (start, gap), not steady (walking: consecutive samples differ by
   * hundreds), or not mid-range (a saturated sensor only goes down when a foot lifts, a floor one
   * only up when it is set down). Because the window after a jump holds the jump, it is not steady
   * again until baselineMs later: that is the re-arm.
   */
  private jump(i: number, v: number, at: number): number {
    const { baselineMs, steadyBand, minBaseline, maxBaseline, delta } = this.config.spike;
    const scratch = this.scratch;
    let n = 0;
    let min = Infinity;
    let max = -Infinity;
    let oldest = at;
    for (let k = 0; k < this.ringSize; k++) {
      const slot = this.ringSlot(k);
      const t = this.ringAt[slot]!;
      if (at - t > baselineMs) break;
      const x = this.ringValues[slot * SENSOR_COUNT + i]!;
      if (Number.isNaN(x)) continue;
      scratch[n++] = x;
      if (x < min) min = x;
      if (x > max) max = x;
      oldest = t;
    }
    // A baseline must cover at least half its window: three values just after a gap are no baseline.
    if (n < MIN_BASELINE_VALUES || at - oldest < baselineMs / 2) return 0;
    if (max - min > steadyBand || max < minBaseline || min >= maxBaseline) return 0;
    // Cheap reject before sorting: the median lies in [min, max].
    if (v - min <= delta && max - v <= delta) return 0;
    // Insertion sort: n is at most the ring's capacity (21 by default) and usually 10.
    for (let a = 1; a < n; a++) {
      const x = scratch[a]!;
      let b = a - 1;
      while (b >= 0 && scratch[b]! > x) {
        scratch[b + 1] = scratch[b]!;
        b--;
      }
      scratch[b + 1] = x;
    }
    // The lower median: a value that was read, so jumps and peaks stay integers (peak is an Int).
    const median = scratch[(n - 1) >> 1]!;
    if (median < minBaseline || median >= maxBaseline) return 0;
    return v - median;
  }

  /** The ring's k-th newest slot (k = 0: the newest). */
  private ringSlot(k: number): number {
    const slot = this.ringHead - 1 - k;
    return slot < 0 ? slot + this.ringCapacity : slot;
  }

  private pushBaseline(at: number): void {
    const head = this.ringHead;
    this.ringAt[head] = at;
    this.ringValues.set(this.current, head * SENSOR_COUNT);
    this.ringHead = head + 1 === this.ringCapacity ? 0 : head + 1;
    if (this.ringSize < this.ringCapacity) this.ringSize++;
  }

  /**
   * FLATLINE: a loaded, unsaturated sensor stuck within the band. A sensor qualifies once its run
   * spans forMs and stays qualified for as long as the run lasts (a gap does not break it); the
   * episode starts at the run's first reading, like a confirmed ANOMALY at its first flag.
   */
  private observeFlatline(at: number, gap: number): void {
    const slot = this.slots.FLATLINE;
    let mask = 0;
    let peak = -Infinity;
    let since = Infinity;
    let count = 0;
    if (this.config.enabled.FLATLINE) {
      const { band, forMs, minValue, maxValue } = this.config.flatline;
      for (let i = 0; i < SENSOR_COUNT; i++) {
        const v = this.current[i]!;
        if (!(v >= minValue && v < maxValue)) {
          // Absent, unloaded or saturated: those read the same value for long stretches by nature.
          this.flatAlive[i] = 0;
          this.flatQualified[i] = 0;
          continue;
        }
        const lo = Math.min(this.flatMin[i]!, v);
        const hi = Math.max(this.flatMax[i]!, v);
        if (this.flatAlive[i] === 1 && hi - lo <= band) {
          this.flatMin[i] = lo;
          this.flatMax[i] = hi;
          if (gap >= forMs && this.flatQualified[i] === 0) {
            this.flatSince[i] = at;
            this.flatCount[i] = 1;
          } else this.flatCount[i]!++;
        } else {
          // Out of band: a new run starts at this value (the run is not searched backwards for a
          // tail that would fit the band with it: a stuck sensor does not wander, so little is lost).
          this.flatAlive[i] = 1;
          this.flatQualified[i] = 0;
          this.flatMin[i] = v;
          this.flatMax[i] = v;
          this.flatSince[i] = at;
          this.flatCount[i] = 1;
        }
        if (this.flatQualified[i] === 0 && at - this.flatSince[i]! >= forMs) this.flatQualified[i] = 1;
        if (this.flatQualified[i] === 1) {
          mask |= 1 << i;
          if (this.flatMax[i]! > peak) peak = this.flatMax[i]!;
          if (this.flatSince[i]! < since) since = this.flatSince[i]!;
          if (this.flatCount[i]! > count) count = this.flatCount[i]!;
        }
      }
    }
    this.verdict('FLATLINE', slot, at, gap, mask, peak, since, count);
  }

  /**
   * OUT_OF_RANGE: a sensor outside [min, max] continuously for forMs. Only an unbroken run counts,
   * also to continue the episode: a sensor that merely returns out of range (walking touches 1023
   * every stride) must not keep it open. Values hovering at the limit (1022/1023) clear it once and
   * cannot reopen it before a new run spans forMs: no flapping.
   */
  private observeOutOfRange(at: number, gap: number): void {
    const slot = this.slots.OUT_OF_RANGE;
    let mask = 0;
    let peak = NaN;
    let since = Infinity;
    let count = 0;
    if (this.config.enabled.OUT_OF_RANGE) {
      const { min, max, forMs } = this.config.outOfRange;
      for (let i = 0; i < SENSOR_COUNT; i++) {
        const v = this.current[i]!;
        if (!(v < min || v > max)) {
          // In range or absent (NaN fails both comparisons): the run is over.
          this.oorSince[i] = NaN;
          this.oorQualified[i] = 0;
          continue;
        }
        if (Number.isNaN(this.oorSince[i])) {
          this.oorSince[i] = at;
          this.oorCount[i] = 1;
          this.oorExtreme[i] = v;
        } else {
          // As for FLATLINE: a gap restarts the clock of a run still short of forMs, never a qualified one.
          if (gap >= forMs && this.oorQualified[i] === 0) {
            this.oorSince[i] = at;
            this.oorCount[i] = 0;
          }
          this.oorCount[i]!++;
          if (this.outside(v) > this.outside(this.oorExtreme[i]!)) this.oorExtreme[i] = v;
        }
        if (this.oorQualified[i] === 0 && at - this.oorSince[i]! >= forMs) this.oorQualified[i] = 1;
        if (this.oorQualified[i] === 1) {
          mask |= 1 << i;
          if (Number.isNaN(peak) || this.outside(this.oorExtreme[i]!) > this.outside(peak))
            peak = this.oorExtreme[i]!;
          if (this.oorSince[i]! < since) since = this.oorSince[i]!;
          if (this.oorCount[i]! > count) count = this.oorCount[i]!;
        }
      }
    }
    this.verdict('OUT_OF_RANGE', slot, at, gap, mask, peak, since, count);
  }

  /** How far a value lies outside [outOfRange.min, outOfRange.max]. */
  private outside(v: number): number {
    const { min, max } = this.config.outOfRange;
    return v > max ? v - max : min - v;
  }

  // --- the episode lifecycle, shared by every kind -------------------------------------------

  /** A rule's verdict on one reading: `mask` the sensors meeting the condition (0: none). */
  private verdict(
    kind: EpisodeKind,
    slot: Slot,
    at: number,
    gap: number,
    mask: number,
    peak: number,
    since: number,
    count: number,
  ): void {
    if (mask !== 0) {
      if (slot.open) this.meet(kind, slot, at, mask, peak);
      else this.open(kind, slot, since, at, count, mask, peak);
    } else if (slot.open) this.absent(kind, slot, at, gap);
  }

  private open(
    kind: EpisodeKind,
    slot: Slot,
    startedAt: number,
    at: number,
    count: number,
    mask: number,
    peak: number | null,
  ): void {
    slot.open = true;
    slot.id = episodeId(this.patientId, kind, startedAt);
    slot.severity = this.config.severity[kind];
    slot.startedAt = startedAt;
    slot.lastFlaggedAt = at;
    slot.readingCount = count;
    slot.mask = mask;
    slot.peak = peak;
    slot.clearSince = NaN;
    this.emit('OPENED', kind, slot, null);
  }

  /** A reading that meets the condition continues the episode (a clear period in progress ends). */
  private meet(kind: EpisodeKind, slot: Slot, at: number, mask: number, peak: number): void {
    slot.readingCount++;
    slot.lastFlaggedAt = at;
    slot.mask |= mask;
    slot.peak = this.higherPeak(kind, slot.peak, peak);
    slot.clearSince = NaN;
    this.emit('UPDATED', kind, slot, null);
  }

  /** A reading without the condition: the clear period starts or goes on, and may complete. */
  private absent(kind: EpisodeKind, slot: Slot, at: number, gap: number): void {
    const clearMs = kind === 'ANOMALY' ? this.config.flags.clearMs : this.config.clearMs;
    // A gap as long as the clear period is no evidence of absence: the period restarts here.
    if (Number.isNaN(slot.clearSince) || gap >= clearMs) slot.clearSince = at;
    if (at - slot.clearSince >= clearMs) this.close(kind, slot, at);
  }

  private close(kind: EpisodeKind, slot: Slot, endedAt: number): void {
    this.emit('CLEARED', kind, slot, endedAt);
    slot.open = false;
    slot.mask = 0;
    slot.peak = null;
    slot.clearSince = NaN;
  }

  private higherPeak(kind: EpisodeKind, current: number | null, candidate: number): number | null {
    switch (kind) {
      case 'ANOMALY':
      case 'SPIKE':
      case 'DROP':
      case 'FLATLINE':
        return current === null || candidate > current ? candidate : current;
      case 'OUT_OF_RANGE':
        return current === null || this.outside(candidate) > this.outside(current) ? candidate : current;
      case 'NO_DATA':
        return null;
      default: {
        const never: never = kind;
        throw new Error(`unknown episode kind ${String(never)}`);
      }
    }
  }

  private core(kind: EpisodeKind, slot: Slot, endedAt: number | null): EpisodeCore {
    return {
      id: slot.id,
      patientId: this.patientId,
      kind,
      severity: slot.severity,
      startedAt: slot.startedAt,
      lastFlaggedAt: slot.lastFlaggedAt,
      endedAt,
      readingCount: slot.readingCount,
      sensors: NAMES_BY_MASK[slot.mask]!,
      peak: slot.peak,
    };
  }

  private emit(type: EpisodeChange['type'], kind: EpisodeKind, slot: Slot, endedAt: number | null): void {
    const change: EpisodeChange = { type, episode: this.core(kind, slot, endedAt) };
    if (this.out === null) this.out = [change];
    else this.out.push(change);
  }

  private flush(): EpisodeChange[] {
    const out = this.out;
    if (out === null) return NO_CHANGES;
    this.out = null;
    return out;
  }

  private restore(state: TrackerState): void {
    if (state.version !== 1) throw new Error(`tracker state version ${String(state.version)} is not 1`);
    if (state.patientId !== this.patientId) {
      throw new Error(`tracker state of patient ${state.patientId} given to patient ${this.patientId}`);
    }
    this.lastReadingAt = nanIfNull(state.lastReadingAt);
    this.firstTickAt = nanIfNull(state.firstTickAt);
    for (const e of state.episodes) {
      const slot = this.slots[e.kind];
      slot.open = true;
      slot.id = episodeId(this.patientId, e.kind, e.startedAt);
      slot.severity = e.severity;
      slot.startedAt = e.startedAt;
      slot.lastFlaggedAt = e.lastFlaggedAt;
      slot.readingCount = e.readingCount;
      slot.mask = e.sensorMask & ((1 << SENSOR_COUNT) - 1);
      slot.peak = e.peak;
      slot.clearSince = nanIfNull(e.clearSince);
    }
    if (state.flagRun !== null) {
      this.runSince = state.flagRun.startedAt;
      this.runCount = state.flagRun.count;
      this.runMask = state.flagRun.sensorMask;
      this.runPeak = state.flagRun.peak;
    }
    for (let i = 0; i < SENSOR_COUNT; i++) {
      const s = state.sensors[i];
      if (s === undefined) continue;
      if (s.flat !== null) {
        this.flatAlive[i] = 1;
        this.flatQualified[i] = s.flat.qualified ? 1 : 0;
        this.flatMin[i] = s.flat.min;
        this.flatMax[i] = s.flat.max;
        this.flatSince[i] = s.flat.since;
        this.flatCount[i] = s.flat.count;
      }
      if (s.outOfRange !== null) {
        this.oorSince[i] = s.outOfRange.since;
        this.oorCount[i] = s.outOfRange.count;
        this.oorExtreme[i] = s.outOfRange.extreme;
        this.oorQualified[i] = s.outOfRange.qualified ? 1 : 0;
      }
    }
    // Oldest first through the ring: with a smaller ring (baselineMs lowered since) the oldest drop out.
    for (const b of state.baseline) {
      for (let i = 0; i < SENSOR_COUNT; i++) this.current[i] = nanIfNull(b.values[i]);
      this.pushBaseline(b.at);
    }
  }
}
