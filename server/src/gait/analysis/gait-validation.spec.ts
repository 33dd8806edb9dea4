import type { Reading } from '../../readings/reading';
import {
  Activity,
  createGaitProfile,
  gaitParamsFor,
  gaitProfileFor,
  type GaitParams,
  type GaitProfile,
} from '../../simulator/gait-model';
import { gaitTruth, type SampleTruth } from '../../simulator/gait-truth';
import { walkReadings, type WalkReadingsOptions } from '../../simulator/gait-truth-readings';
import { normalizeSeed } from '../../simulator/seeded-random';
import { GAIT_WINDOWS, type GaitSummaryData, type GaitWindowName } from '../gait-summary';
import { GaitTracker } from './gait-tracker';

/**
 * The analysis against the simulator's ground truth (issue 14's validation): walks with known
 * stride, stance, asymmetry and bouts, served with trace ids from the model's recording clock.
 */

const SEEDS = [normalizeSeed(1), normalizeSeed('validation')];
/** Enough samples for a full five-minute window of recording clock, and some before it. */
const SAMPLES = 1300;

/** A profile of patient `id`'s sensors and stride, walking without pause unless told otherwise. */
function profileOf(id: number, seed: number, overrides: Partial<GaitParams> = {}): GaitProfile {
  return createGaitProfile(
    { ...gaitParamsFor(id, seed), walkShare: 1, standShare: 0, ...overrides },
    seed ^ id,
  );
}

interface Run {
  readonly tracker: GaitTracker;
  readonly readings: Reading[];
  /** Truth of the samples the tracker has placed (all but the last, still open trace second). */
  readonly placed: SampleTruth[];
  readonly profile: GaitProfile;
  readonly at: number[];
}

function run(profile: GaitProfile, options: Partial<WalkReadingsOptions> = {}): Run {
  const wall = options.wallMsPerSample ?? 200;
  const start = options.startAtMs ?? 1_700_000_000_000;
  const { readings, truth } = walkReadings(profile, { samples: SAMPLES, ...options });
  const tracker = new GaitTracker(1);
  for (const r of readings) tracker.add(r);
  const lastSecond = Math.floor(truth[truth.length - 1]!.recordingMs / 1000);
  const placed = truth.filter((t) => Math.floor(t.recordingMs / 1000) !== lastSecond);
  const at = truth.map((_, n) => start + n * wall);
  return { tracker, readings, placed, profile, at };
}

/** Truth figures over the last `window` of the placed samples (by recording clock, one segment). */
function truthOver(r: Run, window: GaitWindowName) {
  // Back from the newest placed sample over the window's seconds of recording clock; across a jump
  // of the trace clock (the loop point) the receive-time gap counts, as in the tracker.
  let from = r.placed.length - 1;
  let elapsed = 0;
  while (from > 0) {
    const step = r.placed[from]!.recordingMs - r.placed[from - 1]!.recordingMs;
    elapsed += step > 0 && step <= 3000 ? step : r.at[from]! - r.at[from - 1]!;
    if (elapsed >= GAIT_WINDOWS[window] * 1000) break;
    from--;
  }
  const samples = r.placed.slice(from);
  const walking = samples.filter((t) => t.activity === Activity.Walking);
  const share = (f: (t: SampleTruth) => boolean): number => walking.filter(f).length / walking.length;
  return {
    steps: walking.filter((t) => t.strikeLeft).length + walking.filter((t) => t.strikeRight).length,
    stanceLeft: share((t) => t.contactLeft),
    stanceRight: share((t) => t.contactRight),
    doubleSupport: share((t) => t.contactLeft && t.contactRight),
    walking: walking.length,
    from: r.placed.length - samples.length,
  };
}

/** Share of the window's samples whose walking / not walking the summary's bouts got right. */
function activityAccuracy(r: Run, summary: GaitSummaryData): number {
  const from = truthOver(r, summary.window).from;
  let right = 0;
  let total = 0;
  for (let n = from; n < r.placed.length; n++) {
    const at = r.at[n]!;
    const bout = summary.bouts.find((b) => b.fromAt <= at && at <= b.toAt);
    const measured = bout?.state === 'WALKING';
    if (measured === (r.placed[n]!.activity === Activity.Walking)) right++;
    total++;
  }
  return right / total;
}

const within = (measured: number | null, truth: number, relative: number): void => {
  expect(measured).not.toBeNull();
  expect(Math.abs(measured! / truth - 1)).toBeLessThanOrEqual(relative);
};
const withinPoints = (measured: number | null, truth: number, points: number): void => {
  expect(measured).not.toBeNull();
  expect(Math.abs(measured! - truth)).toBeLessThanOrEqual(points / 100);
};

