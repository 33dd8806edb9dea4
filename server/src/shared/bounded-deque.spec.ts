import { BoundedDeque } from './bounded-deque';

describe('BoundedDeque', () => {
  it('is first in, first out', () => {
    const d = new BoundedDeque<number>(3);
    d.push(1);
    d.push(2);
    expect(d.shift()).toBe(1);
    d.push(3);
    d.push(4);
    expect(d.toArray()).toEqual([2, 3, 4]);
  });

  it('drops the oldest when full and says so', () => {
    const d = new BoundedDeque<number>(2);
    expect(d.push(1)).toBe(0);
    expect(d.push(2)).toBe(0);
    expect(d.push(3)).toBe(1);
    expect(d.toArray()).toEqual([2, 3]);
  });

  it('puts a failed batch back in front, in order, dropping the oldest beyond capacity', () => {
    const d = new BoundedDeque<number>(4);
    d.push(5);
    d.push(6);
    expect(d.unshiftAll([2, 3, 4])).toBe(1);
    expect(d.toArray()).toEqual([3, 4, 5, 6]);
    expect(d.length).toBe(4);
  });

  it('holds nothing with capacity 0', () => {
    const d = new BoundedDeque<number>(0);
    expect(d.push(1)).toBe(1);
    expect(d.length).toBe(0);
    expect(d.unshiftAll([1, 2])).toBe(2);
  });
});
