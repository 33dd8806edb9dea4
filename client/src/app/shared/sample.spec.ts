import { flaggedSensors, isFlagged, SENSORS, sensorsOf, toSample } from './sample';

describe('sample', () => {
  it('lays out three sensors per foot in anatomical order', () => {
    expect(SENSORS.map((s) => s.name)).toEqual(['L0', 'L1', 'L2', 'R0', 'R1', 'R2']);
    expect(sensorsOf('right').map((s) => s.label)).toEqual(['front inner edge', 'front outer edge', 'heel']);
  });

  it('converts a reading into a compact sample with a flag mask, clamping values', () => {
    const sample = toSample({
      at: '2026-01-01T10:00:00.000Z',
      traceId: '2350401012010',
      sensors: [
        { id: 5, value: 2000, anomaly: true },
        { id: 0, value: 12, anomaly: false },
        { id: 2, value: -3, anomaly: true },
        { id: 9, value: 1, anomaly: true },
      ],
    });
    expect(sample.t).toBe(Date.UTC(2026, 0, 1, 10));
    expect(sample.v).toEqual([12, 0, 0, 0, 0, 1023]);
    expect(isFlagged(sample, 5)).toBe(true);
    expect(isFlagged(sample, 0)).toBe(false);
    expect(flaggedSensors(sample).map((s) => s.name)).toEqual(['L2', 'R2']);
  });
});
