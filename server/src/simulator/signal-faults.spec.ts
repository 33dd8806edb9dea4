import { DEFAULT_DETECTOR_CONFIG, PatientTracker } from '../episodes/detection';
import type { EpisodeChange, EpisodeKind } from '../episodes/episode';
import { parseMonitorResponse } from '../polling/monitor-response';
import { isRepeat, type Reading } from '../readings/reading';
import { validateFaults, type FaultConfig } from './faults';
import { createSimulator, type Simulator, type SimulatorResponse } from './simulator';
import { applySignalFaults, sensorIdOf } from './signal-faults';

const T0 = 1_700_000_000_000;
const POLL_MS = 200;

/** Albert (patient 3) has no captured anomaly episode, so whatever opens comes from the fault. */
const ALBERT = 3;

interface Run {
  readonly changes: EpisodeChange[];
  readonly readings: Reading[];
}

function parse(answer: SimulatorResponse): ReturnType<typeof parseMonitorResponse> {
  if (answer.action !== 'respond' || answer.status !== 200) throw new Error('expected a 200');
  return parseMonitorResponse(JSON.parse(answer.body), 6);
}

/**
 * Polls one patient every 200 ms of a fake clock like the poller does (repeats dropped, the
 * arrival time as `at`) and feeds the detectors with their defaults, ticking as the engine does.
 */
function pollThroughDetectors(
  sim: Simulator,
  clock: { now: number },
  patientId: number,
  seconds: number,
): Run {
  const tracker = new PatientTracker(patientId, DEFAULT_DETECTOR_CONFIG);
  const changes: EpisodeChange[] = [];
  const readings: Reading[] = [];
  let last: Reading | undefined;
  for (let t = 0; t < (seconds * 1000) / POLL_MS; t++) {
    clock.now += POLL_MS;
    const response = parse(sim.respond(patientId, clock.now));
    changes.push(...tracker.tick(clock.now, true));
    if (last !== undefined && isRepeat(last, response.traceId, response.sensors)) continue;
    last = { patientId, at: clock.now, traceId: response.traceId, sensors: response.sensors };
    readings.push(last);
    changes.push(...tracker.observe(last));
  }
  return { changes, readings };
}

const opened = (run: Run): EpisodeKind[] => [
  ...new Set(run.changes.filter((c) => c.type === 'OPENED').map((c) => c.episode.kind)),
];

function simulatorWith(faults: FaultConfig): { sim: Simulator; clock: { now: number } } {
  const clock = { now: T0 };
  const sim = createSimulator({ clock: () => clock.now, patientFaults: { [ALBERT]: faults } });
  return { sim, clock };
}

