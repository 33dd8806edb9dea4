import type { Reading } from '../../readings/reading';
import type { EpisodeChange, EpisodeKind } from '../episode';
import { DEFAULT_DETECTOR_CONFIG, type DetectorConfig } from './detector-config';
import { isTrackerState, PatientTracker, type TrackerState } from './patient-tracker';

const P = 7;
const T0 = 1_700_000_000_000;
const STEP = 200;
const D = DEFAULT_DETECTOR_CONFIG;

type Six = readonly [number, number, number, number, number, number];
/** Which sensors are flagged: none, all six, or per sensor. */
type Flags = boolean | readonly boolean[];

function reading(at: number, values: Six, flags: Flags = false): Reading {
  return {
    patientId: P,
    at,
    traceId: String(at),
    sensors: values.map((value, id) => ({
      id,
      value,
      anomaly: typeof flags === 'boolean' ? flags : !!flags[id],
    })),
  };
}

/** `n` readings STEP apart from `from`. */
function stream(
  from: number,
  n: number,
  values: (i: number) => Six,
  flags: (i: number) => Flags = () => false,
) {
  return Array.from({ length: n }, (_, i) => reading(from + i * STEP, values(i), flags(i)));
}

const at = (i: number) => T0 + i * STEP;
const steady = (v: Six) => () => v;

/**
 * Walking: each foot alternates between saturated and its floor (20) every few samples, through a
 * partial value, the right foot half a stride behind; a little noise so no two strides are equal.
 */
function walking(i: number): Six {
  const stride = [1023, 1023, 1023, 640, 20, 20, 20, 310];
  const noise = (k: number) => ((i * 7919 + k * 104_729) % 23) - 11;
  const foot = (phase: number, k: number) => {
    const v = stride[phase % stride.length]!;
    return v === 1023 ? 1023 : Math.max(0, v + noise(k));
  };
  return [foot(i, 0), foot(i + 1, 1), foot(i + 2, 2), foot(i + 4, 3), foot(i + 5, 4), foot(i + 6, 5)];
}

/** Sensor `id` of the walking pattern replaced by `v`. */
function walkingWith(id: number, v: number) {
  return (i: number): Six => {
    const w = [...walking(i)] as number[];
    w[id] = v;
    return w as unknown as Six;
  };
}

function feed(t: PatientTracker, readings: readonly Reading[]): EpisodeChange[] {
  const out: EpisodeChange[] = [];
  for (const r of readings) out.push(...t.observe(r));
  return out;
}

const ofKind = (changes: readonly EpisodeChange[], kind: EpisodeKind) =>
  changes.filter((c) => c.episode.kind === kind);
const types = (changes: readonly EpisodeChange[]) => changes.map((c) => c.type);
const count = (changes: readonly EpisodeChange[], type: EpisodeChange['type']) =>
  changes.filter((c) => c.type === type).length;

function config(patch: Partial<{ [K in keyof DetectorConfig]: Partial<DetectorConfig[K]> }>): DetectorConfig {
  const c = { ...D } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    const base = (D as unknown as Record<string, unknown>)[k];
    c[k] = typeof v === 'object' && v !== null ? { ...(base as object), ...v } : v;
  }
  return c as unknown as DetectorConfig;
}

