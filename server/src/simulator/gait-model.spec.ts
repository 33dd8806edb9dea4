import { CAPTURED_IDLE_SHARE_ALBERT, CAPTURED_STATS, EPISODE_MAX_S, EPISODE_MIN_S } from './calibration';
import {
  Activity,
  MAX_SENSOR_VALUE,
  SAMPLES_PER_WALL_SECOND,
  SENSOR_COUNT,
  createGaitSample,
  gaitProfileFor,
  sampleAt,
  sampleInto,
  type GaitProfile,
} from './gait-model';
import { normalizeSeed } from './seeded-random';

/** One whole loop of a patient, sample by sample in loop order, six values each. */
function loopValues(profile: GaitProfile): Int16Array {
  const n = profile.loopSamples;
  const all = new Int16Array(n * SENSOR_COUNT);
  const out = createGaitSample();
  let misplaced = 0;
  for (let i = 0; i < n; i++) {
    sampleInto(profile, i - profile.startOffsetSamples, out);
    if (out.loopIndex !== i) misplaced++;
    all.set(out.values, i * SENSOR_COUNT);
  }
  expect(misplaced).toBe(0);
  return all;
}

/** The same statistics, defined the same way, as were measured on the captures (calibration.ts). */
function loopStats(profile: GaitProfile): { saturation: number; p5: number; step: number; idle: number } {
  const all = loopValues(profile);
  const n = profile.loopSamples;
  let saturated = 0;
  for (const v of all) if (v === MAX_SENSOR_VALUE) saturated++;
  const p5 = Int16Array.from(all).sort()[Math.floor(all.length / 20)]!;
  let step = 0;
  let idle = 0;
  for (let i = 0; i < n; i++) {
    let quiet = true;
    for (let s = 0; s < SENSOR_COUNT; s++) {
      if (i > 0) step += Math.abs(all[i * SENSOR_COUNT + s]! - all[(i - 1) * SENSOR_COUNT + s]!);
      if (all[i * SENSOR_COUNT + s]! >= p5 + 60) quiet = false;
    }
    if (quiet) idle++;
  }
  return { saturation: saturated / all.length, p5, step: step / ((n - 1) * SENSOR_COUNT), idle: idle / n };
}

const SEEDS = [normalizeSeed(1), normalizeSeed('another seed')];

describe('gait model calibrated against the captures of the real API', () => {
  describe.each(SEEDS)('with seed %i', (seed) => {
    it.each([1, 2, 4, 5, 6])(
      'patient %i matches the captured saturation share, floor and mean step',
      (id) => {
        const target = CAPTURED_STATS[id - 1]!;
        const stats = loopStats(gaitProfileFor(id, seed));
        expect(Math.abs(stats.saturation - target.saturationShare)).toBeLessThanOrEqual(0.03);
        expect(Math.abs(stats.p5 - target.floorP5)).toBeLessThanOrEqual(Math.max(3, target.floorP5 * 0.1));
        expect(Math.abs(stats.step - target.meanStep)).toBeLessThanOrEqual(target.meanStep * 0.1);
        // The documented envelope of a walking patient.
        expect(stats.step).toBeGreaterThanOrEqual(120 * 0.9);
        expect(stats.step).toBeLessThanOrEqual(370 * 1.1);
      },
    );

    it('Albert (patient 3) is mostly idle, like in the captures', () => {
      const target = CAPTURED_STATS[2]!;
      const stats = loopStats(gaitProfileFor(3, seed));
      expect(Math.abs(stats.idle - CAPTURED_IDLE_SHARE_ALBERT)).toBeLessThanOrEqual(0.08);
      expect(stats.saturation).toBeLessThan(0.05);
      expect(Math.abs(stats.step - target.meanStep)).toBeLessThanOrEqual(8);
      expect(stats.p5).toBeLessThanOrEqual(target.floorP5 + 3);
    });
  });

  it('keeps generated patients in the documented ranges (floor 4..95, walking step 120..370)', () => {
    const seed = SEEDS[0]!;
    for (let id = 7; id < 47; id++) {
      const profile = gaitProfileFor(id, seed);
      const stats = loopStats(profile);
      expect(stats.p5).toBeGreaterThanOrEqual(4);
      expect(stats.p5).toBeLessThanOrEqual(95);
      if (profile.walkShare >= 0.3) {
        expect(stats.step).toBeGreaterThanOrEqual(100);
        expect(stats.step).toBeLessThanOrEqual(400);
      } else {
        expect(stats.idle).toBeGreaterThan(0.7);
      }
      expect(profile.loopSamples / SAMPLES_PER_WALL_SECOND / 60).toBeGreaterThanOrEqual(14);
      expect(profile.loopSamples / SAMPLES_PER_WALL_SECOND / 60).toBeLessThanOrEqual(28);
    }
  });
});

