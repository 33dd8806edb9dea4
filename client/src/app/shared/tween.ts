/**
 * Eases a vector of values towards a target over a few animation frames. Animating the value
 * itself (rather than a CSS transition of size and colour separately) keeps each drawn sensor's
 * size and colour on the same point of the scale at every frame.
 */
export class ValueTween {
  private from: number[] = [];
  private target: number[] = [];
  private current: number[] | null = null;
  private startedAt = 0;
  private handle: number | null = null;

  constructor(
    private readonly apply: (values: readonly number[]) => void,
    private readonly durationMs: number,
    private readonly raf: (cb: FrameRequestCallback) => number = (cb) => requestAnimationFrame(cb),
    private readonly caf: (handle: number) => void = (h) => cancelAnimationFrame(h),
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Starts easing from what is shown now to `target`; the first target is shown at once. */
  to(target: readonly number[]): void {
    if (this.current === null || this.current.length !== target.length) {
      this.jump(target);
      return;
    }
    this.from = [...this.current];
    this.target = [...target];
    this.startedAt = this.clock();
    if (this.handle === null) this.handle = this.raf(() => this.frame());
  }

  jump(target: readonly number[]): void {
    this.stop();
    this.current = [...target];
    this.apply(this.current);
  }

  stop(): void {
    if (this.handle !== null) this.caf(this.handle);
    this.handle = null;
  }

  private frame(): void {
    this.handle = null;
    const f = Math.min(1, (this.clock() - this.startedAt) / this.durationMs);
    const eased = 1 - (1 - f) * (1 - f);
    this.current = this.from.map((a, i) => a + (this.target[i] - a) * eased);
    this.apply(this.current);
    if (f < 1) this.handle = this.raf(() => this.frame());
  }
}
