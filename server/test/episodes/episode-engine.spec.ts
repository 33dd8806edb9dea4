import { episodeStatus } from '../../src/episodes/episode';
import { EpisodeEngine } from '../../src/episodes/episode-engine';
import { DEFAULT_DETECTOR_CONFIG } from '../../src/episodes/detection';
import type { EpisodeEvent, EpisodeStore } from '../../src/episodes/episode-store';
import { MemoryEpisodeStore } from '../../src/episodes/memory-episode-store';
import { nextEventOf } from '../support/episode-store-contract';
import { silentLogger } from '../support/quiet';
import { openRedisEpisodeStore } from '../support/episode-stores';
import { reading } from '../support/store-contract';

const ALL = [0, 1, 2, 3, 4, 5];
/** Readings 200 ms apart from `start`: flagged on all sensors while `flagged(i)`. */
function stream(patientId: number, start: number, count: number, flagged: (i: number) => boolean) {
  return Array.from({ length: count }, (_, i) => reading(patientId, start + i * 200, flagged(i) ? ALL : []));
}

function engine(store: EpisodeStore, monitored: number[] = []) {
  return new EpisodeEngine({
    store,
    detectors: DEFAULT_DETECTOR_CONFIG,
    monitored: () => monitored,
    logger: silentLogger(),
  });
}

