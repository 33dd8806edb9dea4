import type { Reading } from '../../readings/reading';
import { RecordingClock, type PlacedSampleSink } from './recording-clock';

interface Placed {
  time: number;
  at: number;
  first: number;
  segmentStart: boolean;
}

function clockWithLog(): { clock: RecordingClock; placed: Placed[] } {
  const placed: Placed[] = [];
  const sink: PlacedSampleSink = {
    place(time, at, values, offset, segmentStart) {
      placed.push({ time, at, first: values[offset]!, segmentStart });
    },
  };
  return { clock: new RecordingClock(sink), placed };
}

let n = 0;
function reading(traceId: string, value = n++, at = 1000 * n): Reading {
  return {
    patientId: 1,
    at,
    traceId,
    sensors: [0, 1, 2, 3, 4, 5].map((id) => ({ id, value: id === 0 ? value : 10, anomaly: false })),
  };
}

// 2:35:04 .. 2:35:09 on 01-01-2010: consecutive trace seconds.
const second = (s: number): string => `2350${s}01012010`;
const UNIX_2_35_00 = Date.UTC(2010, 0, 1, 2, 35, 0) / 1000;

describe('RecordingClock', () => {
  it("places a second's samples evenly over it when the next second begins", () => {
    const { clock, placed } = clockWithLog();
    clock.add(reading(second(4)));
    clock.add(reading(second(5)));
    clock.add(reading(second(5)));
    clock.add(reading(second(5)));
    clock.add(reading(second(5)));
    expect(placed).toHaveLength(1); // second 4 closed; second 5 still open
    clock.add(reading(second(6)));
    const times = placed.slice(1).map((p) => p.time - UNIX_2_35_00);
    expect(times).toEqual([5.125, 5.375, 5.625, 5.875]);
    expect(placed.map((p) => p.segmentStart)).toEqual([true, false, false, false, false]);
  });

  it('drops exact repeats (same trace id and values) but keeps a new value in the same second', () => {
    const { clock, placed } = clockWithLog();
    const r = reading(second(4), 500);
    expect(clock.add(r)).toBe(true);
    expect(clock.add({ ...r, at: r.at + 50 })).toBe(false);
    expect(clock.add(reading(second(4), 501))).toBe(true);
    clock.add(reading(second(5)));
    expect(placed.map((p) => p.first)).toEqual([500, 501]);
  });

  it('starts a segment when the trace clock jumps back or forward by more than 3 s, not on a 2 s skip', () => {
    const { clock, placed } = clockWithLog();
    for (const s of [4, 5, 7, 8, 4, 5, 9]) clock.add(reading(second(s)));
    clock.flush();
    expect(placed.map((p) => [p.time - UNIX_2_35_00, p.segmentStart])).toEqual([
      [expect.closeTo(4.86, 1), true], // the first second of a segment: its samples at its end
      [5.5, false],
      [expect.closeTo(7.86, 1), false], // after a skip: placed like a first second, no new segment
      [8.5, false],
      [expect.closeTo(4.86, 1), true], // back at the loop point
      [5.5, false],
      [expect.closeTo(9.86, 1), true], // 4 s ahead
    ]);
  });

  it('uses the receive time for readings whose trace id is no clock reading', () => {
    const { clock, placed } = clockWithLog();
    clock.add(reading('pushed', 1, 10_000));
    clock.add(reading('', 2, 10_200));
    clock.add(reading('99999999999999', 3, 10_400)); // digits, but no valid date
    clock.add(reading('pushed', 4, 20_000)); // 9.6 s later: a gap, a new segment
    expect(placed.map((p) => [p.time, p.segmentStart])).toEqual([
      [10, true],
      [10.2, false],
      [10.4, false],
      [20, true],
    ]);
  });
});
