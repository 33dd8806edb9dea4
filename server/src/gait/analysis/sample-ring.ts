import { SENSORS } from './recording-clock';

/**
 * The last placed samples of one patient, in typed arrays: what every window figure is computed
 * from. Sized for the longest window (5 minutes of recording clock) at up to 5 samples a second, so
 * a patient costs a fixed ~45 KiB however long it runs.
 *
 * `clock` is a continuous clock in seconds: the recording clock within a segment, and across a jump
 * the receive-time gap (so windows of recording time stay ordered, and a jump counts as uncovered).
 */
export class SampleRing {
  readonly capacity: number;
  readonly clock: Float64Array;
  readonly at: Float64Array;
  readonly values: Uint16Array;
  /** 1: the sample starts a segment (the clock jumped since the previous one). */
  readonly segmentStart: Uint8Array;
  private head = 0;
  private size = 0;

  constructor(capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 16))
      throw new RangeError(`ring capacity must be an integer >= 16, got ${capacity}`);
    this.capacity = capacity;
    this.clock = new Float64Array(capacity);
    this.at = new Float64Array(capacity);
    this.values = new Uint16Array(capacity * SENSORS);
    this.segmentStart = new Uint8Array(capacity);
  }

  get length(): number {
    return this.size;
  }

  /** Slot of the k-th held sample, 0 = oldest. */
  slot(k: number): number {
    const s = this.head - this.size + k;
    return s < 0 ? s + this.capacity : s;
  }

  /** Slot the next push writes; when full, that is the oldest sample's (read it before pushing). */
  get nextSlot(): number {
    return this.head;
  }

  get full(): boolean {
    return this.size === this.capacity;
  }

  push(clock: number, at: number, values: Uint16Array, offset: number, segmentStart: boolean): void {
    const slot = this.head;
    this.clock[slot] = clock;
    this.at[slot] = at;
    for (let s = 0; s < SENSORS; s++) this.values[slot * SENSORS + s] = values[offset + s]!;
    this.segmentStart[slot] = segmentStart ? 1 : 0;
    this.head = slot + 1 === this.capacity ? 0 : slot + 1;
    if (this.size < this.capacity) this.size++;
  }
}
