import { EpisodeEngine } from '../../src/episodes/episode-engine';
import { DEFAULT_DETECTOR_CONFIG } from '../../src/episodes/detection';
import type { EpisodeStore } from '../../src/episodes/episode-store';
import { MemoryEpisodeStore } from '../../src/episodes/memory-episode-store';
import { silentLogger } from '../support/quiet';
import { openRedisEpisodeStore } from '../support/episode-stores';
import { reading } from '../support/store-contract';

const ALL = [0, 1, 2, 3, 4, 5];
/** Readings 200 ms apart from `start`: flagged on all sensors while `flagged(i)`. */
function stream(patientId: number, start: number, count: number, flagged: (i: number) => boolean) {
  return Array.from({ length: count }, (_, i) => reading(patientId, start + i * 200, flagged(i) ? ALL : []));
}

function engine(store: EpisodeStore) {
  return new EpisodeEngine({
    store,
    detectors: DEFAULT_DETECTOR_CONFIG,
    monitored: () => [],
    logger: silentLogger(),
  });
}

/**
 * CLUSTER=on moves a patient between instances: the detectors' state must follow it. An engine
 * that releases a patient writes its state and forgets it, so the next owner continues the open
 * episode, and the first engine, given the patient back, loads the newer state instead of going
 * on from its own stale tracker.
 */
function describeHandover(
  name: string,
  open: () => Promise<{ store: EpisodeStore; dispose: () => Promise<void> }>,
) {
  describe(`Episode detectors handed between instances (${name})`, () => {
    let store: EpisodeStore;
    let dispose: () => Promise<void>;
    beforeEach(async () => ({ store, dispose } = await open()));
    afterEach(() => dispose());

    it('continues one episode across A → B → A, with every flagged reading counted once', async () => {
      const readings = stream(9, 3_000_000, 90, (i) => i >= 5 && i < 65); // 60 flagged, then quiet
      const a = engine(store);
      const b = engine(store);
      try {
        a.onStored(readings.slice(0, 25));
        await a.settled();
        a.release(9);
        await a.settled();
        b.onStored(readings.slice(25, 45));
        await b.settled();
        b.release(9);
        await b.settled();
        a.onStored(readings.slice(45));
        await a.settled();
        expect(a.openEpisodes()).toEqual([]);
        const stored = (await store.list({ first: 10, kinds: ['ANOMALY'] })).items;
        expect(stored.map((s) => [s.startedAt, s.endedAt !== null, s.readingCount])).toEqual([
          [3_001_000, true, 60],
        ]);
      } finally {
        await a.stop();
        await b.stop();
      }
    });

    it('keeps no detectors for a released patient', async () => {
      const a = engine(store);
      try {
        a.onStored(stream(9, 4_000_000, 20, (i) => i >= 5));
        await a.settled();
        expect(a.openEpisodes().map((e) => e.patientId)).toEqual([9]);
        a.release(9);
        await a.settled();
        expect(a.openEpisodes()).toEqual([]);
      } finally {
        await a.stop();
      }
    });
  });
}

describeHandover('the in-process store', async () => ({
  store: new MemoryEpisodeStore(),
  dispose: async () => undefined,
}));
describeHandover('Redis', () => openRedisEpisodeStore('handover'));
