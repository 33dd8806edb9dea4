/** Something woken at a time of its choosing. */
export interface Scheduled {
  fire(): void;
}

/** One scheduled item's place; made once per item and reused for every one of its ticks. */
export interface Slot {
  readonly item: Scheduled;
  at: number;
  index: number;
}

/**
 * Wakes many items, each at its own time, with one timer: a binary heap ordered by time. A
 * patient loop used to sleep on a promise and a timer of its own each period; with a thousand
 * patients those outlived young-generation collections by the thousand a second and were promoted
 * (~6% of the main thread's promoted bytes at 1,000 patients; BENCHMARKS.md, freshness). Here a
 * tick costs a heap move and nothing that outlives it.
 */
export class TickScheduler {
  private readonly heap: Slot[] = [];

  /**
   * @param onError told of an item whose `fire()` threw; the other items keep their schedule.
   * @default reports the error as uncaught on a later turn, like a throwing timer callback would
   */
  constructor(
    private readonly onError: (error: unknown, item: Scheduled) => void = (error) =>
      queueMicrotask(() => {
        throw error;
      }),
  ) {}

  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  slot(item: Scheduled): Slot {
    return { item, at: 0, index: -1 };
  }

  /** Wakes `slot`'s item at `at` (epoch ms), replacing any earlier schedule of it. */
  schedule(slot: Slot, at: number): void {
    if (slot.index >= 0) this.remove(slot);
    slot.at = at;
    slot.index = this.heap.length;
    this.heap.push(slot);
    this.up(slot.index);
    this.arm();
  }

  cancel(slot: Slot): void {
    if (slot.index < 0) return;
    this.remove(slot);
    this.arm();
  }

  get size(): number {
    return this.heap.length;
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    this.timerAt = Infinity;
    // Timers fire on whole milliseconds; a tick due within the current one is due now.
    const horizon = Date.now() + 1;
    while (this.heap.length > 0 && this.heap[0]!.at < horizon) {
      const slot = this.heap[0]!;
      this.remove(slot);
      // One item's fault must not stop every other item's ticks (the timer is re-armed below).
      try {
        slot.item.fire();
      } catch (error) {
        this.onError(error, slot.item);
      }
    }
    this.arm();
  };

  private arm(): void {
    const first = this.heap[0];
    if (first === undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.timerAt = Infinity;
      return;
    }
    if (this.timer !== undefined && this.timerAt <= first.at) return;
    clearTimeout(this.timer);
    this.timerAt = first.at;
    this.timer = setTimeout(this.onTimer, Math.max(0, first.at - Date.now()));
  }

  private remove(slot: Slot): void {
    const i = slot.index;
    const last = this.heap.pop()!;
    slot.index = -1;
    if (last === slot) return;
    this.heap[i] = last;
    last.index = i;
    this.down(i);
    this.up(last.index);
  }

  private up(i: number): void {
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.at <= heap[i]!.at) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && heap[left]!.at < heap[smallest]!.at) smallest = left;
      if (right < heap.length && heap[right]!.at < heap[smallest]!.at) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private swap(a: number, b: number): void {
    const heap = this.heap;
    const x = heap[a]!;
    const y = heap[b]!;
    heap[a] = y;
    heap[b] = x;
    x.index = b;
    y.index = a;
  }
}