describe('PatientTracker: SPIKE and DROP', () => {
  /** L1 steady around 300 (within the band), the rest at rest. */
  const base = (i: number): Six => [1023, 300 + (i % 3) * 4, 20, 1023, 250, 20];

  it('opens a SPIKE on a jump from a steady mid-range baseline, and clears it clearMs later', () => {
    const t = new PatientTracker(P, D);
    expect(feed(t, stream(T0, 15, base))).toEqual([]);
    const jump = reading(at(15), [1023, 800, 20, 1023, 250, 20]);
    const [opened, ...rest] = t.observe(jump);
    expect(rest).toEqual([]);
    // Baseline: the last 2 s of L1 (300, 304, 308 repeating): the lower median is 304.
    expect(opened).toEqual({
      type: 'OPENED',
      episode: {
        id: `${P}-SPIKE-${at(15)}`,
        patientId: P,
        kind: 'SPIKE',
        severity: 'LOW',
        startedAt: at(15),
        lastFlaggedAt: at(15),
        endedAt: null,
        readingCount: 1,
        sensors: ['L1'],
        peak: 496,
      },
    });
    // L1 stays up: no longer a jump (the window holds the jump, then is steady at 800).
    const after = feed(
      t,
      stream(at(16), 30, () => [1023, 800, 20, 1023, 250, 20]),
    );
    expect(types(after)).toEqual(['CLEARED']);
    // The first absent reading is at(16); the clear period completes 2000 ms later.
    expect(after[0]!.episode).toMatchObject({ endedAt: at(16) + 2000, readingCount: 1, peak: 496 });
  });

  it('counts only jumps of more than delta', () => {
    const t = new PatientTracker(P, D);
    feed(t, stream(T0, 15, steady([1023, 300, 20, 1023, 250, 20])));
    expect(t.observe(reading(at(15), [1023, 700, 20, 1023, 250, 20]))).toEqual([]);
    const u = new PatientTracker(P, D);
    feed(u, stream(T0, 15, steady([1023, 300, 20, 1023, 250, 20])));
    expect(types(u.observe(reading(at(15), [1023, 701, 20, 1023, 250, 20])))).toEqual(['OPENED']);
  });

  it('opens a DROP on a fall from a steady mid-range baseline', () => {
    const t = new PatientTracker(P, D);
    feed(t, stream(T0, 15, steady([1023, 20, 20, 900, 20, 20])));
    const changes = t.observe(reading(at(15), [1023, 20, 20, 100, 20, 20]));
    expect(changes.map((c) => [c.type, c.episode.kind, c.episode.sensors, c.episode.peak])).toEqual([
      ['OPENED', 'DROP', ['R0'], 800],
    ]);
  });

  it('joins a second sensor that jumps while the episode is active', () => {
    const t = new PatientTracker(P, D);
    feed(t, stream(T0, 15, steady([1023, 300, 20, 1023, 400, 20])));
    expect(types(t.observe(reading(at(15), [1023, 800, 20, 1023, 400, 20])))).toEqual(['OPENED']);
    expect(t.observe(reading(at(16), [1023, 800, 20, 1023, 400, 20]))).toEqual([]);
    const [updated] = t.observe(reading(at(17), [1023, 800, 20, 1023, 1000, 20]));
    expect(updated).toMatchObject({
      type: 'UPDATED',
      episode: { id: `${P}-SPIKE-${at(15)}`, sensors: ['L1', 'R1'], readingCount: 2, peak: 600 },
    });
  });

  it('never counts walking: sensors alternating between the floor and 1023', () => {
    const t = new PatientTracker(P, D);
    const changes = feed(t, stream(T0, 10 * 60 * 5, walking));
    expect(changes).toEqual([]);
  });

  it('never counts standing on a saturated sensor and lifting a foot, or setting it down on a floor sensor', () => {
    const t = new PatientTracker(P, D);
    const stand: Six = [1023, 1023, 1023, 1023, 1023, 1023];
    const leftUp: Six = [20, 20, 20, 1023, 1023, 1023];
    const changes = feed(t, [
      ...stream(T0, 50, steady(stand)),
      ...stream(at(50), 50, steady(leftUp)),
      ...stream(at(100), 50, steady(stand)),
      ...stream(at(150), 50, steady(leftUp)),
    ]);
    expect(changes).toEqual([]);
  });

  it('does not flap on values alternating around the threshold: at most one episode', () => {
    for (const [lo, hi] of [
      [690, 710],
      [699, 701],
      [300, 701],
    ] as const) {
      const t = new PatientTracker(P, D);
      const changes = feed(t, [
        ...stream(T0, 15, (i) => walkingWith(1, 300)(i)),
        ...stream(at(15), 300, (i) => walkingWith(1, i % 2 === 0 ? hi : lo)(i)),
      ]);
      const jumps = [...ofKind(changes, 'SPIKE'), ...ofKind(changes, 'DROP')];
      expect(count(jumps, 'OPENED')).toBeLessThanOrEqual(1);
      expect(count(jumps, 'CLEARED')).toBeLessThanOrEqual(1);
    }
  });

  it('needs a baseline that covers its window: no jump counts right after a gap', () => {
    const t = new PatientTracker(P, D);
    feed(t, stream(T0, 15, steady([1023, 300, 20, 1023, 250, 20])));
    // 60 s later: two readings at 300 are no baseline for the third.
    const later = at(15) + 60_000;
    expect(feed(t, stream(later, 2, steady([1023, 300, 20, 1023, 250, 20])))).toEqual([]);
    expect(t.observe(reading(later + 2 * STEP, [1023, 800, 20, 1023, 250, 20]))).toEqual([]);
  });
});

