import { FeedLag } from './feed-lag';

describe('FeedLag', () => {
  it('takes the fastest batch as the clock offset, so a wrong browser clock is not a backlog', () => {
    const lag = new FeedLag();
    // The browser's clock is 30 s ahead; batches take 5..40 ms.
    lag.observe(1_000, 31_040);
    lag.observe(1_500, 31_505);
    lag.observe(2_000, 32_020);
    expect(lag.offsetMs).toBe(30_005);
    expect(lag.toLocal(2_000)).toBe(32_005);
    expect(lag.behindMs(2_000, 32_020)).toBe(15);
  });

  it('shows a backlog when batches start arriving late', () => {
    const lag = new FeedLag();
    lag.observe(1_000, 1_010);
    lag.observe(1_500, 4_500); // the browser was busy for 3 s
    expect(lag.behindMs(1_500, 4_500)).toBe(2_990);
  });

  it('forgets old estimates, so a clock that was corrected is followed', () => {
    const lag = new FeedLag(60_000, 5_000);
    lag.observe(0, -10_000); // browser 10 s behind
    expect(lag.offsetMs).toBe(-10_000);
    for (let t = 5_000; t <= 70_000; t += 5_000) lag.observe(t, t + 10);
    expect(lag.offsetMs).toBe(10);
  });

  it('starts over on reset', () => {
    const lag = new FeedLag();
    lag.observe(0, 500);
    lag.reset();
    expect(lag.offsetMs).toBe(0);
  });
});
