import { mergeByTime, TimeWindowBuffer } from './time-window-buffer';

const item = (t: number, tag = '') => ({ t, tag });

describe('TimeWindowBuffer', () => {
  it('keeps only items within the window of the newest one', () => {
    const buffer = new TimeWindowBuffer<{ t: number }>(1000, 100);
    for (let t = 0; t <= 3000; t += 200) buffer.push(item(t));
    expect(buffer.first()?.t).toBe(2000);
    expect(buffer.last()?.t).toBe(3000);
    expect(buffer.size).toBe(6);
  });

  it('never holds more than its capacity, wrapping around', () => {
    const buffer = new TimeWindowBuffer<{ t: number }>(1e9, 4);
    for (let t = 1; t <= 10; t++) buffer.push(item(t));
    expect(buffer.toArray().map((i) => i.t)).toEqual([7, 8, 9, 10]);
    expect(buffer.at(0)?.t).toBe(7);
    expect(buffer.at(4)).toBeUndefined();
  });

  it('merges late and duplicate items in order', () => {
    const buffer = new TimeWindowBuffer<{ t: number; tag: string }>(10_000, 100);
    [1000, 2000, 5000].forEach((t) => buffer.push(item(t, 'live')));
    buffer.merge([item(3000, 'backfill'), item(2000, 'backfill'), item(4000, 'backfill')]);
    buffer.push(item(2500, 'late'));
    expect(buffer.toArray()).toEqual([
      item(1000, 'live'),
      item(2000, 'live'),
      item(2500, 'late'),
      item(3000, 'backfill'),
      item(4000, 'backfill'),
      item(5000, 'live'),
    ]);
  });

  it('shrinks when the window is narrowed and evicts on demand', () => {
    const buffer = new TimeWindowBuffer<{ t: number }>(10_000, 100);
    for (let t = 0; t <= 10_000; t += 1000) buffer.push(item(t));
    const before = buffer.version;
    buffer.setWindow(3000);
    expect(buffer.toArray().map((i) => i.t)).toEqual([7000, 8000, 9000, 10_000]);
    expect(buffer.version).toBeGreaterThan(before);
    buffer.evictOlderThan(9500);
    expect(buffer.toArray().map((i) => i.t)).toEqual([10_000]);
    expect(buffer.range(0, 20_000)).toHaveLength(1);
    buffer.clear();
    expect(buffer.size).toBe(0);
    expect(buffer.last()).toBeUndefined();
  });

  it('stays bounded over a long session', () => {
    const buffer = new TimeWindowBuffer<{ t: number }>(60_000, 400);
    for (let t = 0; t < 3_600_000; t += 200) buffer.push(item(t));
    expect(buffer.size).toBe(301); // both ends of the window are inclusive
  });

  it('rejects a zero capacity', () => {
    expect(() => new TimeWindowBuffer(1, 0)).toThrow(RangeError);
  });
});

describe('mergeByTime', () => {
  it('merges sorted lists and drops equal timestamps', () => {
    expect(mergeByTime([item(1), item(3)], [item(2), item(3), item(4)]).map((i) => i.t)).toEqual([
      1, 2, 3, 4,
    ]);
    expect(mergeByTime([], [item(1)])).toEqual([item(1)]);
  });
});