describe('PatientTracker: FLATLINE', () => {
  it('opens after a loaded, unsaturated sensor is stuck within the band for forMs, from the run’s start', () => {
    const t = new PatientTracker(P, D);
    const stuck = walkingWith(2, 512);
    const before = feed(
      t,
      stream(T0, 100, (i) => walkingWith(2, 512 + (i % 2))(i)),
    );
    expect(before).toEqual([]);
    // 100 readings span 19 800 ms; the 101st completes 20 000 ms.
    const [opened] = t.observe(reading(at(100), stuck(100)));
    expect(opened).toMatchObject({
      type: 'OPENED',
      episode: {
        id: `${P}-FLATLINE-${T0}`,
        kind: 'FLATLINE',
        severity: 'MEDIUM',
        startedAt: T0,
        lastFlaggedAt: at(100),
        readingCount: 101,
        sensors: ['L2'],
        peak: 513,
      },
    });
    const more = feed(t, stream(at(101), 10, stuck));
    expect(types(more)).toEqual(Array(10).fill('UPDATED'));
    // Walking again: FLATLINE clears (and the stuck value was a steady mid-range baseline, so
    // leaving it is a jump as well).
    const after = ofKind(feed(t, stream(at(111), 20, walking)), 'FLATLINE');
    expect(types(after)).toEqual(['CLEARED']);
    expect(after[0]!.episode).toMatchObject({
      readingCount: 111,
      lastFlaggedAt: at(110),
      endedAt: at(111) + 2000,
    });
  });

  it('never flatlines a saturated sensor or one at its floor', () => {
    const t = new PatientTracker(P, D);
    const changes = feed(t, stream(T0, 5 * 60 * 5, steady([1023, 1023, 1023, 20, 20, 4])));
    expect(ofKind(changes, 'FLATLINE')).toEqual([]);
    expect(changes).toEqual([]);
  });

  it('is not ended by a gap in the data, and a gap never completes forMs by itself', () => {
    const t = new PatientTracker(P, D);
    const stuck = walkingWith(2, 512);
    // 10 s stuck, a 30 s gap, 10 s stuck: the gap does not count towards the 20 s.
    expect(feed(t, stream(T0, 50, stuck))).toEqual([]);
    const resume = at(49) + 30_000;
    expect(ofKind(feed(t, stream(resume, 50, stuck)), 'FLATLINE')).toEqual([]);
    const opened = ofKind(feed(t, stream(resume + 50 * STEP, 60, stuck)), 'FLATLINE');
    expect(opened[0]).toMatchObject({ type: 'OPENED', episode: { startedAt: resume, readingCount: 101 } });
    // Open, then a 60 s gap, still stuck: the same episode goes on.
    const later = resume + 110 * STEP + 60_000;
    const after = ofKind(feed(t, stream(later, 5, stuck)), 'FLATLINE');
    expect(types(after)).toEqual(Array(5).fill('UPDATED'));
    expect(after[0]!.episode.id).toBe(opened[0]!.episode.id);
  });

  it('restarts the run when the value leaves the band', () => {
    const t = new PatientTracker(P, D);
    // 15 s at 500, then 15 s at 503: neither run spans 20 s.
    const changes = feed(t, [
      ...stream(T0, 75, walkingWith(1, 500)),
      ...stream(at(75), 75, walkingWith(1, 503)),
    ]);
    expect(changes).toEqual([]);
  });
});

