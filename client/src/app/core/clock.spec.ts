import { TestBed } from '@angular/core/testing';
import { Clock } from './clock';

describe('Clock', () => {
  afterEach(() => jest.useRealTimers());

  it('ticks every second', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const clock = TestBed.inject(Clock);
    expect(clock.now()).toBe(1_000_000);
    jest.advanceTimersByTime(3000);
    expect(clock.now()).toBe(1_003_000);
  });
});
