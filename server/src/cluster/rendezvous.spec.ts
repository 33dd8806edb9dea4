import { bucketOf, bucketsOwnedBy, DEFAULT_BUCKETS, ownerOf } from './rendezvous';

describe('rendezvous hashing', () => {
  const members = ['a-1', 'b-2', 'c-3'];

  it('gives every bucket exactly one owner, the same on every instance', () => {
    const owned = members.map((m) => bucketsOwnedBy(m, members));
    expect(owned.flat().sort((x, y) => x - y)).toEqual(Array.from({ length: DEFAULT_BUCKETS }, (_, b) => b));
    // The order members are listed in changes nothing.
    expect(bucketsOwnedBy('b-2', [...members].reverse())).toEqual(owned[1]);
    for (const o of owned) expect(o.length).toBeGreaterThan(DEFAULT_BUCKETS / 6); // roughly even
  });

  it('moves only the buckets a new member wins, about a quarter for a fourth', () => {
    const before = Array.from({ length: 1024 }, (_, b) => ownerOf(b, members));
    const after = Array.from({ length: 1024 }, (_, b) => ownerOf(b, [...members, 'd-4']));
    const moved = after.filter((o, b) => o !== before[b]);
    expect(new Set(moved)).toEqual(new Set(['d-4'])); // nothing moves between the old members
    expect(moved.length / 1024).toBeGreaterThan(0.18);
    expect(moved.length / 1024).toBeLessThan(0.32);
  });

  it('buckets patients by id', () => {
    expect(bucketOf(65)).toBe(1);
    expect(ownerOf(3, [])).toBeUndefined();
  });
});
