import { FrameQueue } from './frame-queue';
import { fakeFrames } from '../../testing/fakes';

describe('FrameQueue', () => {
  it('runs one job per frame, oldest first', () => {
    const frames = fakeFrames();
    const queue = new FrameQueue(frames.raf, frames.caf);
    const ran: string[] = [];
    const left = () => ran.push('left');
    const right = () => ran.push('right');
    queue.schedule(left);
    queue.schedule(right);
    frames.frame();
    expect(ran).toEqual(['left']);
    frames.frame();
    expect(ran).toEqual(['left', 'right']);
    frames.frame();
    expect(ran).toEqual(['left', 'right']);
  });

  it('runs a job queued twice only once', () => {
    const frames = fakeFrames();
    const queue = new FrameQueue(frames.raf, frames.caf);
    const job = jest.fn();
    queue.schedule(job);
    queue.schedule(job);
    frames.frame();
    frames.frame();
    expect(job).toHaveBeenCalledTimes(1);
  });

  it('drops a cancelled job and keeps running the others after one throws', () => {
    const frames = fakeFrames();
    const queue = new FrameQueue(frames.raf, frames.caf);
    const cancelled = jest.fn();
    const after = jest.fn();
    queue.schedule(() => {
      throw new Error('boom');
    });
    queue.schedule(cancelled);
    queue.schedule(after);
    queue.cancel(cancelled);
    expect(() => frames.frame()).toThrow('boom');
    frames.frame();
    expect(cancelled).not.toHaveBeenCalled();
    expect(after).toHaveBeenCalledTimes(1);
    expect(queue.size).toBe(0);
  });
});
