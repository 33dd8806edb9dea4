import { utcMsFromTraceId } from '../../simulator/trace-clock';
import type { Reading } from '../../readings/reading';

/**
 * The recording's own clock, from the readings' trace ids. A trace id names a whole second of the
 * recording and holds 3 or 4 samples (~3.56 a second, evenly spaced), so a second's samples are
 * placed when the second closes (the next second's first sample arrives): evenly over it, which puts
 * each within ~0.1 s of where it was recorded. That holds figures back by about a second, which the
 * issue allows. Arrival time is no clock for the walk: the server replays ~1.3x faster than it
 * recorded and polls arrive with jitter.
 *
 * Jumps of the trace clock (back at the loop point, to another date, forward over a skip of more
 * than a few seconds) start a new segment: nothing that measures time (strides) spans one. Readings
 * whose trace id is not a clock reading (pushed or replayed data) are placed at once on their own
 * receive time `at`.
 */

export const SENSORS = 6;

/** Where placed samples go: the tracker. An interface, not a callback, so placing allocates nothing. */
export interface PlacedSampleSink {
  /**
   * One sample, in order. `time` in seconds (recording clock, or receive time for readings with no
   * trace clock); `values` holds the sample's six values at `offset`; `segmentStart` when the
   * clock jumped since the previous sample (or this is the first).
   */
  place(time: number, at: number, values: Uint16Array, offset: number, segmentStart: boolean): void;
}

export interface RecordingClockOptions {
  /** A forward step of the trace clock larger than this (seconds) starts a new segment. @default 3 */
  readonly maxForwardJumpSeconds?: number;
  /** Readings without a trace clock: a receive-time gap larger than this (s) starts a segment. @default 3 */
  readonly maxReceiveGapSeconds?: number;
}

/** More samples than this in one trace second are placed at once (no real second holds more than 4). */
const MAX_PENDING = 16;
/** Samples per trace second assumed before any whole second was seen (the real API's 3.56). */
const TYPICAL_SAMPLES_PER_SECOND = 3.56;

export class RecordingClock {
  private readonly maxForward: number;
  private readonly maxReceiveGap: number;
  private readonly pendingValues = new Uint16Array(MAX_PENDING * SENSORS);
  private readonly pendingAt = new Float64Array(MAX_PENDING);
  private pendingCount = 0;
  /** Trace second (Unix s) of the pending samples; NaN when none. */
  private pendingSecond = Number.NaN;
  /** The pending second starts a segment. */
  private pendingStartsSegment = true;
  /** The pending second is the first of its segment (its samples sit at its end, not its start). */
  private pendingFirstOfSegment = true;
  private lastTraceId = '';
  private lastSecond = Number.NaN;
  private lastReading: Reading | undefined;
  /** Time of the last sample placed on receive time; NaN when the last was not. */
  private lastReceiveTime = Number.NaN;
  /** Samples per whole trace second, learned (a running mean of seconds inside a segment). */
  private perSecond = TYPICAL_SAMPLES_PER_SECOND;
  private wholeSeconds = 0;

  constructor(
    private readonly sink: PlacedSampleSink,
    options: RecordingClockOptions = {},
  ) {
    this.maxForward = options.maxForwardJumpSeconds ?? 3;
    this.maxReceiveGap = options.maxReceiveGapSeconds ?? 3;
  }

  /** Samples per trace second seen so far (~3.56 from the real API). */
  get samplesPerSecond(): number {
    return this.perSecond;
  }

