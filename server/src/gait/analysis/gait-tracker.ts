import type { Reading } from '../../readings/reading';
import {
  GAIT_WINDOWS,
  type GaitMinute,
  type GaitState,
  type GaitSummaryData,
  type GaitWindowName,
} from '../gait-summary';
import { ACTIVITY_STATES, classifyActivity, type ActivityOptions } from './activity';
import { DEFAULT_CONTACT, footLoad, type ContactThresholds } from './contact';
import { footLevels } from './foot-levels';
import { sharedSeries, type GaitSeries } from './gait-series';
import { analyseSpan, boutsOf, contactsOf, walkingBoutsStarted, type SpanFigures } from './gait-window';
import { LiveGait } from './live-gait';
import { RecordingClock, type PlacedSampleSink, type RecordingClockOptions } from './recording-clock';
import { SampleRing } from './sample-ring';
import { SensorRanges, type SensorRangeOptions } from './sensor-range';

/**
 * Gait analysis of one patient: readings in, live figures, window summaries and per-minute figures
 * out. The state is the last few minutes of samples in typed arrays plus O(1) counters, and it is a
 * pure function of the readings added: a tracker rebuilt by replaying the same readings (after a
 * restart or a handover of the patient) reports the same figures.
 */

export interface GaitTrackerOptions {
  /** Samples held (the longest window at up to 5 a second, and context). @default 1536 */
  readonly capacity?: number;
  /** Foot-contact thresholds on the normalised foot load. @default { on: 0.1, off: 0.05 } */
  readonly contact?: ContactThresholds;
  /** Walking-bout detection. @default see ActivityOptions */
  readonly activity?: ActivityOptions;
  /** Floor and ceiling learning. @default see SensorRangeOptions */
  readonly ranges?: SensorRangeOptions;
  /** Segmenting at trace jumps. @default see RecordingClockOptions */
  readonly clock?: RecordingClockOptions;
  /** Samples before which the state is UNKNOWN (ranges not yet learned). @default 20 */
  readonly minSamples?: number;
  /** Seconds of recording clock before a window analysed for hindsight (bout edges). @default 10 */
  readonly contextSeconds?: number;
  /** Walking seconds a FIVE_MINUTES window needs before symmetry may be flagged. @default 60 */
  readonly flagAfterWalkingSeconds?: number;
  /** A minute is emitted once a sample this much (ms, receive time) past its end arrived. @default 5000 */
  readonly minuteLookaheadMs?: number;
}

const MINUTE_MS = 60_000;
/** Fewest samples per second of recording clock at which a window's state is judged. */
const MIN_SAMPLES_PER_SECOND = 2.5;
/** The live contact thresholds are refitted every this many samples, over the last LIVE_FIT_SAMPLES. */
const LIVE_REFIT_EVERY = 64;
const LIVE_FIT_SAMPLES = 256;
const liveLeft = new Float32Array(LIVE_FIT_SAMPLES);
const liveRight = new Float32Array(LIVE_FIT_SAMPLES);
/** Minutes waiting for their lookahead: a patient seldom has more than two. */
const MINUTE_QUEUE = 16;

export class GaitTracker implements PlacedSampleSink {
  private readonly ring: SampleRing;
  private readonly ranges: SensorRanges;
  private readonly clock: RecordingClock;
  private readonly live: LiveGait;
  private readonly contact: ContactThresholds;
  private readonly activity: ActivityOptions;
  private readonly minSamples: number;
  private readonly contextSeconds: number;
  private readonly flagAfter: number;
  private readonly lookahead: number;
  private lastTime = Number.NaN;
  private lastAt = Number.NaN;
  private continuous = 0;
  private placed = 0;
  private readonly minuteQueue = new Float64Array(MINUTE_QUEUE);
  private minuteHead = 0;
  private minuteCount = 0;
  private lastQueuedMinute = Number.NEGATIVE_INFINITY;
  private done: GaitMinute[] = [];

  constructor(
    readonly patientId: number,
    options: GaitTrackerOptions = {},
  ) {
    this.ring = new SampleRing(options.capacity ?? 1536);
    this.ranges = new SensorRanges(options.ranges);
    this.clock = new RecordingClock(this, options.clock);
    this.contact = options.contact ?? DEFAULT_CONTACT;
    this.live = new LiveGait({ contact: this.contact, maxStepGap: options.activity?.maxStepGap });
    this.activity = options.activity ?? {};
    this.minSamples = options.minSamples ?? 20;
    this.contextSeconds = options.contextSeconds ?? 10;
    this.flagAfter = options.flagAfterWalkingSeconds ?? 60;
    this.lookahead = options.minuteLookaheadMs ?? 5000;
  }

