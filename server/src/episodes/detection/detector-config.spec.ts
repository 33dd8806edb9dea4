import { DEFAULT_DETECTOR_CONFIG, detectorConfigProblems, type DetectorConfig } from './detector-config';

const D = DEFAULT_DETECTOR_CONFIG;

describe('detector config', () => {
  it('has no problems with the defaults', () => {
    expect(detectorConfigProblems(D)).toEqual([]);
  });

  it('is frozen, so that a tweak made in one place cannot leak into every tracker', () => {
    expect(Object.isFrozen(D)).toBe(true);
    expect(Object.isFrozen(D.spike)).toBe(true);
    expect(Object.isFrozen(D.severity)).toBe(true);
  });

  it('names a negative delta', () => {
    expect(detectorConfigProblems({ ...D, spike: { ...D.spike, delta: -5 } })).toEqual([
      'spike.delta must be a positive integer, got -5',
    ]);
  });

  it('refuses a pending period that is not shorter than the clear period', () => {
    expect(detectorConfigProblems({ ...D, flags: { pendingMs: 3000, clearMs: 2000 } })).toEqual([
      'flags.pendingMs (3000) must be shorter than flags.clearMs (2000)',
    ]);
    expect(detectorConfigProblems({ ...D, flags: { pendingMs: 2000, clearMs: 2000 } })).toEqual([
      'flags.pendingMs (2000) must be shorter than flags.clearMs (2000)',
    ]);
  });

  it('reports every inconsistency at once, each naming its field', () => {
    const bad: DetectorConfig = {
      ...D,
      spike: { delta: 1023, baselineMs: 0, steadyBand: 30, minBaseline: 500, maxBaseline: 400 },
      flatline: { band: 2, forMs: 1.5, minValue: 100, maxValue: 1020 },
      outOfRange: { min: 10, max: 5, forMs: 900_000 },
      noData: { afterMs: -1 },
      clearMs: Number.NaN,
      severity: { ...D.severity, SPIKE: 'URGENT' as never },
      enabled: { ...D.enabled, DROP: 'yes' as never },
    };
    expect(detectorConfigProblems(bad)).toEqual([
      'spike.delta must be below 1023 (no 10-bit jump can exceed it), got 1023',
      'spike.baselineMs must be a positive integer, got 0',
      'spike.minBaseline (500) must be smaller than spike.maxBaseline (400)',
      'flatline.forMs must be a positive integer, got 1.5',
      'outOfRange.min (10) must not exceed outOfRange.max (5)',
      'noData.afterMs must be a positive integer, got -1',
      'clearMs must be a positive integer, got NaN',
      'severity.SPIKE must be one of HIGH, MEDIUM, LOW, got "URGENT"',
      'enabled.DROP must be true or false, got "yes"',
    ]);
  });

  it('keeps the re-arm hysteresis: a steady band as wide as the jump is refused', () => {
    expect(detectorConfigProblems({ ...D, spike: { ...D.spike, steadyBand: 400 } })).toEqual([
      'spike.steadyBand (400) must be smaller than spike.delta (400)',
    ]);
  });

  it('names a missing section instead of throwing', () => {
    const { noData: _noData, ...rest } = D;
    expect(detectorConfigProblems(rest as DetectorConfig)).toEqual([
      'noData is missing',
      'noData.afterMs must be a positive integer, got undefined',
    ]);
  });
});