describe('gait analysis against the simulator truth', () => {
  describe.each(SEEDS)('seed %i', (seed) => {
    it.each([1, 2, 4, 5, 6])(
      'patient %i walking: cadence, stance and double support over 30 s, steps',
      (id) => {
        const r = run(profileOf(id, seed));
        const truth = gaitTruth(r.profile);
        const s30 = r.tracker.summary('THIRTY_SECONDS');
        const t30 = truthOver(r, 'THIRTY_SECONDS');
        expect(s30.state).toBe('WALKING');
        within(s30.cadence, truth.cadence, 0.02);
        withinPoints(s30.stanceShare.left, t30.stanceLeft, 4);
        withinPoints(s30.stanceShare.right, t30.stanceRight, 4);
        withinPoints(s30.doubleSupportShare, t30.doubleSupport, 4);
        // ~40-60 steps in 30 s: 2% is one step, and the truth window and the tracker window may differ
        // by a sample at either end, each of which can hold a strike: two steps.
        expect(Math.abs(s30.steps - t30.steps)).toBeLessThanOrEqual(2);
        const s5 = r.tracker.summary('FIVE_MINUTES');
        const t5 = truthOver(r, 'FIVE_MINUTES');
        within(s5.steps, t5.steps, 0.02);
        within(s5.cadence, truth.cadence, 0.02);
        within(s5.strideSeconds.left, truth.strideSeconds, 0.02);
        within(s5.strideSeconds.right, truth.strideSeconds, 0.02);
        expect(s5.symmetry.flagged).toBe(false);
      },
    );

    it.each([1, 2, 4, 5, 6, 9, 23])(
      'patient %i in walking, standing and sitting bouts: walking vs not >= 95%% right, steps within 2%%',
      (id) => {
        const profile = gaitProfileFor(id, seed);
        const r = run(profile, { startIndex: id * 977 });
        const s5 = r.tracker.summary('FIVE_MINUTES');
        const t5 = truthOver(r, 'FIVE_MINUTES');
        expect(activityAccuracy(r, s5)).toBeGreaterThanOrEqual(0.95);
        // The model switches activity from one sample to the next, and its truth counts no strike
        // on a walk's first sample: whether the first landing out of sitting and the last into
        // standing were steps is a coin toss at either end, so up to one step per end of a walk.
        const walks = s5.bouts.filter((b) => b.state === 'WALKING').length;
        expect(Math.abs(s5.steps - t5.steps)).toBeLessThanOrEqual(Math.max(0.02 * t5.steps, 2 * walks));
        const walkingTruth = (t5.walking * r.profile.recordingMsPerSample) / 1000;
        expect(Math.abs(s5.walkingSeconds - walkingTruth)).toBeLessThanOrEqual(
          0.05 * GAIT_WINDOWS.FIVE_MINUTES,
        );
      },
    );
  });

  it('detects an injected 15% stance asymmetry on five minutes, not on 30 s, for several patients', () => {
    for (const seed of SEEDS) {
      for (const id of [1, 2, 4, 5]) {
        const r = run(profileOf(id, seed, { rightStanceFactor: 0.85 }));
        const s5 = r.tracker.summary('FIVE_MINUTES');
        expect(s5.symmetry.flagged).toBe(true);
        // Right stance shorter: L / R above the band, SI positive.
        expect(s5.symmetry.stanceRatio!).toBeGreaterThan(1.1);
        expect(s5.symmetry.stanceSI!).toBeGreaterThan(10);
        // Strides stay equal: an asymmetric stance is not an asymmetric rhythm.
        expect(Math.abs(s5.symmetry.strideRatio! - 1)).toBeLessThan(0.03);
        expect(r.tracker.summary('THIRTY_SECONDS').symmetry.flagged).toBe(false);
      }
    }
  });

  it('does not flag symmetric walks, whatever their sensor floors and saturation', () => {
    for (const seed of SEEDS) {
      for (const id of [1, 2, 4, 5, 6, 11, 17]) {
        const s5 = run(profileOf(id, seed)).tracker.summary('FIVE_MINUTES');
        expect(s5.walkingSeconds).toBeGreaterThan(250);
        expect(s5.symmetry.flagged).toBe(false);
        expect(Math.abs(s5.symmetry.stanceSI!)).toBeLessThan(5);
      }
    }
  });

  it('sees a lower right load in the load ratio, if weakly (per-sensor ranges absorb most of it)', () => {
    // Each sensor is normalised to its own learned ceiling, as the captures demand (R1 never
    // saturates for patients 1 and 6), and that also absorbs a foot that presses less: only the
    // saturating sensors' shorter time at 1023 is left of it. So the ratio moves, in the right
    // direction, by a few percent for a 25% lighter foot; flagged does not rest on it.
    for (const seed of SEEDS) {
      for (const id of [1, 4, 5, 6]) {
        const base = run(profileOf(id, seed)).tracker.summary('FIVE_MINUTES');
        const lighter = run(profileOf(id, seed, { rightLoadFactor: 0.75 })).tracker.summary('FIVE_MINUTES');
        expect(lighter.symmetry.loadRatio!).toBeGreaterThan(base.symmetry.loadRatio! + 0.005);
        expect(lighter.symmetry.loadSI!).toBeGreaterThan(base.symmetry.loadSI!);
        expect(lighter.symmetry.flagged).toBe(false);
      }
    }
  });

  it('handles per-sensor floors 5..95, saturating sensors and sensors that never saturate', () => {
    for (const seed of SEEDS) {
      const profile = profileOf(2, seed, {
        floor: 5,
        floorJitter: 4,
        sensorFloors: [5, 95, 40, 60, 20, 80],
        gains: [4.5, 0.7, 3.5, 0.8, 4.0, 3.0],
      });
      const r = run(profile);
      const truth = gaitTruth(profile);
      within(r.tracker.summary('THIRTY_SECONDS').cadence, truth.cadence, 0.02);
      // Shares over five minutes: with a weak (0.8) inner front sensor the toe-off, which rests on
      // it alone, is missed on ~2% of the samples, and over 30 s double support came out 4.5
      // points low on one seed (known, reported), against 2..3 points over five minutes.
      const s5 = r.tracker.summary('FIVE_MINUTES');
      const t5 = truthOver(r, 'FIVE_MINUTES');
      withinPoints(s5.stanceShare.left, t5.stanceLeft, 4);
      withinPoints(s5.stanceShare.right, t5.stanceRight, 4);
      withinPoints(s5.doubleSupportShare, t5.doubleSupport, 4);
      expect(s5.symmetry.flagged).toBe(false);
    }
  });

  it('measures on the recording clock: a receive clock 1.3x faster does not inflate cadence', () => {
    for (const id of [2, 4, 5]) {
      // 260 ms of recording per 200 ms of receive time: the 2021 captures' 1.3x.
      const profile = profileOf(id, SEEDS[1]!, { recordingMsPerSample: 260 });
      const r = run(profile);
      const truth = gaitTruth(profile);
      expect(truth.recordingSpeed).toBeCloseTo(1.3, 5);
      const s30 = r.tracker.summary('THIRTY_SECONDS');
      within(s30.cadence, truth.cadence, 0.02);
      within(r.tracker.current().cadence, truth.cadence, 0.03);
      expect(s30.quality.samplesPerSecond).toBeCloseTo(1000 / 260, 1);
    }
  });

  it('ignores duplicated polls: the same figures as without them', () => {
    const profile = gaitProfileFor(4, SEEDS[0]!);
    const once = run(profile).tracker;
    const thrice = run(profile, { repeats: 2 });
    expect(thrice.readings.length).toBe(3 * SAMPLES);
    expect(thrice.tracker.summary('FIVE_MINUTES')).toEqual(once.summary('FIVE_MINUTES'));
    expect(thrice.tracker.summary('THIRTY_SECONDS')).toEqual(once.summary('THIRTY_SECONDS'));
  });

  it('splits at trace jumps (loop point back, another date, a skip) without losing the rhythm', () => {
    const profile = profileOf(4, SEEDS[0]!);
    const truth = gaitTruth(profile);
    const r = run(profile, {
      traceShifts: [
        { at: 400, seconds: -900 }, // back to the loop's start
        { at: 700, seconds: 86_400 * 40 }, // another date
        { at: 1000, seconds: 2 }, // a 2-second skip
      ],
    });
    const s5 = r.tracker.summary('FIVE_MINUTES');
    within(s5.cadence, truth.cadence, 0.02);
    within(s5.strideSeconds.left, truth.strideSeconds, 0.02);
    expect(s5.state).toBe('WALKING');
    // The window still spans five minutes of recording; the jumps are short gaps of receive time.
    expect(s5.quality.coverage).toBeGreaterThan(0.95);
    const unsplit = run(profile).tracker.summary('FIVE_MINUTES');
    // A stride across a jump is not counted: fewer strides than without jumps, same steps.
    expect(Math.abs(s5.steps - unsplit.steps)).toBeLessThanOrEqual(6);
  });

  it('uses the receive time as the clock for readings without a trace clock', () => {
    const profile = profileOf(5, SEEDS[0]!);
    const truth = gaitTruth(profile);
    const r = run(profile, { traceIdOverride: 'pushed' });
    const s30 = r.tracker.summary('THIRTY_SECONDS');
    // On receive time the walk runs recordingSpeed faster (283 ms of walk every 200 ms).
    within(s30.cadence, truth.cadence * truth.recordingSpeed, 0.02);
    expect(s30.quality.samplesPerSecond).toBeCloseTo(5, 1);
  });

  it('reports no stride-time variability anywhere', () => {
    const r = run(profileOf(2, SEEDS[0]!));
    const text = JSON.stringify([
      r.tracker.summary('FIVE_MINUTES'),
      r.tracker.summary('THIRTY_SECONDS'),
      r.tracker.takeMinutes(),
      r.tracker.current(),
    ]);
    expect(text).not.toMatch(/"[^"]*(cv|variab|stdev|sd)[^"]*":/i);
  });
});
