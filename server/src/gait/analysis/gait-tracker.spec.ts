import type { Reading } from '../../readings/reading';
import { createGaitProfile, gaitParamsFor, gaitProfileFor } from '../../simulator/gait-model';
import { walkReadings } from '../../simulator/gait-truth-readings';
import { normalizeSeed } from '../../simulator/seeded-random';
import { GaitTracker } from './gait-tracker';

const SEED = normalizeSeed(1);
const walking = createGaitProfile({ ...gaitParamsFor(4, SEED), walkShare: 1, standShare: 0 }, 7);
const sitting = createGaitProfile({ ...gaitParamsFor(3, SEED), walkShare: 0, standShare: 0 }, 7);
const standing = createGaitProfile({ ...gaitParamsFor(6, SEED), walkShare: 0, standShare: 1 }, 7);

function fed(readings: readonly Reading[], patientId = 1): GaitTracker {
  const tracker = new GaitTracker(patientId);
  for (const r of readings) tracker.add(r);
  return tracker;
}

describe('GaitTracker', () => {
  it('is UNKNOWN with nothing, and before its sensor ranges are learned', () => {
    const empty = new GaitTracker(1);
    expect(empty.current()).toEqual({ state: 'UNKNOWN', cadence: null, asOfAt: null });
    const summary = empty.summary('THIRTY_SECONDS');
    expect(summary).toMatchObject({ state: 'UNKNOWN', steps: 0, cadence: null, asOfAt: null, bouts: [] });
    const { readings } = walkReadings(walking, { samples: 12 });
    expect(fed(readings).current().state).toBe('UNKNOWN');
  });

  it('reports the state now: walking, standing, sitting', () => {
    expect(fed(walkReadings(walking, { samples: 300 }).readings).current().state).toBe('WALKING');
    expect(fed(walkReadings(standing, { samples: 300 }).readings).current().state).toBe('STANDING');
    expect(fed(walkReadings(sitting, { samples: 300 }).readings).current().state).toBe('NO_LOAD');
    expect(fed(walkReadings(walking, { samples: 300 }).readings).summary('THIRTY_SECONDS').state).toBe(
      'WALKING',
    );
    expect(fed(walkReadings(sitting, { samples: 300 }).readings).summary('FIVE_MINUTES')).toMatchObject({
      state: 'NO_LOAD',
      steps: 0,
      cadence: null,
      stanceShare: { left: null, right: null },
    });
  });

  it('gives a live cadence close to the window figure, and asOfAt the newest analysed receive time', () => {
    const { readings } = walkReadings(walking, { samples: 400 });
    const tracker = fed(readings);
    const live = tracker.current();
    const window = tracker.summary('THIRTY_SECONDS');
    expect(Math.abs(live.cadence! / window.cadence! - 1)).toBeLessThan(0.03);
    // The last trace second is still open, so asOfAt is a little behind the last reading.
    expect(live.asOfAt).toBeLessThan(readings[readings.length - 1]!.at);
    expect(live.asOfAt).toBeGreaterThan(readings[readings.length - 1]!.at - 1500);
    expect(window.asOfAt).toBe(live.asOfAt);
  });

  it('keeps patients apart: one tracker fed between another gives the same figures as alone', () => {
    const a = walkReadings(walking, { samples: 600 }).readings;
    const b = walkReadings(gaitProfileFor(5, SEED), { samples: 600, patientId: 2 }).readings;
    const alone = fed(a);
    const first = new GaitTracker(1);
    const second = new GaitTracker(2);
    for (let i = 0; i < a.length; i++) {
      first.add(a[i]!);
      second.add(b[i]!);
      if (i % 97 === 0) second.summary('FIVE_MINUTES');
    }
    expect(first.summary('FIVE_MINUTES')).toEqual(alone.summary('FIVE_MINUTES'));
    expect(first.summary('THIRTY_SECONDS')).toEqual(alone.summary('THIRTY_SECONDS'));
  });

  it('is rebuilt by replaying the same readings (a restart or a handover)', () => {
    const { readings } = walkReadings(gaitProfileFor(2, SEED), { samples: 900 });
    const original = fed(readings);
    const rebuilt = fed(readings);
    expect(rebuilt.summary('FIVE_MINUTES')).toEqual(original.summary('FIVE_MINUTES'));
    expect(rebuilt.current()).toEqual(original.current());
  });

  it('emits each complete minute of receive time once, oldest first, with its walking', () => {
    // 1,000 samples at 200 ms: 200 s of receive time from a minute's start, so minutes 0..2 are
    // complete (the third once a sample 5 s past its end arrived), the fourth is not.
    const start = 1_700_000_040_000; // a multiple of 60,000
    const { readings } = walkReadings(walking, { samples: 1000, startAtMs: start });
    const tracker = new GaitTracker(1);
    const minutes = [];
    for (const r of readings) {
      tracker.add(r);
      minutes.push(...tracker.takeMinutes());
    }
    expect(minutes.map((m) => m.minute)).toEqual([start, start + 60_000, start + 120_000]);
    expect(tracker.takeMinutes()).toEqual([]);
    // Dropped (a stop or handover): the open fourth minute goes too, covering the 20 s it has.
    const open = tracker.takeMinutes(true);
    expect(open.map((m) => m.minute)).toEqual([start + 180_000]);
    expect(open[0]!.walkingSeconds).toBeLessThan(30);
    expect(tracker.takeMinutes(true)).toEqual([]);
    for (const m of minutes) {
      expect(m.patientId).toBe(1);
      // 60 s of receive time is ~85 s of recording at 283 ms per 200 ms.
      expect(m.walkingSeconds).toBeGreaterThan(80);
      expect(m.walkingSeconds).toBeLessThan(90);
      expect(Math.abs(m.cadence! / (120 / walking.strideSeconds) - 1)).toBeLessThan(0.02);
      expect(m.steps).toBeGreaterThan(140);
      expect(m.strideRatio).not.toBeNull();
    }
  });

  it('does not judge a window sampled too sparsely to resolve a stride (the 2021 recorder)', () => {
    const { readings } = walkReadings(walking, { samples: 800 });
    const everyOther = readings.filter((_, i) => i % 2 === 0);
    const sparse = fed(everyOther).summary('FIVE_MINUTES');
    expect(sparse.quality.samplesPerSecond).toBeLessThan(2);
    expect(sparse.state).toBe('UNKNOWN');
    expect(fed(readings).summary('FIVE_MINUTES').state).toBe('WALKING');
  });

  it('bounds its memory: the ring holds a fixed number of samples however long it runs', () => {
    const tracker = fed(walkReadings(walking, { samples: 4000 }).readings);
    const s = tracker.summary('FIVE_MINUTES');
    // 5 minutes of recording at 3.53 samples a second, not the 4,000 fed.
    expect(s.quality.samplesPerSecond * 300 * s.quality.coverage).toBeLessThan(1100);
    expect(s.quality.coverage).toBeGreaterThan(0.98);
  });
});
