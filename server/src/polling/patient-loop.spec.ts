import { PatientLoop, describeState, type PatientLoopOptions } from './patient-loop';
import { PollError } from './poll-error';

function loop(overrides: Partial<PatientLoopOptions<unknown>>) {
  const calls: number[] = [];
  const failures: PollError[] = [];
  const bodies: number[] = [];
  const l = new PatientLoop<unknown>({
    patientId: 7,
    periodMs: 200,
    phaseMs: 0,
    backoffMaxMs: 5000,
    fetch: async () => {
      calls.push(Date.now());
      return {};
    },
    onBody: (_id, _body, at) => bodies.push(at),
    onFailure: (_id, e) => failures.push(e),
    random: () => 1,
    ...overrides,
  });
  return { l, calls, failures, bodies };
}

describe('PatientLoop', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('polls at a fixed rate on a grid', async () => {
    const { l, calls } = loop({});
    l.start();
    await jest.advanceTimersByTimeAsync(1000);
    await l.stop();
    expect(calls.map((t) => t - 1_000_000)).toEqual([0, 200, 400, 600, 800, 1000]);
  });

  it('never has two requests in flight and skips missed ticks after a slow answer', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const { l, calls } = loop({
      fetch: async (_id, signal) => {
        calls.push(Date.now());
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => {
          const timer = setTimeout(r, 450);
          signal.addEventListener('abort', () => (clearTimeout(timer), r(undefined)));
        });
        inFlight--;
        return {};
      },
    });
    l.start();
    await jest.advanceTimersByTimeAsync(1300);
    await l.stop();
    expect(maxInFlight).toBe(1);
    // 0 → answers at 450 → next grid tick 600 → answers 1050 → tick 1200: no burst for the missed ticks.
    expect(calls.map((t) => t - 1_000_000)).toEqual([0, 600, 1200]);
  });

  it('backs off exponentially, capped, and returns to the rate after a success', async () => {
    let failNext = 5;
    const { l, calls, failures } = loop({
      backoffMaxMs: 1000,
      fetch: async () => {
        calls.push(Date.now());
        if (failNext-- > 0) throw new PollError('http-status', 'HTTP 500');
        return {};
      },
    });
    l.start();
    await jest.advanceTimersByTimeAsync(3900);
    await l.stop();
    // Five failures, retried after 200, 400, 800, then 1000 and 1000 (the cap); the success at 3400
    // starts a fresh 200 ms grid.
    expect(calls.map((c) => c - 1_000_000)).toEqual([0, 200, 600, 1400, 2400, 3400, 3600, 3800]);
    expect(failures).toHaveLength(5);
  });

  it('counts an answer its handler refuses as a failure of that kind', async () => {
    const { l, failures } = loop({
      onBody: () => {
        throw new PollError('malformed', "expected 'trace' to be an object, got null");
      },
    });
    l.start();
    await jest.advanceTimersByTimeAsync(0);
    await l.stop();
    expect(failures[0]).toMatchObject({
      kind: 'malformed',
      message: "expected 'trace' to be an object, got null",
    });
    expect(describeState(l.state)).toBe('stopped');
  });

  it('aborts the request in flight when stopped', async () => {
    let aborted = false;
    const { l } = loop({
      fetch: (_id, signal) =>
        new Promise((_, reject) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('aborted'));
          });
        }),
    });
    l.start();
    await jest.advanceTimersByTimeAsync(10);
    expect(l.state.kind).toBe('polling');
    await l.stop();
    expect(aborted).toBe(true);
    expect(l.state.kind).toBe('stopped');
  });

  it('counts a fetcher that throws synchronously as a failed poll and keeps polling', async () => {
    let attempt = 0;
    const { l, calls, failures } = loop({
      fetch: (() => {
        attempt++;
        calls.push(Date.now());
        if (attempt === 1) throw new Error('worker closed');
        return Promise.resolve({});
      }) as PatientLoopOptions<unknown>['fetch'],
    });
    l.start();
    await jest.advanceTimersByTimeAsync(2000);
    await l.stop();
    expect(failures.map((e) => [e.kind, e.message])).toEqual([['network', 'Error: worker closed']]);
    expect(calls.length).toBeGreaterThan(3);
  });
});
