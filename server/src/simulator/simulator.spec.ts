import { parseMonitorResponse } from '../polling/monitor-response';
import { sampleAt } from './gait-model';
import { createSimulator, type Simulator, type SimulatorResponse } from './simulator';
import { decodeTraceId, utcMsFromTraceId } from './trace-clock';

const T0 = 1_700_000_000_000;

function fakeClock(start = T0): {
  now: () => number;
  set: (ms: number) => void;
  advance: (ms: number) => void;
} {
  let current = start;
  return { now: () => current, set: (ms) => (current = ms), advance: (ms) => (current += ms) };
}

function bodyOf(result: SimulatorResponse): string {
  if (result.action !== 'respond') throw new Error(`expected a response, got ${result.action}`);
  expect(result.status).toBe(200);
  return result.body;
}

interface Body {
  birthdate: string;
  disabled: boolean;
  firstname: string;
  id: number;
  lastname: string;
  trace: {
    id: number;
    name: string;
    sensors: { anomaly: boolean; id: number; name: string; value: number }[];
  };
}

const parse = (text: string): Body => JSON.parse(text) as Body;

describe('simulator core: the real JSON shape', () => {
  const clock = fakeClock();
  const sim = createSimulator({ clock: clock.now });

  it('writes exactly the real body: key order, id 12, birthdate string, sensor names L0..R2', () => {
    const text = bodyOf(sim.respond(1));
    expect(text).toMatch(
      /^\{"birthdate":"1982","disabled":false,"firstname":"Janek","id":12,"lastname":"Grzegorczyk","trace":\{"id":\d{13,14},"name":"bach","sensors":\[\{"anomaly":(true|false),"id":0,"name":"L0","value":\d{1,4}\},\{"anomaly":(true|false),"id":1,"name":"L1","value":\d{1,4}\},\{"anomaly":(true|false),"id":2,"name":"L2","value":\d{1,4}\},\{"anomaly":(true|false),"id":3,"name":"R0","value":\d{1,4}\},\{"anomaly":(true|false),"id":4,"name":"R1","value":\d{1,4}\},\{"anomaly":(true|false),"id":5,"name":"R2","value":\d{1,4}\}\]\}\}$/,
    );
    const body = parse(text);
    expect(Object.keys(body)).toEqual(['birthdate', 'disabled', 'firstname', 'id', 'lastname', 'trace']);
    expect(Object.keys(body.trace)).toEqual(['id', 'name', 'sensors']);
    for (const sensor of body.trace.sensors)
      expect(Object.keys(sensor)).toEqual(['anomaly', 'id', 'name', 'value']);
  });

  it('serves the six real patients, Polish letters escaped like the real API', () => {
    const expected = [
      ['1982', false, 'Janek', 'Grzegorczyk', 'bach'],
      ['1976', true, 'Elżbieta', 'Kochalska', 'ela'],
      ['1991', false, 'Albert', 'Lisowski', 'alek'],
      ['1998', true, 'Ewelina', 'Nosowska', 'ewelinka'],
      ['1985', false, 'Piotr', 'Fokalski', 'piotrek - w czasie spaceru z psem'],
      ['1981', false, 'Bartosz', 'Moskalski', 'bartek gdy poszedł po kanapkę'],
    ];
    expected.forEach(([birthdate, disabled, firstname, lastname, traceName], k) => {
      const body = parse(bodyOf(sim.respond(k + 1)));
      expect([body.birthdate, body.disabled, body.firstname, body.lastname, body.trace.name]).toEqual([
        birthdate,
        disabled,
        firstname,
        lastname,
        traceName,
      ]);
      expect(body.id).toBe(12);
    });
    const ela = bodyOf(sim.respond(2));
    expect(ela).toContain('"firstname":"El\\u017cbieta"');
    const bartosz = bodyOf(sim.respond(6));
    expect(bartosz).toContain('"name":"bartek gdy poszed\\u0142 po kanapk\\u0119"');
    // Bodies are pure ASCII, as the real service's.
    for (let id = 1; id <= 6; id++) expect(bodyOf(sim.respond(id))).toMatch(/^[\x20-\x7e]+$/);
  });

  it("is accepted by the project's own body validator", () => {
    for (let id = 1; id <= 6; id++) {
      const parsed = parseMonitorResponse(JSON.parse(bodyOf(sim.respond(id))), 6);
      expect(parsed.sensors).toHaveLength(6);
    }
  });

  it('answers 404 with a JSON error for ids it does not serve', () => {
    for (const id of [0, 7, -1, 1.5]) {
      const result = sim.respond(id);
      expect(result).toMatchObject({ action: 'respond', status: 404 });
      if (result.action === 'respond')
        expect(JSON.parse(result.body)).toEqual({ error: expect.stringMatching(/unknown patient/) });
    }
  });
});