describe('gait model shape', () => {
  const seed = SEEDS[0]!;

  /** Sample indices (simulator time) of the walking bouts of a profile, in loop order. */
  function walkingSamples(profile: GaitProfile): number[] {
    const indices: number[] = [];
    for (let i = 0; i < profile.loopSamples; i++) {
      if (profile.bouts[Math.floor(i / profile.boutSamples)] === Activity.Walking)
        indices.push(i - profile.startOffsetSamples);
    }
    return indices;
  }

  it('alternates feet while walking', () => {
    for (const id of [1, 2, 4, 5, 6]) {
      const profile = gaitProfileFor(id, seed);
      const loaded = (v: Int16Array, from: number): boolean =>
        Math.max(v[from]!, v[from + 1]!, v[from + 2]!) > profile.floor + 250;
      // Single-support samples in order: which foot carried the weight alone.
      const supports: string[] = [];
      let previousIndex = Number.NaN;
      for (const i of walkingSamples(profile)) {
        const { values } = sampleAt(profile, i);
        const left = loaded(values, 0);
        const right = loaded(values, 3);
        if (i !== previousIndex + 1) supports.push('|'); // a new bout: don't pair across it
        previousIndex = i;
        if (left !== right) supports.push(left ? 'L' : 'R');
      }
      const runs = supports.join('').replace(/(L)+/g, 'L').replace(/(R)+/g, 'R');
      let pairs = 0;
      let alternating = 0;
      for (let k = 1; k < runs.length; k++) {
        if (runs[k] === '|' || runs[k - 1] === '|') continue;
        pairs++;
        if (runs[k] !== runs[k - 1]) alternating++;
      }
      expect(pairs).toBeGreaterThan(100);
      expect(alternating / pairs).toBeGreaterThan(0.9);
    }
  });

  it('rolls heel to toe: a stance starts on the heel and ends on the front', () => {
    for (const id of [1, 2, 4, 6]) {
      const profile = gaitProfileFor(id, seed);
      for (const foot of [0, 3]) {
        const [front, heel] = [foot, foot + 2];
        const any = (v: Int16Array): boolean =>
          Math.max(v[foot]!, v[foot + 1]!, v[foot + 2]!) > profile.floor + 150;
        let stances = 0;
        let heelFirst = 0;
        let frontLast = 0;
        let run: Int16Array[] = [];
        let previousIndex = Number.NaN;
        const close = (): void => {
          if (run.length >= 3) {
            stances++;
            // >=: at ~4 samples per stride (patients 2 and 4) the first sample of a stance can
            // find heel and front both pinned at 1023; a tie is not a toe-first strike.
            if (run[0]![heel]! >= run[0]![front]!) heelFirst++;
            if (run[run.length - 1]![front]! >= run[run.length - 1]![heel]!) frontLast++;
          }
          run = [];
        };
        for (const i of walkingSamples(profile)) {
          if (i !== previousIndex + 1) close();
          previousIndex = i;
          const { values } = sampleAt(profile, i);
          if (any(values)) run.push(values);
          else close();
        }
        close();
        expect(stances).toBeGreaterThan(50);
        expect(heelFirst / stances).toBeGreaterThan(0.8);
        expect(frontLast / stances).toBeGreaterThan(0.8);
      }
    }
  });

  it('produces bimodal values saturating at 1023 with nothing outside 0..1023', () => {
    const profile = gaitProfileFor(2, seed);
    const all = loopValues(profile);
    let low = 0;
    let high = 0;
    expect(Math.min(...all)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...all)).toBeLessThanOrEqual(MAX_SENSOR_VALUE);
    for (const v of all) {
      if (v < profile.floor + 100) low++;
      if (v > MAX_SENSOR_VALUE - 100) high++;
    }
    // Most readings sit at one of the two modes, few in between.
    expect((low + high) / all.length).toBeGreaterThan(0.75);
  });

  it('is a pure function of (profile, index): same seed, same samples; other seed, other patients', () => {
    const a = gaitProfileFor(42, seed);
    const b = gaitProfileFor(42, seed);
    const c = gaitProfileFor(42, normalizeSeed(2));
    for (let i = 0; i < 500; i += 7) {
      expect(sampleAt(a, i)).toEqual(sampleAt(b, i));
    }
    let differing = 0;
    for (let i = 0; i < 500; i += 7)
      if (sampleAt(a, i).values.join() !== sampleAt(c, i).values.join()) differing++;
    expect(differing).toBeGreaterThan(50);
  });

  it('repeats exactly every loop', () => {
    const profile = gaitProfileFor(5, seed);
    for (let i = 0; i < 2000; i += 13) {
      expect(sampleAt(profile, i + profile.loopSamples)).toEqual(sampleAt(profile, i));
    }
  });
});

