import { MalformedResponseError, parseMonitorResponse } from '../polling/monitor-response';
import { FaultInjector, MALFORMED_KINDS, malformBody, validateFaults, type MalformedKind } from './faults';
import { createRandom } from './seeded-random';
import { createSimulator } from './simulator';

const GOOD = createSimulator({ clock: () => 0 }).body(2, 0)!;

/** What the real consumer does with a body: parse, then validate. Returns the failure, if any. */
function consumerError(body: string): Error | undefined {
  try {
    parseMonitorResponse(JSON.parse(body), 6);
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

describe('malformBody', () => {
  const random = createRandom(3);

  it('starts from a body the consumer accepts', () => {
    expect(consumerError(GOOD)).toBeUndefined();
  });

  it('truncated-json: a proper prefix that does not parse', () => {
    for (let k = 0; k < 50; k++) {
      const body = malformBody(GOOD, 'truncated-json', random);
      expect(body.length).toBeLessThan(GOOD.length);
      expect(GOOD.startsWith(body)).toBe(true);
      expect(() => JSON.parse(body)).toThrow(SyntaxError);
    }
  });

  it('non-json: text that is not JSON', () => {
    expect(() => JSON.parse(malformBody(GOOD, 'non-json', random))).toThrow(SyntaxError);
  });

  it('wrong-sensor-count: five or seven sensors', () => {
    const counts = new Set<number>();
    for (let k = 0; k < 30; k++) {
      const body = JSON.parse(malformBody(GOOD, 'wrong-sensor-count', random)) as {
        trace: { sensors: unknown[] };
      };
      counts.add(body.trace.sensors.length);
    }
    expect([...counts].sort()).toEqual([5, 7]);
  });

  it('value-out-of-range: 2048, -1 or "abc" in one sensor', () => {
    const bad = new Set<unknown>();
    for (let k = 0; k < 60; k++) {
      const body = JSON.parse(malformBody(GOOD, 'value-out-of-range', random)) as {
        trace: { sensors: { value: unknown }[] };
      };
      const odd = body.trace.sensors
        .map((s) => s.value)
        .filter((v) => !(typeof v === 'number' && v >= 0 && v <= 1023));
      expect(odd).toHaveLength(1);
      bad.add(odd[0]);
    }
    expect([...bad].sort()).toEqual([-1, 2048, 'abc']);
  });

  it('missing-field: one required field left out, the rest intact', () => {
    for (let k = 0; k < 40; k++) {
      const body = malformBody(GOOD, 'missing-field', random);
      expect(body.length).toBeLessThan(GOOD.length);
      expect(consumerError(body)).toBeInstanceOf(MalformedResponseError);
    }
  });

  it.each(MALFORMED_KINDS)("%s is refused by the project's consumer", (kind: MalformedKind) => {
    for (let k = 0; k < 20; k++) expect(consumerError(malformBody(GOOD, kind, random))).toBeDefined();
  });

  it('keeps non-ASCII letters escaped when it rewrites a body', () => {
    expect(malformBody(GOOD, 'wrong-sensor-count', random)).toContain('El\\u017cbieta');
  });
});

describe('FaultInjector', () => {
  it('merges per-patient settings over the global ones, field by field', () => {
    const faults = new FaultInjector(createRandom(1), { errorRate: 0.5, latencyMs: 10 });
    faults.set(3, { latencyMs: 0, malformedRate: 1, malformedKinds: ['non-json'] });
    expect(faults.effective(3)).toEqual({
      errorRate: 0.5,
      latencyMs: 0,
      malformedRate: 1,
      malformedKinds: ['non-json'],
    });
    expect(faults.effective(4)).toEqual({ errorRate: 0.5, latencyMs: 10 });
    faults.set(3, null);
    expect(faults.effective(3)).toEqual({ errorRate: 0.5, latencyMs: 10 });
  });

  it('draws malformations from the configured kinds only, and hang before anything else', () => {
    const faults = new FaultInjector(createRandom(2));
    faults.set(1, { malformedRate: 1, malformedKinds: ['truncated-json', 'missing-field'] });
    const kinds = new Set<string>();
    for (let k = 0; k < 100; k++) {
      const { outcome } = faults.decide(1);
      if (outcome.kind === 'malformed') kinds.add(outcome.malformation);
    }
    expect([...kinds].sort()).toEqual(['missing-field', 'truncated-json']);
    faults.set(1, { malformedRate: 1, errorRate: 1, hang: true });
    expect(faults.decide(1).outcome.kind).toBe('hang');
    expect(faults.decide(2)).toEqual({ delayMs: 0, outcome: { kind: 'ok' } });
  });

  it('refuses invalid settings with the field named', () => {
    expect(() => validateFaults({ malformedRate: -0.1 })).toThrow(/malformedRate must be a number 0..1/);
    expect(() => validateFaults({ latencyMs: Number.NaN })).toThrow(/latencyMs/);
    expect(() => validateFaults({ malformedKinds: [] })).toThrow(/must not be empty/);
    expect(() => validateFaults({ malformedKinds: ['bogus' as MalformedKind] })).toThrow(
      /unknown malformed kind bogus/,
    );
    expect(() => new FaultInjector(Math.random).set(0, {})).toThrow(/patient id/);
  });
});
