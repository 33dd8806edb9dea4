import { LiveGait } from './live-gait';
import { SensorRanges } from './sensor-range';

const ranges = new SensorRanges();
const LEFT = Uint16Array.from([1023, 1023, 1023, 0, 0, 0]);
const RIGHT = Uint16Array.from([0, 0, 0, 1023, 1023, 1023]);
const BOTH = Uint16Array.from([1023, 1023, 1023, 1023, 1023, 1023]);
const NONE = new Uint16Array(6);

/** Feeds a pattern ('L' left only, 'R', 'B' both, '0' none), one sample every `dt` seconds. */
function feed(live: LiveGait, pattern: string, dt = 0.28, t0 = 0): number {
  let t = t0;
  for (const c of pattern) {
    live.add(ranges, t, c === 'L' ? LEFT : c === 'R' ? RIGHT : c === 'B' ? BOTH : NONE, 0, t === 0);
    t += dt;
  }
  return t;
}

describe('LiveGait', () => {
  it('is WALKING on alternating stances, and gives their cadence', () => {
    const live = new LiveGait();
    // A stride of 4 samples (1.12 s): BLBR repeated, each foot in contact for 2 samples.
    feed(live, 'BLLBRR'.repeat(1) + 'BLBR'.repeat(30));
    expect(live.state()).toBe('WALKING');
    expect(live.cadence()!).toBeCloseTo(120 / 1.12, 0);
  });

  it('is STANDING on both feet loaded, NO_LOAD on none, and has no cadence then', () => {
    const standing = new LiveGait();
    feed(standing, 'B'.repeat(60));
    expect(standing.state()).toBe('STANDING');
    expect(standing.cadence()).toBeNull();
    const sitting = new LiveGait();
    feed(sitting, '0'.repeat(60));
    expect(sitting.state()).toBe('NO_LOAD');
  });

  it("does not call one-sample touches walking (a sitting patient's shifting feet)", () => {
    const live = new LiveGait();
    feed(live, '0L00R00L00R0'.repeat(10));
    expect(live.state()).toBe('NO_LOAD');
  });

  it('stops walking a few seconds after the last step', () => {
    const live = new LiveGait();
    const t = feed(live, 'BLBR'.repeat(30));
    feed(live, 'B'.repeat(20), 0.28, t);
    expect(live.state()).toBe('STANDING');
  });
});