describe('PatientTracker: OUT_OF_RANGE', () => {
  it('opens after a sensor is outside [min, max] for forMs and clears when it is back', () => {
    const t = new PatientTracker(P, D);
    const pressed = walkingWith(3, 1023);
    const n = D.outOfRange.forMs / STEP; // the (n+1)th reading completes forMs
    expect(feed(t, stream(T0, n, pressed))).toEqual([]);
    const [opened] = t.observe(reading(at(n), pressed(n)));
    expect(opened).toMatchObject({
      type: 'OPENED',
      episode: {
        kind: 'OUT_OF_RANGE',
        severity: 'LOW',
        startedAt: T0,
        readingCount: n + 1,
        sensors: ['R0'],
        peak: 1023,
      },
    });
    const after = feed(t, stream(at(n + 1), 20, walkingWith(3, 500)));
    expect(types(after)).toEqual(['CLEARED']);
    expect(after[0]!.episode).toMatchObject({ readingCount: n + 1, endedAt: at(n + 1) + 2000 });
  });

  it('does not flap on values alternating around max: one episode, one clear', () => {
    const cfg = config({ outOfRange: { forMs: 10_000 } });
    const t = new PatientTracker(P, cfg);
    const hover = (i: number) => walkingWith(3, i % 2 === 0 ? 1023 : 1022)(i);
    // Hovering alone never makes a run of forMs.
    expect(feed(t, stream(T0, 300, hover))).toEqual([]);
    const changes = feed(t, [
      ...stream(at(300), 60, walkingWith(3, 1023)),
      ...stream(at(360), 300, hover),
      ...stream(at(660), 20, walkingWith(3, 1022)),
    ]);
    expect(types(changes)).toEqual(['OPENED', ...Array(10).fill('UPDATED'), 'CLEARED']);
    // Opened when the run at 1023 spanned 10 s; the first 1022 of the hovering ends the run, and
    // the readings after it (1022, or 1023 in runs far shorter than forMs) clear it 2 s later.
    expect(changes[0]!.episode).toMatchObject({
      startedAt: at(300),
      lastFlaggedAt: at(350),
      readingCount: 51,
    });
    expect(changes.at(-1)!.episode).toMatchObject({
      lastFlaggedAt: at(360),
      endedAt: at(361) + 2000,
      readingCount: 61,
    });
  });
});