describe('simulator core: sampling pace', () => {
  let clock: ReturnType<typeof fakeClock>;
  let sim: Simulator;
  beforeEach(() => {
    clock = fakeClock();
    sim = createSimulator({ clock: clock.now, seed: 7 });
  });

  it('repeats the identical body between fresh samples, however often polled', () => {
    const first = bodyOf(sim.respond(2));
    for (let ms = 0; ms < 200; ms += 1) {
      clock.set(T0 + ms);
      expect(bodyOf(sim.respond(2))).toBe(first);
    }
  });

  it('serves a fresh sample every 200 ms of wall time, not per poll', () => {
    const profile = sim.gaitProfile(2)!;
    expect(sim.sampleIndexAt(T0 + 199)).toBe(0);
    expect(sim.sampleIndexAt(T0 + 200)).toBe(1);
    // Polled once at 0 and next at 1,000 ms: sample 5 comes, samples 1..4 were never seen.
    const atZero = parse(bodyOf(sim.respond(2)));
    clock.set(T0 + 1000);
    const atFive = parse(bodyOf(sim.respond(2)));
    expect(atZero.trace.sensors.map((s) => s.value)).toEqual([...sampleAt(profile, 0).values]);
    expect(atFive.trace.sensors.map((s) => s.value)).toEqual([...sampleAt(profile, 5).values]);
    // Polled every 50 ms for 10 s: each poll carries the sample of its 200 ms slot, so 50 samples.
    const indices = new Set<number>();
    for (let ms = 0; ms < 10_000; ms += 50) {
      clock.set(T0 + ms);
      const values = parse(bodyOf(sim.respond(2))).trace.sensors.map((s) => s.value);
      expect(values).toEqual([...sampleAt(profile, Math.floor(ms / 200)).values]);
      indices.add(sim.sampleIndexAt(T0 + ms));
    }
    expect(indices.size).toBe(50);
    expect(sim.sampleIndexAt(T0 + 9_999)).toBe(49);
  });

  it('honours sampleIntervalMs', () => {
    const fast = createSimulator({ clock: clock.now, sampleIntervalMs: 50 });
    expect(fast.sampleIndexAt(T0 + 49)).toBe(0);
    expect(fast.sampleIndexAt(T0 + 1000)).toBe(20);
  });

  it('advances trace.id with the recording clock: about once a second, never by more than a second', () => {
    const ids: number[] = [];
    for (let k = 0; k < 300; k++) {
      clock.set(T0 + k * 200);
      ids.push(parse(bodyOf(sim.respond(5))).trace.id);
    }
    let changes = 0;
    for (let k = 1; k < ids.length; k++) {
      const delta = utcMsFromTraceId(ids[k]!) - utcMsFromTraceId(ids[k - 1]!);
      if (delta !== 0) {
        changes++;
        expect(delta).toBe(1000);
      }
    }
    // Real captures: 3.53 samples per trace second -> 300 samples ~ 85 changes.
    expect(changes).toBeGreaterThanOrEqual(80);
    expect(changes).toBeLessThanOrEqual(90);
    expect(decodeTraceId(ids[0]!).year).toBe(2010); // Piotr's recording was taken in January 2010
  });

  it('jumps trace.id back at the loop point and replays the same loop', () => {
    const profile = sim.gaitProfile(2)!;
    // The sample index at which patient 2 is at the last position of its loop.
    const last = profile.loopSamples - 1 - profile.startOffsetSamples;
    const at = (index: number): Body => {
      clock.set(T0 + index * 200);
      return parse(bodyOf(sim.respond(2)));
    };
    const end = at(last);
    const start = at(last + 1);
    expect(utcMsFromTraceId(start.trace.id)).toBeLessThan(utcMsFromTraceId(end.trace.id));
    // 14 minutes of wall time = 4200 samples x 283 ms of recording clock.
    expect(utcMsFromTraceId(end.trace.id) - utcMsFromTraceId(start.trace.id)).toBeGreaterThan(1180_000);
    expect(decodeTraceId(start.trace.id)).toEqual({
      hour: 13,
      minute: 43,
      second: 47,
      day: 5,
      month: 6,
      year: 2019,
    });
    const again = at(last + 1 + profile.loopSamples);
    expect(again).toEqual(start);
  });

  it('flags anomalies in all six sensors by default and in one in single-sensor mode', () => {
    const profile = sim.gaitProfile(1)!;
    const episode = profile.episodes[0]!;
    const index = episode.start - profile.startOffsetSamples + profile.loopSamples; // inside, a loop later
    clock.set(T0 + index * 200);
    expect(parse(bodyOf(sim.respond(1))).trace.sensors.map((s) => s.anomaly)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    clock.set(T0);
    const single = createSimulator({ clock: clock.now, seed: 7, anomalyMode: 'single-sensor' });
    const singleIndex = episode.start - single.gaitProfile(1)!.startOffsetSamples + profile.loopSamples;
    clock.set(T0 + singleIndex * 200);
    expect(parse(bodyOf(single.respond(1))).trace.sensors.filter((s) => s.anomaly)).toHaveLength(1);
    clock.set(T0 + (index - 1) * 200);
    expect(parse(bodyOf(sim.respond(1))).trace.sensors.some((s) => s.anomaly)).toBe(false);
  });
});

describe('simulator core: generated patients', () => {
  it('serves 1,000 patients, deterministic per seed, unknown above the count', () => {
    const clock = fakeClock();
    const a = createSimulator({ clock: clock.now, patients: 1000, seed: 'bench' });
    const b = createSimulator({ clock: clock.now, patients: 1000, seed: 'bench' });
    const names = new Set<string>();
    for (let id = 1; id <= 1000; id++) {
      const text = bodyOf(a.respond(id));
      expect(text).toBe(bodyOf(b.respond(id)));
      const body = parseMonitorResponse(JSON.parse(text), 6);
      names.add(`${body.firstName} ${body.lastName}`);
    }
    expect(names.size).toBeGreaterThan(100);
    expect(a.respond(1001)).toMatchObject({ status: 404 });
    const other = createSimulator({ clock: clock.now, patients: 1000, seed: 'other' });
    expect(bodyOf(other.respond(500))).not.toBe(bodyOf(a.respond(500)));
    // The six real patients do not depend on the seed.
    expect(other.patient(2)).toEqual(a.patient(2));
  });

  it('refuses bad options with clear messages', () => {
    expect(() => createSimulator({ patients: 0 })).toThrow(/patients must be an integer/);
    expect(() => createSimulator({ sampleIntervalMs: 0 })).toThrow(/sampleIntervalMs/);
    expect(() => createSimulator({ faults: { errorRate: 2 } })).toThrow(/errorRate must be a number 0..1/);
  });
});

describe('simulator core: faults', () => {
  it('answers 500 at the configured rate, per patient over global', () => {
    const clock = fakeClock();
    const sim = createSimulator({ clock: clock.now, faults: { errorRate: 0.3 } });
    sim.setFaults(2, { errorRate: 0 });
    let errors = 0;
    for (let k = 0; k < 2000; k++) {
      const result = sim.respond(1);
      if (result.action === 'respond' && result.status === 500) errors++;
      expect(sim.respond(2)).toMatchObject({ status: 200 });
    }
    expect(errors / 2000).toBeGreaterThan(0.25);
    expect(errors / 2000).toBeLessThan(0.35);
    sim.setFaults('all', null);
    expect(sim.respond(1)).toMatchObject({ status: 200, delayMs: 0 });
  });

  it('reports latency with jitter, and hangs when asked', () => {
    const sim = createSimulator({ clock: fakeClock().now });
    sim.setFaults(3, { latencyMs: 100, latencyJitterMs: 50 });
    const delays = Array.from({ length: 200 }, () => sim.respond(3).delayMs);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...delays)).toBeLessThanOrEqual(150);
    expect(new Set(delays).size).toBeGreaterThan(100);
    expect(sim.respond(4).delayMs).toBe(0);
    sim.setFaults(4, { hang: true });
    expect(sim.respond(4).action).toBe('hang');
    expect(sim.faultsFor(4)).toEqual({ hang: true });
  });
});
