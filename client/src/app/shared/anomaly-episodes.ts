import { GAP_MS } from './reading-rate';
import type { Sample } from './sample';

export interface Episode {
  readonly start: number;
  readonly end: number;
  /** Anomalous samples in the episode. */
  readonly count: number;
  /** Union of the flag masks in the episode. */
  readonly flags: number;
}

/**
 * Groups consecutive anomalous samples into episodes; a hole in the readings between two
 * anomalous samples (or a normal sample in between) starts a new episode: nobody knows what the
 * feet did in the hole, so it is not drawn as one long anomaly.
 */
export function anomalyEpisodes(samples: readonly Sample[], maxGapMs = GAP_MS): Episode[] {
  const episodes: Episode[] = [];
  let current: { start: number; end: number; count: number; flags: number } | null = null;
  for (const sample of samples) {
    if (sample.flags === 0) {
      if (current) episodes.push(current);
      current = null;
      continue;
    }
    if (current && sample.t - current.end <= maxGapMs) {
      current.end = sample.t;
      current.count++;
      current.flags |= sample.flags;
    } else {
      if (current) episodes.push(current);
      current = { start: sample.t, end: sample.t, count: 1, flags: sample.flags };
    }
  }
  if (current) episodes.push(current);
  return episodes;
}
