import { Activity, createGaitProfile, gaitParamsFor, sampleAt } from './gait-model';
import { gaitTruth, sampleTruthAt } from './gait-truth';

const base = { ...gaitParamsFor(4, 1), walkShare: 1, standShare: 0 };

describe('gait model truth', () => {
  it('states what the profile was given: stride, stance, double support, clock speed', () => {
    const profile = createGaitProfile(
      { ...base, stanceShare: 0.62, rightStanceFactor: 0.9, recordingMsPerSample: 260 },
      3,
    );
    const truth = gaitTruth(profile);
    expect(truth.strideSeconds).toBe(1.11);
    expect(truth.cadence).toBeCloseTo(120 / 1.11, 9);
    expect(truth.stanceShare.left).toBeCloseTo(0.62, 9);
    expect(truth.stanceShare.right).toBeCloseTo(0.558, 9);
    expect(truth.doubleSupportShare).toBeCloseTo(0.178, 9);
    expect(truth.recordingSpeed).toBeCloseTo(1.3, 9);
  });

  it('agrees with the samples: a foot in stance is loaded, a foot in swing is at its floor', () => {
    const profile = createGaitProfile({ ...base, rightStanceFactor: 0.85 }, 5);
    let stance = 0;
    let loadedInStance = 0;
    let swing = 0;
    let floorInSwing = 0;
    for (let i = 0; i < 3000; i++) {
      const truth = sampleTruthAt(profile, i);
      const { values } = sampleAt(profile, i);
      expect(truth.activity).toBe(Activity.Walking);
      for (const [inStance, from] of [
        [truth.contactLeft, 0],
        [truth.contactRight, 3],
      ] as const) {
        const top = Math.max(values[from]!, values[from + 1]!, values[from + 2]!);
        if (inStance) {
          stance++;
          if (top > profile.floor + profile.floorJitter + 20) loadedInStance++;
        } else {
          swing++;
          if (top <= profile.floor + profile.floorJitter) floorInSwing++;
        }
      }
    }
    // All but the odd sample at a table step of the stretched envelope (a load of ~0.5%).
    expect(floorInSwing / swing).toBeGreaterThan(0.998);
    // The envelopes ramp from 0 at heel strike and to 0 at toe-off: the very first and last
    // moments of a stance carry almost no load.
    expect(loadedInStance / stance).toBeGreaterThan(0.97);
  });

  it('counts one heel strike per stride and foot while walking, none at rest', () => {
    const profile = createGaitProfile({ ...base, walkShare: 0.5, standShare: 0.3 }, 9);
    let walkingSamples = 0;
    let left = 0;
    let right = 0;
    for (let i = 0; i < profile.loopSamples; i++) {
      const t = sampleTruthAt(profile, i);
      if (t.activity !== Activity.Walking) {
        expect(t.strikeLeft || t.strikeRight || t.contactLeft || t.contactRight).toBe(false);
        continue;
      }
      walkingSamples++;
      if (t.strikeLeft) left++;
      if (t.strikeRight) right++;
    }
    const strides = walkingSamples / profile.cycleSamples;
    expect(Math.abs(left - strides) / strides).toBeLessThan(0.03);
    expect(Math.abs(right - strides) / strides).toBeLessThan(0.03);
  });
});
