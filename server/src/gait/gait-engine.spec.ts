import pino from 'pino';
import type { Reading } from '../readings/reading';
import { MemoryStore } from '../store/memory-store';
import { emptySummary } from './analysis/gait-tracker';
import { GaitEngine, type PatientGait } from './gait-engine';
import type { GaitMinute, GaitSummaryData, GaitWindowName } from './gait-summary';

/**
 * The engine's own duties, with a tracker that records what it is fed (the analysis has its own
 * specs in analysis/): order, rebuilding from the store, minutes, watchers, forgetting.
 */
class RecordingTracker implements PatientGait {
  readonly seen: number[] = [];
  minutes: GaitMinute[] = [];

  constructor(readonly patientId: number) {}

  add(reading: Reading): void {
    this.seen.push(reading.at);
    const minute = Math.floor(reading.at / 60_000) * 60_000;
    if (this.seen.length > 1 && minute > Math.floor(this.seen.at(-2)! / 60_000) * 60_000) {
      this.minutes.push(minuteOf(this.patientId, minute - 60_000));
    }
  }

  current() {
    return { state: 'WALKING' as const, cadence: 100, asOfAt: this.seen.at(-1) ?? null };
  }

  summary(window: GaitWindowName): GaitSummaryData {
    return summaryOf(this.patientId, window, this.seen.length, this.seen.at(-1) ?? null);
  }

  takeMinutes(final = false): GaitMinute[] {
    if (final && this.seen.length > 0)
      this.minutes.push(minuteOf(this.patientId, Math.floor(this.seen.at(-1)! / 60_000) * 60_000));
    const done = this.minutes;
    this.minutes = [];
    return done;
  }
}

function minuteOf(patientId: number, minute: number): GaitMinute {
  return {
    patientId,
    minute,
    steps: 1,
    walkingSeconds: 1,
    standingSeconds: 0,
    noLoadSeconds: 0,
    boutsStarted: 0,
    cadence: null,
    stanceSI: null,
    loadSI: null,
    strideRatio: null,
  };
}

function summaryOf(
  patientId: number,
  window: GaitWindowName,
  steps: number,
  asOfAt: number | null,
): GaitSummaryData {
  return { ...emptySummary(patientId, window), state: 'WALKING', steps, asOfAt };
}

const reading = (patientId: number, at: number): Reading => ({
  patientId,
  at,
  traceId: String(at),
  sensors: [0, 1, 2, 3, 4, 5].map((id) => ({ id, value: 500, anomaly: false })),
});

describe('GaitEngine', () => {
  const t0 = Date.UTC(2026, 11, 3, 10, 0, 0);
  let store: MemoryStore;
  let trackers: Map<number, RecordingTracker[]>;
  let minutes: GaitMinute[];

  const engine = (over: Partial<ConstructorParameters<typeof GaitEngine>[0]> = {}) =>
    new GaitEngine({
      store,
      logger: pino({ level: 'silent' }),
      createTracker: (id) => {
        const t = new RecordingTracker(id);
        trackers.set(id, [...(trackers.get(id) ?? []), t]);
        return t;
      },
      onMinutes: (m) => minutes.push(...m),
      ...over,
    });

  beforeEach(() => {
    store = new MemoryStore();
    trackers = new Map();
    minutes = [];
  });

  it("starts a patient's tracker from the stored window, then the readings held while it loaded, in order", async () => {
    const past = [1, 2, 3].map((k) => reading(7, t0 + k * 200));
    await store.append(past);
    const gait = engine();
    const live = [4, 5, 6].map((k) => reading(7, t0 + k * 200));
    // Stored, then handed over one by one as the write queue does: the past load is in flight.
    await store.append(live);
    for (const r of live) gait.onStored([r]);
    expect(gait.current(7)).toBeUndefined();
    await gait.settled();
    expect(trackers.get(7)![0]!.seen).toEqual([...past, ...live].map((r) => r.at));
    gait.onStored([reading(7, t0 + 1400)]);
    expect(gait.current(7)).toEqual({ state: 'WALKING', cadence: 100, asOfAt: t0 + 1400 });
  });

  it('goes on without the past when the store fails, losing no live reading', async () => {
    store.readings = () => Promise.reject(new Error('store down'));
    const gait = engine();
    gait.onStored([reading(3, t0), reading(3, t0 + 200)]);
    await gait.settled();
    expect(trackers.get(3)![0]!.seen).toEqual([t0, t0 + 200]);
  });

  it('hands finished minutes over on its tick and when a patient is forgotten', async () => {
    const gait = engine();
    gait.onStored([reading(1, t0)]);
    await gait.settled();
    gait.onStored([reading(1, t0 + 60_000)]);
    gait.tick(t0 + 60_000);
    expect(minutes.map((m) => [m.patientId, m.minute])).toEqual([[1, t0]]);
    gait.onStored([reading(1, t0 + 120_000)]);
    gait.forget(1); // the open minute goes too: a handover must not lose it
    expect(minutes.map((m) => m.minute)).toEqual([t0, t0 + 60_000, t0 + 120_000]);
    expect(gait.current(1)).toBeUndefined();
  });

  it('forgets a patient without readings for idleMs, and rebuilds it from the store when it returns', async () => {
    const gait = engine({ idleMs: 60_000 });
    await store.append([reading(2, t0)]);
    gait.onStored([reading(2, t0)]);
    await gait.settled();
    gait.tick(t0 + 30_000);
    expect(gait.patientCount).toBe(1);
    gait.tick(t0 + 61_000);
    expect(gait.patientCount).toBe(0);
    await store.append([reading(2, t0 + 70_000)]);
    gait.onStored([reading(2, t0 + 70_000)]);
    await gait.settled();
    expect(trackers.get(2)).toHaveLength(2);
    expect(trackers.get(2)![1]!.seen).toEqual([t0, t0 + 70_000]);
  });

  it('answers a summary of a patient it does not analyse from the stored window, without keeping it', async () => {
    await store.append([reading(9, Date.now() - 1000), reading(9, Date.now() - 800)]);
    const gait = engine();
    const summary = await gait.summary(9, 'FIVE_MINUTES');
    expect(summary).toMatchObject({ patientId: 9, window: 'FIVE_MINUTES', steps: 2 });
    expect(gait.patientCount).toBe(0);
  });

  it('sends a watcher the summary at once, then one per tick only when the patient has new data', async () => {
    const gait = engine();
    gait.onStored([reading(4, t0)]);
    await gait.settled();
    const feed = gait.watch(4, 'THIRTY_SECONDS');
    expect((await feed.next()).value).toMatchObject({ patientId: 4, window: 'THIRTY_SECONDS', steps: 1 });
    gait.tick(t0 + 1000); // nothing new: nothing sent
    gait.onStored([reading(4, t0 + 200)]);
    gait.onStored([reading(4, t0 + 400)]);
    const next = feed.next();
    gait.tick(t0 + 2000);
    expect((await next).value).toMatchObject({ steps: 3, asOfAt: t0 + 400 });
    // A slow watcher holds only the newest unsent summary.
    gait.onStored([reading(4, t0 + 600)]);
    gait.tick(t0 + 3000);
    gait.onStored([reading(4, t0 + 800)]);
    gait.tick(t0 + 4000);
    expect((await feed.next()).value).toMatchObject({ steps: 5 });
    const waiting = feed.next();
    await feed.return!();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(await feed.next()).toEqual({ done: true, value: undefined });
  });
});