describe('PatientTracker: NO_DATA', () => {
  it('opens once no reading came for more than afterMs while monitored, and clears on the next reading', () => {
    const t = new PatientTracker(P, D);
    t.observe(reading(T0, walking(0)));
    expect(t.tick(T0 + 10_000, true)).toEqual([]);
    expect(t.tick(T0 + 30_000, true)).toEqual([]);
    const [opened, ...rest] = t.tick(T0 + 30_001, true);
    expect(rest).toEqual([]);
    expect(opened).toEqual({
      type: 'OPENED',
      episode: {
        id: `${P}-NO_DATA-${T0}`,
        patientId: P,
        kind: 'NO_DATA',
        severity: 'MEDIUM',
        startedAt: T0,
        lastFlaggedAt: T0,
        endedAt: null,
        readingCount: 0,
        sensors: [],
        peak: null,
      },
    });
    expect(t.tick(T0 + 40_000, true)).toEqual([]);
    expect(t.openEpisodes().map((e) => e.kind)).toEqual(['NO_DATA']);
    const changes = t.observe(reading(T0 + 45_000, walking(1)));
    expect(changes.map((c) => [c.type, c.episode.kind, c.episode.endedAt])).toEqual([
      ['CLEARED', 'NO_DATA', T0 + 45_000],
    ]);
    expect(t.openEpisodes()).toEqual([]);
  });

  it('is cleared before anything else the fresh reading causes', () => {
    const t = new PatientTracker(P, config({ flags: { pendingMs: 0 } }));
    t.observe(reading(T0, walking(0)));
    expect(types(t.tick(T0 + 31_000, true))).toEqual(['OPENED']);
    const changes = t.observe(reading(T0 + 32_000, walking(1), true));
    expect(changes.map((c) => [c.type, c.episode.kind])).toEqual([
      ['CLEARED', 'NO_DATA'],
      ['OPENED', 'ANOMALY'],
    ]);
  });

  it('never opens while the patient is not monitored', () => {
    const t = new PatientTracker(P, D);
    t.observe(reading(T0, walking(0)));
    for (let now = T0; now < T0 + 600_000; now += 1000) expect(t.tick(now, false)).toEqual([]);
  });

  it('counts from the first tick when there has never been a reading', () => {
    const t = new PatientTracker(P, D);
    expect(t.tick(T0, true)).toEqual([]);
    expect(t.tick(T0 + 30_000, true)).toEqual([]);
    expect(t.tick(T0 + 30_001, true).map((c) => [c.type, c.episode.startedAt])).toEqual([['OPENED', T0]]);
  });

  it('does not clear other episodes: ticks only ever open NO_DATA', () => {
    const t = new PatientTracker(P, D);
    feed(
      t,
      stream(T0, 20, walking, () => true),
    );
    expect(t.openEpisodes().map((e) => e.kind)).toEqual(['ANOMALY']);
    expect(types(t.tick(at(20) + 120_000, true))).toEqual(['OPENED']);
    expect(t.openEpisodes().map((e) => e.kind)).toEqual(['ANOMALY', 'NO_DATA']);
  });
});

