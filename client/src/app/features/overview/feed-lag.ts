/**
 * How far behind the server what this browser shows is. Each batch carries the server's send
 * time; the browser notes when it applied it. Their difference is the clock offset between the
 * two machines plus the transit plus whatever backlog the browser has. The smallest difference
 * seen lately stands for offset plus transit (a batch applied at once), so the excess over it is
 * the backlog: the part of the data's age that is the browser's own doing. Ages shown from the
 * server's reading times are corrected by that offset, so a wrong browser clock does not make
 * live data look old, nor old data live.
 */
export class FeedLag {
  /** Smallest (applied - sent) per window slot, oldest first. */
  private readonly slots: { readonly start: number; min: number }[] = [];

  constructor(
    /** How long an offset estimate is kept: clocks drift, and a suspended laptop wakes up later. */
    private readonly windowMs = 60_000,
    private readonly slotMs = 5_000,
  ) {}

  /** Records a batch sent at `sentAt` (server clock) and applied at `appliedAt` (browser clock). */
  observe(sentAt: number, appliedAt: number): void {
    const d = appliedAt - sentAt;
    const last = this.slots.at(-1);
    if (last !== undefined && appliedAt - last.start < this.slotMs) last.min = Math.min(last.min, d);
    else this.slots.push({ start: appliedAt, min: d });
    while (this.slots.length > 0 && appliedAt - this.slots[0].start > this.windowMs) this.slots.shift();
  }

  /** Browser clock minus server clock (plus the fastest transit); 0 before any batch. */
  get offsetMs(): number {
    if (this.slots.length === 0) return 0;
    let min = Number.POSITIVE_INFINITY;
    for (const s of this.slots) min = Math.min(min, s.min);
    return min;
  }

  /** The backlog of a batch sent at `sentAt` and applied at `appliedAt`. */
  behindMs(sentAt: number, appliedAt: number): number {
    return Math.max(0, appliedAt - sentAt - this.offsetMs);
  }

  /** A server time on the browser's clock. */
  toLocal(serverTime: number): number {
    return serverTime + this.offsetMs;
  }

  /** Starts over: after a reconnect the path (and perhaps the server) is another one. */
  reset(): void {
    this.slots.length = 0;
  }
}