describe('simulator data faults: each episode rule on chosen patients', () => {
  it('is fault-free by default: Albert opens no episode in two minutes', () => {
    const { sim, clock } = simulatorWith({});
    expect(opened(pollThroughDetectors(sim, clock, ALBERT, 120))).toEqual([]);
  });

  it("keeps the captured anomaly episodes' shape: one ANOMALY of all six sensors, as long as captured", () => {
    const clock = { now: T0 };
    const sim = createSimulator({ clock: () => clock.now });
    for (const patientId of [1, 2, 5]) {
      const profile = sim.gaitProfile(patientId)!;
      for (let e = 0; e < profile.episodeStarts.length; e++) {
        const start = profile.episodeStarts[e]!;
        const length = profile.episodeEnds[e]! - start;
        // The sample index at which this patient's loop reaches the episode, 10 samples early.
        const index =
          (((start - profile.startOffsetSamples) % profile.loopSamples) + profile.loopSamples) %
          profile.loopSamples;
        clock.now = T0 + (index - 10) * POLL_MS - 1;
        const run = pollThroughDetectors(sim, clock, patientId, ((length + 30) * POLL_MS) / 1000);
        const anomalies = run.changes.filter((c) => c.episode.kind === 'ANOMALY');
        expect(anomalies.filter((c) => c.type === 'OPENED')).toHaveLength(1);
        const cleared = anomalies.find((c) => c.type === 'CLEARED')!.episode;
        expect(cleared.sensors).toEqual(['L0', 'L1', 'L2', 'R0', 'R1', 'R2']);
        const flaggedMs = cleared.lastFlaggedAt - cleared.startedAt;
        expect(flaggedMs).toBeGreaterThanOrEqual((length - 2) * POLL_MS);
        expect(flaggedMs).toBeLessThanOrEqual(length * POLL_MS);
        expect(length * POLL_MS).toBeGreaterThanOrEqual(2000);
        expect(length * POLL_MS).toBeLessThanOrEqual(70_000);
      }
    }
  });

  it('stuck: one sensor at one loaded value opens FLATLINE on that sensor, and only there', () => {
    const { sim, clock } = simulatorWith({ stuck: { sensor: 1 } });
    const run = pollThroughDetectors(sim, clock, ALBERT, 30);
    expect(run.readings.every((r) => r.sensors[1]!.value === 512)).toBe(true);
    expect(opened(run)).toEqual(['FLATLINE']);
    const flat = run.changes.find((c) => c.type === 'OPENED')!.episode;
    expect(flat.sensors).toEqual(['L1']);
    expect(flat.peak).toBe(512);
    // The other patients' data is untouched.
    expect(sim.respond(2, clock.now)).toMatchObject({ status: 200 });
    expect(parse(sim.respond(2, clock.now)).sensors.map((s) => s.value)).toEqual(
      parseMonitorResponse(JSON.parse(sim.body(2, clock.now)!), 6).sensors.map((s) => s.value),
    );
  });

  it('stuck at 1023: a saturated sensor opens OUT_OF_RANGE once it lasts the rule period', () => {
    const { sim, clock } = simulatorWith({ stuck: { sensor: 4, value: 1023 } });
    const run = pollThroughDetectors(sim, clock, ALBERT, DEFAULT_DETECTOR_CONFIG.outOfRange.forMs / 1000 + 5);
    expect(opened(run)).toEqual(['OUT_OF_RANGE']);
    expect(run.changes.find((c) => c.type === 'OPENED')!.episode.sensors).toEqual(['R1']);
  });

  it('spike: a jump from a steady value opens SPIKE; from above, DROP', () => {
    const up = simulatorWith({ spike: { sensor: 0 } });
    const spikes = pollThroughDetectors(up.sim, up.clock, ALBERT, 20);
    expect(opened(spikes)).toEqual(['SPIKE']);
    // One jump every 5 s, each cleared 2 s later: about four episodes in 20 s.
    expect(spikes.changes.filter((c) => c.type === 'OPENED').length).toBeGreaterThanOrEqual(3);
    expect(spikes.changes.find((c) => c.type === 'OPENED')!.episode).toMatchObject({
      sensors: ['L0'],
      peak: 650,
    });

    const down = simulatorWith({ spike: { sensor: 5, from: 900, to: 100 } });
    expect(opened(pollThroughDetectors(down.sim, down.clock, ALBERT, 20))).toEqual(['DROP']);
  });

  it('silence: the monitor repeats one sample, so no reading arrives and NO_DATA opens; lifting it clears', () => {
    const { sim, clock } = simulatorWith({ silence: true });
    const run = pollThroughDetectors(sim, clock, ALBERT, DEFAULT_DETECTOR_CONFIG.noData.afterMs / 1000 + 5);
    expect(run.readings).toHaveLength(1);
    expect(opened(run)).toEqual(['NO_DATA']);

    sim.setFaults(ALBERT, null);
    const first = parse(sim.respond(ALBERT, clock.now + POLL_MS));
    expect(first.traceId).not.toBe(run.readings[0]!.traceId);
  });

  it('can be set and lifted at run time, per patient over the global settings', () => {
    const clock = { now: T0 };
    const sim = createSimulator({ clock: () => clock.now });
    sim.setFaults('all', { stuck: { sensor: 2, value: 700 } });
    sim.setFaults(2, { stuck: { sensor: 0, value: 300 } });
    const values = (id: number) => parse(sim.respond(id, clock.now)).sensors.map((s) => s.value);
    expect(values(1)[2]).toBe(700);
    expect(values(2)[0]).toBe(300);
    expect(sim.faultsFor(2)).toEqual({ stuck: { sensor: 0, value: 300 } });
    // The fault-free body stays fault-free.
    expect(parseMonitorResponse(JSON.parse(sim.body(1, clock.now)!), 6).sensors[2]!.value).not.toBe(700);
    sim.setFaults('all', null);
    sim.setFaults(2, null);
    expect(values(1)).toEqual(
      parseMonitorResponse(JSON.parse(sim.body(1, clock.now)!), 6).sensors.map((s) => s.value),
    );
  });

  it('writes the spike once per period, as a pure function of the sample index', () => {
    const values = new Int16Array(6).fill(10);
    const seen: number[] = [];
    for (let i = 0; i < 50; i++) {
      applySignalFaults({ spike: { sensor: 3, periodMs: 2000 } }, i, 200, values);
      seen.push(values[3]!);
    }
    expect(seen.filter((v) => v === 950)).toHaveLength(5);
    expect(seen.filter((v) => v === 300)).toHaveLength(45);
  });

  it('refuses nonsense with the field named', () => {
    expect(() => validateFaults({ stuck: { sensor: 6 } })).toThrow(/stuck.sensor must be a sensor id 0..5/);
    expect(() => validateFaults({ stuck: { sensor: 0, value: 2000 } })).toThrow(
      /stuck.value must be an integer 0..1023/,
    );
    expect(() => validateFaults({ spike: { sensor: 0, from: 500, to: 500 } })).toThrow(
      /spike.to must differ/,
    );
    expect(() => validateFaults({ spike: { sensor: 0, periodMs: 100 } })).toThrow(
      /spike.periodMs must be a number >= 1000/,
    );
    expect(() => createSimulator({ patients: 6, patientFaults: { 7: { silence: true } } })).toThrow(
      /patient 7 is not one of 1..6/,
    );
    expect(sensorIdOf('r2')).toBe(5);
    expect(sensorIdOf('4')).toBe(4);
    expect(sensorIdOf('X9')).toBeUndefined();
  });
});