describe('PatientTracker: ANOMALY (the API’s flags)', () => {
  it('turns a 70 s all-six-sensor flagged episode into one OPENED, UPDATEs and one CLEARED', () => {
    const t = new PatientTracker(P, D);
    const flaggedFrom = 25;
    const flaggedCount = 70_000 / STEP + 1; // 0 .. 70 000 ms inclusive: 351 readings
    const changes = feed(
      t,
      stream(
        T0,
        flaggedFrom + flaggedCount + 25,
        walking,
        (i) => i >= flaggedFrom && i < flaggedFrom + flaggedCount,
      ),
    );
    expect(changes.every((c) => c.episode.kind === 'ANOMALY')).toBe(true);
    expect(count(changes, 'OPENED')).toBe(1);
    expect(count(changes, 'CLEARED')).toBe(1);
    // Opened at the 6th flagged reading (1000 ms after the first), then one UPDATED per flagged reading.
    expect(changes[0]!.episode).toMatchObject({ startedAt: at(flaggedFrom), readingCount: 6 });
    expect(count(changes, 'UPDATED')).toBe(flaggedCount - 6);
    const cleared = changes.at(-1)!;
    expect(cleared.type).toBe('CLEARED');
    expect(cleared.episode).toEqual({
      id: `${P}-ANOMALY-${at(flaggedFrom)}`,
      patientId: P,
      kind: 'ANOMALY',
      severity: 'HIGH',
      startedAt: at(flaggedFrom),
      lastFlaggedAt: at(flaggedFrom + flaggedCount - 1),
      endedAt: at(flaggedFrom + flaggedCount) + 2000,
      readingCount: flaggedCount,
      sensors: ['L0', 'L1', 'L2', 'R0', 'R1', 'R2'],
      peak: 1023,
    });
    expect(new Set(changes.map((c) => c.episode.id)).size).toBe(1);
    expect(t.transients).toBe(0);
  });

  it('counts a 0.4 s blip as a transient, never an episode', () => {
    const t = new PatientTracker(P, D);
    const changes = feed(
      t,
      stream(T0, 40, walking, (i) => i >= 10 && i <= 12),
    );
    expect(changes).toEqual([]);
    expect(t.transients).toBe(1);
  });

  it('continues the same episode when a flag comes inside the clear period', () => {
    const t = new PatientTracker(P, D);
    // Flagged 0..3 s, unflagged 1.6 s, one flagged reading, then unflagged.
    const flagged = (i: number) => i <= 15 || i === 24;
    const changes = feed(t, stream(T0, 60, walking, flagged));
    expect(count(changes, 'OPENED')).toBe(1);
    expect(count(changes, 'CLEARED')).toBe(1);
    expect(changes.at(-1)!.episode).toMatchObject({
      readingCount: 17,
      lastFlaggedAt: at(24),
      endedAt: at(25) + 2000,
    });
  });

  it('is not cleared by a 60 s gap in the data, only by readings spanning the clear period', () => {
    const t = new PatientTracker(P, D);
    const first = feed(
      t,
      stream(T0, 25, walking, () => true),
    );
    expect(types(first)).toEqual(['OPENED', ...Array(19).fill('UPDATED')]);
    // 60 s without readings, then flagged again: the same episode goes on.
    const resume = at(24) + 60_000;
    const again = feed(
      t,
      stream(resume, 5, walking, () => true),
    );
    expect(types(again)).toEqual(Array(5).fill('UPDATED'));
    expect(again[0]!.episode.id).toBe(first[0]!.episode.id);
    // Another gap, then unflagged readings: the clear period starts at the first of them.
    const quiet = resume + 4 * STEP + 60_000;
    const end = feed(t, stream(quiet, 20, walking));
    expect(types(end)).toEqual(['CLEARED']);
    expect(end[0]!.episode).toMatchObject({
      id: first[0]!.episode.id,
      readingCount: 30,
      endedAt: quiet + 2000,
    });
  });

  it('restarts the clear period after a gap as long as it: a gap alone never completes it', () => {
    const t = new PatientTracker(P, D);
    feed(
      t,
      stream(T0, 10, walking, () => true),
    );
    expect(feed(t, stream(at(10), 3, walking))).toEqual([]);
    const resume = at(12) + 60_000;
    const end = feed(t, stream(resume, 20, walking));
    expect(end.map((c) => [c.type, c.episode.endedAt])).toEqual([['CLEARED', resume + 2000]]);
  });

  it('keeps the flagged sensors as their union, in sensor order, and the highest flagged value', () => {
    const t = new PatientTracker(P, D);
    const flags = (i: number): Flags => [false, false, false, false, i % 2 === 0, i >= 1];
    const values = (i: number): Six => [1023, 1023, 1023, 20, 100 + i, 20];
    const changes = feed(t, stream(T0, 8, values, flags));
    expect(changes.at(-1)!.episode).toMatchObject({
      sensors: ['R1', 'R2'],
      peak: 106,
      startedAt: T0,
      readingCount: 8,
    });
  });
});

