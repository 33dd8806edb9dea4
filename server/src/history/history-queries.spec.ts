import { ArchiveQueryError } from '../archive/range-sources';
import { MemoryEpisodeStore } from '../episodes/memory-episode-store';
import type { Reading } from '../readings/reading';
import { MemoryStore } from '../store/memory-store';
import {
  ArchiveOffError,
  patientHistory,
  patientSummary,
  topPatients,
  type HistorySources,
} from './history-queries';

function reading(at: number, value: number): Reading {
  return {
    patientId: 5,
    at,
    traceId: String(at),
    sensors: Array.from({ length: 6 }, (_, id) => ({
      id,
      value: value + id,
      anomaly: id === 0 && value > 500,
    })),
  };
}

/** ARCHIVE=off: the queries answer from the live window alone, rankings refuse. */
describe('history queries without the archive', () => {
  const store = new MemoryStore();
  const now = Date.now();
  const sources: HistorySources = {
    archive: undefined,
    store,
    episodes: new MemoryEpisodeStore(),
    windowMs: 660_000,
  };

  beforeAll(async () => {
    await store.append([reading(now - 3000, 100), reading(now - 2800, 600), reading(now - 2600, 120)]);
  });

  it('serves the window raw', async () => {
    const h = await patientHistory(sources, 5, now - 10_000, now, 100);
    expect(h.bucketMs).toBe(0);
    expect(h.buckets.map((b) => [b.start, b.perSensor[0]!.min, b.anomalyCount])).toEqual([
      [now - 3000, 100, 0],
      [now - 2800, 600, 1],
      [now - 2600, 120, 0],
    ]);
  });

  it('summarizes the window, with the episodes of the range', async () => {
    const s = await patientSummary(sources, 5, now - 10_000, now);
    expect(s).toMatchObject({ patientId: 5, readingCount: 3, anomalyCount: 1, episodeCount: 0 });
    expect(s.perSensor[0]).toMatchObject({ min: 100, max: 600, last: 120 });
  });

  it('refuses an empty or reversed range, naming both ends', async () => {
    await expect(patientHistory(sources, 5, now, now, 100)).rejects.toThrow(ArchiveQueryError);
    await expect(patientSummary(sources, 5, now, now - 1)).rejects.toThrow(/must be before to/);
  });

  it('has no rankings: they come from the archive', async () => {
    await expect(topPatients(sources, 'EPISODES', now - 10_000, now, 10)).rejects.toThrow(ArchiveOffError);
  });
});
