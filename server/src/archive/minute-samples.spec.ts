import type { Reading } from '../readings/reading';
import {
  mergeMinutes,
  MinuteBuilder,
  MAX_READINGS_PER_MINUTE,
  minutesOf,
  readingsOf,
  sliceMinute,
  type MinuteSamples,
} from './minute-samples';
import { rollupOf } from './rollup';

const MINUTE = 1_764_720_000_000;

function reading(at: number, values: number[], flagged: number[] = [], patientId = 1): Reading {
  return {
    patientId,
    at,
    traceId: String(at),
    sensors: values.map((value, id) => ({ id, value, anomaly: flagged.includes(id) })),
  };
}

function minute(times: readonly number[], value = (at: number) => at % 1000): MinuteSamples {
  const builder = new MinuteBuilder(1, MINUTE, 2);
  for (const t of times) builder.add(MINUTE + t, reading(MINUTE + t, [value(t), 1]).sensors);
  return builder.build();
}

const times = (m: MinuteSamples) => Array.from(m.offsets.subarray(0, m.count));

describe('minute samples', () => {
  it('merges two versions of a minute into the union of their readings, each once', () => {
    const firstHalf = minute([0, 200, 400]);
    const secondHalf = minute([400, 600, 800]);
    const merged = mergeMinutes(firstHalf, secondHalf);
    expect(times(merged)).toEqual([0, 200, 400, 600, 800]);
    expect(mergeMinutes(merged, secondHalf)).toBe(merged);
    expect(times(mergeMinutes(secondHalf, firstHalf))).toEqual([0, 200, 400, 600, 800]);
  });

  it('keeps the fuller version when the sensor count changed within the minute', () => {
    const six = new MinuteBuilder(1, MINUTE, 6);
    six.add(MINUTE + 10, reading(MINUTE + 10, [1, 2, 3, 4, 5, 6]).sensors);
    expect(mergeMinutes(six.build(), minute([0, 200]))).toEqual(minute([0, 200]));
  });

  it('slices a minute to an inclusive range', () => {
    const m = minute([0, 200, 400, 600]);
    expect(times(sliceMinute(m, MINUTE + 200, MINUTE + 400))).toEqual([200, 400]);
    expect(sliceMinute(m, MINUTE + 700, MINUTE + 900).count).toBe(0);
    expect(sliceMinute(m, MINUTE, MINUTE + 600)).toBe(m);
  });

  it('groups readings by minute and leaves out those with another sensor count', () => {
    const { minutes, skipped } = minutesOf([
      reading(MINUTE + 59_999, [1, 2]),
      reading(MINUTE + 60_000, [3, 4]),
      reading(MINUTE + 100, [5, 6]),
      reading(MINUTE + 200, [7]),
    ]);
    expect(minutes.map((m) => [m.minute - MINUTE, times(m)])).toEqual([
      [0, [100, 59_999]],
      [60_000, [0]],
    ]);
    expect(skipped).toBe(1);
    expect(readingsOf(minutes[0]!).map((r) => r.sensors.map((s) => s.value))).toEqual([
      [5, 6],
      [1, 2],
    ]);
  });

  it('refuses readings past 6,000 a minute, so one patient cannot grow without bound', () => {
    const builder = new MinuteBuilder(1, MINUTE, 1);
    for (let i = 0; i < MAX_READINGS_PER_MINUTE; i++)
      expect(builder.add(MINUTE + (i % 60_000), [{ id: 0, value: 1, anomaly: false }])).toBe('added');
    expect(builder.add(MINUTE, [{ id: 0, value: 1, anomaly: false }])).toBe('full');
  });

  it('rolls a minute up per sensor: min, max, last, loaded and flagged readings, sums', () => {
    const builder = new MinuteBuilder(1, MINUTE, 2);
    builder.add(MINUTE, reading(MINUTE, [50, 900], [1]).sensors);
    builder.add(MINUTE + 200, reading(MINUTE + 200, [150, 1000]).sensors);
    builder.add(MINUTE + 400, reading(MINUTE + 400, [100, 20], [0, 1]).sensors);
    expect(rollupOf(builder.build(), 100)).toEqual({
      samples: 3,
      anomalies: 2,
      stats: [50, 150, 100, 2, 1, 20, 1000, 20, 2, 2],
      sums: [300, 1920],
    });
  });
});