describe('anomaly episodes', () => {
  const seed = SEEDS[0]!;

  /** Runs of flagged samples over one loop: [start, length, masks seen]. */
  function episodesOf(
    profile: GaitProfile,
    mode: 'all-sensors' | 'single-sensor',
  ): { start: number; length: number; masks: Set<number> }[] {
    const runs: { start: number; length: number; masks: Set<number> }[] = [];
    let current: { start: number; length: number; masks: Set<number> } | undefined;
    for (let i = 0; i < profile.loopSamples; i++) {
      const sample = sampleAt(profile, i - profile.startOffsetSamples, mode);
      if (sample.anomalyMask !== 0) {
        if (current === undefined) {
          current = { start: i, length: 0, masks: new Set() };
          runs.push(current);
        }
        current.length++;
        current.masks.add(sample.anomalyMask);
      } else current = undefined;
    }
    return runs;
  }

  it('flag all six sensors for 2..70 s at the fixed points of each loop', () => {
    for (const id of [1, 2, 4, 5, 6, 7, 8, 9, 10, 500]) {
      const profile = gaitProfileFor(id, seed);
      const runs = episodesOf(profile, 'all-sensors');
      expect(runs.length).toBe(profile.episodes.length);
      expect(runs.length).toBeGreaterThanOrEqual(2);
      for (const run of runs) {
        expect([...run.masks]).toEqual([0b111111]);
        const seconds = run.length / SAMPLES_PER_WALL_SECOND;
        expect(seconds).toBeGreaterThanOrEqual(EPISODE_MIN_S);
        expect(seconds).toBeLessThanOrEqual(EPISODE_MAX_S);
        // The next loop flags the same stretch again.
        const again = sampleAt(profile, run.start - profile.startOffsetSamples + profile.loopSamples);
        expect(again.anomalyMask).toBe(0b111111);
      }
    }
  });

  it("places the default patients' episodes where the captures saw them", () => {
    // Patient 2: three episodes, ~283, 560 and 837 s of recording clock after the loop's start.
    const runs = episodesOf(gaitProfileFor(2, seed), 'all-sensors');
    expect(runs.map((r) => Math.round((r.start * 283) / 1000))).toEqual([283, 560, 837]);
    expect(runs.map((r) => r.length / SAMPLES_PER_WALL_SECOND)).toEqual([31, 14, 22]);
  });

  it('Albert has no episode (none was captured)', () => {
    expect(episodesOf(gaitProfileFor(3, seed), 'all-sensors')).toEqual([]);
  });

  it('flag exactly one sensor in single-sensor mode, at the same places', () => {
    const profile = gaitProfileFor(4, seed);
    const all = episodesOf(profile, 'all-sensors');
    const single = episodesOf(profile, 'single-sensor');
    expect(single.map((r) => [r.start, r.length])).toEqual(all.map((r) => [r.start, r.length]));
    for (const run of single) {
      expect(run.masks.size).toBe(1);
      const [mask] = [...run.masks];
      expect(mask! & (mask! - 1)).toBe(0); // one bit
    }
  });
});

describe('gait model speed', () => {
  it('samples 10,000 patients x 5 samples well within a second', () => {
    const seed = SEEDS[0]!;
    const profiles = Array.from({ length: 10_000 }, (_, k) => gaitProfileFor(k + 1, seed));
    const out = createGaitSample();
    const started = performance.now();
    let checksum = 0;
    for (let i = 0; i < 5; i++) {
      for (const profile of profiles) checksum += sampleInto(profile, i, out).values[0]!;
    }
    const elapsed = performance.now() - started;
    expect(checksum).toBeGreaterThan(0);
    // ~50,000 samples: a few ms on a laptop; the bound only catches an accidental slow path.
    expect(elapsed).toBeLessThan(1000);
  });
});
