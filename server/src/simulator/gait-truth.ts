import { SAMPLES_PER_WALL_SECOND, Activity, recordingTimeAt, type GaitProfile } from './gait-model';

/**
 * The ground truth of the gait model (gait-model.ts), for tests that check the gait analysis
 * against it. Not on any hot path: it recomputes the walking phase the way sampleInto does, and
 * gait-truth.spec.ts checks the two agree (a foot in stance by the truth is loaded in the samples).
 */

/** What the profile walks like, in recording-clock terms. */
export interface GaitTruth {
  /** Heel strike to the next heel strike of the same foot, seconds of recording clock (both feet). */
  readonly strideSeconds: number;
  /** Steps (heel strikes of either foot) per minute of recording clock while walking. */
  readonly cadence: number;
  readonly stanceShare: { readonly left: number; readonly right: number };
  /** Share of the cycle with both feet in contact (stance L + stance R - 1: feet half a cycle apart). */
  readonly doubleSupportShare: number;
  /** Share of the cycle with exactly one foot in contact. */
  readonly singleSupportShare: number;
  /** Right foot's walking load relative to the left's (before saturation). */
  readonly rightLoadFactor: number;
  /** Shares of the loop by activity. */
  readonly walkShare: number;
  readonly standShare: number;
  /** Samples per second of recording clock. */
  readonly samplesPerRecordingSecond: number;
  /** Seconds of recording per second of wall time (fresh samples every 200 ms of wall time). */
  readonly recordingSpeed: number;
}

export function gaitTruth(profile: GaitProfile): GaitTruth {
  const left = profile.stanceShare;
  const right = profile.stanceShare * profile.rightStanceFactor;
  const double = Math.max(0, left + right - 1);
  let walking = 0;
  let standing = 0;
  for (const b of profile.bouts) {
    if (b === Activity.Walking) walking++;
    else if (b === Activity.Standing) standing++;
  }
  return {
    strideSeconds: profile.strideSeconds,
    cadence: 120 / profile.strideSeconds,
    stanceShare: { left, right },
    doubleSupportShare: double,
    singleSupportShare: left + right - 2 * double,
    rightLoadFactor: profile.rightLoadFactor,
    walkShare: walking / profile.bouts.length,
    standShare: standing / profile.bouts.length,
    samplesPerRecordingSecond: 1000 / profile.recordingMsPerSample,
    recordingSpeed: profile.recordingMsPerSample / (1000 / SAMPLES_PER_WALL_SECOND),
  };
}

/** The truth at one sample. */
export interface SampleTruth {
  readonly activity: Activity;
  /** Foot in stance (heel strike .. toe-off of the model's cycle). */
  readonly contactLeft: boolean;
  readonly contactRight: boolean;
  /** A heel strike of that foot happened since the previous sample, within the same walking bout. */
  readonly strikeLeft: boolean;
  readonly strikeRight: boolean;
  /** The recording clock at this sample (UTC ms), as the trace id prints it. */
  readonly recordingMs: number;
  readonly loopIndex: number;
}

/** Cycles of the left foot since its bout's start (the walking phase of sampleInto). */
function cyclesAt(profile: GaitProfile, loopIndex: number): number {
  const bout = Math.floor(loopIndex / profile.boutSamples);
  return profile.boutPhase[bout]! + (loopIndex - bout * profile.boutSamples) / profile.cycleSamples;
}

/** Truth of the sample `sampleIndex` (counted like sampleInto's, from the simulator's instant 0). */
export function sampleTruthAt(profile: GaitProfile, sampleIndex: number): SampleTruth {
  const loop = profile.loopSamples;
  let i = (sampleIndex + profile.startOffsetSamples) % loop;
  if (i < 0) i += loop;
  const bout = Math.floor(i / profile.boutSamples);
  const activity = profile.bouts[bout]! as Activity;
  const recordingMs = recordingTimeAt(profile, i);
  if (activity !== Activity.Walking) {
    return {
      activity,
      contactLeft: false,
      contactRight: false,
      strikeLeft: false,
      strikeRight: false,
      recordingMs,
      loopIndex: i,
    };
  }
  const cycles = cyclesAt(profile, i);
  const phaseLeft = cycles - Math.floor(cycles);
  const phaseRight = cycles + 0.5 - Math.floor(cycles + 0.5);
  // The previous sample belongs to the same walk: this bout's, or the previous bout's when that was
  // walking too (its rhythm carries over, see createGaitProfile). A strike is the phase wrapping.
  const first = i === bout * profile.boutSamples;
  const sameWalk = !first || (i > 0 && profile.bouts[bout - 1] === Activity.Walking);
  const previous = sameWalk ? cyclesAt(profile, i - 1) : cycles;
  const previousLeft = previous - Math.floor(previous);
  const previousRight = previous + 0.5 - Math.floor(previous + 0.5);
  return {
    activity,
    contactLeft: phaseLeft < profile.stanceShare,
    contactRight: phaseRight < profile.stanceShare * profile.rightStanceFactor,
    strikeLeft: sameWalk && phaseLeft < previousLeft,
    strikeRight: sameWalk && phaseRight < previousRight,
    recordingMs,
    loopIndex: i,
  };
}
