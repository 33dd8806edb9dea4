/**
 * A fixed-capacity FIFO ring. Pushing onto a full deque drops the oldest item and returns it, so
 * memory stays bounded and the caller can count what was lost.
 */
export class BoundedDeque<T> {
  private readonly ring: (T | undefined)[];
  private head = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<T | undefined>(Math.max(1, capacity));
  }

  get length(): number {
    return this.size;
  }

  /** Appends; returns how many old items were dropped to make room (0 or 1; 1 always when capacity is 0). */
  push(item: T): number {
    if (this.capacity === 0) return 1;
    if (this.size === this.capacity) {
      this.ring[(this.head + this.size) % this.capacity] = item;
      this.head = (this.head + 1) % this.capacity;
      return 1;
    }
    this.ring[(this.head + this.size) % this.capacity] = item;
    this.size++;
    return 0;
  }

  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.ring[this.head];
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.size--;
    return item;
  }

  /**
   * Puts items back at the front, in order (after a failed write). Where that overflows the
   * capacity, the oldest of all are dropped; returns how many.
   */
  unshiftAll(items: readonly T[]): number {
    let dropped = 0;
    for (let i = items.length - 1; i >= 0; i--) {
      if (this.capacity === 0) return items.length;
      if (this.size === this.capacity) {
        // Full: the item going in front is older than everything held, so it is the one to drop.
        dropped += i + 1;
        break;
      }
      this.head = (this.head - 1 + this.capacity) % this.capacity;
      this.ring[this.head] = items[i];
      this.size++;
    }
    return dropped;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.size; i++) out.push(this.ring[(this.head + i) % this.capacity]!);
    return out;
  }
}
