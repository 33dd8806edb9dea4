import { FrameBatcher } from './frame-batcher';
import { fakeFrames } from '../../testing/fakes';

describe('FrameBatcher', () => {
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
