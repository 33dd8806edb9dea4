import { SampleRing } from './sample-ring';

describe('SampleRing', () => {
  it('keeps the newest `capacity` samples, oldest first', () => {
    const ring = new SampleRing(16);
    const values = new Uint16Array(6);
    for (let i = 0; i < 40; i++) {
      values[0] = i;
      ring.push(i, 1000 + i, values, 0, i === 0);
    }
    expect(ring.length).toBe(16);
    expect(ring.full).toBe(true);
    const held = Array.from({ length: 16 }, (_, k) => ring.values[ring.slot(k) * 6]);
    expect(held).toEqual(Array.from({ length: 16 }, (_, k) => 24 + k));
    expect(ring.clock[ring.slot(15)]).toBe(39);
    // The next push overwrites the oldest.
    expect(ring.nextSlot).toBe(ring.slot(0));
  });

  it('refuses a capacity too small for a window', () => {
    expect(() => new SampleRing(3)).toThrow(RangeError);
  });
});
