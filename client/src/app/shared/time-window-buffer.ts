/**
 * A ring buffer of time-ordered items bounded both by a time window (relative to the newest
 * item) and by a hard capacity. Pushing in order is O(1); out-of-order or overlapping items (a
 * backfill after a reconnect) go through `merge`, which keeps the order and drops duplicates.
 */
export interface Timed {
  readonly t: number;
}

export class TimeWindowBuffer<T extends Timed> {
  private items: (T | undefined)[];
  private head = 0;
  private count = 0;
  private windowMsValue: number;
  /** Incremented on every change; cheap dirty check for renderers. */
  version = 0;

  constructor(
    windowMs: number,
    readonly capacity: number,
  ) {
    if (capacity < 1) throw new RangeError('capacity must be at least 1');
    this.windowMsValue = windowMs;
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  get windowMs(): number {
    return this.windowMsValue;
  }

  first(): T | undefined {
    return this.count === 0 ? undefined : this.items[this.head];
  }

  last(): T | undefined {
    return this.count === 0 ? undefined : this.items[(this.head + this.count - 1) % this.capacity];
  }

  at(index: number): T | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.items[(this.head + index) % this.capacity];
  }

  /** Appends an item; an item not newer than the last one is merged in order instead. */
  push(item: T): void {
    const last = this.last();
    if (last && item.t <= last.t) {
      this.merge([item]);
      return;
    }
    if (this.count === this.capacity) {
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.count--;
    }
    this.items[(this.head + this.count) % this.capacity] = item;
    this.count++;
    this.evictBefore(item.t - this.windowMsValue);
    this.version++;
  }

  /** Merges items (any order) into the buffer, dropping those with a timestamp already held. */
  merge(incoming: readonly T[]): void {
    if (incoming.length === 0) return;
    const merged = mergeByTime(
      this.toArray(),
      [...incoming].sort((a, b) => a.t - b.t),
    );
    this.reset(merged);
  }

  /** Drops items older than `now - window`: call on a timer so a silent feed also empties. */
  evictOlderThan(cutoff: number): void {
    if (this.evictBefore(cutoff)) this.version++;
  }

  setWindow(windowMs: number): void {
    this.windowMsValue = windowMs;
    const last = this.last();
    if (last && this.evictBefore(last.t - windowMs)) this.version++;
  }

  clear(): void {
    this.items = new Array<T | undefined>(this.capacity);
    this.head = 0;
    this.count = 0;
    this.version++;
  }

  toArray(): T[] {
    const out = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.items[(this.head + i) % this.capacity] as T;
    return out;
  }

  /** Items with from <= t <= to, in order. */
  range(from: number, to: number): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) {
      const item = this.items[(this.head + i) % this.capacity] as T;
      if (item.t > to) break;
      if (item.t >= from) out.push(item);
    }
    return out;
  }

  private evictBefore(cutoff: number): boolean {
    let evicted = false;
    while (this.count > 0) {
      const first = this.items[this.head] as T;
      if (first.t >= cutoff) break;
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
      this.count--;
      evicted = true;
    }
    return evicted;
  }

  private reset(sorted: readonly T[]): void {
    const newest = sorted.length ? sorted[sorted.length - 1].t : 0;
    const kept = sorted.filter((item) => item.t >= newest - this.windowMsValue).slice(-this.capacity);
    this.items = new Array<T | undefined>(this.capacity);
    kept.forEach((item, i) => (this.items[i] = item));
    this.head = 0;
    this.count = kept.length;
    this.version++;
  }
}

/** Merges two time-sorted lists into one, keeping the first of any items with equal `t`. */
export function mergeByTime<T extends Timed>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  const add = (item: T) => {
    if (out.length === 0 || out[out.length - 1].t !== item.t) out.push(item);
  };
  while (i < a.length && j < b.length) add(a[i].t <= b[j].t ? a[i++] : b[j++]);
  while (i < a.length) add(a[i++]);
  while (j < b.length) add(b[j++]);
  return out;
}
