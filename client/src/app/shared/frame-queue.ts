/**
 * Runs queued jobs one per animation frame, oldest first; a job queued again before it ran keeps
 * its place and runs once. Redrawing a chart costs several milliseconds on a slow machine, so
 * the two trace charts take turns instead of sharing (and overrunning) one 16 ms frame.
 */
export class FrameQueue {
  private readonly jobs = new Set<() => void>();
  private handle: number | null = null;

  constructor(
    private readonly raf: (cb: FrameRequestCallback) => number = (cb) => requestAnimationFrame(cb),
    private readonly caf: (handle: number) => void = (h) => cancelAnimationFrame(h),
  ) {}

  get size(): number {
    return this.jobs.size;
  }

  schedule(job: () => void): void {
    this.jobs.add(job);
    this.handle ??= this.raf(() => this.runOne());
  }

  /** Drops a job that has not run yet (a chart being destroyed). */
  cancel(job: () => void): void {
    this.jobs.delete(job);
    if (this.jobs.size === 0 && this.handle !== null) {
      this.caf(this.handle);
      this.handle = null;
    }
  }

  private runOne(): void {
    this.handle = null;
    const [job] = this.jobs;
    if (!job) return;
    this.jobs.delete(job);
    // Queue the next frame first: a throwing job must not stall the others.
    if (this.jobs.size > 0) this.handle = this.raf(() => this.runOne());
    job();
  }
}
