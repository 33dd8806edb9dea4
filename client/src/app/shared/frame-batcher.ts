/**
 * Coalesces any number of `schedule()` calls into one `flush` on the next animation frame, so
 * five readings a second per patient cost at most one render per frame.
 */
export class FrameBatcher {
  private handle: number | null = null;

  constructor(
    private readonly flush: () => void,
    private readonly raf: (cb: FrameRequestCallback) => number = (cb) => requestAnimationFrame(cb),
    private readonly caf: (handle: number) => void = (h) => cancelAnimationFrame(h),
  ) {}

  get pending(): boolean {
    return this.handle !== null;
  }

  schedule(): void {
    if (this.handle !== null) return;
    this.handle = this.raf(() => {
      this.handle = null;
      this.flush();
    });
  }

  cancel(): void {
    if (this.handle !== null) this.caf(this.handle);
    this.handle = null;
  }
}