  /** Adds a reading; returns false when it was dropped as an exact repeat of the previous one. */
  add(reading: Reading): boolean {
    const previous = this.lastReading;
    if (previous !== undefined && isExactRepeat(previous, reading)) return false;
    this.lastReading = reading;
    const second = this.traceSecond(reading.traceId);
    if (Number.isNaN(second)) {
      this.flush();
      this.placeOnReceiveTime(reading);
      return true;
    }
    this.lastReceiveTime = Number.NaN;
    if (second !== this.pendingSecond) {
      const had = !Number.isNaN(this.pendingSecond);
      const jump = had && (second < this.pendingSecond || second > this.pendingSecond + this.maxForward);
      const contiguous = had && second === this.pendingSecond + 1;
      if (had && contiguous && !this.pendingFirstOfSegment) this.learnRate(this.pendingCount);
      this.flush();
      this.pendingStartsSegment = !had || jump;
      this.pendingFirstOfSegment = !had || jump || !contiguous;
      this.pendingSecond = second;
    }
    if (this.pendingCount === MAX_PENDING) this.flush();
    this.pendingValues.set(valuesOf(reading), this.pendingCount * SENSORS);
    this.pendingAt[this.pendingCount] = reading.at;
    this.pendingCount++;
    return true;
  }

  /** Places what is pending (a second not yet closed): the end of a replay, or before a switch of clock. */
  flush(): void {
    const k = this.pendingCount;
    if (k === 0) return;
    // A short first second of a segment was joined late: its samples are its last ones. A whole
    // second spreads its samples evenly over it.
    const spacing = this.pendingFirstOfSegment ? 1 / Math.max(k, this.perSecond) : 1 / k;
    const start = this.pendingFirstOfSegment ? 1 - k * spacing : 0;
    for (let j = 0; j < k; j++) {
      const time = this.pendingSecond + start + (j + 0.5) * spacing;
      this.sink.place(
        time,
        this.pendingAt[j]!,
        this.pendingValues,
        j * SENSORS,
        this.pendingStartsSegment && j === 0,
      );
    }
    this.pendingCount = 0;
    this.pendingStartsSegment = false;
    this.pendingFirstOfSegment = false;
  }

  private placeOnReceiveTime(reading: Reading): void {
    const time = reading.at / 1000;
    const last = this.lastReceiveTime;
    const segmentStart = Number.isNaN(last) || time <= last || time - last > this.maxReceiveGap;
    this.lastReceiveTime = time;
    // The next trace-clocked reading starts afresh.
    this.pendingSecond = Number.NaN;
    this.sink.place(time, reading.at, valuesOf(reading), 0, segmentStart);
  }

  /** Unix seconds of a trace id, NaN when it is no clock reading; decoded once per distinct id. */
  private traceSecond(traceId: string): number {
    if (traceId === this.lastTraceId) return this.lastSecond;
    this.lastTraceId = traceId;
    let second = Number.NaN;
    // Trace ids are decimal digits (monitor-response.ts); anything else is not a clock.
    if (/^\d{7,14}$/.test(traceId)) {
      try {
        second = utcMsFromTraceId(Number(traceId)) / 1000;
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
      }
    }
    this.lastSecond = second;
    return second;
  }

  private learnRate(count: number): void {
    // A running mean over whole seconds, capped so it keeps following a change of replay rate.
    this.wholeSeconds = Math.min(this.wholeSeconds + 1, 200);
    this.perSecond += (count - this.perSecond) / this.wholeSeconds;
  }
}

/** Same trace id and same values and flags: the API repeating a sample when polled faster. */
function isExactRepeat(previous: Reading, reading: Reading): boolean {
  if (previous.traceId !== reading.traceId) return false;
  const a = previous.sensors;
  const b = reading.sensors;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.id !== y.id || x.value !== y.value || x.anomaly !== y.anomaly) return false;
  }
  return true;
}

const scratch = new Uint16Array(SENSORS);

/**
 * The six values by sensor id (readings list them in id order, but nothing here relies on it). A
 * missing sensor reads as 0, a value outside 0..1023 is clamped: the poller validates readings, so
 * these only guard the analysis against pushed data.
 */
function valuesOf(reading: Reading): Uint16Array {
  scratch.fill(0);
  for (const s of reading.sensors) {
    if (s.id >= 0 && s.id < SENSORS) scratch[s.id] = s.value < 0 ? 0 : s.value > 1023 ? 1023 : s.value;
  }
  return scratch;
}