/** Events of `patientId` until `until` holds, with the subscription confirmed first. */
async function collectEvents(store: EpisodeStore, patientId: number) {
  const events = store.subscribe([patientId]);
  // Confirm the subscription with an event of a patient-less note on a throwaway episode.
  const probe = { patientId, changes: [], state: undefined };
  await nextEventOf(events, async () => {
    await store.record({
      ...probe,
      changes: [
        {
          core: {
            id: `${patientId}-SPIKE-1`,
            patientId,
            kind: 'SPIKE',
            severity: 'LOW',
            startedAt: 1,
            lastFlaggedAt: 1,
            endedAt: 1,
            readingCount: 1,
            sensors: [],
            peak: null,
          },
          event: 'CLEARED',
        },
      ],
    });
  });
  const seen: EpisodeEvent[] = [];
  let stop = false;
  const done = (async () => {
    while (!stop) {
      const next = await events.next();
      if (next.done) return;
      if (next.value.episode.kind === 'ANOMALY') seen.push(next.value);
    }
  })();
  return {
    seen,
    until: async (predicate: (e: EpisodeEvent[]) => boolean) => {
      const deadline = Date.now() + 10_000;
      while (!predicate(seen) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      return seen;
    },
    close: async () => {
      stop = true;
      await events.return?.();
      await done.catch(() => undefined);
    },
  };
}

function describeEngine(
  name: string,
  open: () => Promise<{ store: EpisodeStore; dispose: () => Promise<void> }>,
) {
  describe(`EpisodeEngine on ${name}`, () => {
    let store: EpisodeStore;
    let dispose: () => Promise<void>;
    beforeEach(async () => ({ store, dispose } = await open()));
    afterEach(() => dispose());

    it('turns a 10 s flagged run into one episode: OPENED, UPDATEs, CLEARED', async () => {
      const events = await collectEvents(store, 7);
      const e = engine(store);
      try {
        const readings = stream(7, 1_000_000, 70, (i) => i >= 5 && i < 55); // flagged 10 s, then quiet
        for (let i = 0; i < readings.length; i += 7) e.onStored(readings.slice(i, i + 7));
        await e.settled();
        const seen = await events.until((s) => s.some((x) => x.type === 'CLEARED'));
        const types = seen.map((x) => x.type);
        expect(types[0]).toBe('OPENED');
        expect(types.at(-1)).toBe('CLEARED');
        expect(types.filter((t) => t === 'OPENED')).toHaveLength(1);
        expect(new Set(seen.map((x) => x.episode.id)).size).toBe(1);
        const stored = (await store.list({ first: 10, kinds: ['ANOMALY'] })).items;
        expect(stored).toHaveLength(1);
        expect(stored[0]).toMatchObject({
          startedAt: 1_001_000,
          readingCount: 50,
          sensors: ['L0', 'L1', 'L2', 'R0', 'R1', 'R2'],
        });
      } finally {
        await e.stop();
        await events.close();
      }
    });

    it('continues an episode across a restart instead of opening a second one', async () => {
      const readings = stream(7, 2_000_000, 60, (i) => i >= 5 && i < 40);
      const first = engine(store);
      first.onStored(readings.slice(0, 20)); // episode open, mid-way
      await first.settled();
      // No stop(): as after a crash, only what each change wrote is there.
      const second = engine(store);
      second.onStored(readings.slice(20));
      await second.settled();
      await second.stop();
      await first.stop();
      const stored = (await store.list({ first: 10, kinds: ['ANOMALY'] })).items;
      expect(stored.map((s) => [s.startedAt, s.endedAt !== null, s.readingCount])).toEqual([
        [2_001_000, true, 35],
      ]);
    });

    it('opens one episode when batches of one patient arrive in the same turn', async () => {
      const e = engine(store);
      const readings = stream(9, 3_000_000, 30, (i) => i >= 2);
      e.onStored(readings.slice(0, 10));
      e.onStored(readings.slice(10, 20));
      e.onStored(readings.slice(20));
      await e.settled();
      await e.stop();
      expect((await store.list({ first: 10, patientIds: [9] })).total).toBe(1);
    });

    it('keeps changes while the store fails and writes them once it answers, nothing twice', async () => {
      let failures = 3;
      let opened = 0;
      const flaky: EpisodeStore = Object.create(store) as EpisodeStore;
      flaky.record = async (record) => {
        if (failures-- > 0) throw new Error('store down');
        opened += record.changes.filter((c) => c.event === 'OPENED').length;
        return store.record(record);
      };
      const e = engine(flaky);
      e.onStored(stream(11, 4_000_000, 30, (i) => i >= 2));
      await e.settled();
      await e.stop();
      expect(opened).toBe(1);
      const items = (await store.list({ first: 10, patientIds: [11] })).items;
      expect(items.map((i) => i.readingCount)).toEqual([28]);
    });

    it('re-alarms an acknowledged episode still active after the interval, not before', async () => {
      const e = engine(store);
      try {
        e.onStored(stream(15, 6_000_000, 20, () => true)); // flagged throughout: stays active
        await e.settled();
        const [open] = (await store.list({ first: 10, patientIds: [15] })).items;
        await store.acknowledge(open!.id, 'nurse-ann', 7_000_000);
        await e.realarm(7_000_000 + 300_000 - 1);
        expect(episodeStatus((await store.get(open!.id))!)).toBe('ACTIVE_ACKNOWLEDGED');
        await e.realarm(7_000_000 + 300_000 + 1);
        expect(episodeStatus((await store.get(open!.id))!)).toBe('ACTIVE_UNACKNOWLEDGED');
      } finally {
        await e.stop();
      }
    });

    it('opens NO_DATA for a monitored patient that sends nothing, and clears it on the next reading', async () => {
      const e = engine(store, [13]);
      const t0 = Date.now();
      const after = DEFAULT_DETECTOR_CONFIG.noData.afterMs;
      // Watched for the whole period first (a fresh start never counts old silence), then silent.
      for (let t = t0; t <= t0 + 3 * after; t += 1000) {
        e.tick(t);
        await e.settled();
      }
      let items = (await store.list({ first: 10, patientIds: [13], kinds: ['NO_DATA'] })).items;
      expect(items.map((i) => i.endedAt)).toEqual([null]);
      e.onStored([reading(13, t0 + 3 * after + 500)]);
      await e.settled();
      await e.stop();
      items = (await store.list({ first: 10, patientIds: [13], kinds: ['NO_DATA'] })).items;
      expect(items[0]!.endedAt).not.toBeNull();
    });
  });
}

describeEngine('the in-process store', async () => ({
  store: new MemoryEpisodeStore(),
  dispose: async () => undefined,
}));
describeEngine('Redis', () => openRedisEpisodeStore('engine'));
