import { TickScheduler } from './tick-scheduler';

describe('TickScheduler', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  function recorder(scheduler: TickScheduler, fired: string[]) {
    return (name: string) => scheduler.slot({ fire: () => fired.push(`${name}@${Date.now() - 1_000_000}`) });
  }

  it('wakes each item at its own time, in time order, with one timer', async () => {
    const scheduler = new TickScheduler();
    const fired: string[] = [];
    const slot = recorder(scheduler, fired);
    const at = (ms: number) => 1_000_000 + ms;
    scheduler.schedule(slot('c'), at(30));
    scheduler.schedule(slot('a'), at(10));
    scheduler.schedule(slot('d'), at(35));
    scheduler.schedule(slot('b'), at(20));
    expect(jest.getTimerCount()).toBe(1);
    await jest.advanceTimersByTimeAsync(50);
    expect(fired).toEqual(['a@10', 'b@20', 'c@30', 'd@35']);
    expect(scheduler.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('moves an item when it is scheduled again and forgets it when cancelled', async () => {
    const scheduler = new TickScheduler();
    const fired: string[] = [];
    const slot = recorder(scheduler, fired);
    const a = slot('a');
    const b = slot('b');
    scheduler.schedule(a, 1_000_010);
    scheduler.schedule(b, 1_000_020);
    scheduler.schedule(a, 1_000_040); // later than b now
    scheduler.cancel(b);
    await jest.advanceTimersByTimeAsync(50);
    expect(fired).toEqual(['a@40']);
  });

  it('lets an item schedule itself again from fire(), and keeps a large heap in order', async () => {
    const scheduler = new TickScheduler();
    const times: number[] = [];
    let ticks = 0;
    const self = scheduler.slot({
      fire: () => {
        ticks++;
        if (ticks < 5) scheduler.schedule(self, Date.now() + 200);
      },
    });
    scheduler.schedule(self, Date.now());
    // 500 others at pseudo-random times: each must fire once, none before its time.
    let seed = 7;
    for (let i = 0; i < 500; i++) {
      seed = (seed * 48271) % 2147483647;
      const due = 1_000_000 + (seed % 1000);
      const slot = scheduler.slot({ fire: () => times.push(Date.now() - due) });
      scheduler.schedule(slot, due);
    }
    await jest.advanceTimersByTimeAsync(1200);
    expect(ticks).toBe(5);
    expect(times).toHaveLength(500);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(0);
  });

  it('keeps waking every other item when one fire() throws, and reports the error', async () => {
    const errors: unknown[] = [];
    const scheduler = new TickScheduler((error) => errors.push(error));
    const fired: string[] = [];
    const faulty = scheduler.slot({
      fire: () => {
        throw new Error('boom');
      },
    });
    const steady = scheduler.slot({
      fire: () => {
        fired.push(`steady@${Date.now() - 1_000_000}`);
        if (fired.length < 3) scheduler.schedule(steady, Date.now() + 100);
      },
    });
    scheduler.schedule(faulty, 1_000_010);
    scheduler.schedule(steady, 1_000_010); // due in the same turn, after the faulty one
    await jest.advanceTimersByTimeAsync(500);
    expect(fired).toEqual(['steady@10', 'steady@110', 'steady@210']);
    expect(errors).toEqual([new Error('boom')]);
  });
});