  /**
   * Readings of this patient in stored order. O(1) amortised, allocation-light: it runs for 1,000
   * patients x 5 Hz on the ingest path. A second's samples are analysed when the next second
   * begins (see RecordingClock).
   */
  add(reading: Reading): void {
    this.clock.add(reading);
  }

  /** Called by the recording clock with each placed sample (PlacedSampleSink). */
  place(time: number, at: number, values: Uint16Array, offset: number, segmentStart: boolean): void {
    if (this.placed > 0) {
      // Within a segment the recording clock; across a jump the receive-time gap, uncovered.
      this.continuous += segmentStart ? Math.max(0.001, (at - this.lastAt) / 1000) : time - this.lastTime;
    }
    this.lastTime = time;
    this.lastAt = at;
    this.placed++;
    const ring = this.ring;
    if (ring.full) this.ranges.remove(ring.values, ring.nextSlot * 6);
    this.ranges.add(values, offset);
    ring.push(this.continuous, at, values, offset, segmentStart || this.placed === 1);
    if (this.placed % LIVE_REFIT_EVERY === 0) this.refitLive();
    this.live.add(this.ranges, this.continuous, values, offset, segmentStart || this.placed === 1);
    this.queueMinute(at);
  }

  /** Fits the live contact thresholds to each foot's recent loads (foot-levels.ts), ~1 minute of them. */
  private refitLive(): void {
    const ring = this.ring;
    const n = Math.min(ring.length, LIVE_FIT_SAMPLES);
    for (let k = 0; k < n; k++) {
      const offset = ring.slot(ring.length - n + k) * 6;
      liveLeft[k] = footLoad(this.ranges, ring.values, offset, 0);
      liveRight[k] = footLoad(this.ranges, ring.values, offset, 1);
    }
    this.live.setThresholds(
      footLevels(liveLeft, 0, n, this.contact).core,
      footLevels(liveRight, 0, n, this.contact).core,
    );
  }

  /** Cheap (O(1)) live figures for the ward overview: state now and cadence over the last 30 s. */
  current(): { state: GaitState; cadence: number | null; asOfAt: number | null } {
    if (this.placed === 0) return { state: 'UNKNOWN', cadence: null, asOfAt: null };
    const known = this.ranges.learnedSamples >= this.minSamples;
    return {
      state: known ? this.live.state() : 'UNKNOWN',
      cadence: known ? this.live.cadence() : null,
      asOfAt: this.lastAt,
    };
  }

  /** Full figures over a window of recording clock; called at most ~1 Hz per watched patient. */
  summary(window: GaitWindowName): GaitSummaryData {
    const seconds = GAIT_WINDOWS[window];
    const ring = this.ring;
    if (ring.length === 0) return emptySummary(this.patientId, window);
    const end = ring.clock[ring.slot(ring.length - 1)]!;
    const from = this.firstAfter(end - seconds);
    const context = this.firstAfter(end - seconds - this.contextSeconds);
    const series = this.analyse(context);
    const start = from - context;
    const figures = analyseSpan(series, start, series.length, {
      flagAfterWalkingSeconds: window === 'FIVE_MINUTES' ? this.flagAfter : Number.POSITIVE_INFINITY,
    });
    const known = this.ranges.learnedSamples >= this.minSamples;
    // Below ~2.5 samples a second of recording a stride (~1 s) is not resolved per foot, so no
    // walk can be seen (the 2021 recorder kept ~1.6 a second): the state is unknown, not "no load".
    const resolved =
      figures.coveredSeconds === 0 || figures.samples / figures.coveredSeconds >= MIN_SAMPLES_PER_SECOND;
    const state = known && resolved ? ACTIVITY_STATES[series.state[series.length - 1]!]! : 'UNKNOWN';
    return {
      patientId: this.patientId,
      window,
      asOfAt: this.lastAt,
      state,
      steps: figures.steps,
      walkingSeconds: figures.walkingSeconds,
      standingSeconds: figures.standingSeconds,
      noLoadSeconds: figures.noLoadSeconds,
      cadence: figures.cadence,
      strideSeconds: figures.strideSeconds,
      stanceShare: figures.stanceShare,
      singleSupportShare: figures.singleSupportShare,
      doubleSupportShare: figures.doubleSupportShare,
      symmetry: figures.symmetry,
      regularity: figures.regularity,
      regions: figures.regions,
      quality: this.quality(figures, seconds),
      bouts: boutsOf(series, start, series.length),
      contacts: window === 'THIRTY_SECONDS' ? contactsOf(series, start, series.length) : [],
    };
  }

