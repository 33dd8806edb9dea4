import { FrameBatcher } from './frame-batcher';

describe('FrameBatcher', () => {
  function fakeFrames() {
    const callbacks = new Map<number, FrameRequestCallback>();
    let next = 1;
    return {
      raf: (cb: FrameRequestCallback) => {
        callbacks.set(next, cb);
        return next++;
      },
      caf: (h: number) => callbacks.delete(h),
      frame: () => {
        const due = [...callbacks.values()];
        callbacks.clear();
        due.forEach((cb) => cb(0));
      },
    };
  }

  it('flushes once per frame however often it is scheduled', () => {
    const frames = fakeFrames();
    const flush = jest.fn();
    const batcher = new FrameBatcher(flush, frames.raf, frames.caf);
    batcher.schedule();
    batcher.schedule();
    batcher.schedule();
    expect(batcher.pending).toBe(true);
    frames.frame();
    expect(flush).toHaveBeenCalledTimes(1);
    expect(batcher.pending).toBe(false);
    batcher.schedule();
    frames.frame();
    expect(flush).toHaveBeenCalledTimes(2);
  });

  it('can be cancelled', () => {
    const frames = fakeFrames();
    const flush = jest.fn();
    const batcher = new FrameBatcher(flush, frames.raf, frames.caf);
    batcher.schedule();
    batcher.cancel();
    frames.frame();
    expect(flush).not.toHaveBeenCalled();
  });
});