describe('PatientTracker: state and lifecycle', () => {
  /** A mix: an anomaly episode, a spike, a flatline building up, an out-of-range run, a gap. */
  const cfg = config({ outOfRange: { forMs: 5000 } });
  const mixed: Reading[] = [
    ...stream(T0, 40, walking, (i) => i >= 10 && i < 30),
    ...stream(at(40), 20, steady([1023, 300, 20, 1023, 1023, 600])),
    ...stream(
      at(60),
      20,
      (i) => [1023, i === 0 ? 800 : 300, 20, 1023, 1023, 600],
      (i) => i > 14,
    ),
    ...stream(
      at(80) + 45_000,
      150,
      (i) => walkingWith(5, 600)(i),
      (i) => i < 3,
    ),
  ];

  function continuous(): EpisodeChange[] {
    return feed(new PatientTracker(P, cfg), mixed);
  }

  it('the mixed stream exercises several kinds', () => {
    const kinds = new Set(continuous().map((c) => c.episode.kind));
    expect([...kinds].sort()).toEqual(['ANOMALY', 'FLATLINE', 'OUT_OF_RANGE', 'SPIKE']);
  });

  it.each([5, 12, 20, 35, 45, 61, 79, 81, 120, 200])(
    'a tracker restored (through JSON) after reading %i continues exactly as one that never stopped',
    (cut) => {
      const all = continuous();
      const first = new PatientTracker(P, cfg);
      const before = feed(first, mixed.slice(0, cut));
      const state = JSON.parse(JSON.stringify(first.state())) as unknown;
      expect(isTrackerState(state)).toBe(true);
      const restored = new PatientTracker(P, cfg, state as TrackerState);
      expect(restored.openEpisodes()).toEqual(first.openEpisodes());
      const after = feed(restored, mixed.slice(cut));
      expect([...before, ...after]).toEqual(all);
    },
  );

  it('a tracker restored mid-episode continues it: no second OPENED, same id', () => {
    const first = new PatientTracker(P, D);
    const opened = feed(
      first,
      stream(T0, 20, walking, () => true),
    );
    const id = opened[0]!.episode.id;
    const restored = new PatientTracker(P, D, first.state());
    const more = feed(
      restored,
      stream(at(20), 30, walking, (i) => i < 10),
    );
    expect(types(more)).toEqual([...Array(10).fill('UPDATED'), 'CLEARED']);
    expect(new Set(more.map((c) => c.episode.id))).toEqual(new Set([id]));
    expect(more.at(-1)!.episode.readingCount).toBe(30);
  });

  it('state() holds only plain JSON values', () => {
    const t = new PatientTracker(P, cfg);
    feed(t, mixed.slice(0, 70));
    const s = t.state();
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('refuses a state of another patient', () => {
    const s = new PatientTracker(P, D).state();
    expect(() => new PatientTracker(P + 1, D, s)).toThrow(/patient/);
    expect(isTrackerState({ version: 2 })).toBe(false);
    expect(isTrackerState(null)).toBe(false);
  });

  it('ignores a reading it has already seen (a replay after a restore)', () => {
    const t = new PatientTracker(P, D);
    const rs = stream(T0, 10, walking, () => true);
    const first = feed(t, rs);
    expect(first.length).toBeGreaterThan(0);
    expect(feed(t, rs)).toEqual([]);
  });

  it('never opens a disabled kind', () => {
    const off = config({
      enabled: {
        ANOMALY: false,
        SPIKE: false,
        DROP: false,
        FLATLINE: false,
        NO_DATA: false,
        OUT_OF_RANGE: false,
      },
    });
    const t = new PatientTracker(P, off);
    expect(feed(t, mixed)).toEqual([]);
    expect(t.tick(at(10_000), true)).toEqual([]);
    expect(t.transients).toBe(0);
  });

  it('clears a restored episode of a kind disabled since, like any episode whose condition is gone', () => {
    const first = new PatientTracker(P, D);
    feed(
      first,
      stream(T0, 20, walking, () => true),
    );
    const restored = new PatientTracker(P, config({ enabled: { ANOMALY: false } }), first.state());
    const changes = feed(
      restored,
      stream(at(20), 20, walking, () => true),
    );
    expect(types(changes)).toEqual(['CLEARED']);
  });

  it('refuses a reading of another patient', () => {
    const t = new PatientTracker(P, D);
    expect(() => t.observe({ ...reading(T0, walking(0)), patientId: P + 1 })).toThrow(/patient/);
  });
});