  /**
   * Minutes of receive time that are complete, each emitted once, oldest first. `final` (the
   * tracker is being dropped: a stop or a handover) also emits the minutes still open, as far as
   * they go; the archive keeps whichever version of a minute covers more of it.
   */
  takeMinutes(final = false): GaitMinute[] {
    if (final) while (this.minuteCount > 0) this.emitOldestMinute();
    if (this.done.length === 0) return [];
    const minutes = this.done;
    this.done = [];
    return minutes;
  }

  /** Index (0 = oldest held) of the first sample whose continuous clock is after `clock`. */
  private firstAfter(clock: number): number {
    const ring = this.ring;
    let k = ring.length;
    while (k > 0 && ring.clock[ring.slot(k - 1)]! > clock) k--;
    return k;
  }

  private analyse(from: number): GaitSeries {
    sharedSeries.fill(this.ring, this.ranges, from, this.contact);
    classifyActivity(sharedSeries, this.activity);
    return sharedSeries;
  }

  /**
   * Confidence: the window's coverage, times how well the sensor ranges are known (a few hundred
   * samples), times how much walking backs the walking figures (ten strides and more: full).
   */
  private quality(figures: SpanFigures, seconds: number): GaitSummaryData['quality'] {
    const coverage = Math.min(1, figures.coveredSeconds / seconds);
    const ranges = Math.min(1, this.ranges.learnedSamples / 300);
    const walking = 0.5 + 0.5 * Math.min(1, figures.strides / 10);
    return {
      samplesPerSecond: figures.coveredSeconds > 0 ? figures.samples / figures.coveredSeconds : 0,
      coverage,
      confidence: coverage * ranges * walking,
    };
  }

  private queueMinute(at: number): void {
    const minute = Math.floor(at / MINUTE_MS) * MINUTE_MS;
    if (minute > this.lastQueuedMinute) {
      this.lastQueuedMinute = minute;
      if (this.minuteCount === MINUTE_QUEUE) this.emitOldestMinute();
      this.minuteQueue[(this.minuteHead + this.minuteCount) % MINUTE_QUEUE] = minute;
      this.minuteCount++;
    }
    while (this.minuteCount > 0 && at >= this.minuteQueue[this.minuteHead]! + MINUTE_MS + this.lookahead)
      this.emitOldestMinute();
  }

  private emitOldestMinute(): void {
    const minute = this.minuteQueue[this.minuteHead]!;
    this.minuteHead = (this.minuteHead + 1) % MINUTE_QUEUE;
    this.minuteCount--;
    const ring = this.ring;
    // The minute's samples by receive time, with context before it for the bout edges.
    let context = ring.length;
    const contextFrom = minute - this.contextSeconds * 1000;
    while (context > 0 && ring.at[ring.slot(context - 1)]! >= contextFrom) context--;
    const series = this.analyse(context);
    let from = 0;
    while (from < series.length && series.at[from]! < minute) from++;
    let to = from;
    while (to < series.length && series.at[to]! < minute + MINUTE_MS) to++;
    if (to === from) return;
    const figures = analyseSpan(series, from, to, { flagAfterWalkingSeconds: Number.POSITIVE_INFINITY });
    this.done.push({
      patientId: this.patientId,
      minute,
      steps: figures.steps,
      walkingSeconds: figures.walkingSeconds,
      standingSeconds: figures.standingSeconds,
      noLoadSeconds: figures.noLoadSeconds,
      boutsStarted: walkingBoutsStarted(series, from, to),
      cadence: figures.cadence,
      stanceSI: figures.symmetry.stanceSI,
      loadSI: figures.symmetry.loadSI,
      strideRatio: figures.symmetry.strideRatio,
    });
  }
}

/** A summary with nothing known: before any sample (and a stand-in in tests). */
export function emptySummary(patientId: number, window: GaitWindowName): GaitSummaryData {
  const none = { left: null, right: null };
  const noRegions = { heel: null, forefoot: null, outerEdge: null };
  return {
    patientId,
    window,
    asOfAt: null,
    state: 'UNKNOWN',
    steps: 0,
    walkingSeconds: 0,
    standingSeconds: 0,
    noLoadSeconds: 0,
    cadence: null,
    strideSeconds: none,
    stanceShare: none,
    singleSupportShare: null,
    doubleSupportShare: null,
    symmetry: {
      stanceSI: null,
      loadSI: null,
      strideRatio: null,
      stanceRatio: null,
      loadRatio: null,
      flagged: false,
    },
    regularity: null,
    regions: { left: noRegions, right: noRegions },
    quality: { samplesPerSecond: 0, coverage: 0, confidence: 0 },
    bouts: [],
    contacts: [],
  };
}
