import { anomalyEpisodes } from './anomaly-episodes';
import { GAP_MS } from './reading-rate';
import type { Sample } from './sample';

const s = (t: number, flags: number): Sample => ({ t, v: [0, 0, 0, 0, 0, 0], flags, traceId: '' });

describe('anomalyEpisodes', () => {
  it('groups runs of flagged samples, split by normal samples and long gaps', () => {
    const samples = [s(0, 0), s(200, 63), s(400, 63), s(600, 1), s(800, 0), s(1000, 2), s(5000, 2)];
    expect(anomalyEpisodes(samples)).toEqual([
      { start: 200, end: 600, count: 3, flags: 63 },
      { start: 1000, end: 1000, count: 1, flags: 2 },
      { start: 5000, end: 5000, count: 1, flags: 2 },
    ]);
  });

  it('ends an episode at a hole in the readings, as the traces break there', () => {
    expect(anomalyEpisodes([s(0, 1), s(GAP_MS, 1)])).toHaveLength(1);
    expect(anomalyEpisodes([s(0, 1), s(GAP_MS + 1, 1)])).toHaveLength(2);
  });

  it('finds none in normal walking', () => {
    expect(anomalyEpisodes([s(0, 0), s(200, 0)])).toEqual([]);
  });
});
