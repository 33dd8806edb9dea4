import { gaitProfileFor, sampleAt } from '../simulator/gait-model';
import { ArchiveDataError } from './database';
import { decodeMinute, encodeMinute } from './minute-codec';
import { isFlagged, MinuteBuilder, readingsOf, type MinuteSamples } from './minute-samples';

const MINUTE = 1_764_720_000_000;

function sensors(values: readonly number[], flagged: readonly number[] = []) {
  return values.map((value, id) => ({ id, value, anomaly: flagged.includes(id) }));
}

/** A minute of simulated gait at ~5 Hz with jittered arrival times and a few flagged readings. */
function gaitMinute(patientId = 3): MinuteSamples {
  const profile = gaitProfileFor(patientId, 7);
  const builder = new MinuteBuilder(patientId, MINUTE, 6);
  for (let i = 0; i < 300; i++) {
    const sample = sampleAt(profile, 1000 + i);
    const flagged = i % 97 === 0 ? [i % 6] : [];
    builder.add(MINUTE + i * 200 + ((i * 37) % 23), sensors(Array.from(sample.values), flagged));
  }
  return builder.build();
}

function plain(m: MinuteSamples) {
  return readingsOf(m).map((r) => ({ at: r.at, sensors: r.sensors.map((s) => [s.value, s.anomaly]) }));
}

describe('minute codec', () => {
  it('round-trips a minute of gait: times, values and flags', () => {
    const m = gaitMinute();
    const decoded = decodeMinute(m.patientId, m.minute, encodeMinute(m));
    expect(decoded.count).toBe(300);
    expect(plain(decoded)).toEqual(plain(m));
  });

  it('stays under 8 bytes a 6-sensor reading on gait data', () => {
    const m = gaitMinute();
    expect(encodeMinute(m).length / m.count).toBeLessThan(8);
  });

  it('round-trips extremes: 64 sensors, negative and saturated values, a reading at the last ms', () => {
    const builder = new MinuteBuilder(1, MINUTE, 64);
    const values = Array.from({ length: 64 }, (_, s) => (s % 2 === 0 ? -32768 : 32767));
    builder.add(MINUTE, sensors(values, [0, 63]));
    builder.add(
      MINUTE + 59_999,
      sensors(
        values.map((v) => -v - 1),
        [8],
      ),
    );
    const m = builder.build();
    const decoded = decodeMinute(1, MINUTE, encodeMinute(m));
    expect(plain(decoded)).toEqual(plain(m));
    expect(isFlagged(decoded, 0, 63)).toBe(true);
    expect(isFlagged(decoded, 1, 8)).toBe(true);
    expect(isFlagged(decoded, 1, 0)).toBe(false);
  });

  it('clamps values outside smallint and rounds fractions rather than losing the reading', () => {
    const builder = new MinuteBuilder(1, MINUTE, 2);
    builder.add(MINUTE + 5, sensors([70_000, 12.6]));
    const decoded = decodeMinute(1, MINUTE, encodeMinute(builder.build()));
    expect(Array.from(decoded.values)).toEqual([32767, 13]);
  });

  it('keeps readings at the same millisecond, and sorts readings that came out of order', () => {
    const builder = new MinuteBuilder(1, MINUTE, 1);
    builder.add(MINUTE + 400, sensors([4]));
    builder.add(MINUTE + 200, sensors([2]));
    builder.add(MINUTE + 200, sensors([3]));
    const decoded = decodeMinute(1, MINUTE, encodeMinute(builder.build()));
    expect(Array.from(decoded.offsets)).toEqual([200, 200, 400]);
    expect(Array.from(decoded.values)).toEqual([2, 3, 4]);
  });

  it('names the row and the fault when the bytes are not a minute', () => {
    const good = encodeMinute(gaitMinute());
    expect(() => decodeMinute(3, MINUTE, new Uint8Array([9, 1, 2]))).toThrow(
      new ArchiveDataError('archive_minutes row (patient 3, 2025-12-03T00:00:00.000Z): unknown format 9'),
    );
    expect(() => decodeMinute(3, MINUTE, good.subarray(0, 20))).toThrow(
      /patient 3.*(truncated|not deflate data)/,
    );
    expect(() => decodeMinute(3, MINUTE, new Uint8Array())).toThrow(/unknown format \(empty\)/);
  });
});
